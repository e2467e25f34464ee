"""Where the United States buys today (issue 27): the USGS import-source and reliance importer, the rules the
tables obey at load, and each partnership's share of US imports, on small hand-made tables."""

import types

import pandas as pd
import pytest

from generator.errors import DataError
from generator.importers import ImportFailure
from generator.importers.usgs_imports import merge_reliance, parse_percent, read_long_2026, read_salient_folder
from generator.imports import NOT_A_PARTNER, check_imports, import_shares, interval
from generator.load import load

HEADER = ("MCS chapter,Section,Commodity,Country,Statistics,Statistics_detail,Unit,Year,Value,Notes,"
          "Is critical mineral 2025,Other notes\n")
MINERALS = pd.DataFrame({"mineral": ["lithium", "copper"], "usgs_commodity": ["Lithium", "Copper"],
                         "usgs_file_code": ["lithi", "coppe"]})
NIR = "Net import reliance as a percentage of apparent consumption"


def long_file(tmp_path, rows):
    """An MCS 2026-layout file (cp1252) with `rows` of (commodity, country, statistic, detail, year, value, notes)."""
    lines = [f'LITHIUM,Import Sources,{c},"{country}",{stat},"{detail}",percent,{year},{value},"{notes}",Yes,\n'
             for c, country, stat, detail, year, value, notes in rows]
    path = tmp_path / "MCS2026_Commodities_Data.csv"
    path.write_bytes((HEADER + "".join(lines)).encode("cp1252"))
    return path


LITHIUM = [("Lithium", "Chile", "Import sources 2021-2024", "All", "2021–24", "54", ""),
           ("Lithium", "Argentina", "Import sources 2021-2024", "All", "2021–24", "43", ""),
           ("Lithium", "Other countries", "Import sources 2021-2024", "All", "2021–24", "3", "")]
COPPER_ORE = [("Copper", "Canada", "Import sources 2021-2024", "Copper content of ore and concentrate", "2021–24",
               ">99", ""),
              ("Copper", "Other countries", "Import sources 2021-2024", "Copper content of ore and concentrate",
               "2021–24", "<1", "")]


@pytest.mark.parametrize("cell, expected", [
    ("54", {"value": 54.0, "low_pct": None, "high_pct": None, "code": ""}),
    (">50", {"value": None, "low_pct": 50.0, "high_pct": None, "code": ">"}),
    (">99", {"value": None, "low_pct": 99.0, "high_pct": None, "code": ">"}),
    ("<25", {"value": None, "low_pct": None, "high_pct": 25.0, "code": "<"}),
    ("<1", {"value": None, "low_pct": None, "high_pct": 1.0, "code": "<"}),
    ("E", {"value": None, "low_pct": None, "high_pct": None, "code": "E"}),
    ("NA", {"value": None, "low_pct": None, "high_pct": None, "code": "NA"}),
    ("s", {"value": None, "low_pct": None, "high_pct": None, "code": "s"}),
])
def test_each_usgs_code_is_read_as_what_it_means(cell, expected):
    assert parse_percent(cell) == expected


def test_each_code_reads_as_its_interval():
    """>99 is 99-100 %, <1 is 0-1 %, s (very small) 0-1 %, NA anything, E (net exporter) no interval."""
    rows = [{"share_pct": None, "low_pct": 99.0, "high_pct": None, "code": ">"},
            {"share_pct": None, "low_pct": None, "high_pct": 1.0, "code": "<"},
            {"share_pct": None, "low_pct": None, "high_pct": None, "code": "s"},
            {"share_pct": None, "low_pct": None, "high_pct": None, "code": "NA"},
            {"value_pct": None, "low_pct": None, "high_pct": None, "code": "E"},
            {"share_pct": 54.0, "low_pct": None, "high_pct": None, "code": ""}]
    assert [interval(r) for r in rows] == [(99, 100), (0, 1), (0, 1), (0, 100), (None, None), (54, 54)]


def test_a_cell_that_is_no_code_is_refused():
    with pytest.raises(ValueError):
        parse_percent("about 50")


