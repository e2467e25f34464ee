"""The committed data/ against the raw upstream files in ../shared/reference (skipped where they are absent)."""

import json
import shutil

import pandas as pd
import pytest

from conftest import REFERENCE, ROOT, needs_reference
from generator.importers.eiu import import_eiu
from generator.importers.iea import import_iea
from generator.importers.usgs import import_usgs

pytestmark = needs_reference()


def committed(table, **where):
    frame = pd.read_csv(ROOT / "data" / f"{table}.csv", dtype=str, keep_default_na=False)
    for column, value in where.items():
        frame = frame[frame[column] == value]
    assert len(frame) == 1, where
    return frame.iloc[0]


def raw_2026(commodity, country, statistic, year):
    raw = pd.read_csv(REFERENCE / "usgs_mcs2026_commodities_data.csv", encoding="cp1252", dtype=str,
                      keep_default_na=False)
    row = raw[(raw["Commodity"] == commodity) & (raw["Country"] == country) & (raw["Statistics"] == statistic)
              & (raw["Year"] == year) & raw["Section"].str.startswith("World")]
    assert len(row) == 1
    return row.iloc[0]["Value"]


@pytest.mark.parametrize("mineral, commodity, country, iso3, year, table", [
    ("lithium", "Lithium", "Australia", "AUS", "2025", "production"),
    ("lithium", "Lithium", "Chile", "CHL", "2024", "production"),
    ("cobalt", "Cobalt", "Congo (Kinshasa)", "COD", "2024", "production"),
    ("lithium", "Lithium", "Chile", "CHL", "2025", "reserves"),
])
def test_mcs2026_figures(mineral, commodity, country, iso3, year, table):
    published = raw_2026(commodity, country, table.capitalize(), year)
    row = committed(table, mineral=mineral, country_iso3=iso3, year=year)
    assert float(row["value_t"]) == float(published.replace(",", ""))
    assert row["edition"] == "2026"


def test_older_years_come_from_older_editions():
    # Spot checks of PROVENANCE.md: lithium Australia 2023 = 91,700 t (MCS 2025);
    # cobalt Congo (Kinshasa) 2021 = 119,000 t (MCS 2023); lithium Australia 2022 = 74,700 t (MCS 2024).
    assert committed("production", mineral="lithium", country_iso3="AUS", year="2023")[["value_t", "edition"]].tolist() == ["91700", "2025"]
    assert committed("production", mineral="cobalt", country_iso3="COD", year="2021")[["value_t", "edition"]].tolist() == ["119000", "2023"]
    assert committed("production", mineral="lithium", country_iso3="AUS", year="2022")[["value_t", "edition"]].tolist() == ["74700", "2024"]


def test_iea_demand():
    explorer = json.loads((REFERENCE / "iea_cm_data_explorer_2025_converted.json").read_text(encoding="utf-8"))
    nze_2030 = explorer["totalDemand"]["Lithium"]["totalDemand"]["NZE"]["2030"]
    row = committed("demand", mineral="lithium", scenario="NZE", year="2030", scope="total")
    assert float(row["demand_kt"]) == nze_2030


def test_importers_reproduce_the_committed_tables(tmp_path):
    """Running every importer on the raw files, edition by edition, gives data/ byte for
    byte: no hand edits hide in it. (Order independence is tested on small fixtures in test_importers.py.)"""
    scratch = shutil.copytree(ROOT / "data", tmp_path / "data")
    for table in ("production", "reserves", "import_sources", "import_reliance"):
        header = (scratch / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
        (scratch / f"{table}.csv").write_text(header + "\n", encoding="utf-8")
    # MCS 2024 first: silicon's table starts there (MCS 2023 has silicon metal only inside a combined total), and
    # a data package without silicon is refused. Editions merge the same in any order (test_importers.py).
    for release in ("usgs-mcs2024-world", "usgs-mcs2023-world", "usgs_mcs2025_world_data.csv",
                    "usgs_mcs2026_commodities_data.csv", "usgs-mcs-salient/2023", "usgs-mcs-salient/2024",
                    "usgs-mcs-salient/2022"):  # reliance: each year from the newest edition, in any order
        import_usgs(REFERENCE / release, scratch)
    import_eiu(REFERENCE / "owid_democracy-index-eiu.csv", scratch, "eiu-democracy-index")
    import_iea(REFERENCE / "iea_cm_data_explorer_2025_converted.json", scratch, "iea-cmde-2025")
    for path in sorted((ROOT / "data").glob("*.csv")):
        assert (scratch / path.name).read_bytes() == path.read_bytes(), path.name
