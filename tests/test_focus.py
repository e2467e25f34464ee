"""Where to focus: the candidate screen, territories with their sovereign, and gains on the measure's own basis.

Each test adds to the tiny package only what it needs; every expected figure is worked out by hand below.
"""

import pandas as pd
import pytest

from generator import focus as friendshoring
from generator.schema import MIN_CANDIDATE_SCORE


def rows(focus, partnership, mineral="lithium"):
    return focus[(focus["partnership"] == partnership) & (focus["mineral"] == mineral)].set_index("country_iso3")


def add(frame, *records):
    return pd.concat([frame, pd.DataFrame(list(records), columns=frame.columns)], ignore_index=True)


def test_a_country_scoring_below_four_is_never_ranked(tiny):
    # Chile mines 60 t and holds 2,000 t: it is the pair's only candidate, ranked first on both gains at 7.9.
    # At 3.99 the EIU calls it authoritarian: it is excluded with its score, and nothing is ranked.
    assert MIN_CANDIDATE_SCORE == 4.0
    tiny.democracy_index.loc[tiny.democracy_index["country_iso3"] == "CHL", "democracy_score"] = 3.99
    chile = rows(friendshoring.focus(tiny), "pair").loc["CHL"]
    assert (chile["role"], chile["exclusion"]) == ("excluded", "governance")
    assert chile["excluded_reason"] == "EIU Democracy Index 3.99 in 2024, below 4 (authoritarian regime)"
    assert pd.isna(chile["rank_production"]) and pd.isna(chile["rank_reserves"])
    # Exactly 4 is a hybrid regime: ranked.
    tiny.democracy_index.loc[tiny.democracy_index["country_iso3"] == "CHL", "democracy_score"] = 4.0
    assert rows(friendshoring.focus(tiny), "pair").at["CHL", "rank_production"] == 1


def test_a_country_without_a_score_is_not_ranked(tiny):
    tiny.democracy_index = tiny.democracy_index[tiny.democracy_index["country_iso3"] != "CHL"]
    chile = rows(friendshoring.focus(tiny), "pair").loc["CHL"]
    assert (chile["role"], chile["exclusion"]) == ("excluded", "no_score")


def test_comprehensive_sanctions_exclude_and_a_lifted_programme_does_not(tiny):
    tiny.sanctions = add(tiny.sanctions, ["CHL", "Test embargo", "31 CFR part 999", "in_force", "2020-01-01", "", "src-a"])
    chile = rows(friendshoring.focus(tiny), "pair").loc["CHL"]
    assert (chile["exclusion"], chile["excluded_reason"]) == ("sanctions", "under comprehensive US sanctions "
                                                              "(31 CFR part 999)")
    tiny.sanctions.loc[0, "status"] = "lifted"
    assert rows(friendshoring.focus(tiny), "pair").at["CHL", "role"] == "candidate"


def test_a_territory_is_never_offered_to_its_sovereigns_partnership(tiny):
    # New Caledonia (a French territory) mines 30 t of lithium. France joins "none" (with New Zealand).
    tiny.production = add(tiny.production, ["lithium", "country", "NCL", 2025, 30.0, None, None, "", False, 2026,
                                            "src-a", "30 t", ""])
    tiny.territories = add(tiny.territories, ["NCL", "FRA", "French collectivity", "judgement", "src-a"])
    tiny.democracy_index = add(tiny.democracy_index, ["FRA", 2024, 7.99, "src-a"])
    tiny.partnership_members = add(tiny.partnership_members, ["none", "FRA", "", "", ""])
    focus = friendshoring.focus(tiny)
    offered_to_sovereign = rows(focus, "none").loc["NCL"]
    assert offered_to_sovereign["sovereign_iso3"] == "FRA"
    assert (offered_to_sovereign["role"], offered_to_sovereign["exclusion"]) == ("excluded", "territory_of_member")
    assert pd.isna(offered_to_sovereign["rank_production"])
    # To the pair, which France is not in, it is a candidate on France's score: 30 t of 400 t NZE 2030 demand,
    # second to Chile's 60 t.
    to_pair = rows(focus, "pair").loc["NCL"]
    assert to_pair["democracy_score"] == 7.99 and to_pair["role"] == "candidate"
    assert to_pair["production_sufficiency_gain"] == pytest.approx(30 / 400) and to_pair["rank_production"] == 2


def test_a_partnership_that_counts_territories_lists_them_as_members(tiny_dir):
    from generator.load import load
    text = (tiny_dir / "partnerships.yaml").read_text(encoding="utf-8")
    (tiny_dir / "partnerships.yaml").write_text(text.replace(
        "  territories: not_counted\n", "  territories: counted\n", 1), encoding="utf-8")
    (tiny_dir / "territories.csv").write_text("territory_iso3,sovereign_iso3,status,basis,source_id\n"
                                              "NCL,AUS,test territory,judgement,src-a\n", encoding="utf-8")
    members = load(tiny_dir).partnership_members
    assert set(members.loc[members["partnership"] == "pair", "country_iso3"]) == {"AUS", "USA", "NCL"}
    assert "NCL" not in set(members.loc[members["partnership"] == "none", "country_iso3"])