def test_the_long_file_gives_shares_bounds_and_reliance(tmp_path):
    path = long_file(tmp_path, LITHIUM + COPPER_ORE + [
        ("Lithium", "United States", "Net import reliance", NIR, "2024", ">50", ""),
        ("Lithium", "United States", "Net import reliance", NIR, "2025", ">50", "Estimated."),
        ("Copper", "United States", "Net import reliance", NIR, "2025", "57", "Estimated.")])
    sources, reliance = read_long_2026(path, MINERALS, {}, 2026)
    chile = sources[sources["country_iso3"] == "CHL"].iloc[0]
    assert (chile["share_pct"], chile["period"], chile["form"], chile["reported_as"]) == (54, "2021-2024", "All", "54")
    canada = sources[sources["country_iso3"] == "CAN"].iloc[0]
    assert (canada["low_pct"], canada["code"], canada["reported_as"]) == (99, ">", ">99")
    other = sources[(sources["mineral"] == "copper") & (sources["row_kind"] == "other_countries")].iloc[0]
    assert (other["high_pct"], other["code"], other["country_iso3"]) == (1, "<", "")
    lithium_2025 = reliance[(reliance["mineral"] == "lithium") & (reliance["year"] == 2025)].iloc[0]
    assert (lithium_2025["low_pct"], lithium_2025["code"], bool(lithium_2025["estimated"])) == (50, ">", True)


@pytest.mark.parametrize("rows, says", [
    (LITHIUM[1:], "add up to 46 %"),  # truncated: Chile's row lost
    ([LITHIUM[0], (*LITHIUM[1][:3], "Al", *LITHIUM[1][4:]), LITHIUM[2]], "add up to"),  # a row relabelled
])
def test_a_truncated_or_relabelled_block_is_refused_in_one_line(tmp_path, rows, says):
    path = long_file(tmp_path, rows)
    with pytest.raises(ImportFailure) as refused:
        read_long_2026(path, MINERALS, {}, 2026)
    message = str(refused.value)
    assert "\n" not in message and says in message and "lithium" in message and path.name in message


def test_an_import_source_in_another_unit_is_refused(tmp_path):
    path = long_file(tmp_path, LITHIUM)
    path.write_bytes(path.read_bytes().replace(b",percent,", b",metric tons,", 1))
    with pytest.raises(ImportFailure, match="expected 'percent'"):
        read_long_2026(path, MINERALS, {}, 2026)


def salient(folder, edition, years_values):
    folder.mkdir(exist_ok=True)
    rows = "".join(f"MCS{edition},Lithium,{year},W,{value}\n" for year, value in years_values)
    (folder / f"mcs{edition}-lithi_salient.csv").write_text("\ufeffDataSource,Commodity,Year,USprod_t,NIR_pct\n"
                                                            + rows, encoding="utf-8")
    return folder


BASIS = pd.DataFrame({"mineral": ["lithium"], "import_forms": ["All"], "reliance_series": [NIR],
                      "salient_columns": ["NIR_pct"], "reason": ["One form."]})


def test_reliance_before_2021_comes_from_the_newest_salient_edition_that_gives_it(tmp_path):
    """MCS 2023 gives 2018-2022, MCS 2024 2019-2023 (revising 2020), MCS 2026 2021-2025: each year is kept from the
    newest, whatever order the editions are imported in."""
    e2023, old = read_salient_folder(salient(tmp_path / "a", 2023, [(2018, ">50"), (2019, ">25"), (2020, "62"),
                                                                    (2021, ">25"), (2022, ">25")]), MINERALS, BASIS)
    e2024, new = read_salient_folder(salient(tmp_path / "b", 2024, [(2019, ">25"), (2020, "59"), (2021, ">25"),
                                                                    (2022, ">25"), (2023, ">25")]), MINERALS, BASIS)
    assert (e2023, e2024) == (2023, 2024)
    empty = pd.DataFrame(columns=old.columns).astype(str)
    as_text = lambda frame: frame.astype(str).replace({"None": "", "nan": "", "True": "true", "False": "false"})
    either = [merge_reliance(as_text(merge_reliance(empty, a)), b) for a, b in ((old, new), (new, old))]
    for merged in either:
        by_year = merged.set_index("year")
        assert by_year.loc[2018, "edition"] == 2023 and by_year.loc[2018, "low_pct"] == 50
        assert by_year.loc[2020, "edition"] == 2024 and by_year.loc[2020, "value_pct"] == 59
        assert by_year.loc[2023, "estimated"] and not by_year.loc[2020, "estimated"]  # the edition's last year
        assert by_year.loc[2020, "reported_as"] == "59 (NIR_pct)"


