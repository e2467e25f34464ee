"""The left-out block of a page (generator/pages/left_out.py) on the tiny package, worked out by hand.

Lithium, NZE 2030, the democracies (AUS, CHL, NZL, USA): the USGS withholds US production (W), so the United States
is left out of production with no ceiling; the IEA names only Australia in mine supply, so Chile and the United
States, both producers, are inside its 'rest of world' (0.2 kt in 2030 against 0.4 kt of demand: up to 50 %).
"""

import pytest
from markupsafe import Markup

from conftest import TINY, write_tiny
from generator import metrics
from generator.load import load
from generator.pages import left_out


def block(ds, partnership="democracies"):
    suff = metrics.sufficiency(ds)
    lithium = suff[suff["mineral"] == "lithium"]
    reaches = left_out.reach(lithium.to_dict("records"), left_out.rest_of_world(ds.supply_projection))
    rows = lithium[(lithium["scenario"] == "NZE") & (lithium["year"] == 2030)
                   & (lithium["partnership"] == partnership)].to_dict("records")
    return left_out.table(rows, reaches, lambda row, column: left_out.COLUMNS[column][1], lambda code: code)


def tiny_with_rest_of_world(tmp_path, kt):
    """The tiny package with the IEA's 2030 lithium 'rest of world' mine supply set to `kt`."""
    data = write_tiny(tmp_path / "data")
    text = TINY["supply_projection.csv"].replace("lithium,mining,rest_of_world,,2030,0.2,", f"lithium,mining,rest_of_world,,2030,{kt},")
    (data / "supply_projection.csv").write_text(text, encoding="utf-8")
    return load(data)


def tiny_with_other_countries(tmp_path, t):
    """The tiny package with the USGS's 2025 lithium 'other countries' row set to `t` tonnes (0 in it)."""
    data = write_tiny(tmp_path / "data")
    text = TINY["production.csv"].replace("lithium,other_countries,,2025,0,,,,false,2026,src-a,0 t,",
                                          f"lithium,other_countries,,2025,{t},,,,false,2026,src-a,{t} t,")
    (data / "production.csv").write_text(text, encoding="utf-8")
    return load(data)


def test_every_member_that_can_move_a_figure_is_listed(tiny):
    out = block(tiny)
    assert out["summary"] == "Left out of some sums: 1 member withheld, 2 not named by the IEA"
    # A column per reason someone is listed for; a row per member here, as they are left out for different reasons.
    assert out["headers"] == ["Members", "Withheld (W)", "Not named by the IEA"]
    assert [(str(r["members"]), r["cells"]) for r in out["rows"]] == [
        ("CHL", ["—", "mine supply"]), ("USA", ["production", "mine supply"])]
    assert out["counted"] == 0 and out["counted_note"] == ""


def test_a_member_that_cannot_move_a_figure_by_a_tenth_of_a_point_is_counted_not_listed(tmp_path):
    # 'Rest of world' 0.0002 kt of 0.4 kt demand: no unnamed member can add more than 0.05 percentage point.
    out = block(tiny_with_rest_of_world(tmp_path, 0.0002))
    assert out["summary"] == ("Left out of some sums: 1 member withheld, 2 not named by the IEA; 1 of them counted, "
                              "not listed (none can move a figure by 0.1 percentage point)")
    # Chile is left out only there: counted. The United States stays, for its withheld production only.
    assert [(str(r["members"]), r["cells"]) for r in out["rows"]] == [("USA", ["production"])]
    assert out["headers"] == ["Members", "Withheld (W)"]
    assert out["counted"] == 1 and out["counted_note"] == "1 member is counted so."


def test_the_threshold_is_a_tenth_of_a_percentage_point_and_reached_counts(tmp_path):
    # 0.0005 kt of 0.4 kt: up to 0.125 percentage point, so Chile is listed again.
    out = block(tiny_with_rest_of_world(tmp_path, 0.0005))
    assert out["counted"] == 0 and [str(r["members"]) for r in out["rows"]] == ["CHL", "USA"]
    assert left_out.listed(left_out.THRESHOLD) and not left_out.listed(0.000999) and left_out.listed(None)


def test_members_left_out_alike_share_a_row_and_a_page_without_any_has_no_block(tiny):
    assert block(tiny, "none") is None  # New Zealand mines no lithium the USGS could hold in 'other countries'
    # The pair (AUS, USA) leaves out the United States alone.
    out = block(tiny, "pair")
    assert [(str(r["members"]), r["size"]) for r in out["rows"]] == [("USA", 1)]
    rows = [{"mineral": "lithium", "supply_basis": "USGS mine production", **{c: () for c in left_out.COLUMNS},
             "withheld_production": ("USA", "AUS")}]
    grouped = left_out.table(rows, {("lithium", c): None for c in left_out.COLUMNS}, lambda r, c: "production",
                             lambda code: Markup("<b>{}</b>").format(code))
    assert [(str(r["members"]), r["size"]) for r in grouped["rows"]] == [("<b>AUS</b>, <b>USA</b>", 2)]
    assert grouped["summary"] == "Left out of some sums: 2 members withheld"


@pytest.mark.parametrize("n, text", [(0, "none"), (1, "1 member"), (2, "2 members")])
def test_a_row_counts_its_members_left_out(n, text):
    row = {"supply_basis": "USGS mine production", **{c: () for c in left_out.COLUMNS},
           "unlisted_reserves": ("CAN", "MEX")[:n], "supply_left_out": ("JPN",)}  # not on the IEA basis: not counted
    assert left_out.count_cell(row, "left-out-x") == {"text": text, "anchor": "left-out-x" if n else None}


def test_a_cell_naming_most_of_its_column_reads_all_but():
    column = ["Cobalt", "Copper", "Lithium", "Nickel"]
    assert left_out.cell(["Cobalt", "Copper", "Nickel"], column) == "all 4 but Lithium"
    assert left_out.cell(column, column) == "all 4"
    assert left_out.cell(["Cobalt", "Nickel"], column) == "Cobalt, Nickel"  # half is not most
    assert left_out.cell(["production", "reserves"], ["production", "reserves"]) == "production, reserves"
    assert left_out.cell([], column) == "—"


def test_a_member_the_usgs_does_not_list_is_bounded_by_its_other_countries_row(tmp_path):
    """New Zealand (the partnership 'none') is not listed by the USGS for lithium. With 1 t in 'other countries'
    (world 201 t, the sum of its rows), its output could be up to 1/201 = 0.50 % of the world: listed. With 0.1 t
    (world 200.1 t) at most 0.05 % of the world and 0.1 t of 400 t of demand (0.025 %): counted, not listed."""
    out = block(tiny_with_other_countries(tmp_path / "one", 1), "none")
    assert out["summary"] == "Left out of some sums: 1 member not listed by the USGS"
    assert out["headers"] == ["Members", "Not listed by the USGS"]
    assert [(str(r["members"]), r["cells"]) for r in out["rows"]] == [("NZL", ["production"])]
    out = block(tiny_with_other_countries(tmp_path / "tenth", 0.1), "none")
    assert out["summary"] == ("Left out of some sums: 1 member not listed by the USGS; 1 of them counted, not listed "
                              "(none can move a figure by 0.1 percentage point)")
    assert out["rows"] == [] and out["counted"] == 1
