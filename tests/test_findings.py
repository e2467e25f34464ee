"""The computed sentences, on the tiny package: every figure in them worked out by hand."""

import pytest

from generator import findings, metrics


@pytest.fixture
def facts(tiny):
    return findings.partnership_findings(metrics.sufficiency(tiny), "dem")


def test_which_minerals_reach_full_demand(facts):
    # Democracies (AUS, CHL, USA). Lithium: 160 t against 400 t (40 %). Zinc: AUS 10 t against 20 t (50 %).
    assert facts["reached_production"] == []
    # Reserves: lithium 3,300 t against 9,650 t cumulative; zinc AUS 100 t against 0.015 + 0.02 × 25 kt = 515 t.
    assert facts["reached_reserves"] == []
    assert facts["short_reserves"] == ["lithium", "zinc"]


def test_buildout_against_past_growth(facts):
    lithium = next(b for b in facts["buildout"] if b["mineral"] == "lithium")
    # 400 ÷ 160 = 2.5× in 5 years; past: (160 ÷ 90)^(1/4) − 1.
    assert lithium["buildout_multiple"] == pytest.approx(2.5)
    assert lithium["buildout_cagr"] == pytest.approx(2.5 ** 0.2 - 1)
    assert lithium["faster_than_history"] == (2.5 ** 0.2 - 1 > (160 / 90) ** 0.25 - 1)


def test_sentences(tiny, facts):
    names = {"lithium": "Lithium", "zinc": "Zinc"}
    text = findings.sentences(facts, "the democracies", names)
    assert text[0] == ("On 2025 mine output, the democracies would meet NZE 2030 demand for 0 of the 2 minerals "
                       "covered: none.")
    assert text[1] == ("Their reserves would cover cumulative NZE demand to 2050 for 0 of 2 minerals; "
                       "they fall short for lithium and zinc.")
    # 2.5^(1/5) − 1 = 20.1 % a year; (160/90)^(1/4) − 1 = 15.5 % a year.
    assert text[2] == ("The widest like-for-like gap against total demand is lithium: supplying all of NZE 2030 "
                       "demand from their own mines would take 2.5× today's output, growth of 20% a year, "
                       "against 15% a year over 2021–2025.")