# --- Load-time rules -----------------------------------------------------------------------------------------------

def test_a_code_that_disagrees_with_its_figures_is_refused(tiny_dir):
    path = tiny_dir / "import_sources.csv"
    path.write_text(path.read_text().replace("CHL,54,,,,", "CHL,54,,,>,"))
    with pytest.raises(DataError, match="import_sources.csv.*code"):
        load(tiny_dir)


def test_a_block_that_no_longer_adds_up_is_refused(tiny_dir):
    path = tiny_dir / "import_sources.csv"
    path.write_text("\n".join(line for line in path.read_text().splitlines() if ",CHL," not in line) + "\n")
    with pytest.raises(DataError, match="adding up to 46-46 %"):
        load(tiny_dir)


def test_a_declared_form_the_usgs_renamed_is_refused(tiny_dir):
    path = tiny_dir / "import_basis.csv"
    path.write_text(path.read_text().replace("lithium,All,", "lithium,Metal,"))
    with pytest.raises(DataError, match="import_basis.csv.*Metal"):
        load(tiny_dir)


# --- Each partnership's share of US imports ------------------------------------------------------------------------

def dataset(members, sources=LITHIUM, concern=("CHN", "RUS")):
    """A dataset of the tables import_shares reads: lithium imports as the USGS gives them (2021-24) unless
    `sources` says otherwise; partnerships slug → [(ISO3, since)]."""
    rows = [{"mineral": "lithium" if c == "Lithium" else "copper", "edition": 2026, "period": "2021-2024",
             "form": detail, "row_kind": "other_countries" if country.startswith("Other") else "country",
             "country_iso3": {"Chile": "CHL", "Argentina": "ARG", "Canada": "CAN", "China": "CHN"}.get(country, ""),
             **{k if k != "value" else "share_pct": v for k, v in parse_percent(value).items()}}
            for c, country, _, detail, _, value, _ in sources]
    return types.SimpleNamespace(
        import_sources=pd.DataFrame(rows),
        import_basis=pd.DataFrame({"mineral": ["lithium", "copper"],
                                   "import_forms": ["All", "Copper content of ore and concentrate"]}),
        partnerships=pd.DataFrame({"partnership": list(members)}),
        partnership_members=pd.DataFrame([{"partnership": p, "country_iso3": c, "since": s}
                                          for p, listed in members.items() for c, s in listed],
                                         columns=["partnership", "country_iso3", "since"]),
        countries_of_concern=pd.DataFrame({"country_iso3": list(concern), "designation": "covered nation"}),
        sanctions=pd.DataFrame(columns=["country_iso3", "status", "legal_source"]),
        democracy_index=pd.DataFrame({"country_iso3": ["CHL", "ARG", "CAN", "CHN", "USA"], "year": 2024,
                                      "democracy_score": [7.8, 6.5, 8.7, 2.1, 7.8]}),
        territories=pd.DataFrame(columns=["territory_iso3", "sovereign_iso3"]))


def shares_of(ds, mineral="lithium"):
    return import_shares(ds)[lambda f: f["mineral"] == mineral].set_index("partnership")


def test_lithium_hand_worked():
    """Chile 54 %, Argentina 43 %, other countries 3 %. US + FTA partners (Chile, not Argentina): 54 % named, and at
    most 54 + 3 = 57 % if "other countries" were all members. The Democracies (Chile and Argentina score above 6):
    97-100 %. Countries of concern: none named, so 0-3 %. The United States alone is not a trading partner."""
    ds = dataset({"usa": [("USA", "")], "us-fta": [("USA", ""), ("CHL", "2004")],
                  "democracies": [("USA", ""), ("CHL", ""), ("ARG", "")]})
    rows = shares_of(ds)
    assert (rows.loc["us-fta", "members_low"], rows.loc["us-fta", "members_high"]) == (0.54, 0.57)
    assert (rows.loc["democracies", "members_low"], rows.loc["democracies", "members_high"]) == (0.97, 1.0)
    assert (rows.loc["us-fta", "concern_low"], rows.loc["us-fta", "concern_high"]) == (0.0, 0.03)
    assert pd.isna(rows.loc["usa", "members_low"]) and rows.loc["usa", "note"] == NOT_A_PARTNER
    assert (rows.loc["us-fta", "largest_country_iso3"], rows.loc["us-fta", "largest_low"]) == ("CHL", 0.54)