def test_the_democracies_are_offered_only_countries_that_meet_their_rule(tiny):
    # New Zealand scores exactly 6 (a hybrid regime): it passes the screen (≥ 4) but not the Democracies' own
    # rule (above 6). Give it 10 t of lithium: it is shown as failing the rule, not ranked.
    tiny.production = add(tiny.production, ["lithium", "country", "NZL", 2025, 10.0, None, None, "", False, 2026,
                                            "src-a", "10 t", ""])
    focus = friendshoring.focus(tiny)
    nz = rows(focus, "democracies").loc["NZL"]
    assert (nz["role"], nz["exclusion"]) == ("excluded", "fails_partnership_rule")
    assert "EIU score 6.00, not above 6" in nz["excluded_reason"]
    assert rows(focus, "pair").at["NZL", "role"] == "candidate"


def test_gains_are_on_the_measures_own_basis(tiny):
    """Lithium on the IEA's mine-supply basis: Chile's gain is its IEA base-year mine supply, and the IEA names only
    Australia, so Chile has no gain (and no rank) rather than a USGS figure set against the IEA's demand."""
    tiny.comparability = pd.DataFrame([["lithium", "production_sufficiency", "iea_mining_supply", "same basis"],
                                       ["lithium", "reserves_sufficiency", "not_comparable", "oxide reserves"]],
                                      columns=["mineral", "measure", "treatment", "reason"])
    tiny.supply_projection = add(tiny.supply_projection, ["lithium", "mining", "country", "CHL", 2024, 0.05, "src-a"])
    focus = friendshoring.focus(tiny)
    chile = rows(focus, "pair").loc["CHL"]
    # IEA 2024: Chile 0.05 kt = 50 t (the USGS says 60 t in 2025). NZE 2030 demand 0.4 kt = 400 t.
    assert chile["supply_t"] == pytest.approx(50) and chile["production_gain_basis"] == "IEA mine supply 2024"
    assert chile["production_sufficiency_gain"] == pytest.approx(50 / 400)
    assert chile["rank_production"] == 1
    # Reserves are declared not comparable: the gain (2,000 t of cumulative demand) is published, flagged, unranked.
    assert not chile["reserves_sufficiency_gain_comparable"]
    assert chile["reserves_sufficiency_gain_note"] == "oxide reserves"
    assert chile["reserves_sufficiency_gain"] > 0 and pd.isna(chile["rank_reserves"])
    # Without Chile in the IEA's table there is nothing on the IEA basis to rank.
    tiny.supply_projection = tiny.supply_projection[tiny.supply_projection["country_iso3"] != "CHL"]
    chile = rows(friendshoring.focus(tiny), "pair").loc["CHL"]
    assert pd.isna(chile["production_sufficiency_gain"]) and pd.isna(chile["rank_production"])
    assert chile["production_sufficiency_gain_note"].startswith("not named by the IEA")


def test_a_not_comparable_production_gain_is_never_ranked(tiny):
    tiny.comparability = pd.DataFrame([["lithium", "production_sufficiency", "not_comparable", "different things"]],
                                      columns=["mineral", "measure", "treatment", "reason"])
    chile = rows(friendshoring.focus(tiny), "pair").loc["CHL"]
    assert chile["production_sufficiency_gain"] == pytest.approx(60 / 400)
    assert not chile["production_sufficiency_gain_comparable"] and pd.isna(chile["rank_production"])
    assert chile["rank_reserves"] == 1


def test_a_candidate_that_adds_less_than_a_tenth_of_a_point_is_not_ranked(tiny):
    # Lithium NZE 2030 demand is 0.4 kt = 400 t. Chile's 60 t add 15 %: ranked. New Zealand mines 0.3 t: 0.075 %,
    # below 0.1 percentage point (0.4 t would be exactly 0.1 %): not ranked, and flagged so the page can count it.
    tiny.production = add(tiny.production, ["lithium", "country", "NZL", 2025, 0.3, None, None, "", False, 2026,
                                            "src-a", "0.3 t", ""])
    pair = rows(friendshoring.focus(tiny), "pair")
    assert pair.at["CHL", "production_sufficiency_gain"] == pytest.approx(60 / 400)
    assert pair.at["CHL", "rank_production"] == 1 and not pair.at["CHL", "production_sufficiency_gain_too_small"]
    assert pair.at["NZL", "production_sufficiency_gain"] == pytest.approx(0.3 / 400)
    assert pd.isna(pair.at["NZL", "rank_production"]) and pair.at["NZL", "production_sufficiency_gain_too_small"]
    tiny.production.loc[tiny.production["country_iso3"] == "NZL", "value_t"] = 0.4
    assert rows(friendshoring.focus(tiny), "pair").at["NZL", "rank_production"] == 2
