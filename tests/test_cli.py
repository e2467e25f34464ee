"""The maintainer's commands: a bad edit is refused with where and why, and the last good output stays.

`generator.cli.main` runs in this process (what `python -m generator` runs; starting Python again costs a second and
a half of imports), but for one command run end to end in its own process, as a maintainer meets it."""

import shutil
import subprocess

import pytest

from conftest import copy_project, site_command, tiny_project


@pytest.fixture
def project(tmp_path):
    """A scratch copy of the project (data, templates, docs) so the commands can be run on it."""
    return copy_project(tmp_path)


def run(project, capsys, *args):
    """The command's exit status, standard output and standard error."""
    from generator.cli import main
    capsys.readouterr()
    returned = main(["--root", str(project), *args])
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, returned, out, err)


def test_check_reports_valid_data(project, capsys):
    """On the tiny package (the real data pass `check` in every site build, which runs it first)."""
    tiny_project(project / "data")
    result = run(project, capsys, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("data/ is valid: 2 minerals, 4 partnerships")


def test_bad_edit_is_refused_with_location_and_docs_stay(tiny_site, site_port, tmp_path):
    """End to end, as a maintainer meets it: `python -m generator build` in its own process, on a copy of the
    built tiny project (the corpus in tests/bad_inputs runs its cases in-process)."""
    project = shutil.copytree(tiny_site, tmp_path / "project", ignore=shutil.ignore_patterns("site"))
    before = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    production = project / "data" / "production.csv"
    lines = production.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines) if ",false," in text)
    lines[line] = lines[line].replace(",false,", ",maybe,", 1)
    production.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = site_command(project, site_port, "build")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: production.csv, row {line + 1}, column estimated: found 'maybe', expected true or false")
    after = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    assert after == before


def test_import_refuses_a_file_it_cannot_read(project, tmp_path, capsys):
    bad = tmp_path / "MCS2026_Commodities_Data.csv"
    bad.write_bytes(
        b"MCS chapter,Section,Commodity,Country,Statistics,Statistics_detail,Unit,Year,Value,Notes,"
        b"Is critical mineral 2025,Other notes\n"
        b"LITHIUM,World Mine Production and Reserves,Lithium,Atlantis,Production,Mine production,metric tons,"
        b"2025,5,,Yes,\n"
        b"LITHIUM,World Mine Production and Reserves,Lithium,Atlantis,Reserves,Reserves,metric tons,2025,5,,Yes,\n")
    before = (project / "data" / "production.csv").read_bytes()
    result = run(project, capsys, "import", "usgs", str(bad))
    assert result.returncode == 1
    assert "row 2: unknown country name 'Atlantis'" in result.stderr
    assert (project / "data" / "production.csv").read_bytes() == before


def test_an_unexpected_failure_names_its_step_and_file(tmp_path, monkeypatch, capsys):
    import generator.engine
    from conftest import ROOT, write_tiny
    from generator.cli import main
    write_tiny(tmp_path / "data")
    (tmp_path / "templates").symlink_to(ROOT / "templates")

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
