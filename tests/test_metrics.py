"""Every measure on the tiny package, with the expected figure worked out by hand; then invariants."""

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import bounds
from generator import focus as friendshoring
from generator import metrics


def row(results, partnership, mineral="lithium", scenario="NZE", year=2030):
    s = results[(results["partnership"] == partnership) & (results["mineral"] == mineral)
                & (results["scenario"] == scenario) & (results["year"] == year)]
    assert len(s) == 1
    return s.iloc[0]


@pytest.fixture
def suff(tiny_sufficiency):
    return tiny_sufficiency


def test_one_row_per_mineral_partnership_scenario_year(suff):
    assert len(suff) == 2 * 4 * 3 * 5  # minerals × partnerships × scenarios × milestone years


def test_world_share(suff):
    # Pair = AUS + USA. 2025: AUS 100 t, USA withheld; world 200 t.
    assert row(suff, "pair")["world_share"] == pytest.approx(100 / 200)
    # Reserves: AUS 1,000 + USA 300 of a world 3,800.
    assert row(suff, "pair")["world_reserves_share"] == pytest.approx(1300 / 3800)


def test_withheld_member_is_disclosed_not_zeroed(suff):
    r = row(suff, "pair")
    assert r["members_production_t"] == 100
    assert r["withheld_production"] == ("USA",)


def test_production_sufficiency(suff):
    # NZE 2030 lithium demand 0.4 kt = 400 t; pair produces 100 t.
    assert row(suff, "pair")["production_sufficiency"] == pytest.approx(100 / 400)
    # Democracies (AUS, CHL, USA): 100 + 60 = 160 t.
    assert row(suff, "democracies")["production_sufficiency"] == pytest.approx(160 / 400)


def test_cleantech_scope_is_used_only_where_total_is_missing(suff):
    assert row(suff, "pair")["demand_scope"] == "total"
    zinc = row(suff, "pair", "zinc")
    assert zinc["demand_scope"] == "cleantech"
    # Zinc: AUS 10 t against 0.02 kt = 20 t of clean-tech demand.
    assert zinc["production_sufficiency"] == pytest.approx(10 / 20)


def test_cumulative_demand_interpolates_linearly():
    # 0.1 kt in 2024 rising to 0.4 kt in 2030: 2025 = 0.15, 2026 = 0.2, … 2029 = 0.35; 2030–2050 = 21 × 0.4.
    expected_kt = 0.15 + 0.2 + 0.25 + 0.3 + 0.35 + 21 * 0.4
    milestones = {2024: 0.1, 2030: 0.4, 2035: 0.4, 2040: 0.4, 2045: 0.4, 2050: 0.4}
    assert metrics.cumulative_demand_t(milestones, 2025) == pytest.approx(expected_kt * 1000)


def test_reserves_sufficiency_and_reserve_life(suff):
    cumulative_t = (0.15 + 0.2 + 0.25 + 0.3 + 0.35 + 21 * 0.4) * 1000
    r = row(suff, "pair")
    assert r["reserves_sufficiency"] == pytest.approx(1300 / cumulative_t)


def test_withheld_member_is_left_out_of_both_sides_of_reserve_life(suff):
    # Pair: AUS 1,000 t reserves / 100 t output. USA's 300 t reserves count nowhere, since its output is
    # withheld: 1,300 / 100 = 13 years would set the US reserves against Australia's output.
    r = row(suff, "pair")
    assert r["reserve_life_years"] == pytest.approx(1000 / 100)


def test_withheld_member_makes_the_ratio_a_bound(suff):
    r = row(suff, "pair")
    # Output without the US (100 t) can only understate coverage and overstate the build-out.
    assert r["production_sufficiency_bound"] == "lower"
    assert r["world_share_bound"] == "lower"
    assert r["buildout_multiple_bound"] == "upper"
    assert r["buildout_cagr_bound"] == "upper"
    assert r["supply_left_out"] == ("USA",)
    # The democracies' reserves have every member's figure: not a bound.
    assert row(suff, "democracies")["reserves_sufficiency_bound"] == ""


