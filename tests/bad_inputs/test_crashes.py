"""Crashes and races: a build killed (kill -9) or interrupted (SIGTERM) at any point, or two builds at once,
leave docs/ and site/ whole or vouched for by nothing, and the next build makes them what a clean build makes."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, tiny_project
from generator.pipeline import GENERATED
from test_bad_inputs import digest


# A build killed at any point (kill -9: no handler, no undo) leaves docs/ that its stamp does not vouch
# for, and the next build makes it what a clean build makes. In-process: the kill is a BaseException raised
# by the n-th file move, which nothing in write() catches, as nothing runs after a SIGKILL.

class Killed(BaseException):
    pass


def moves_then_killed(monkeypatch, allowed):
    import generator.pipeline as pipeline
    real, calls = os.replace, []

    def replace(source, target):
        if len(calls) >= allowed:
            raise Killed
        calls.append(target)
        real(source, target)
    monkeypatch.setattr(pipeline.os, "replace", replace)
    return calls


OLD = {"index.md": b"old home", "minerals/lithium.md": b"old lithium", "minerals/zinc.md": b"zinc",
       "countries/chl.md": b"chile, gone in the new build"}
NEW = {"index.md": b"new home", "minerals/lithium.md": b"new lithium", "minerals/zinc.md": b"zinc",
       "partnerships/quad.md": b"a new page"}


@pytest.mark.parametrize("allowed", range(1, 8),
                         ids=["stamp taken away", "old home set aside", "old lithium set aside", "chile set aside",
                              "new home in", "new lithium in", "all moved in, stamp not yet"])
def test_a_build_killed_while_moving_files_in_is_repaired_by_the_next(tmp_path, monkeypatch, allowed):
    from generator.pipeline import files_in, stamp_matches, write
    docs = tmp_path / "docs"
    write(OLD, docs, "inputs-old")
    assert stamp_matches(docs, "inputs-old", ["index.md", "minerals", "countries"])
    moves = moves_then_killed(monkeypatch, allowed)
    with pytest.raises(Killed):
        write(NEW, docs, "inputs-new")
    assert len(moves) == allowed
    assert not (docs / ".build-stamp").exists()  # nothing vouches for a half-moved docs/
    monkeypatch.undo()

    written, removed = write(NEW, docs, "inputs-new")  # the next build, after `keep` forgot the killed one

    assert dict(files_in(docs)) == NEW  # what a clean build writes: 3 files changed in 4, Chile gone
    assert stamp_matches(docs, "inputs-new", ["index.md", "minerals", "partnerships", "countries"])
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".docs-staging")] == []


def test_the_stamp_vouches_for_the_files_not_only_the_inputs(tmp_path):
    from generator.pipeline import stamp_matches, write
    docs = tmp_path / "docs"
    write(NEW, docs, "inputs")
    (docs / "partnerships" / "quad.md").unlink()  # e.g. a site/ or docs/ emptied by something else
    assert not stamp_matches(docs, "inputs", ["index.md", "minerals", "partnerships"])


KILLED_MID_MOVE = """
import os, signal, sys
import generator.pipeline as pipeline
real_write, real_replace, moved_in = pipeline.write, os.replace, []

def replace(source, target):
    if ".docs-staging-" in str(source):  # a new file moving into docs/
        moved_in.append(target)
        if len(moved_in) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
    real_replace(source, target)

def write(*args):
    os.replace = replace
    return real_write(*args)

pipeline.write = write
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_killed_mid_move_then_two_builds_at_once_give_the_clean_site(tiny_site, site_port, tmp_path):
    """A first build killed (kill -9) while docs/ is being moved in, then `make site & make site`: one build
    waits for the other, both succeed, and docs/ and site/ are byte for byte what a clean build of the same
    data gives (the session's tiny site, built in another process: the same inputs give the same bytes).

    These builds run with another string-hash seed than the session's (the order of sets and of anything keyed by a
    string hash changes with it): the tiny package runs every step of the real build, and generated again from a
    docs/ without its generated pages, it gives docs/ and site/ byte for byte. (Regenerating the real data would
    cost this suite a minute and a half.)"""
    project = copy_project(tmp_path / "project")
    tiny_project(project / "data")
    assert not any((project / "docs" / name).exists() for name in GENERATED)  # generated afresh
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"  # the session's build: random, or the run's
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "SITE_URL": f"http://127.0.0.1:{site_port}/",
           "PYTHONHASHSEED": seed}
    command = ["--root", str(project), "site"]

    killed = subprocess.run([sys.executable, "-c", KILLED_MID_MOVE, *command], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert killed.returncode == -9, killed.stdout + killed.stderr
    assert not (project / "docs" / ".build-stamp").exists()

    builds = [subprocess.Popen([sys.executable, "-m", "generator", *command], cwd=ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [build.communicate(timeout=600) for build in builds]

    assert [build.returncode for build in builds] == [0, 0], outputs
    assert sum("another build of this checkout is running" in out for out, _ in outputs) == 1, outputs
    assert digest(project / "docs") == digest(tiny_site / "docs")
    assert digest(project / "site") == digest(tiny_site / "site")
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == [".build-lock"]


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
        if line.startswith(after):  # the step after it has begun: rendering takes seconds, mkdocs too
            build.send_signal(signal.SIGTERM)
            break
    build.wait(timeout=120)
    assert build.returncode in (-signal.SIGTERM, 128 + signal.SIGTERM), build.stderr.read()
    deadline = time.monotonic() + 10  # the render workers see their parent go within moments
    while processes_naming(project) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_naming(project) == [], "render workers outlived the build"
    assert {"docs": digest(project / "docs"), "site": digest(project / "site")} == before
    assert not (project / ".site-staging").exists()