def test_a_member_that_joined_after_the_import_period_is_counted_and_marked():
    ds = dataset({"club": [("USA", ""), ("ARG", "2025-06-01"), ("CHL", "2022")]})
    row = shares_of(ds).loc["club"]
    assert (row["members_low"], row["joined_after_period"]) == (0.97, ("ARG",))


def test_screen_failures_count_non_members_only():
    """China (a country of concern, EIU 2.1) fails the screen: a partnership with China as a member (none would,
    but the rule must not count its own members) sees 0 from failing countries; others see China's share."""
    sources = [("Lithium", "China", "Import sources 2021-2024", "All", "", "46", ""),
               ("Lithium", "Chile", "Import sources 2021-2024", "All", "", "50", ""),
               ("Lithium", "Other countries", "Import sources 2021-2024", "All", "", "4", "")]
    rows = shares_of(dataset({"open": [("USA", ""), ("CHL", "")], "odd": [("CHN", "")]}, sources))
    assert (rows.loc["open", "screen_fail_low"], rows.loc["open", "screen_fail_high"]) == (0.46, 0.5)
    assert (rows.loc["odd", "screen_fail_low"], rows.loc["odd", "screen_fail_high"]) == (0.0, 0.04)
    assert (rows.loc["open", "concern_low"], rows.loc["open", "concern_high"]) == (0.46, 0.5)


def test_bounds_carry_into_the_share():
    """Copper ore: Canada > 99 %, other countries < 1 %. A partnership with Canada: at least 99 %, at most 100 %
    (99-100 plus 0-1, capped at the whole); one without: 0 named, at most 1 % (other countries)."""
    ds = dataset({"with": [("USA", ""), ("CAN", "")], "without": [("USA", ""), ("CHL", "")]}, COPPER_ORE)
    rows = shares_of(ds, "copper")
    assert (rows.loc["with", "members_low"], rows.loc["with", "members_high"]) == (0.99, 1.0)
    assert (rows.loc["without", "members_low"], rows.loc["without", "members_high"]) == (0.0, 0.01)
    assert (rows.loc["with", "largest_low"], rows.loc["with", "largest_high"]) == (0.99, 1.0)


def test_reliance_prints_as_the_bound_the_usgs_gives():
    """'>50' is at least 50 %, '<25' at most 25 %, 79 is 79 %, 'E' (net exporter) has no figure: its code says so."""
    from generator import cells
    from generator.imports import as_printed
    rows = pd.DataFrame({"mineral": "lithium", "series": NIR, "year": [2022, 2023, 2024, 2025],
                         "value_pct": [None, None, 79.0, None], "low_pct": [50.0, None, None, None],
                         "high_pct": [None, 25.0, None, None], "code": [">", "<", "", "E"], "estimated": False,
                         "edition": 2026, "source_id": "usgs-mcs-2026"})
    table = as_printed(rows, "value_pct", "reliance").to_dict("records")
    printed = [cells.column("import_reliance", r, "reliance").text for r in table]
    assert printed == ["≥ 50%", "≤ 25%", "79%", "—"]
    assert table[3]["code"] == "E"
    assert cells.column("import_reliance", table[0], "reliance").cell == (
        "downloads/import_reliance.csv?mineral=lithium&series=Net+import+reliance+as+a+percentage+of+apparent+"
        "consumption&year=2022#reliance")


TARGETS = pd.DataFrame({"target": ["eu-crma-65", "g7-60"], "kind": ["max_single_country"] * 2,
                        "threshold_pct": [65.0, 60.0]})