def test_buildout(suff):
    r = row(suff, "pair")
    # 400 t needed in 2030 from 100 t in 2025: ×4 in 5 years.
    assert r["buildout_multiple"] == pytest.approx(4.0)
    assert r["buildout_cagr"] == pytest.approx(4 ** (1 / 5) - 1)
    r2050 = row(suff, "pair", year=2050)
    assert r2050["buildout_cagr"] == pytest.approx(4 ** (1 / 25) - 1)


def test_buildout_target_share_is_configurable(tiny):
    r = row(metrics.sufficiency(tiny, target_share=0.5), "pair")
    assert r["buildout_multiple"] == pytest.approx(2.0)


def test_historical_growth_counts_members_with_both_years(suff):
    # AUS 50 → 100 t from 2021 to 2025; USA has no figure in either year.
    assert row(suff, "pair")["historical_cagr"] == pytest.approx(2 ** (1 / 4) - 1)
    # Democracies: AUS + CHL = 90 → 160 t.
    assert row(suff, "democracies")["historical_cagr"] == pytest.approx((160 / 90) ** (1 / 4) - 1)


def test_projected_sufficiency_and_coverage(suff):
    r = row(suff, "pair")
    # IEA names AUS at 0.2 kt in 2030 against 0.4 kt demand; rest of world is 0.2 of 0.4 kt.
    assert r["projected_sufficiency"] == pytest.approx(0.5)
    assert r["rest_of_world_share"] == pytest.approx(0.5)
    # IEA projects to 2040 only in the tiny package's 2030: 2035 has no figure.
    assert math.isnan(row(suff, "pair", year=2035)["projected_sufficiency"])
    assert "no mining supply by country" in row(suff, "pair", year=2035)["projected_sufficiency_note"]


def test_partnership_with_no_producing_member(suff):
    r = row(suff, "none")
    assert r["members_production_t"] == 0
    assert r["production_sufficiency"] == 0
    assert r["world_share"] == 0
    # A zero denominator gives missing, never infinity.
    assert math.isnan(r["buildout_multiple"]) and math.isnan(r["reserve_life_years"])
    assert "no member is a listed producer" in r["buildout_multiple_note"]
    assert "none of the members is among the mining countries the IEA names" in r["projected_sufficiency_note"]


def test_every_member_withheld_gives_missing(tiny):
    tiny.production.loc[(tiny.production["country_iso3"] == "AUS") & (tiny.production["year"] == 2025),
                        ["value_t", "code"]] = [np.nan, "W"]
    r = row(metrics.sufficiency(tiny), "pair")
    assert math.isnan(r["members_production_t"]) and math.isnan(r["production_sufficiency"])
    assert r["withheld_production"] == ("AUS", "USA")


def _with_other_countries(ds, value_t):
    """Give lithium 2025 a USGS 'other countries' row (the tiny package's is zero) and a world total to match."""
    rows = ds.production
    at = (rows["mineral"] == "lithium") & (rows["year"] == 2025)
    rows.loc[at & (rows["row_kind"] == "other_countries"), "value_t"] = value_t
    rows.loc[at & (rows["row_kind"] == "world_total"), "value_t"] = 200 + value_t
    return ds


def test_a_member_folded_into_other_countries_makes_the_figure_a_bound(tiny):
    # Lithium 2025: the USGS lists AUS, CHL, CHN and USA; 50 t more sit in "other countries" (world 250 t).
    # NZL is not listed: its output, if any, is inside those 50 t, which cannot be assigned.
    ds = _with_other_countries(tiny, 50.0)
    ds.partnership_members.loc[len(ds.partnership_members)] = ["pair", "NZL", "", "", ""]
    r = row(metrics.sufficiency(ds), "pair")
    assert r["unlisted_production"] == ("NZL",)
    # AUS 100 t of 250 t: at least 40 % of world output, at least 100/400 = 25 % of NZE 2030 demand.
    assert r["world_share"] == pytest.approx(100 / 250) and r["world_share_bound"] == "lower"
    assert r["production_sufficiency_bound"] == "lower" and r["supply_left_out"] == ("NZL", "USA")
    # The 'other countries' share is disclosed beside the figure: 50 of 250 t.
    assert r["unlisted_production_share"] == pytest.approx(50 / 250)


