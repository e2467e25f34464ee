"""Minerals outside the engine and the rare-earth elements (issue 17), worked by hand on the tiny package."""

import pytest

from generator.outside import concern_share, demand_by_year, element_demand, producers


def test_gallium_refinery_producers_and_shares(tiny):
    """Tiny gallium, refinery stage, 2025: China 90 t, Japan 6 t, Russia 4 t of a world total of 100 t.
    Shares 90/100 = 0.90, 6/100 = 0.06, 4/100 = 0.04; countries of concern (China only, in the tiny list)
    hold 0.90."""
    year, world_t, rows = producers(tiny.refinery_production, "gallium", tiny.countries_of_concern["country_iso3"])
    assert (year, world_t) == (2025, 100.0)
    assert rows["country_iso3"].tolist() == ["CHN", "JPN", "RUS"]
    assert rows["share"].tolist() == pytest.approx([0.90, 0.06, 0.04])
    assert rows["concern"].tolist() == [True, False, False]
    assert concern_share(rows) == pytest.approx(0.90)


def test_a_mineral_without_a_usgs_table_has_no_producers(tiny):
    year, world_t, rows = producers(tiny.refinery_production, "germanium", ["CHN"])
    assert year is None and rows.empty and world_t != world_t  # missing, never zero


def test_gallium_demand_by_year(tiny):
    assert demand_by_year(tiny.cleantech_demand, "gallium", "NZE", (2024, 2030, 2035)) == {2024: 0.02, 2030: 0.04}


def test_rare_earth_demand_element_by_element(tiny):
    """NZE 2030: neodymium (light) 30 kt, dysprosium (heavy) 5 kt; total 35 kt. Neodymium 30/35 = 0.857,
    dysprosium 5/35 = 0.143; light 30 kt, heavy 5 kt."""
    rows, groups = element_demand(tiny.cleantech_demand, tiny.rare_earth_elements, "NZE", 2030)
    by_element = rows.set_index("element")
    assert by_element.loc["neodymium", "demand_kt"] == 30
    assert by_element.loc["dysprosium", "share"] == pytest.approx(5 / 35)
    by_group = groups.set_index("group")
    assert by_group.loc["light", "demand_kt"] == 30 and by_group.loc["heavy", "demand_kt"] == 5
    assert by_group.loc["heavy", "share"] == pytest.approx(0.142857, abs=1e-6)
    assert by_group.loc["heavy", "symbols"] == "Dy"


def test_an_element_without_demand_is_missing_not_zero(tiny):
    cleantech = tiny.cleantech_demand[tiny.cleantech_demand["item"] != "dysprosium"]
    rows, groups = element_demand(cleantech, tiny.rare_earth_elements, "NZE", 2030)
    heavy = groups.set_index("group").loc["heavy"]
    assert heavy["demand_kt"] != heavy["demand_kt"]  # NaN: missing
    assert rows.set_index("element").loc["neodymium", "share"] == 1.0
