"""Loading refuses bad data with a message naming file, row, column, found and expected: one test per rule."""

import pytest

from conftest import committed_data
from generator.load import DataError, load


def edit(folder, file, old, new):
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(folder):
    with pytest.raises(DataError) as caught:
        load(folder)
    return caught.value


def test_committed_data_loads_clean():
    ds = committed_data()  # load(ROOT / "data"), once per worker process: other modules read it too
    assert len(ds.minerals) >= 7
    assert {"lithium", "cobalt", "nickel", "graphite", "copper", "rare-earths", "manganese"} <= set(ds.minerals["mineral"])
    assert set(ds.production["year"]) == {2021, 2022, 2023, 2024, 2025}


def test_tiny_package_loads(tiny):
    assert list(tiny.minerals["mineral"]) == ["lithium", "zinc"]
    assert tiny.production["value_t"].dtype == float


def test_missing_column(tiny_dir):
    edit(tiny_dir, "demand.csv", "mineral,scenario,year,scope,demand_kt,source_id",
         "mineral,scenario,year,scope,amount,source_id")
    error = refused(tiny_dir)
    assert (error.file, error.row, error.column) == ("demand.csv", 1, "demand_kt")


def test_not_a_number(tiny_dir):
    edit(tiny_dir, "production.csv", "lithium,country,CHL,2021,40,", "lithium,country,CHL,2021,forty,")
    error = refused(tiny_dir)
    assert (error.file, error.row, error.column, error.found) == ("production.csv", 3, "value_t", "forty")
    assert error.expected == "a number (digits 0-9, one '.', no '_' or ',' between digits)"
    assert str(error) == ("production.csv, row 3, column value_t: found 'forty', expected a number (digits 0-9, "
                          "one '.', no '_' or ',' between digits)")


@pytest.mark.parametrize("cell", ["92_000", "９２", "inf", "nan", "1,5"])
def test_numbers_python_reads_but_a_table_must_not_hold(tiny_dir, cell):
    edit(tiny_dir, "production.csv", "lithium,country,CHL,2021,40,", f"lithium,country,CHL,2021,\"{cell}\",")
    assert refused(tiny_dir).found == cell


def test_not_a_whole_number(tiny_dir):
    edit(tiny_dir, "production.csv", "lithium,country,AUS,2021,", "lithium,country,AUS,2021.5,")
    assert refused(tiny_dir).column == "year"


def test_required_value_missing(tiny_dir):
    edit(tiny_dir, "demand.csv", "lithium,STEPS,2024,total,0.1,src-a", "lithium,STEPS,2024,total,,src-a")
    error = refused(tiny_dir)
    assert (error.row, error.column) == (2, "demand_kt")


def test_value_not_allowed(tiny_dir):
    edit(tiny_dir, "demand.csv", "lithium,STEPS,2024,total", "lithium,STEPS,2024,all")
    error = refused(tiny_dir)
    assert error.column == "scope" and "cleantech" in error.expected


def test_a_misspelt_scenario_is_a_scenario_without_its_milestones(tiny_dir):
    edit(tiny_dir, "demand.csv", "lithium,STEPS,2024,total", "lithium,SPS,2024,total")
    error = refused(tiny_dir)
    assert (error.column, error.found) == ("scenario", "no total demand for lithium, SPS 2030")


def test_pattern(tiny_dir):
    edit(tiny_dir, "democracy_index.csv", "AUS,2024", "Aus,2024")
    assert refused(tiny_dir).column == "country_iso3"


def test_bool(tiny_dir):
    edit(tiny_dir, "production.csv", "lithium,country,AUS,2025,100,,,,true", "lithium,country,AUS,2025,100,,,,yes")
    assert refused(tiny_dir).expected == "true or false"


def test_duplicate_key(tiny_dir):
    edit(tiny_dir, "reserves.csv", "lithium,country,CHN,2025,500", "lithium,country,CHL,2025,500")
    error = refused(tiny_dir)
    assert error.file == "reserves.csv" and error.row == 4
    assert error.column == "mineral,row_kind,country_iso3,year"


def test_unknown_source(tiny_dir):
    edit(tiny_dir, "demand.csv", "zinc,STEPS,2024,cleantech,0.01,src-a", "zinc,STEPS,2024,cleantech,0.01,src-b")
    error = refused(tiny_dir)
    assert (error.file, error.column, error.found) == ("demand.csv", "source_id", "src-b")