def test_no_member_listed_while_other_countries_holds_output_is_missing_not_zero(tiny, tiny_dir):
    from generator.load import load
    # "none" is NZL alone. With 50 t in "other countries", NZL's share is unknown, not 0 %.
    r = row(metrics.sufficiency(_with_other_countries(tiny, 50.0)), "none")
    assert math.isnan(r["members_production_t"]) and math.isnan(r["world_share"])
    assert "other countries" in r["world_share_note"]
    # With "other countries" given as zero by the USGS, NZL mines nothing: 0 %, not a bound.
    zero = row(metrics.sufficiency(load(tiny_dir)), "none")
    assert zero["world_share"] == 0 and zero["world_share_bound"] == ""


def test_a_world_total_that_leaves_a_country_out_says_so(tiny):
    tiny.world_total_exceptions = pd.DataFrame([["production", "lithium", 2025, "excludes_usa", "USGS note"]],
                                               columns=tiny.world_total_exceptions.columns)
    suff = metrics.sufficiency(tiny)
    assert row(suff, "pair")["world_total_excludes"] == ("USA",)
    assert row(suff, "pair", "zinc")["world_total_excludes"] == ()


def test_ratio_zero_or_missing_denominator():
    assert math.isnan(metrics.ratio(1.0, 0.0))
    assert math.isnan(metrics.ratio(1.0, float("nan")))
    out = metrics.ratio(pd.Series([1.0, 2.0]), pd.Series([0.0, 4.0]))
    assert math.isnan(out[0]) and out[1] == 0.5


def test_concentration(tiny):
    conc = friendshoring.concentration(tiny)
    world = conc[(conc["mineral"] == "lithium") & (conc["stage"] == "mining") & (conc["partnership"] == "")].iloc[0]
    # Shares of the 200 t world total: AUS 50 %, CHL 30 %, CHN 20 % → 2,500 + 900 + 400.
    assert world["hhi"] == pytest.approx(3800)
    assert (world["top_country_iso3"], world["top_share"]) == ("AUS", 0.5)
    refining = conc[(conc["mineral"] == "lithium") & (conc["stage"] == "refining") & (conc["partnership"] == "")].iloc[0]
    # IEA 2024 refining: CHN 0.3 of 0.4 kt → 75 %; the rest of world is not a country.
    assert refining["hhi"] == pytest.approx(75 ** 2)
    inside = conc[(conc["mineral"] == "lithium") & (conc["stage"] == "mining") & (conc["partnership"] == "democracies")].iloc[0]
    # Within democracies: AUS 100 and CHL 60 of 160 t.
    assert inside["hhi"] == pytest.approx((100 / 160 * 100) ** 2 + (60 / 160 * 100) ** 2)


def test_focus_ranks_candidates_and_members(tiny):
    focus = friendshoring.focus(tiny)
    pair = focus[(focus["partnership"] == "pair") & (focus["mineral"] == "lithium")].set_index("country_iso3")
    # Candidate CHL (60 t) against 400 t of NZE 2030 demand.
    assert pair.at["CHL", "production_sufficiency_gain"] == pytest.approx(60 / 400)
    assert pair.at["CHL", "rank_production"] == 1 and pair.at["CHL", "rank_reserves"] == 1
    # CHL is in the democracies (EIU 7.9), which declare no tie in the tiny package.
    assert pair.at["CHL", "democracy_score"] == 7.9
    # Members by unused reserves: AUS 1,000 / 100 = 10 years; USA has no production figure, so it is unranked.
    assert pair.at["AUS", "reserve_life_years"] == pytest.approx(10)
    assert pair.at["AUS", "rank_unused_reserves"] == 1
    assert pd.isna(pair.at["USA", "rank_unused_reserves"])
    assert pair.at["AUS", "role"] == "member" and pd.isna(pair.at["AUS", "rank_production"])