def test_rare_earths_hand_worked_against_the_borrowed_benchmarks():
    """Rare-earth compounds and metals as the USGS gives them (China 71 %, then 13, 5 and 5 %, other countries 6 %;
    the three others stand in for Malaysia, Japan and Estonia). China is the largest source; its 71 % is above the
    G7's 60 % and the EU's 65 %, and countries of concern supply 71 % to 77 % (other countries may hold more)."""
    sources = [("Lithium", country, "Import sources 2021-2024", "Rare-earth compounds and metals", "", share, "")
               for country, share in (("China", "71"), ("Chile", "13"), ("Argentina", "5"), ("Canada", "5"),
                                      ("Other countries", "6"))]
    ds = dataset({"g7": [("USA", ""), ("CAN", "")]}, sources)
    ds.import_basis = pd.DataFrame({"mineral": ["lithium"], "import_forms": ["Rare-earth compounds and metals"]})
    from generator.imports import import_benchmarks
    shares = import_shares(ds)
    assert (shares.iloc[0]["largest_country_iso3"], shares.iloc[0]["largest_low"]) == ("CHN", 0.71)
    assert (shares.iloc[0]["concern_low"], shares.iloc[0]["concern_high"]) == (0.71, 0.77)
    standing = import_benchmarks(shares, TARGETS).set_index("target")
    assert standing.loc["g7-60", "standing"] == standing.loc["eu-crma-65", "standing"] == "above"
    assert standing.loc["g7-60", "threshold"] == 0.6
    # A minimum share made at home (the CRMA's 40 % processing) caps no source: it is declared, never drawn.
    processing = pd.DataFrame({"target": ["eu-crma-processing"], "kind": ["min_processing"], "threshold_pct": [40.0]})
    assert set(import_benchmarks(shares, pd.concat([TARGETS, processing]))["target"]) == {"eu-crma-65", "g7-60"}


def test_a_bound_across_the_benchmark_is_left_undecided():
    """Copper ore: Canada > 99 % is above 65 % at its low end; a source at < 70 % (0-70 %) would straddle it."""
    from generator.imports import import_benchmarks
    shares = pd.DataFrame({"mineral": ["copper", "tin"], "form": ["Ore", "Refined"], "largest_country_iso3": "CAN",
                           "largest_low": [0.99, 0.0], "largest_high": [1.0, 0.7]})
    standing = import_benchmarks(shares, TARGETS[:1]).set_index("mineral")["standing"]
    assert (standing["copper"], standing["tin"]) == ("above", "across")


def test_a_partnership_meets_a_benchmark_on_its_own_output_when_no_member_exceeds_it():
    from generator.imports import output_benchmarks
    concentration = pd.DataFrame({"partnership": ["", "club", "pair"], "mineral": "lithium", "stage": "mining",
                                  "year": 2025, "top_country_iso3": ["AUS", "AUS", "CHL"],
                                  "top_share": [0.5, 0.62, 0.6]})
    met = output_benchmarks(concentration, TARGETS[1:]).set_index("partnership")["meets"]
    assert (met["club"], met["pair"]) == (False, True)  # 62 % > 60 %; 60 % is not more than 60 %
    assert "" not in met.index  # the world is no partnership


# --- The pages' words, on the tiny package ---------------------------------------------------------------------------

@pytest.fixture
def tiny_site(tiny, tiny_results_once, tiny_tables):
    """The pages' model of the tiny package as it is: its results and published tables computed once per worker."""
    import copy
    from generator.pages import Site
    return Site(tiny, copy.deepcopy(tiny_results_once), tiny_tables, "https://example.org/", "2026-12-07")


def test_the_mineral_sentence_names_members_and_reads_cells(tiny_site):
    """The tiny package's lithium imports: Chile 54 %, Argentina 43 %, other countries 3 %; reliance > 50 % in 2025.
    The democracies (Chile scores 7.9; Argentina has no score there) take 54-57 %; the pair (Australia and the United
    States) none of the named sources, at most the 3 % of 'other countries'."""
    from generator import cells
    from generator.pages.imports_section import import_sentence
    democracies = cells.text(import_sentence(tiny_site, "lithium", "Lithium", "All", NIR, "democracies", False))
    assert democracies == ("In 2025 the United States relied on net imports for ≥ 50% of the lithium it used; "
                           "54%–57% of its imports (2021–2024) came from the democracies (Chile), and at most 3.0% "
                           "from countries of concern.")
    pair = cells.text(import_sentence(tiny_site, "lithium", "Lithium", "All", NIR, "pair", False))
    assert "none of the countries the USGS names as sources (2021–2024) is among the Pair: at most 3.0%" in pair
    alone = cells.text(import_sentence(tiny_site, "lithium", "Lithium", "All", NIR, "usa", False))
    assert NOT_A_PARTNER in alone


def test_the_home_line_names_minerals_by_the_low_end_of_their_share(tiny_site):
    """Countries of concern supply none of the tiny lithium imports; the headline partnership (the pair) none."""
    from generator.pages.imports_section import home_line
    line = home_line(tiny_site)
    assert "countries of concern supply at least half of US imports of none" in line
    assert "the Pair at least half of none." in line
