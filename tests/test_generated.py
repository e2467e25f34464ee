"""What the generator writes: declared once, ignored by git, removed by `make clean` and nothing else,
and never left half-written when a build is interrupted."""

import hashlib
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
    hand_written = {p for p in digest(project) if not p.startswith(("docs/", "site/"))} | {
        f"docs/{p}" for p in git("ls-files", "docs").replace("docs/", "").split()}
    before = digest(project)
    subprocess.run(["make", "-s", "clean", f"BIN={Path(sys.executable).parent}"], cwd=project, check=True,
                   capture_output=True)
    after = digest(project)
    assert set(after) == hand_written
    assert all(after[p] == before[p] for p in after)


def processes_naming(path):
    """The ids of running processes whose command line names `path`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(path) in cmdline.read_bytes().decode(errors="replace"):
                found.append(cmdline.parent.name)
        except OSError:  # ended meanwhile
            pass
    return found


@pytest.mark.parametrize("after", ["computed", "docs/:"], ids=["while pages render", "while mkdocs builds"])
def test_interrupted_build_leaves_docs_and_site_whole(tiny_site, site_port, tmp_path, after):
    """SIGTERM in the middle of `make site`: docs/ and site/ stay as they were, byte for byte, whether pages
    were still rendering or docs/ was already written and mkdocs was building the site."""
    project = Path(shutil.copytree(tiny_site, tmp_path / "project"))
    description = "  description: Two producers."
    yaml_path = project / "data" / "partnerships.yaml"
    yaml_path.write_text(yaml_path.read_text().replace(description, description + " (edited)"))
    before = {"docs": digest(project / "docs"), "site": digest(project / "site")}
    command = [sys.executable, "-m", "generator", "--root", str(project), "site"]
    build = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={"SITE_URL": f"http://127.0.0.1:{site_port}/", "PATH": "/usr/bin:/bin"})
    for line in build.stdout:
        if line.startswith(after):
            time.sleep(0.3)
            build.send_signal(signal.SIGTERM)
            break
    build.wait(timeout=120)
    assert build.returncode in (-signal.SIGTERM, 128 + signal.SIGTERM), build.stderr.read()
    time.sleep(1)  # let the render workers see their parent go
    assert processes_naming(project) == [], "render workers outlived the build"
    assert {"docs": digest(project / "docs"), "site": digest(project / "site")} == before
    assert not (project / ".site-staging").exists()