def test_country_of_concern_is_never_ranked(tiny):
    # CHN mines 40 t and holds 500 t: it would rank second for the pair on both, but it is a country of concern.
    focus = friendshoring.focus(tiny)
    china = focus[focus["country_iso3"] == "CHN"]
    assert set(china["role"]) == {"excluded"}
    assert china["rank_production"].isna().all() and china["rank_reserves"].isna().all()
    assert (china["excluded_reason"] == "country of concern (covered nation)").all()


def test_share_held_by_countries_of_concern(tiny):
    conc = friendshoring.concentration(tiny).set_index(["mineral", "stage", "partnership"])
    # Mining 2025: CHN 40 of the 200 t world total. Refining 2024: CHN 0.3 of the IEA's 0.4 kt, rest of world included.
    assert conc.at[("lithium", "mining", ""), "concern_share"] == pytest.approx(40 / 200)
    assert conc.at[("lithium", "refining", ""), "concern_share"] == pytest.approx(0.3 / 0.4)


def test_candidate_ties_come_from_partnerships_that_declare_one(tiny):
    tiny.partnerships.loc[tiny.partnerships["partnership"] == "none", "tie"] = "NZ pact"
    tiny.partnership_members.loc[len(tiny.partnership_members)] = ["none", "CHL", "", "", ""]
    focus = friendshoring.focus(tiny)
    chile = focus[(focus["partnership"] == "pair") & (focus["country_iso3"] == "CHL")].iloc[0]
    assert chile["ties"] == "NZ pact"


def test_refining_sufficiency_worked_by_hand(tiny):
    # Add 2030 refining: CHN 0.3 kt, AUS 0.1 kt, rest of world 0.2 kt. NZE 2030 lithium demand 0.4 kt.
    extra = pd.DataFrame([["lithium", "refining", "country", "CHN", 2030, 0.3, "src-a"],
                          ["lithium", "refining", "country", "AUS", 2030, 0.1, "src-a"],
                          ["lithium", "refining", "rest_of_world", "", 2030, 0.2, "src-a"]],
                         columns=tiny.supply_projection.columns)
    tiny.supply_projection = pd.concat([tiny.supply_projection, extra], ignore_index=True)
    suff = metrics.sufficiency(tiny)
    pair = row(suff, "pair")
    # The pair's named refiner is AUS: 0.1 ÷ 0.4 = 25 %; rest of world 0.2 of the 0.6 kt IEA total.
    assert pair["refining_sufficiency"] == pytest.approx(0.1 / 0.4)
    assert pair["refining_rest_of_world_share"] == pytest.approx(0.2 / 0.6)
    # USA is not named: it may refine inside the rest of world, so 25 % is a lower bound.
    assert pair["refining_sufficiency_bound"] == "lower"
    assert pair["refining_unnamed"] == ("USA",)
    # No member of "none" is named: missing, with the reason.
    assert math.isnan(row(suff, "none")["refining_sufficiency"])
    assert "none of the members is among the refining countries" in row(suff, "none")["refining_sufficiency_note"]


