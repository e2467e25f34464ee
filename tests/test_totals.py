"""World totals that agree with their parts, and the invariants every published table obeys (issue 25).

Gallium's USGS table of 2025, by hand: China 900 t, Russia 6 t, Japan 3 t, a rounded world total of 900 t. The
countries sum to 909 t, so every share is of 909 t. Here it stands in for the tiny package's zinc (USGS basis,
NZE 2030 clean-technology demand set to 277 t, as gallium's is on the site).
"""

import pandas as pd
import pytest

from generator.errors import DataError
from generator.focus import concentration, hhi
from generator.published import INVARIANTS, check_invariants
from generator.supply_without import supply_without
from generator.totals import reconcile_iea, usgs_world_totals
from generator.validate import check_iea_totals


def gallium_like(tiny):
    rows = tiny.production
    keep = rows[~((rows["mineral"] == "zinc") & (rows["year"] == 2025))]
    new = pd.DataFrame([
        {"mineral": "zinc", "row_kind": kind, "country_iso3": country, "year": 2025, "value_t": value, "code": "",
         "estimated": False, "edition": 2026, "source_id": "src-a", "reported_as": f"{value:g} t", "note": ""}
        for kind, country, value in (("country", "CHN", 900.0), ("country", "RUS", 6.0), ("country", "JPN", 3.0),
                                     ("world_total", "", 900.0))])
    tiny.production = pd.concat([keep, new], ignore_index=True)
    demand = tiny.demand
    tiny.demand.loc[(demand["mineral"] == "zinc") & (demand["year"] == 2030), "demand_kt"] = 0.277
    tiny.countries_of_concern = pd.concat([tiny.countries_of_concern, pd.DataFrame(
        [{"country_iso3": "RUS", "designation": "covered nation", "source_id": "src-a"}])], ignore_index=True)
    return tiny


def test_a_rounded_usgs_total_below_its_parts_gives_way_to_their_sum(tiny):
    totals = usgs_world_totals(gallium_like(tiny).production, 2025)
    assert totals.at["zinc", "stated_t"] == 900
    assert totals.at["zinc", "world_t"] == 909 and totals.at["zinc", "from_parts"]
    # Lithium 2025: 100 + 60 + 40 + other 0 = 200 t, the stated total (the withheld US adds nothing): kept.
    assert totals.at["lithium", "world_t"] == 200 and not totals.at["lithium", "from_parts"]


def test_gallium_shares_and_concentration_worked_by_hand(tiny):
    conc = concentration(gallium_like(tiny))
    world = conc[(conc["mineral"] == "zinc") & (conc["stage"] == "mining") & (conc["partnership"] == "")].iloc[0]
    assert world["top_country_iso3"] == "CHN"
    assert world["top_share"] == pytest.approx(900 / 909)  # 99 %, not 100 %
    assert world["concern_share"] == pytest.approx(906 / 909)  # China and Russia: 99.7 %, not 101 %
    expected_hhi = (100 * 900 / 909) ** 2 + (100 * 6 / 909) ** 2 + (100 * 3 / 909) ** 2
    assert world["hhi"] == pytest.approx(expected_hhi) and 9_800 < world["hhi"] < 9_810
    assert hhi([1.0]) == 10_000


def test_gallium_without_its_suppliers_worked_by_hand(tiny):
    without = supply_without(gallium_like(tiny))
    row = without[(without["mineral"] == "zinc") & (without["scenario"] == "NZE") & (without["year"] == 2030)].iloc[0]
    assert row["world_supply_t"] == 909
    # Without the countries of concern only Japan's 3 t remain against 277 t: 1.1 % covered, a gap of 274 t.
    assert row["share_without_concern"] == pytest.approx(3 / 277)
    assert row["gap_without_concern_t"] == pytest.approx(274)
    # Without China alone: Russia's and Japan's 9 t, 3.2 %, a gap of 268 t.
    assert row["share_without_largest"] == pytest.approx(9 / 277)
    assert row["gap_without_largest_t"] == pytest.approx(268)


def nickel_mining_2030():
    """The IEA's nickel mining rows for 2030 (kt), as its workbook gives them: the rows sum to 4,530.87 kt, 40 kt
    (Australia's figure) above the stated world total of 4,490.87 kt."""
    countries = {"IDN": 3042.0655172413794, "PHL": 268.0, "NCL": 212.0, "RUS": 220.0, "CAN": 147.0, "AUS": 40.0}
    rows = [("nickel", "mining", "country", c, 2030, kt) for c, kt in countries.items()]
    rows += [("nickel", "mining", "rest_of_world", "", 2030, 601.8000000000006),
             ("nickel", "mining", "world_total", "", 2030, 4490.86551724138)]
    return pd.DataFrame(rows, columns=["mineral", "stage", "row_kind", "country_iso3", "year", "supply_kt"])


