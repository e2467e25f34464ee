"""The computed sentences, on the tiny package: every figure in them worked out by hand."""

import pandas as pd
import pytest

from generator import cells, findings, metrics

NAMES = {"lithium": "Lithium", "zinc": "Zinc"}


@pytest.fixture
def facts(tiny_sufficiency):
    return findings.partnership_findings(tiny_sufficiency, "democracies")


def test_counts_are_split_by_demand_scope(facts):
    # Democracies (AUS, CHL, USA). Lithium (total demand): 160 t against 400 t (40 %). Zinc (clean-tech only):
    # AUS 10 t against 20 t (50 %).
    production = facts["production_sufficiency"]
    assert (production["total"]["minerals"], production["total"]["reached"]) == (["lithium"], [])
    assert (production["cleantech"]["minerals"], production["cleantech"]["reached"]) == (["zinc"], [])
    assert production["not_comparable"]["minerals"] == []
    # Each count is a figure: a cell of headline_counts.csv.
    assert production["total"]["of"].text == "1" and production["total"]["hit"].text == "0"
    assert production["total"]["of"].cell == ("downloads/headline_counts.csv?partnership=democracies&scenario=NZE&year=2030"
                                              "&measure=production_sufficiency&group=total#minerals_count")


def test_headline_counts_table_matches_the_sentences(tiny_sufficiency):
    counts = findings.headline_counts(tiny_sufficiency).set_index(
        ["partnership", "scenario", "year", "measure", "group"])
    total = counts.loc[("democracies", "NZE", 2030, "production_sufficiency", "total")]
    assert (total["minerals_count"], total["reached_count"], total["minerals"]) == (1, 0, ("lithium",))


def test_cleantech_only_mineral_is_kept_out_of_the_total_count(tiny):
    # Double Australia's zinc: 20 t covers the 20 t of clean-tech demand. It counts among clean-tech minerals only.
    tiny.production.loc[(tiny.production["mineral"] == "zinc") & (tiny.production["country_iso3"] == "AUS")
                        & (tiny.production["year"] == 2025), "value_t"] = 20.0
    f = findings.partnership_findings(metrics.sufficiency(tiny), "democracies")
    assert f["production_sufficiency"]["cleantech"]["reached"] == ["zinc"]
    assert f["production_sufficiency"]["total"]["reached"] == []
    text = [cells.text(t) for t in findings.sentences(f, "the democracies", NAMES)]
    assert text[0].startswith("On 2025 output, the democracies would meet 2030 demand in the NZE for 0 of the "
                              "1 minerals measured like for like against total demand, and 1 of 1 measured "
                              "against clean-technology demand only")


def test_not_comparable_mineral_is_named_apart_and_not_counted(tiny):
    tiny.comparability = pd.DataFrame([["lithium", "production_sufficiency", "not_comparable", "different"]],
                                      columns=["mineral", "measure", "treatment", "reason"])
    f = findings.partnership_findings(metrics.sufficiency(tiny), "democracies")
    assert f["production_sufficiency"]["total"]["minerals"] == []
    assert f["widest_gap"] is None  # the only total-demand mineral is not comparable
    text = [cells.text(t) for t in findings.sentences(f, "the democracies", NAMES)]
    assert "Not counted, as the two sources count different things: lithium (output)." in text


def test_sentences(facts):
    text = [cells.text(t) for t in findings.sentences(facts, "the democracies", NAMES)]
    # Lithium: 160 t of 400 t = 40 %, a lower bound as the US output is withheld.
    assert text[0] == ("On 2025 output, the democracies would meet 2030 demand in the NZE for 0 of the 1 "
                       "minerals measured like for like against total demand, and 0 of 1 measured against "
                       "clean-technology demand only; their highest cover against total demand is lithium, at ≥ 40%.")
    # 2.5× in 5 years: 2.5^(1/5) − 1 = 20.1 % a year, an upper bound, so rounded up to 21 %; past growth
    # (160/90)^(1/4) − 1 = 15.5 % a year over members with both years, not a bound: 15 %.
    assert text[-1] == ("The widest like-for-like gap is lithium: supplying all of NZE 2030 demand from their own "
                        "mines would take ≤ 2.5× today's output, growth of ≤ 21%/yr, against 15%/yr over 2021–2025.")


def test_headline_names_the_us_alone_then_its_closest_partnership(tiny, tiny_sufficiency):
    suff = tiny_sufficiency  # the United States' lithium output is withheld: no cover it can claim
    text = [cells.text(t) for t in findings.headline(suff, tiny.minerals, tiny.partnerships)]
    assert text[0].startswith("On its own, the United States' 2025 output would meet 2030 demand in the IEA's "
                              "Net Zero Emissions by 2050 Scenario (NZE) for 0 of the 1 minerals")
    assert text[1].startswith("The 2025 output of the Australia and the United States (2 countries")
    # Pair: 400 t needed from 100 t: at most 4×, 4^(1/5) − 1 = 31.95 % a year, rounded up.
    assert text[2].startswith("The widest like-for-like gap is lithium: supplying all of NZE 2030 demand from their "
                              "own mines would take ≤ 4.0× today's output, growth of ≤ 32%/yr")


def test_the_home_page_reports_the_partnerships_marked_finding_in_file_order(tiny, tiny_sufficiency):
    """partnerships.yaml's `finding: true` (the tiny package marks the Democracies); marking the pair too, which
    the file lists first, puts it first."""
    assert list(findings.findings(tiny_sufficiency, tiny.minerals, tiny.partnerships)) == ["democracies"]
    marked = tiny.partnerships.assign(finding=tiny.partnerships["partnership"].isin(["pair", "democracies"]))
    assert list(findings.findings(tiny_sufficiency, tiny.minerals, marked)) == ["pair", "democracies"]