def test_iea_basis_replaces_usgs_oxides_for_a_declared_mineral(tiny):
    """Magnet rare earths against magnet rare earths: with `iea_mining_supply`, production sufficiency divides
    the IEA's base-year mine supply of the members it names, not the USGS figure, by demand."""
    tiny.comparability = pd.DataFrame([["lithium", "production_sufficiency", "iea_mining_supply", "same basis"],
                                       ["lithium", "reserves_sufficiency", "not_comparable", "oxide reserves"]],
                                      columns=["mineral", "measure", "treatment", "reason"])
    suff = metrics.sufficiency(tiny)
    pair = row(suff, "pair")
    # IEA 2024 mine supply: AUS 0.1 kt = 100 t (the USGS says 100 t in 2025 too, on another basis). Demand 400 t.
    assert pair["supply_t"] == pytest.approx(100) and pair["supply_year"] == 2024
    assert pair["production_sufficiency"] == pytest.approx(100 / 400)
    # Build-out from 2024, not 2025: ×4 in 6 years.
    assert pair["buildout_cagr"] == pytest.approx(4 ** (1 / 6) - 1)
    # The USA produces (withheld) but the IEA does not name it: a lower bound, said why.
    assert pair["production_sufficiency_bound"] == "lower"
    assert pair["supply_left_out"] == ("USA",) and pair["supply_basis"] == bounds.IEA_BASIS
    # Democracies: CHL produces 60 t but the IEA names only AUS → still 100 t.
    assert row(suff, "democracies")["supply_t"] == pytest.approx(100)
    assert not pair["reserves_sufficiency_comparable"]
    assert pair["reserves_sufficiency_note"] == "oxide reserves"
    assert pair["production_sufficiency_note"] == pair["buildout_cagr_note"] == "same basis"


def test_not_comparable_flags_follow_to_the_buildout(tiny):
    tiny.comparability = pd.DataFrame([["lithium", "production_sufficiency", "not_comparable", "different"]],
                                      columns=["mineral", "measure", "treatment", "reason"])
    pair = row(metrics.sufficiency(tiny), "pair")
    for name in ("production_sufficiency", "buildout_multiple", "buildout_cagr"):
        assert not pair[f"{name}_comparable"]
    assert pair["reserves_sufficiency_comparable"]
    # The figure itself is still published, flagged, in the CSV.
    assert pair["production_sufficiency"] == pytest.approx(100 / 400)


def test_reserve_life_on_different_bases_is_not_comparable(tiny):
    """Platinum-group metals: reserves of all PGMs over output of platinum and palladium only. A row for
    reserve_life_years flags that measure alone; its value (1,000 t ÷ 100 t = 10 years) is still published."""
    tiny.comparability = pd.DataFrame([["lithium", "reserve_life_years", "not_comparable", "all PGMs over Pt + Pd"]],
                                      columns=["mineral", "measure", "treatment", "reason"])
    pair = row(metrics.sufficiency(tiny), "pair")
    assert not pair["reserve_life_years_comparable"] and pair["reserve_life_years_note"] == "all PGMs over Pt + Pd"
    assert pair["production_sufficiency_comparable"] and pair["reserves_sufficiency_comparable"]
    assert pair["reserve_life_years"] == pytest.approx(1000 / 100)


# --- invariants ------------------------------------------------------------

countries = st.sampled_from(["AUS", "CHL", "CHN", "USA", "NZL"])


@pytest.fixture(scope="module")
def tiny_loaded(tiny_once):
    """The tiny package, loaded once per worker: each example works on a shallow copy (loading is the slow part)."""
    return tiny_once


def _with_members(ds, members):
    """The package with one partnership 'p' of `members`: a shallow copy (the engine changes no table)."""
    return dataclasses.replace(ds, partnership_members=pd.DataFrame(
        {"partnership": "p", "country_iso3": sorted(members), "since": "", "note": "", "source_id": ""}))


@pytest.fixture(scope="module")
def sufficiency_with(tiny_loaded):
    """`sufficiency_with(members)`: the sufficiency table of the tiny package with one partnership 'p' of `members`,
    computed once per set of members in this module. The examples draw from 31 sets (five countries) and the focus
    property runs the engine once per candidate, so the same set comes back often; the engine is a pure function of
    the package, and the tests only read the table."""
    computed = {}

    def of(members):
        key = frozenset(members)
        if key not in computed:
            computed[key] = metrics.sufficiency(_with_members(tiny_loaded, key))
        return computed[key]
    return of


@settings(max_examples=5, deadline=None)  # two engine runs an example at most, half a second each
@given(members=st.sets(countries, min_size=1), extra=countries)
def test_adding_a_member_never_lowers_production(sufficiency_with, members, extra):
    before = sufficiency_with(members)
    after = sufficiency_with(members | {extra})
    b, a = before["members_production_t"].fillna(0), after["members_production_t"].fillna(0)
    assert (a.values >= b.values).all()