def test_the_iea_stated_total_is_used_and_rest_of_world_is_its_remainder():
    rows, totals = reconcile_iea(nickel_mining_2030())
    assert "world_total" not in set(rows["row_kind"])
    named = 3042.0655172413794 + 268 + 212 + 220 + 147 + 40  # 3,929.07 kt
    rest = rows.loc[rows["row_kind"] == "rest_of_world", "supply_kt"].iloc[0]
    assert rest == pytest.approx(4490.86551724138 - named)  # 561.8 kt, not 601.8
    assert rows["supply_kt"].sum() == pytest.approx(4490.86551724138)
    total = totals.iloc[0]
    assert total["remainder"] and total["double_counted_iso3"] == "AUS"
    # Indonesia's share: 3,042.07 ÷ 4,490.87 = 67.7 % (68 %), where the rows' sum gave 67.1 % (67 %).
    assert 3042.0655172413794 / rows["supply_kt"].sum() == pytest.approx(0.6774, abs=1e-4)


def test_named_countries_above_the_iea_total_are_refused():
    rows = nickel_mining_2030()
    rows.loc[rows["row_kind"] == "world_total", "supply_kt"] = 3000.0
    with pytest.raises(DataError, match="supply_projection.csv.*at least the sum of the countries named"):
        check_iea_totals(rows)


@pytest.mark.parametrize("table, column, value, rule", [
    ("shares", "share", 1.01, "a share lies between 0 and 100 %"),
    ("concentration", "hhi", 10_100.0, "an HHI lies between 0 and 10,000"),
    ("supply_without", "share_without_concern", -0.022, "never negative"),
    ("supply_without", "gap_without_concern_t", 1e9, "a gap is never larger than demand"),
])
def test_an_impossible_published_figure_refuses_the_build(tiny_tables, table, column, value, rule):
    frame = tiny_tables[table]
    frame.loc[frame.index[0], column] = value
    with pytest.raises(DataError, match=f"downloads/{table}.csv.*{rule}"):
        check_invariants(table, frame, 2026)


def test_shares_summing_above_one_are_refused(tiny_tables):
    shares = tiny_tables["shares"]
    lithium = (shares["mineral"] == "lithium") & (shares["stage"] == "mining")
    shares.loc[lithium, "share"] = 0.4  # three countries at 40 %: 120 %
    with pytest.raises(DataError, match="lithium/mining.*sum to at most 100 %"):
        check_invariants("shares", shares, 2026)


@pytest.mark.parametrize("change, rule", [
    ({"low_t": 50.0, "high_t": 10.0}, "low end at most its high end"),
    ({"flags": "W"}, "a figure or a code, never both"),
    ({"year": 2027}, "not after the as-of date"),
])
def test_impossible_usgs_rows_are_refused(tiny_tables, change, rule):
    production = tiny_tables["production"]
    for column, value in change.items():
        production.loc[0, column] = value
    with pytest.raises(DataError, match=rule):
        check_invariants("production", production, 2026)


def test_every_invariant_is_listed_with_its_words():
    assert len({i.rule for i in INVARIANTS}) == len(INVARIANTS) == 8
    assert all(i.text.endswith(".") for i in INVARIANTS)


def test_a_refinery_mineral_is_never_labelled_mined(tiny):
    """Stage in every label and download: zinc's USGS table, declared a refinery's, publishes stage 'refinery'."""
    from generator.figures import measure_labels
    from generator.shares import shares
    tiny.minerals.loc[tiny.minerals["mineral"] == "zinc", "stage"] = "refinery"
    zinc = shares(tiny).query("mineral == 'zinc' and row_kind == 'country'")
    assert set(zinc["stage"]) == {"refinery", "reserves"}
    assert set(concentration(tiny).query("mineral == 'zinc'")["stage"]) == {"refinery"}
    assert set(concentration(tiny).query("mineral == 'lithium'")["stage"]) == {"mining", "refining"}
    assert measure_labels("refinery")["production_sufficiency"] == "Refinery output today"
    assert measure_labels("mine")["production_sufficiency"] == "Mine output today"
    assert "mine" not in measure_labels()["production_sufficiency"].lower()
