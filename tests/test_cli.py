"""The maintainer's commands: a bad edit is refused with where and why, and the last good output stays."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, copy_project, tiny_project


@pytest.fixture
def project(tmp_path):
    """A scratch copy of the project (data, templates, docs) so the commands can be run on it."""
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("data", "templates", "docs"):  # without what the generator writes into docs/
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "minerals", "partnerships", "downloads",
                                                      "charts", "vendor"))
    return tmp_path


def run(project, *args):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, capture_output=True, text=True)


def test_check_reports_valid_data(project):
    result = run(project, "check")
    assert result.returncode == 0
    minerals = len((ROOT / "data" / "minerals.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert result.stdout.startswith(f"data/ is valid: {minerals} minerals, 12 partnerships")


@pytest.mark.slow
def test_bad_edit_is_refused_with_location_and_docs_stay(project):
    tiny_project(project / "data")
    build = run(project, "build")
    assert build.returncode == 0, build.stderr
    before = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    production = project / "data" / "production.csv"
    lines = production.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines) if ",false," in text)
    lines[line] = lines[line].replace(",false,", ",maybe,", 1)
    production.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = run(project, "build")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: production.csv, row {line + 1}, column estimated: found 'maybe', expected true or false")
    after = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    assert after == before


def test_import_refuses_a_file_it_cannot_read(project, tmp_path):
    bad = tmp_path / "MCS2026_Commodities_Data.csv"
    bad.write_bytes(
        b"MCS chapter,Section,Commodity,Country,Statistics,Statistics_detail,Unit,Year,Value,Notes,"
        b"Is critical mineral 2025,Other notes\n"
        b"LITHIUM,World Mine Production and Reserves,Lithium,Atlantis,Production,Mine production,metric tons,"
        b"2025,5,,Yes,\n"
        b"LITHIUM,World Mine Production and Reserves,Lithium,Atlantis,Reserves,Reserves,metric tons,2025,5,,Yes,\n")
    before = (project / "data" / "production.csv").read_bytes()
    result = run(project, "import", "usgs", str(bad))
    assert result.returncode == 1
    assert "row 2: unknown country name 'Atlantis'" in result.stderr
    assert (project / "data" / "production.csv").read_bytes() == before


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
    data gives (the session's tiny site, built in another process: the same inputs give the same bytes)."""
    from test_bad_inputs import digest
    project = copy_project(tmp_path / "project")
    tiny_project(project / "data")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "SITE_URL": f"http://127.0.0.1:{site_port}/"}
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


def test_an_unexpected_failure_names_its_step_and_file(tmp_path, monkeypatch, capsys):
    import generator.engine
    from conftest import write_tiny
    from generator.cli import main
    write_tiny(tmp_path / "data")

    def compute(ds):
        raise KeyError("lithium")
    monkeypatch.setattr(generator.engine, "compute", compute)
    monkeypatch.setenv("SITE_URL", "https://example.org/")
    assert main(["--root", str(tmp_path), "build"]) == 1
    assert capsys.readouterr().err == ("error: KeyError: 'lithium' (an unexpected failure while computing the results "
                                       "from data/; nothing was written)\n")
    assert not (tmp_path / "docs").exists()


def test_a_confirmed_removal_is_imported(data_copy, tmp_path, capsys):
    from generator.cli import main
    from test_bad_inputs import argument
    path = argument("iea-without:Lithium:mining:Australia", tmp_path)
    assert main(["--root", str(tmp_path), "import", "iea", path, "--confirm-removal", "lithium:AUS"]) == 0, \
        capsys.readouterr().err
    supply = (data_copy / "supply_projection.csv").read_text(encoding="utf-8")
    assert "lithium,mining,country,AUS," not in supply and "lithium,refining,country,AUS," in supply
