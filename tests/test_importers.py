"""Importers on small fixtures written here in each upstream layout (made for the tests, not copied)."""

import json

import pandas as pd
import pytest

from generator.importers import ImportFailure, confirmed_removals
from generator.importers.eiu import import_eiu
from generator.importers.iea import import_iea
from generator.importers.usgs import check_critical_list, import_usgs, parse_cell, read_release
from generator.load import DataError, load

LONG_HEADER = ("MCS chapter,Section,Commodity,Country,Statistics,Statistics_detail,Unit,Year,Value,Notes,"
               "Is critical mineral 2025,Other notes\n")
SECTION = "World Mine Production and Reserves"


def long_row(commodity, country, statistic, detail, unit, year, value, notes=""):
    return f'{commodity.upper()},{SECTION},{commodity},"{country}",{statistic},{detail},{unit},{year},"{value}",{notes},Yes,\n'


def write_long_2026(path, australia_2024="1,000"):
    rows = [LONG_HEADER, "LITHIUM,Salient Statistics—United States,Lithium,United States,Production,Mine production,"
            "metric tons,2024,99,,Yes,\n"]
    for year, aus, mmr, world in ((2024, australia_2024, "500", "1,500"), (2025, "1,200", "600", "1,800")):
        rows += [long_row("Lithium", "United States", "Production", "Mine production", "metric tons", year, "W"),
                 long_row("Lithium", "Australia", "Production", "Mine production", "metric tons", year, aus,
                          "Estimated."),
                 long_row("Lithium", "Burma", "Production", "Mine production", "metric tons", year, mmr, "Reported."),
                 long_row("Lithium", "Other countries", "Production", "Mine production", "metric tons", year, "—"),
                 long_row("Lithium", "World total", "Production", "Mine production: rounded", "metric tons", year,
                          world, "Estimated. -- Excludes U.S. production."),
                 long_row("Lithium", "Australia", "Capacity", "Production capacity", "metric tons", year, "9,999"),
                 long_row("Zinc", "Australia", "Production", "Mine production", "thousand metric tons", year, "2"),
                 long_row("Zinc", "World total", "Production", "Mine production: rounded", "thousand metric tons",
                          year, "2")]
    rows += [long_row("Lithium", "Australia", "Reserves", "Reserves", "metric tons", 2025, "330 - 390"),
             long_row("Lithium", "Burma", "Reserves", "Reserves", "metric tons", 2025, "NA"),
             long_row("Lithium", "United States", "Reserves", "Reserves", "metric tons", 2025, "100"),
             long_row("Lithium", "World total", "Reserves", "Reserves: rounded", "metric tons", 2025, "XX"),
             long_row("Zinc", "Australia", "Reserves", "Reserves", "thousand metric tons", 2025, ">2,000")]
    # US imports (issue 27), as the tiny package has them: Chile 54 %, Argentina 43 %, other countries 3 %.
    rows += [long_row("Lithium", country, "Import sources 2021-2024", "All", "percent", "2021–24", share)
             for country, share in (("Chile", "54"), ("Argentina", "43"), ("Other countries", "3"))]
    rows += [long_row("Lithium", "United States", "Net import reliance",
                      "Net import reliance as a percentage of apparent consumption", "percent", year, ">50",
                      "Estimated." if year == 2025 else "") for year in (2024, 2025)]
    path.write_bytes("".join(rows).encode("cp1252"))
    return path


def write_wide_2025(path):
    header = ("SOURCE,COMMODITY,COUNTRY,TYPE,UNIT_MEAS,PROD_2023,PROD_EST_ 2024,PROD_NOTES,CAP_2023,CAP_EST_ 2024,"
              "CAP_NOTES,RESERVES_2024,RESERVE_NOTES\r\n")
    rows = [
        'MCS2025,Lithium ,Australia,"Mine production, lithium content",metric tons,800,900,,,,,"1,500",\r\n',
        'MCS2025,Lithium ,Chile,"Mine production, lithium content",metric tons,200,e100,estimated 2023,,,,Large,\r\n',
        'MCS2025,Lithium ,World total (rounded),"Mine production, lithium content",metric tons,1000,1000,,,,,>1000,\r\n',
        'MCS2025,Lithium ,Chile,"Refinery production, lithium",metric tons,5,5,,,,,,\r\n',
        'MCS2025,Zinc,Australia,"Mine production, zinc content",thousand metric tons,1,1,,,,,3,\r\n',
        'MCS2025,Zinc,World total (rounded),"Mine production, zinc content",thousand metric tons,1,1,,,,,3,\r\n',
    ]
    path.write_text(header + "".join(rows), encoding="utf-8-sig")
    return path