def test_unknown_mineral(tiny_dir):
    edit(tiny_dir, "supply_projection.csv", "lithium,refining", "lithum,refining")
    error = refused(tiny_dir)
    assert (error.column, error.found) == ("mineral", "lithum")


def test_not_an_iso_country(tiny_dir):
    edit(tiny_dir, "production.csv", "lithium,country,CHN,2021", "lithium,country,XXX,2021")
    error = refused(tiny_dir)
    assert (error.column, error.found) == ("country_iso3", "XXX")


def test_aggregate_row_has_no_country(tiny_dir):
    edit(tiny_dir, "production.csv", "lithium,world_total,,2021", "lithium,world_total,AUS,2021")
    assert "empty for a 'world_total' row" in refused(tiny_dir).expected


def test_partnership_member_must_be_a_country(tiny_dir):
    edit(tiny_dir, "partnerships.yaml", "{country: NZL}", "{country: EUU}")
    error = refused(tiny_dir)
    assert error.file == "partnerships.yaml" and error.found == "EUU"


def test_partnership_needs_members_or_rule(tiny_dir):
    edit(tiny_dir, "partnerships.yaml", "  rule: eiu_democracy\n", "")
    assert refused(tiny_dir).column == "members"


def test_countries_must_sum_to_world_total(tiny_dir):
    edit(tiny_dir, "production.csv", "lithium,world_total,,2025,200", "lithium,world_total,,2025,300")
    error = refused(tiny_dir)
    assert (error.file, error.row, error.column) == ("production.csv", 11, "value_t")
    assert "countries sum to 200" in error.found


def test_world_total_exception_is_data(tiny_dir):
    edit(tiny_dir, "production.csv", "lithium,world_total,,2025,200", "lithium,world_total,,2025,300")
    (tiny_dir / "world_total_exceptions.csv").write_text(
        "table,mineral,year,rule,reason\nproduction,lithium,2025,skip,test reason\n", encoding="utf-8")
    load(tiny_dir)


def test_world_total_excluding_usa(tiny_dir):
    # Countries sum to 200 + 100 (USA) = 300 against a world total of 200 that leaves the US out.
    edit(tiny_dir, "production.csv", "lithium,country,USA,2025,,,,W,", "lithium,country,USA,2025,100,,,,")
    with pytest.raises(DataError):
        load(tiny_dir)
    (tiny_dir / "world_total_exceptions.csv").write_text(
        "table,mineral,year,rule,reason\nproduction,lithium,2025,excludes_usa,world total leaves out the US\n",
        encoding="utf-8")
    load(tiny_dir)


def test_democracies_are_derived_by_rule(tiny):
    # Latest year 2024: AUS 8.5, USA 7.8, CHL 7.9 are above 6; NZL at exactly 6 and CHN are not.
    members = tiny.partnership_members
    assert sorted(members.loc[members["partnership"] == "democracies", "country_iso3"]) == ["AUS", "CHL", "USA"]


def test_dated_membership_is_derived_from_since(tiny_dir):
    with (tiny_dir / "partnerships.yaml").open("a", encoding="utf-8") as yaml_file:
        yaml_file.write('- partnership: pair-2023\n  name: Pair in 2023\n  short_name: Pair 2023\n'
                        '  description: Dated.\n  as_of: "2023-01-01"\n  source_id: src-a\n  members_as_of: pair\n')
    members = load(tiny_dir).partnership_members
    # AUS joined 2022-06-14; USA's date is not published, so it is left out of the dated variant.
    assert list(members.loc[members["partnership"] == "pair-2023", "country_iso3"]) == ["AUS"]


def test_partnership_member_error_names_the_partnership(tiny_dir):
    edit(tiny_dir, "partnerships.yaml", 'since: "2022-06-14"', 'since: "14 June 2022"')
    error = refused(tiny_dir)
    assert (error.file, error.row, error.column) == ("partnerships.yaml", "'pair' member 'AUS'", "since")


def dem_members(ds):
    return sorted(ds.partnership_members.loc[ds.partnership_members["partnership"] == "democracies", "country_iso3"])


def test_a_year_just_begun_does_not_shrink_the_democracies(tiny_dir):
    # 2024 covers 5 countries; one 2025 row would make "the latest year" a year of 1 country.
    with (tiny_dir / "democracy_index.csv").open("a", encoding="utf-8") as index:
        index.write("AUS,2025,8.6,src-a\n")
    ds = load(tiny_dir)
    assert dem_members(ds) == ["AUS", "CHL", "USA"]  # still 2024's
    assert ds.notices == ["note: democracy_index.csv: the Democracies use 2024 (5 countries), the latest year that "
                          "covers as many countries as the year before; 2025 (1 countries) cover fewer"]