@settings(max_examples=8, deadline=None)
@given(members=st.sets(countries, min_size=1))
def test_shares_stay_between_zero_and_one(sufficiency_with, members):
    s = sufficiency_with(members)
    for column in ("world_share", "world_reserves_share"):
        values = s[column].dropna()
        assert ((values >= 0) & (values <= 1)).all()


@settings(max_examples=5, deadline=None)  # an engine run an example
@given(factor=st.floats(min_value=0.01, max_value=100))
def test_production_sufficiency_scales_linearly(tiny_loaded, tiny_results_once, factor):
    base = row(tiny_results_once.sufficiency, "pair")["production_sufficiency"]  # the same package, unscaled
    ds = dataclasses.replace(tiny_loaded, production=tiny_loaded.production.assign(
        value_t=tiny_loaded.production["value_t"] * factor))
    assert row(metrics.sufficiency(ds), "pair")["production_sufficiency"] == pytest.approx(base * factor)


@settings(max_examples=6, deadline=None)  # an engine run per candidate an example
@given(members=st.sets(countries, min_size=1))
def test_focus_ranking_matches_the_sufficiency_it_claims(tiny_loaded, sufficiency_with, members):
    """Adding the rank-1 candidate gives the highest production sufficiency of any single accession."""
    ds = _with_members(tiny_loaded, members)
    focus = friendshoring.focus(ds)
    candidates = focus[(focus["mineral"] == "lithium") & focus["rank_production"].notna()]
    if candidates.empty:
        return
    gained = {}
    for c in candidates["country_iso3"]:
        joined = sufficiency_with(members | {c})
        gained[c] = row(joined, "p")["production_sufficiency"]
    best = candidates.sort_values("rank_production").iloc[0]["country_iso3"]
    assert gained[best] == max(gained.values())


# --- a refinery-stage mineral in the engine (issue 17): gallium, worked by hand ---------------------------

@pytest.fixture
def with_gallium(tiny_dir):
    """The tiny package with gallium moved into the engine: stage refinery, its USGS refinery table as its
    production (2025: CHN 90, JPN 6, RUS 4 of a world 100 t; 2021: JPN 3 t), no reserves, IEA clean-technology
    demand 0.02 kt in 2024 and 0.04 kt at every milestone, and Japan scored 8.4 so the democracies hold it."""
    from generator.load import load

    def edit(name, change):
        path = tiny_dir / name
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    edit("minerals.csv", lambda t: t + "gallium,Gallium,Ga content,,Gallium,Gallium,galli,Gallium,cleantech,,"
                                       "refined gallium,refinery,true,primary production,\n")
    edit("minerals_outside.csv", lambda t: "".join(line for line in t.splitlines(keepends=True)
                                                   if not line.startswith("gallium,")))
    refinery = (tiny_dir / "refinery_production.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    edit("production.csv", lambda t: t + "".join(refinery[1:])
         + "gallium,country,JPN,2021,3,,,,false,2026,src-a,3 t,\n")
    (tiny_dir / "refinery_production.csv").write_text(refinery[0], encoding="utf-8")
    edit("cleantech_demand.csv", lambda t: "".join(line for line in t.splitlines(keepends=True)
                                                   if not line.startswith("gallium,")))
    edit("demand.csv", lambda t: t + "".join(
        f"gallium,{s},{y},cleantech,{0.02 if y == 2024 else 0.04},src-a\n"
        for s in ("STEPS", "APS", "NZE") for y in (2024, 2030, 2035, 2040, 2045, 2050)))
    edit("comparability.csv", lambda t: t + "gallium,production_sufficiency,stage_output,Refinery stage: refined "
                                            "gallium against gallium demand.\n")
    edit("democracy_index.csv", lambda t: t + "JPN,2024,8.4,src-a\n")
    return load(tiny_dir)