def write_folder_2024(folder):
    folder.mkdir()
    (folder / "mcs2024-lithi_world.csv").write_text(
        "Source,Country,Type,Prod_t_2022,Prod_t_est_2023,Prod_notes,Reserves_t,Reserves_notes,,\r\n"
        'MCS2024,Australia,"Mine production, lithium content",700,750,Also estimated in 2022,"5,000",,,\r\n'
        'MCS2024,Other countries6,"Mine production, lithium content",0,0,,Included in World total.,,,\r\n'
        'MCS2024,World total (rounded),"Mine production, lithium content",700,750,,5000,,,\r\n'
        ",,,,,,,,,\r\n", encoding="utf-8-sig")
    (folder / "mcs2024-zinc_world.csv").write_text(
        "Source,Country,Type,Prod_kt_2022,Prod_kt_est_2023,Prod_notes,Reserves_kt,Reserves_notes\r\n"
        'MCS2024,"Korea, Republic of","Mine production, zinc content",1,1,,2,\r\n'
        'MCS2024,World total (rounded),"Mine production, zinc content",1,1,,2,\r\n', encoding="utf-8-sig")
    return folder


@pytest.fixture
def usgs_ready(tiny_dir):
    """The tiny package with source entries for the editions the fixtures carry, and no USGS rows yet (so
    that each fixture is a first import of its edition)."""
    for table in ("production", "reserves", "refinery_production", "minerals_outside"):
        header = (tiny_dir / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
        (tiny_dir / f"{table}.csv").write_text(header + "\n", encoding="utf-8")
    demand = (tiny_dir / "cleantech_demand.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (tiny_dir / "cleantech_demand.csv").write_text(  # the rare-earth elements' demand only
        "".join(demand[:1] + [line for line in demand if line.startswith(("neodymium,", "dysprosium,"))]),
        encoding="utf-8")
    with (tiny_dir / "sources.csv").open("a", encoding="utf-8") as sources:
        for edition in (2024, 2025, 2026):
            sources.write(f"usgs-mcs-{edition},MCS {edition},USGS,{edition},{edition}-01-31,"
                          f"https://example.org/{edition},Public domain,USGS ({edition})\n")
    return tiny_dir


def rows_of(folder, table):
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def one(frame, **where):
    selected = frame
    for column, value in where.items():
        selected = selected[selected[column] == value]
    assert len(selected) == 1, where
    return selected.iloc[0]


@pytest.mark.parametrize("cell, unit, expected", [
    ("82,700", "metric tons", {"value_t": 82700.0, "code": ""}),
    ("2", "thousand metric tons", {"value_t": 2000.0}),
    ("7", "kilograms", {"value_t": 0.007}),
    ("—", "metric tons", {"value_t": 0.0, "code": "—"}),
    ("W", "metric tons", {"value_t": None, "code": "W"}),
    ("NA", "t", {"value_t": None, "code": "NA"}),
    ("Large", "t", {"value_t": None, "code": "Large"}),
    (">140,000,000", "t", {"value_t": None, "low_t": 140000000.0, "code": ">"}),
    ("<200,000", "t", {"high_t": 200000.0, "code": "<"}),
    ("330 - 390", "t", {"low_t": 330.0, "high_t": 390.0, "code": "range"}),
    ("Included in World total.", "t", {"code": "included in world total"}),
    ("e20,000", "t", {"value_t": 20000.0, "estimated": True}),
])
def test_parse_cell(cell, unit, expected):
    parsed = parse_cell(cell, unit)
    for key, value in expected.items():
        assert parsed[key] == value


def test_parse_cell_refuses_unknown_text():
    with pytest.raises(ValueError):
        parse_cell("about 5", "t")


def test_import_long_2026(usgs_ready):
    assert import_usgs(write_long_2026(usgs_ready.parent / "MCS2026.csv"), usgs_ready) == 2026
    production, reserves = rows_of(usgs_ready, "production"), rows_of(usgs_ready, "reserves")
    aus = one(production, mineral="lithium", country_iso3="AUS", year="2024")
    assert (aus["value_t"], aus["estimated"], aus["edition"], aus["source_id"]) == ("1000", "true", "2026", "usgs-mcs-2026")
    assert aus["reported_as"] == "1,000 metric tons"
    assert one(production, mineral="lithium", country_iso3="USA", year="2024")["code"] == "W"
    assert one(production, mineral="lithium", country_iso3="MMR", year="2025")["value_t"] == "600"
    assert one(production, mineral="lithium", row_kind="other_countries", year="2025")["value_t"] == "0"
    assert one(production, mineral="zinc", country_iso3="AUS", year="2025")["value_t"] == "2000"
    assert one(reserves, mineral="lithium", country_iso3="AUS")[["low_t", "high_t", "code"]].tolist() == ["330", "390", "range"]
    assert one(reserves, mineral="lithium", row_kind="world_total")["code"] == "XX"
    assert one(reserves, mineral="zinc", country_iso3="AUS")[["low_t", "code"]].tolist() == ["2000000", ">"]
    assert set(production["edition"]) == {"2026"}
    load(usgs_ready)


def test_import_wide_2025(usgs_ready):
    assert import_usgs(write_wide_2025(usgs_ready.parent / "MCS2025.csv"), usgs_ready) == 2025
    production, reserves = rows_of(usgs_ready, "production"), rows_of(usgs_ready, "reserves")
    chile_2024 = one(production, mineral="lithium", country_iso3="CHL", year="2024")
    assert (chile_2024["value_t"], chile_2024["estimated"]) == ("100", "true")
    assert one(production, mineral="lithium", country_iso3="CHL", year="2023")["estimated"] == "true"
    assert one(production, mineral="zinc", country_iso3="AUS", year="2023")["value_t"] == "1000"
    assert one(reserves, mineral="lithium", country_iso3="CHL", year="2024")["code"] == "Large"
    assert len(production[(production["year"] == "2023") & (production["mineral"] == "lithium")]) == 3


def test_import_per_commodity_folder_2024(usgs_ready):
    assert import_usgs(write_folder_2024(usgs_ready.parent / "mcs2024"), usgs_ready) == 2024
    production, reserves = rows_of(usgs_ready, "production"), rows_of(usgs_ready, "reserves")
    aus_2022 = one(production, mineral="lithium", country_iso3="AUS", year="2022")
    assert (aus_2022["value_t"], aus_2022["estimated"]) == ("700", "true")  # "Also estimated in 2022"
    assert one(production, mineral="zinc", country_iso3="KOR", year="2023")["value_t"] == "1000"
    assert one(reserves, mineral="lithium", row_kind="other_countries")["code"] == "included in world total"
    assert one(reserves, mineral="lithium", country_iso3="AUS", year="2023")["value_t"] == "5000"


def test_newest_edition_wins_whatever_the_order(usgs_ready, tmp_path):
    import shutil
    other = shutil.copytree(usgs_ready, tmp_path / "other")
    long_file, wide_file = write_long_2026(tmp_path / "MCS2026.csv"), write_wide_2025(tmp_path / "MCS2025.csv")
    import_usgs(long_file, usgs_ready), import_usgs(wide_file, usgs_ready)
    import_usgs(wide_file, other), import_usgs(long_file, other)
    for table in ("production", "reserves"):
        assert (usgs_ready / f"{table}.csv").read_bytes() == (other / f"{table}.csv").read_bytes()
    production = rows_of(usgs_ready, "production")
    # 2024 comes from MCS 2026 (revised), 2023 from MCS 2025.
    assert one(production, mineral="lithium", country_iso3="AUS", year="2024")["value_t"] == "1000"
    assert one(production, mineral="lithium", country_iso3="AUS", year="2023")["value_t"] == "800"


def test_unknown_country_is_refused_and_nothing_written(usgs_ready):
    before = {p.name: p.read_bytes() for p in usgs_ready.iterdir()}
    bad = write_long_2026(usgs_ready.parent / "MCS2026.csv")
    bad.write_bytes(bad.read_bytes().replace(b"Burma", b"Atlantis"))
    with pytest.raises(ImportFailure, match=r"row \d+: unknown country name 'Atlantis'"):
        import_usgs(bad, usgs_ready)
    assert {p.name: p.read_bytes() for p in usgs_ready.iterdir()} == before


def test_import_that_breaks_a_rule_writes_nothing(usgs_ready):
    before = {p.name: p.read_bytes() for p in usgs_ready.iterdir()}
    # Australia 4,000 t against a world total of 1,500 t: the world-total check refuses it.
    with pytest.raises(DataError, match="world total of lithium 2024"):
        import_usgs(write_long_2026(usgs_ready.parent / "MCS2026.csv", australia_2024="4,000"), usgs_ready)
    assert {p.name: p.read_bytes() for p in usgs_ready.iterdir()} == before


def test_edition_without_source_entry_is_refused(tiny_dir):
    with pytest.raises(ImportFailure, match="no entry 'usgs-mcs-2026'"):
        import_usgs(write_long_2026(tiny_dir.parent / "MCS2026.csv"), tiny_dir)


def test_import_iea(tiny_dir):
    series = {"2024": 1.0, **{s: {str(y): float(y - 2000) for y in (2030, 2035, 2040, 2045, 2050)}
                              for s in ("STEPS", "APS", "NZE")}}
    explorer = {
        "totalDemand": {"Lithium": {"totalDemand": series, "totalClean": series}},
        "cleantechByMineral": {"Zinc": series, "Gallium": series, "Germanium": series, "Neodymium": series,
                               "Dysprosium": {**series, "2024": 0.25}},
        "supply": {"Lithium": {"mining": {"countries": {
            "Australia": {"2024": 1.5, "2030": 2.5}, "Rest of world": {"2024": 0.5, "2030": 0.5},
            "Notes: a footnote line": {"2024": None, "2030": None}}, "total": {"2024": 2.0, "2030": 3.0}},
            "refining": {"countries": {"China": {"2024": 0.3}, "Rest of world": {"2024": 0.1}},
                         "total": {"2024": 0.4}}}},
    }
    path = tiny_dir.parent / "iea.json"
    path.write_text(json.dumps(explorer), encoding="utf-8")
    # Its figures are not the tiny package's (NZE 2030 lithium 30 kt against 0.4): confirmed as a new outlook.
    with confirmed_removals((), changes=True):
        assert import_iea(path, tiny_dir, "src-a") == (2 + 1) * 3 * 6
    demand, supply = rows_of(tiny_dir, "demand"), rows_of(tiny_dir, "supply_projection")
    assert one(demand, mineral="lithium", scenario="NZE", year="2030", scope="total")["demand_kt"] == "30"
    # The 2024 base year is repeated in every scenario.
    assert one(demand, mineral="zinc", scenario="STEPS", year="2024", scope="cleantech")["demand_kt"] == "1"
    assert one(supply, country_iso3="AUS", year="2030")["supply_kt"] == "2.5"
    assert len(supply) == 6 + 3  # the footnote line is not data; the IEA's stated world totals are kept
    assert one(supply, row_kind="world_total", stage="mining", year="2030")["supply_kt"] == "3"
    # The rare-earth elements and the minerals outside the engine: clean-technology demand, 4 items × 3 × 6.
    cleantech = rows_of(tiny_dir, "cleantech_demand")
    assert len(cleantech) == 4 * 3 * 6
    assert one(cleantech, item="dysprosium", scenario="APS", year="2024")["demand_kt"] == "0.25"
    assert one(cleantech, item="gallium", scenario="NZE", year="2050")["demand_kt"] == "50"


def test_import_eiu(tiny_dir):
    path = tiny_dir.parent / "eiu.csv"
    path.write_text("Entity,Code,Year,Democracy score\nAustralia,AUS,2024,8.85\nWorld,OWID_WRL,2024,5.1\n"
                    "United States,USA,2024,7.85\nChile,CHL,2024,7.83\nChina,CHN,2024,2.1\nChina,CHN,2022,6.5\n"
                    "New Zealand,NZL,2024,6\n", encoding="utf-8")
    assert import_eiu(path, tiny_dir, "src-a") == 6
    ds = load(tiny_dir)
    assert sorted(ds.partnership_members.query("partnership == 'democracies'")["country_iso3"]) == ["AUS", "CHL", "USA"]


def test_import_records_what_changed_in_the_changelog(tiny_dir):
    """A successful import appends its entry: the rows added, removed and changed by more than 1 %."""
    path = tiny_dir.parent / "eiu.csv"
    path.write_text("Entity,Code,Year,Democracy score\nAustralia,AUS,2024,8.85\nUnited States,USA,2024,7.8\n"
                    "Chile,CHL,2024,7.9\nChina,CHN,2024,2.1\nChina,CHN,2022,6.5\nNew Zealand,NZL,2024,6\n"
                    "Japan,JPN,2024,8.48\n", encoding="utf-8")
    (tiny_dir / "CHANGELOG.md").write_text("# Data changelog\n\n## 2020-01-01\n- First release.\n", encoding="utf-8")
    import_eiu(path, tiny_dir, "src-a")
    text = (tiny_dir / "CHANGELOG.md").read_text(encoding="utf-8")
    # Japan is new; Australia moved from 8.5 to 8.85 (4 %); the others are unchanged.
    assert "- `democracy_index.csv`: 1 rows added, 0 removed, 1 changed by more than 1% (largest: AUS 2024: 8.5 → 8.85)." in text
    assert text.index("Imported the EIU Democracy Index (eiu.csv)") < text.index("## 2020-01-01")
    # Importing the same file again changes nothing and records nothing.
    import_eiu(path, tiny_dir, "src-a")
    assert (tiny_dir / "CHANGELOG.md").read_text(encoding="utf-8") == text


def test_truncated_release_is_refused_and_nothing_written(usgs_ready):
    import_usgs(write_long_2026(usgs_ready.parent / "MCS2026.csv"), usgs_ready)
    before = {p.name: p.read_bytes() for p in usgs_ready.iterdir()}
    full = (usgs_ready.parent / "MCS2026.csv").read_bytes().splitlines(keepends=True)
    truncated = usgs_ready.parent / "MCS2026_cut.csv"
    truncated.write_bytes(b"".join(line for line in full if not line.startswith(b"ZINC") or b",Reserves," in line))
    with pytest.raises(ImportFailure, match="production for zinc is missing, which the previous import of MCS 2026 "
                                            "had: a truncated or partial file"):
        import_usgs(truncated, usgs_ready)
    assert {p.name: p.read_bytes() for p in usgs_ready.iterdir()} == before


# New chapter layouts (issue 17): each chapter names its production series its own way, and some tables carry
# more than one reserves series. minerals.csv says which rows to read (`usgs_production`, `usgs_reserves`).
CHAPTERS = pd.DataFrame([
    ("chromium", "Chromium", "Chromium", "chrom", "mi?ne production", "Cr2O3 content", "true"),
    ("zirconium", "Zirconium", "Zirconium and Hafnium", "zirco-hafni zirco", "mine production", "", "true"),
    ("gallium", "Gallium", "Gallium", "galli", "primary production", "", "true"),
], columns=["mineral", "usgs_commodity", "usgs_commodity_2025", "usgs_file_code", "usgs_production",
            "usgs_reserves", "critical_2025"])


def cells_by(cells):
    """(mineral, country, table, year) → (cell, unit) of a reader's raw cells."""
    return {(c[1], c[2], c[3], c[4]): (c[5], c[6]) for c in cells}


def test_long_2026_chapter_layouts(tmp_path):
    rows = [LONG_HEADER,
            long_row("Chromium", "Finland", "Production", "Mine production", "thousand metric tons", 2025, "1,900"),
            long_row("Chromium", "Finland", "Reserves", "Reserves: Ore", "thousand metric tons", 2024, "63,000"),
            long_row("Chromium", "Finland", "Reserves", "Reserves: Cr2O3 content", "thousand metric tons", 2025,
                     "16,000"),
            long_row("Zirconium", "Senegal", "Production", '"Zirconium mineral concentrates, mine production '
                     '(thousand metric tons, gross weight)"', "thousand metric tons", 2025, "60"),
            long_row("Gallium", "China", "Production", "Primary production", "kilograms", 2025, "900,000"),
            long_row("Gallium", "China", "Capacity", "Production capacity", "kilograms", 2025, "1,600,000")]
    path = tmp_path / "MCS2026.csv"
    path.write_bytes("".join(rows).encode("cp1252"))
    edition, cells = read_release(path, CHAPTERS)
    got = cells_by(cells)
    assert edition == 2026
    # Only the Cr2O3 reserves series, stated for 2025; the ore series (labelled 2024) is left out.
    assert got[("chromium", "Finland", "reserves", 2025)] == ("16,000", "thousand metric tons")
    assert ("chromium", "Finland", "reserves", 2024) not in got
    assert got[("zirconium", "Senegal", "production", 2025)] == ("60", "thousand metric tons")
    # Gallium is refinery-stage: primary production, in kilograms; its capacity is not production.
    assert got[("gallium", "China", "production", 2025)] == ("900,000", "kilograms")
    assert len(got) == 4
    assert parse_cell("900,000", "kilograms")["value_t"] == 900.0  # 900,000 kg = 900 t, worked by hand


def test_critical_list_must_match_the_release(tmp_path):
    path = tmp_path / "MCS2026.csv"
    path.write_bytes((LONG_HEADER + long_row("Gallium", "China", "Production", "Primary production", "kilograms",
                                             2025, "900,000")).encode("cp1252"))
    check_critical_list(path, CHAPTERS)  # "Yes" in the file, true in minerals
    with pytest.raises(ImportFailure, match="gallium, critical_2025: found false, expected true"):
        check_critical_list(path, CHAPTERS.assign(critical_2025="false"))


def test_folder_chapter_layouts(tmp_path):
    """MCS 2023 names the zirconium file zirco-hafni, MCS 2024 zirco, with a year in its reserves column; MCS 2024's
    chromium rows say 'Mne production' and the notes column is Prod_note."""
    folder = tmp_path / "mcs2024"
    folder.mkdir()
    (folder / "mcs2024-zirco_world.csv").write_text(
        "Source,Country,Type,Prod_kt_est_2022,Prod_kt_est_2023,Prod_notes,Reserves_kt_2023,Reserves_notes\r\n"
        'MCS2024,Senegal,"Zirconium ores and zircon concentrates, mine production, thousand metric tons, gross '
        'weight",57,50,,2600,\r\n', encoding="utf-8-sig")
    (folder / "mcs2024-chrom_world.csv").write_text(
        "Source,Country,Type,Prod_kt_2022,Prod_kt_est_2023,Prod_note,Reserves_kt,Reserves_notes\r\n"
        'MCS2024,Finland,"Mne production, grosss weight, marketable chromite ore",2000,2000,,8300,\r\n',
        encoding="utf-8-sig")
    (folder / "mcs2024-galli_world.csv").write_text(
        "Source,Country,Type,Prod_kg_2022,Prod_kg_est_2023,Prod_notes,Cap_kg_2023,Cap_notes\r\n"
        "MCS2024,China,Primary production,600000,600000,estimated in 2022 also,1000000,\r\n", encoding="utf-8-sig")
    edition, cells = read_release(folder, CHAPTERS)
    got = cells_by(cells)
    assert edition == 2024
    assert got[("zirconium", "Senegal", "reserves", 2023)] == ("2600", "kt")
    assert got[("chromium", "Finland", "production", 2023)] == ("2000", "kt")
    assert got[("gallium", "China", "production", 2022)] == ("600000", "kg")
    assert [c[7] for c in cells if c[1] == "gallium"] == [True, True]  # "estimated in 2022 also", 2023 _est


def test_minerals_outside_the_engine_go_to_refinery_production():
    """Gallium's table has no reserves: its production goes to refinery_production.csv, and a stray reserves cell
    (MCS 2023 prints NA) is left out, so the engine's production and reserves tables never see it."""
    from generator.importers.usgs import tidy
    cells = [("f, row 2", "gallium", "China", "production", 2025, "900,000", "kilograms", True, "", ""),
             ("f, row 3", "gallium", "China", "reserves", 2024, "NA", "kilograms", False, "", ""),
             ("f, row 4", "lithium", "Chile", "production", 2025, "49,000", "metric tons", False, "", "")]
    corrections = pd.DataFrame(columns=["edition", "mineral", "country", "column", "value", "reason"])
    rows = tidy(cells, 2026, {}, corrections, outside={"gallium"})
    assert rows["refinery_production"][["mineral", "country_iso3", "value_t"]].values.tolist() == [
        ["gallium", "CHN", 900.0]]  # 900,000 kg = 900 t
    assert rows["reserves"].empty
    assert rows["production"]["mineral"].tolist() == ["lithium"]


def test_a_refinery_stage_mineral_in_the_engine_has_production_and_no_reserves():
    """Gallium in minerals.csv (stage refinery): its rows go to production.csv like any mineral's, and a reserves cell
    (NA in MCS 2023, or selenium's and tellurium's reserves of earlier editions) is left out: a refinery table has
    no reserves, so its reserve measures read missing, never a stray code."""
    from generator.importers.usgs import tidy
    cells = [("f, row 2", "gallium", "China", "production", 2025, "900,000", "kilograms", True, "", ""),
             ("f, row 3", "gallium", "China", "reserves", 2024, "NA", "kilograms", False, "", ""),
             ("f, row 4", "lithium", "Chile", "reserves", 2024, "9,300,000", "metric tons", False, "", "")]
    corrections = pd.DataFrame(columns=["edition", "mineral", "country", "column", "value", "reason"])
    rows = tidy(cells, 2026, {}, corrections, no_reserves={"gallium"})
    assert rows["production"][["mineral", "country_iso3", "value_t"]].values.tolist() == [["gallium", "CHN", 900.0]]
    assert rows["reserves"]["mineral"].tolist() == ["lithium"]
    assert rows["refinery_production"].empty


SMELTER_CHAPTERS = pd.DataFrame([
    ("titanium", "Titanium Sponge Metal", "Titanium & titanium dioxide", "titan", "sponge metal production", "", "true"),
    ("silicon", "Silicon", "Silicon", "simet", "^(plant production, )?silicon metal(: rounded)?$", "", "true"),
    ("chromium", "Chromium", "Chromium", "chrom", "mi?ne production", "Cr2O3 content", "true"),  # for its reserves
], columns=CHAPTERS.columns)


def test_smelter_chapter_layouts(tmp_path):
    """Issue 17: titanium's MCS 2023 file names its production columns Prod_Sponge_t_Est_<year> and counts sponge metal;
    silicon's files give ferrosilicon and silicon metal side by side, and only the metal is silicon's production (in
    the 2024 folder as 'Plant production, silicon metal', in the 2026 long file as 'Silicon metal: rounded')."""
    folder = tmp_path / "mcs2023"
    folder.mkdir()
    (folder / "mcs2023-titan_world.csv").write_text(
        "Source,Country,Type,Prod_Sponge_t_Est_2021,Prod_Sponge_t_Est_2022,Prod_notes,Cap_Sponge_t_2021,"
        "Cap_Pigment_t_2021\r\n"
        "MCS2023,Japan,Sponge Metal Production and Sponge and Pigment Yearend Operating Capacity,54000,57000,,68800,"
        "289000\r\n", encoding="utf-8-sig")
    (folder / "mcs2023-simet_world.csv").write_text(
        "Source,Country,Type,Prod_kt_2021,Prod_kt_est_2022,Prod_notes,Reserves_kt,Reserves_notes\r\n"
        'MCS2023,Norway,"Plant production, silicon content of ferrosilicon",170,170,,,\r\n', encoding="utf-8-sig")
    (folder / "mcs2023-chrom_world.csv").write_text(
        "Source,Country,Type,Prod_kt_2021,Prod_kt_est_2022,Prod_notes,Reserves_kt,Reserves_notes\r\n"
        "MCS2023,Finland,Mine production,2000,2000,,8300,\r\n", encoding="utf-8-sig")
    edition, cells = read_release(folder, SMELTER_CHAPTERS)
    got = cells_by(cells)
    assert edition == 2023
    assert got[("titanium", "Japan", "production", 2022)] == ("57000", "t")
    assert [c[7] for c in cells if c[1] == "titanium"] == [True, True]  # "_Est_" in both columns
    assert not any(c[1] == "silicon" for c in cells)  # ferrosilicon is not silicon metal
    rows = [LONG_HEADER,
            long_row("Silicon", "Norway", "Production", "Ferrosilicon", "thousand metric tons", 2025, "170"),
            long_row("Silicon", "Norway", "Production", "Silicon metal", "thousand metric tons", 2025, "340"),
            long_row("Silicon", "World total", "Production", "Silicon metal: rounded", "thousand metric tons", 2025,
                     "4,600"),
            long_row("Silicon", "World total", "Production", "Ferrosilicon: rounded", "thousand metric tons", 2025,
                     "5,000"),
            long_row("Chromium", "Finland", "Reserves", "Reserves: Cr2O3 content", "thousand metric tons", 2025,
                     "16,000")]
    path = tmp_path / "MCS2026.csv"
    path.write_bytes("".join(rows).encode("cp1252"))
    edition, cells = read_release(path, SMELTER_CHAPTERS)
    got = cells_by(cells)
    assert got[("silicon", "Norway", "production", 2025)] == ("340", "thousand metric tons")
    assert got[("silicon", "World total", "production", 2025)] == ("4,600", "thousand metric tons")
    assert len(got) == 3  # silicon metal in Norway and the world, and chromium's reserves


PGM = pd.DataFrame([("platinum-group-metals", "Platinum|Palladium|Platinum-Group Metals", "Platinum-Group metals",
                     "plati", "mine production.*(platinum|palladium)", "PGM reserves", "true")], columns=CHAPTERS.columns)


def pgm_rows(path):
    from generator.importers.usgs import tidy
    corrections = pd.DataFrame(columns=["edition", "mineral", "country", "column", "value", "reason"])
    edition, cells = read_release(path, PGM)
    return tidy(cells, edition, {}, corrections)


def test_platinum_group_metals_are_platinum_plus_palladium_in_every_layout(tmp_path):
    """Issue 17: the USGS gives platinum and palladium mine production on rows of their own, and PGM reserves on the
    platinum rows (MCS 2024), on the palladium rows (MCS 2025) or as a commodity of their own (MCS 2026)."""
    folder = tmp_path / "mcs2024"
    folder.mkdir()
    (folder / "mcs2024-plati_world.csv").write_text(
        "Source,Country,Type,Prod_kg_2022,Prod_kg_est_2023,Prod_notes,Reserves_kg,Reserves_notes\r\n"
        "MCS2024,South Africa, Mine production: Palladium,73100,71000,,NA,Included with platinum\r\n"
        "MCS2024,South Africa, Mine production: Platinum,124000,120000,,63000000,Includes all platinum-group metals"
        "\r\n", encoding="utf-8-sig")
    rows = pgm_rows(folder)
    south_africa = rows["production"].set_index("year")
    assert south_africa.at[2022, "value_t"] == 197.1  # 73,100 kg + 124,000 kg, worked by hand
    assert south_africa.at[2023, "value_t"] == 191.0  # 71,000 kg + 120,000 kg
    assert south_africa.at[2022, "reported_as"] == ("73100 kg (Mine production: Palladium) + "
                                                     "124000 kg (Mine production: Platinum)")
    assert rows["reserves"][["year", "value_t"]].values.tolist() == [[2023, 63000.0]]  # the NA half adds nothing

    wide = tmp_path / "MCS2025.csv"
    wide.write_text(
        "SOURCE,COMMODITY,COUNTRY,TYPE,UNIT_MEAS,PROD_2023,PROD_EST_ 2024,PROD_NOTES,CAP_2023,CAP_EST_ 2024,"
        "CAP_NOTES,RESERVES_2024,RESERVE_NOTES\r\n"
        'MCS2025,Platinum-Group metals,Canada ,"Mine production, Palladium content",kilograms,16100,15000,,,,,310000,\r\n'
        'MCS2025,Platinum-Group metals,Canada ,"Mine production, Platinum content",kilograms,5170,5200,,,,,,\r\n',
        encoding="utf-8-sig")
    rows = pgm_rows(wide)
    assert rows["production"].set_index("year")["value_t"].to_dict() == {2023: 21.27, 2024: 20.2}  # 16.1 + 5.17 t
    assert rows["reserves"][["year", "value_t"]].values.tolist() == [[2024, 310.0]]

    long = tmp_path / "MCS2026.csv"
    long.write_bytes("".join([
        LONG_HEADER,
        long_row("Palladium", "World total", "Production", '"Mine production: Palladium, rounded"', "kilograms", 2025,
                 "190,000", "Estimated."),
        long_row("Platinum", "World total", "Production", '"Mine production: Platinum, rounded"', "kilograms", 2025,
                 "170,000", "Estimated."),
        long_row("Platinum-Group Metals", "Zimbabwe", "Reserves", "PGM reserves", "kilograms", 2025, "1,300,000"),
    ]).encode("cp1252"))
    rows = pgm_rows(long)
    world = rows["production"].iloc[0]
    assert (world["row_kind"], world["value_t"], world["estimated"]) == ("world_total", 360.0, True)
    assert rows["reserves"][["country_iso3", "value_t"]].values.tolist() == [["ZWE", 1300.0]]


@pytest.mark.parametrize("platinum", ["W", "NA"])
def test_a_series_without_a_figure_is_not_added_to(tmp_path, platinum):
    """A withheld or unavailable platinum figure beside a published palladium one: their sum would pass for the
    whole."""
    long = tmp_path / "MCS2026.csv"
    long.write_bytes("".join([
        LONG_HEADER,
        long_row("Palladium", "United States", "Production", "Mine production: Palladium", "kilograms", 2025, "6,200"),
        long_row("Platinum", "United States", "Production", "Mine production: Platinum", "kilograms", 2025, platinum),
        long_row("Platinum-Group Metals", "United States", "Reserves", "PGM reserves", "kilograms", 2025, "590,000"),
    ]).encode("cp1252"))
    with pytest.raises(ImportFailure, match=f"MCS2026.csv, row 3: Mine production: Platinum cell '{platinum} "
                                            "kilograms' is not a figure, so it cannot be added"):
        pgm_rows(long)


def test_reserves_given_on_two_rows_are_refused_not_added(tmp_path):
    """The USGS prints a country's PGM reserves on one row; a figure on both would be counted twice."""
    folder = tmp_path / "mcs2024"
    folder.mkdir()
    (folder / "mcs2024-plati_world.csv").write_text(
        "Source,Country,Type,Prod_kg_2022,Prod_kg_est_2023,Prod_notes,Reserves_kg,Reserves_notes\r\n"
        "MCS2024,Canada, Mine production: Palladium,16100,16000,,310000,\r\n"
        "MCS2024,Canada, Mine production: Platinum,5400,5500,,310000,\r\n", encoding="utf-8-sig")
    with pytest.raises(ImportFailure, match="reserves given on two rows"):
        pgm_rows(folder)


def test_a_new_mineral_waits_for_both_imports_and_no_build_passes_it(tiny_dir):
    """A maintainer adds a mineral to minerals.csv: each importer must be able to run first (the other's rows
    are still missing), yet the package stays refused, naming what is missing, until both have run."""
    from generator.importers import awaiting_imports
    with (tiny_dir / "minerals.csv").open("a", encoding="utf-8") as minerals:
        minerals.write("tin,Tin,Sn content,,Tin,Tin,tin,Tin,cleantech,,,mine,true,mine production,\n")
    with pytest.raises(DataError, match="production.csv, row -, column row_kind: found 'no rows for tin'"):
        load(tiny_dir)
    assert awaiting_imports(tiny_dir) == {"production": {"tin"}, "demand": {"tin"}}
    assert "tin" in set(load(tiny_dir, awaiting_imports(tiny_dir)).minerals["mineral"])
    # Each import awaits the other's rows only: a USGS import that brings no production for tin is refused.
    usgs = awaiting_imports(tiny_dir, writes={"production", "reserves", "refinery_production"})
    assert usgs == {"demand": {"tin"}}
    with pytest.raises(DataError, match="no rows for tin"):
        load(tiny_dir, usgs)
