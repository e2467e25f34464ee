"""What the generator writes: declared once, ignored by git, removed by `make clean` and nothing else.
That an interrupted build never leaves it half-written is tested with the other crashes, in tests/bad_inputs/."""

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from generator.pipeline import GENERATED


def digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_gitignore_matches_what_the_generator_writes():
    ignored = {line.strip().rstrip("/") for line in (ROOT / ".gitignore").read_text().splitlines()
               if line.startswith("docs/")}
    assert ignored == {f"docs/{path}" for path in GENERATED}


def test_no_generated_file_is_tracked(built_site):
    docs, _, _ = built_site
    written = {f"docs/{p.relative_to(docs).as_posix()}" for p in docs.rglob("*") if p.is_file()
               and any(p.relative_to(docs).as_posix().startswith(g) for g in GENERATED)}
    assert written, "the build wrote nothing to check"
    assert written.isdisjoint(git("ls-files", "docs").split())
    # git ignores each of them, so a build never shows up as a change.
    assert git("check-ignore", *sorted(written)[:50]).split() == sorted(written)[:50]


def test_make_clean_removes_only_generated_files(built_site, tmp_path):
    docs, _, _ = built_site
    project = tmp_path / "project"
    shutil.copytree(docs.parent, project, symlinks=True)
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    before = digest(project)  # two hundred megabytes of docs/ and site/ to hash: once
    hand_written = {p for p in before if not p.startswith(("docs/", "site/"))} | {
        f"docs/{p}" for p in git("ls-files", "docs").replace("docs/", "").split()}
    subprocess.run(["make", "-s", "clean", f"BIN={Path(sys.executable).parent}"], cwd=project, check=True,
                   capture_output=True)
    after = digest(project)
    assert set(after) == hand_written
    assert all(after[p] == before[p] for p in after)