def test_a_country_missing_from_the_latest_year_falls_back_to_a_whole_year(tiny_dir):
    # 2023 covers six countries, GBR among them; 2024 covers five, GBR missing: 2023 is the latest whole year.
    with (tiny_dir / "democracy_index.csv").open("a", encoding="utf-8") as index:
        index.write("AUS,2023,8.5,src-a\nUSA,2023,7.9,src-a\nCHL,2023,7.8,src-a\nNZL,2023,6.1,src-a\n"
                    "CHN,2023,2.0,src-a\nGBR,2023,8.2,src-a\n")
    ds = load(tiny_dir)  # 2023: 6 countries, 2024: 5 (no GBR row)
    assert dem_members(ds) == ["AUS", "CHL", "GBR", "NZL", "USA"]
    assert "the Democracies use 2023 (6 countries)" in ds.notices[0]


def test_a_member_leaving_a_rule_partnership_is_named(tiny):
    from generator.load import rule_membership_changes
    import pandas as pd
    before = pd.DataFrame({"partnership": ["democracies"] * 3 + ["pair"], "country_iso3": ["AUS", "NZL", "USA", "AUS"]})
    # Now: AUS, CHL, USA. NZL left, CHL joined; the listed partnership "pair" is not a rule and is not reported.
    assert rule_membership_changes(before, tiny) == ["democracies (members by rule): NZL left; CHL joined"]
    assert rule_membership_changes(None, tiny) == []


def test_empty_countries_of_concern_are_refused(tiny_dir):
    (tiny_dir / "countries_of_concern.csv").write_text("country_iso3,designation,source_id\n", encoding="utf-8")
    assert (refused(tiny_dir).file, refused(tiny_dir).found) == ("countries_of_concern.csv", "no data rows")


def test_a_mineral_without_its_world_total_is_refused(tiny_dir):
    text = (tiny_dir / "production.csv").read_text(encoding="utf-8")
    (tiny_dir / "production.csv").write_text(text.replace("zinc,world_total,,2025,40,,,,false,2026,src-a,40 t,\n", ""),
                                             encoding="utf-8")
    error = refused(tiny_dir)
    assert (error.file, error.column, error.found) == ("production.csv", "row_kind",
                                                         "no 2025 world_total row with a figure for zinc")


@pytest.mark.parametrize("yaml_text, where, found", [
    ("  members:\n    - {country: AUS}\n", 11, "members"),  # 'pair' lists its members again on line 11
    ("  x: &anchor [1]\n", 11, "&anchor"),
])
def test_strict_yaml_refuses_repeated_keys_and_anchors(tiny_dir, yaml_text, where, found):
    path = tiny_dir / "partnerships.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:10]) + yaml_text + "".join(lines[10:]), encoding="utf-8")
    error = refused(tiny_dir)
    assert (error.row, error.found) == (where, found)


def test_unknown_member_key_is_refused_naming_the_allowed_ones(tiny_dir):
    edit(tiny_dir, "partnerships.yaml", "    - {country: NZL}", "    - {country: NZL, left: \"2020-01-31\"}")
    error = refused(tiny_dir)
    assert (error.column, error.expected) == ("left", "one of the keys country, since, note, source_id")


def test_an_import_that_changes_a_rule_partnership_says_who_in_the_changelog(tiny_dir):
    from generator.importers.eiu import import_eiu
    path = tiny_dir.parent / "eiu.csv"
    # CHL falls to 5.9 (a hybrid regime): it leaves the Democracies; JPN (8.48) is new and joins.
    path.write_text("Entity,Code,Year,Democracy score\nAustralia,AUS,2024,8.5\nUnited States,USA,2024,7.8\n"
                    "Chile,CHL,2024,5.9\nChina,CHN,2024,2.1\nChina,CHN,2022,6.5\nNew Zealand,NZL,2024,6\n"
                    "Japan,JPN,2024,8.48\n", encoding="utf-8")
    import_eiu(path, tiny_dir, "src-a")
    assert "  - democracies (members by rule): CHL left; JPN joined.\n" in (tiny_dir / "CHANGELOG.md").read_text(encoding="utf-8")


