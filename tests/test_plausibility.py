"""Plausibility against what was there before (issue 25, criterion 7): a figure that moves more than 5× since the
last commit, or that an import would move more than 5×, is refused with its file, key, old and new value, unless
change_exceptions.csv explains it; a number too small to hold is refused, not read as 0."""

import json
import re
import subprocess

import pandas as pd
import pytest

from generator.errors import DataError
from generator.importers import ImportFailure, confirmed_removals
from generator.importers.iea import import_iea
from generator.load import load, read_csv, typed
from generator.schema import TABLES


def git(folder, *args):
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


@pytest.fixture
def committed(tiny_dir):
    """The tiny package in a repository of its own, committed: the last commit is what an edit is checked against."""
    git(tiny_dir, "init", "-q")
    git(tiny_dir, "add", "-A")
    git(tiny_dir, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "tiny")
    return tiny_dir


def edit(folder, file, old, new):
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_number_too_small_to_hold_is_refused_not_read_as_zero():
    raw = read_csv_text("mineral,scenario,year,scope,demand_kt,source_id\nlithium,NZE,2030,total,1e-400,src-a\n")
    with pytest.raises(DataError, match="demand.csv, row 2, column demand_kt: found '1e-400'.*too small to hold"):
        typed(raw, TABLES["demand"], "demand.csv")
    assert typed(read_csv_text(raw.to_csv(index=False).replace("1e-400", "0.0")), TABLES["demand"],
                 "demand.csv")["demand_kt"].iloc[0] == 0


def read_csv_text(text):
    import io
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


@pytest.mark.parametrize("file, old, new, found", [
    # Lithium NZE 2030 total demand 0.4 kt typed as 400 (kt for t): 1000×.
    ("demand.csv", "lithium,NZE,2030,total,0.4,", "lithium,NZE,2030,total,400,", "400 for lithium NZE 2030 total "
     "(it was 0.4 at the last commit)"),
    # The same demand typed 1e-9: it would publish 'more than 10×' where the figure was a fraction.
    ("demand.csv", "lithium,NZE,2030,total,0.4,", "lithium,NZE,2030,total,1e-9,", "1e-09 for lithium NZE 2030"),
    # Australia's 2030 lithium mine supply ×1000 (0.2 kt to 200 kt).
    ("supply_projection.csv", "lithium,mining,country,AUS,2030,0.2,", "lithium,mining,country,AUS,2030,200,",
     "200 for lithium mining country AUS 2030 (it was 0.2"),
])
def test_an_edit_that_moves_a_figure_more_than_5x_since_the_last_commit_is_refused(committed, file, old, new, found):
    load(committed)  # as committed: nothing to compare with
    edit(committed, file, old, new)
    with pytest.raises(DataError, match=f"{file}, row \\d+, column \\w+: found '{re.escape(found)}.*at most 5× "
                                        "since the last commit"):
        load(committed)


def test_a_change_exceptions_row_accepts_a_real_change(committed):
    edit(committed, "demand.csv", "lithium,NZE,2030,total,0.4,", "lithium,NZE,2030,total,4,")
    (committed / "change_exceptions.csv").write_text(
        "table,mineral,country_iso3,year,reason\ndemand,lithium,,2030,A new outlook (checked against its file).\n",
        encoding="utf-8")
    demand = load(committed).demand
    assert demand.query("mineral == 'lithium' and scenario == 'NZE' and year == 2030 and scope == 'total'")[
        "demand_kt"].iloc[0] == 4
    # Five times is allowed without one (0.4 to 2 kt).
    edit(committed, "demand.csv", "lithium,NZE,2035,total,0.4,", "lithium,NZE,2035,total,2,")
    load(committed)


def explorer(lithium_2030_kt=2.5, shift=0):
    """The tiny package's IEA data as the explorer JSON gives it (lithium mining supply in 2024 and 2030)."""
    demand = {"2024": 0.1, **{s: {str(y + shift): 0.4 for y in (2030, 2035, 2040, 2045, 2050)}
                              for s in ("STEPS", "APS", "NZE")}}
    half = {"2024": 0.05, **{s: {str(y + shift): 0.2 for y in (2030, 2035, 2040, 2045, 2050)}
                             for s in ("STEPS", "APS", "NZE")}}
    small = {"2024": 0.01, **{s: {str(y + shift): 0.02 for y in (2030, 2035, 2040, 2045, 2050)}
                              for s in ("STEPS", "APS", "NZE")}}
    return {"totalDemand": {"Lithium": {"totalDemand": demand, "totalClean": half}},
            "cleantechByMineral": {"Zinc": small, "Gallium": small, "Germanium": small, "Neodymium": small,
                                   "Dysprosium": small},
            "supply": {"Lithium": {
                "mining": {"countries": {"Australia": {"2024": 0.1, "2030": lithium_2030_kt},
                                         "Rest of world": {"2024": 0.1, "2030": 0.2}},
                           "total": {"2024": 0.2, "2030": lithium_2030_kt + 0.2}},
                "refining": {"countries": {"China": {"2024": 0.3}, "Rest of world": {"2024": 0.1}},
                             "total": {"2024": 0.4}}}}}


def test_an_iea_import_that_moves_a_figure_more_than_5x_is_refused_until_confirmed(tiny_dir):
    path = tiny_dir.parent / "iea.json"
    path.write_text(json.dumps(explorer(lithium_2030_kt=200)), encoding="utf-8")  # 0.2 kt × 1000
    before = (tiny_dir / "supply_projection.csv").read_text(encoding="utf-8")
    with pytest.raises(ImportFailure, match="iea.json: the import would change supply_projection.csv lithium mining "
                                            "country AUS 2030 from 0.2 to 200; .*--confirm-change"):
        import_iea(path, tiny_dir, "src-a")
    assert (tiny_dir / "supply_projection.csv").read_text(encoding="utf-8") == before
    with confirmed_removals((), changes=True):
        import_iea(path, tiny_dir, "src-a")
    exceptions = read_csv(tiny_dir / "change_exceptions.csv")
    row = exceptions.query("table == 'supply_projection' and country_iso3 == 'AUS'").iloc[0]
    assert (row["mineral"], row["year"]) == ("lithium", "2030")
    assert "Confirmed with --confirm-change: supply_projection lithium AUS 2030" in (
        tiny_dir / "CHANGELOG.md").read_text(encoding="utf-8")
    load(tiny_dir)  # the confirmed change stands


def test_an_iea_import_whose_years_differ_is_refused_until_confirmed(tiny_dir):
    path = tiny_dir.parent / "iea.json"
    path.write_text(json.dumps(explorer(shift=5)), encoding="utf-8")
    with pytest.raises(ImportFailure, match=r"iea.json: its years \(2024, 2035, 2040, 2045, 2050, 2055\) differ from "
                                            r"the data's \(2024, 2030, 2035, 2040, 2045, 2050\)"):
        import_iea(path, tiny_dir, "src-a")