def test_refinery_stage_mineral_worked_by_hand(with_gallium):
    suff = metrics.sufficiency(with_gallium)
    gallium = row(suff, "democracies", "gallium")  # democracies: AUS, CHL, JPN, USA; of them only Japan refines gallium
    assert gallium["stage"] == "refinery"
    assert gallium["supply_basis"] == "USGS refinery production"
    assert gallium["members_production_t"] == 6
    assert gallium["world_share"] == pytest.approx(6 / 100)
    # NZE 2030: 0.04 kt = 40 t of clean-technology demand against 6 t refined today.
    assert gallium["production_sufficiency"] == pytest.approx(6 / 40)
    assert gallium["production_sufficiency_comparable"]
    assert gallium["production_sufficiency_note"] == "Refinery stage: refined gallium against gallium demand."
    assert gallium["buildout_multiple"] == pytest.approx(40 / 6)
    assert gallium["buildout_cagr"] == pytest.approx((40 / 6) ** (1 / 5) - 1)  # 2025 to 2030
    assert gallium["historical_cagr"] == pytest.approx((6 / 3) ** (1 / 4) - 1)  # Japan 3 t in 2021, 6 t in 2025
    # No reserves: every reserve measure is missing (never 0), with the reason.
    for measure in ("reserves_sufficiency", "world_reserves_share", "reserve_life_years"):
        assert math.isnan(gallium[measure])
        assert "publishes no reserves" in gallium[f"{measure}_note"]
        assert "refinery output" in gallium[f"{measure}_note"]
    assert math.isnan(gallium["members_reserves_t"])
    assert gallium["withheld_reserves"] == () and gallium["unlisted_reserves"] == ()
    # The mine-stage minerals are untouched by gallium's arrival.
    assert row(suff, "pair")["production_sufficiency"] == pytest.approx(100 / 400)
    assert row(suff, "pair")["supply_basis"] == "USGS mine production"


def test_refinery_stage_mineral_is_not_counted_for_reserves(with_gallium):
    from generator.findings import headline_counts
    counts = headline_counts(metrics.sufficiency(with_gallium))
    dem = counts[(counts["partnership"] == "democracies") & (counts["scenario"] == "NZE") & (counts["year"] == 2030)
                 & (counts["group"] == "cleantech")].set_index("measure")
    assert dem.at["production_sufficiency", "minerals"] == ("gallium", "zinc")
    assert dem.at["reserves_sufficiency", "minerals"] == ("zinc",)


def test_refinery_stage_focus_gain_is_on_its_stage(with_gallium):
    out = friendshoring.focus(with_gallium)
    japan = out[(out["partnership"] == "pair") & (out["mineral"] == "gallium") & (out["country_iso3"] == "JPN")]
    assert japan["production_gain_basis"].iloc[0] == "USGS refinery production 2025"
    assert japan["production_sufficiency_gain"].iloc[0] == pytest.approx(6 / 40)
    assert math.isnan(japan["reserves_sufficiency_gain"].iloc[0])


def test_a_measure_on_a_refinery_minerals_refined_product_counts_against_its_usgs_table(with_gallium):
    """China's licence on refined gallium holds back China's 90 t of the world's 100 t refined in 2025 (the USGS
    gallium table counts refinery output; the IEA publishes no refining figures for gallium): 90 %."""
    from generator.export_measures import exposure, share_under_measures
    columns = with_gallium.export_controls.columns
    with_gallium.export_controls = pd.DataFrame([{**{c: "" for c in columns}, "measure_id": "CHN-GA",
                                                  "country_iso3": "CHN", "mineral": "gallium", "stage": "refined",
                                                  "kind": "licence", "status": "in_force",
                                                  "status_confirmed": "2026-01-01"}], columns=columns)
    shares = share_under_measures(exposure(with_gallium)).set_index(["mineral", "stage"])
    assert shares.loc[("gallium", "refining"), "share_in_force"] == pytest.approx(90 / 100)
    assert shares.loc[("gallium", "refining"), "year"] == 2025