def test_a_reference_row_that_goes_is_named(tiny):
    from generator.load import reference_rows_removed
    import pandas as pd
    before = {"countries_of_concern": pd.DataFrame({"country_iso3": ["CHN", "RUS"], "designation": "x",
                                                    "source_id": "src-a"}),
              "comparability": None}  # no earlier build of it
    assert reference_rows_removed(before, tiny) == ["countries_of_concern.csv: the row RUS was removed"]


def test_a_member_who_left_a_rule_partnership_is_refused_until_the_changelog_names_it(tiny):
    from generator.load import check_leavers_recorded
    import pandas as pd
    # The last build published the Democracies as AUS, CHL, NZL, USA; now (2024: NZL at exactly 6 is not above 6)
    # NZL has left.
    before = pd.DataFrame({"partnership": "democracies", "country_iso3": ["AUS", "CHL", "NZL", "USA"]})
    for changelog in ("", "# Data changelog\n- NZL joined democracies in 2023.\n", "- NZL left the Pair.\n"):
        tiny.changelog = changelog
        with pytest.raises(DataError) as refusal:
            check_leavers_recorded(before, tiny)
        assert (refusal.value.file, refusal.value.found) == (
            "CHANGELOG.md",
            "no line naming NZL (New Zealand) leaving democracies, which it has left since the last build")
    for changelog in ("- NZL left democracies (EIU score 6 in 2024, not above 6).\n",
                      "## 2026-12-02\n- New Zealand left the Democracies.\n",
                      "  - democracies (members by rule): NZL left; CHL joined.\n"):  # as the EIU import writes it
        tiny.changelog = changelog
        check_leavers_recorded(before, tiny)
    check_leavers_recorded(None, tiny)  # no earlier build: nothing has left


def test_a_reference_table_emptied_since_the_last_build_is_refused_naming_its_rows(tiny):
    from generator.load import reference_rows_removed
    import pandas as pd
    # The tiny comparability table is empty; the last build had two rows of it.
    before = {"comparability": pd.DataFrame({"mineral": ["lithium", "zinc"], "measure": "reserves_sufficiency",
                                             "treatment": "not_comparable", "reason": "x"})}
    with pytest.raises(DataError) as refusal:
        reference_rows_removed(before, tiny)
    assert (refusal.value.file, refusal.value.row, refusal.value.found) == (
        "comparability.csv", 2, "no data rows (the last build had 2: lithium reserves_sufficiency; "
                                "zinc reserves_sufficiency)")
    assert reference_rows_removed({"comparability": before["comparability"].iloc[:0]}, tiny) == []  # empty before too


def test_a_scenario_the_iea_adds_loads_and_follows_the_known_ones(tiny_dir):
    """The scenario list comes from demand.csv: a new code (here CPS) needs no change to the code."""
    from generator import metrics
    from generator.load import load
    from generator.view import scenarios
    with open(tiny_dir / "demand.csv", "a", encoding="utf-8") as demand:
        for year in (2024, 2030, 2035, 2040, 2045, 2050):
            demand.write(f"lithium,CPS,{year},total,0.3,src-a\nzinc,CPS,{year},cleantech,0.01,src-a\n")
    ds = load(tiny_dir)
    assert scenarios(ds.demand) == ["STEPS", "APS", "NZE", "CPS"]
    suff = metrics.sufficiency(ds)
    pair = suff[(suff["partnership"] == "pair") & (suff["mineral"] == "lithium") & (suff["year"] == 2030)]
    assert list(pair["scenario"]) == ["STEPS", "APS", "NZE", "CPS"]
    # Pair's 2025 lithium output: Australia 100 t (the US is withheld) against 0.3 kt = 300 t.
    assert pair.iloc[-1]["production_sufficiency"] == pytest.approx(100 / 300)


@pytest.mark.parametrize("text, fine", [
    ("-5", True), ("+1.5e3", True), ("Côte d’Ivoire", True), ("a – b", True),
    ("-5 t", False), ("=1+1", False), ("@SUM(A1)", False), ("+cmd", False),
    ("US\x1b[31m", False), ("Zi\u202enc", False), ("a\u2066b", False), ("line\nbreak", False),
])
def test_free_text_may_be_a_signed_number_but_not_a_formula_or_hold_a_control_character(text, fine):
    from generator.load import text_problem
    assert (text_problem(text) == "") is fine


def test_a_free_text_value_that_is_a_whole_negative_number_loads(tiny_dir):
    edit(tiny_dir, "comparability.csv", "reason\n", "reason\nlithium,production_sufficiency,not_comparable,-12.5\n")
    assert list(load(tiny_dir).comparability["reason"]) == ["-12.5"]
