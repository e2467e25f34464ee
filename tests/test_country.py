"""A country page's opening sentence and its chart of world shares (issue 28.5), from hand-made page rows."""

from generator import cells
from generator.country_figures import world_shares_figure
from generator.pages.country import opening_sentence


def share(value, rank):
    fig = cells.Fig(f"{value:.0%}", "downloads/shares.csv?x", "")
    return {"share": [fig, ""], "share_value": value, "rank_value": rank}


def mineral(name, production=None, reserves=None):
    return {"name": name, "production": production, "reserves": reserves}


def test_a_country_that_leads_world_output_says_where_largest_share_first():
    rows = [mineral("Cobalt", share(0.05, 4)), mineral("Lithium", share(0.32, 1)), mineral("Lead", share(0.4, 1)),
            mineral("Copper", None, share(0.1, 2))]
    assert opening_sentence("Australia", rows, 27) == [
        "Australia produces 3 of the 27 minerals on this site and is the world's largest producer of lead and lithium."]
    many = [mineral(n, share(s, 1)) for n, s in (("A", 0.1), ("B", 0.5), ("C", 0.3), ("D", 0.9))]
    assert opening_sentence("X", many, 27) == [
        "X produces 4 of the 27 minerals on this site and is the world's largest producer of 4 of them, among them "
        "d, b and c."]


def test_a_country_that_leads_none_names_its_largest_share_as_a_figure():
    small, large = share(0.02, 9), share(0.11, 3)
    parts = opening_sentence("France", [mineral("Indium", small), mineral("Silicon", large)], 27)
    assert parts == ["France produces 2 of the 27 minerals on this site; its largest share of world output is of "
                     "silicon: ", large["share"][0], "."]
    assert opening_sentence("Fiji", [mineral("Copper", None, share(0.01, 30))], 27) == [
        "Fiji produces none of the 27 minerals on this site, by the USGS tables."]


def test_a_zero_or_withheld_share_is_not_counted_as_produced():
    rows = [mineral("Titanium", share(0.0, 12)), mineral("Lithium", share(float("nan"), 0)),
            mineral("Cobalt", share(0.03, 6))]
    parts = opening_sentence("United Kingdom", rows, 27)
    assert parts[0] == "United Kingdom produces 1 of the 27 minerals on this site; its largest share of world output " \
                       "is of cobalt: "
    assert opening_sentence("Bhutan", rows[:2], 27) == [
        "Bhutan produces none of the 27 minerals on this site, by the USGS tables."]


def test_the_chart_draws_each_share_the_country_has_and_no_chart_without_one():
    rows = [mineral("Cobalt", share(0.05, 4), share(0.14, 2)), mineral("Nickel"), mineral("Lead", None, share(0.36, 1))]
    figure = world_shares_figure("AUS", "Australia", rows, 2025, 2025, "USGS MCS 2026")
    drawn = figure.data[["mineral", "measure", "share", "order"]].values.tolist()
    assert drawn == [["Cobalt", "Share of world output", 0.05, 0], ["Cobalt", "Share of world reserves", 0.14, 0],
                     ["Lead", "Share of world reserves", 0.36, 2]]
    assert figure.id == "country-aus-shares" and "36% of world reserves of lead" in figure.alt
    assert [r[0] for r in figure.table_rows] == ["Cobalt", "Nickel", "Lead"]
    assert world_shares_figure("FJI", "Fiji", [mineral("Nickel")], 2025, 2025, "USGS MCS 2026") is None
    withheld = [mineral("Chromium", None, share(float("nan"), 0))]  # a reserve share the USGS withholds
    assert world_shares_figure("ZAF", "South Africa", withheld, 2025, 2025, "USGS MCS 2026") is None
