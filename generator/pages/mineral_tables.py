"""The tables of a mineral page below the answer: where to focus, refining by country, data notes."""

from .. import cells
from ..countries import country_name

FOCUS_TOP = 5


def focus_tables(site, slug, link):
    """Per partnership: the top candidates by production and by reserves gain, and members by unused reserves;
    and the countries of concern left out of every ranking."""
    tops = site.focus_tops
    excluded = site.results.focus
    excluded = excluded[(excluded["mineral"] == slug) & (excluded["role"] == "excluded") & (excluded["production_t"] > 0)]
    excluded = excluded.drop_duplicates("country_iso3").sort_values("production_t", ascending=False)
    def linked(rows):
        return [dict(r, name=link(r["country_iso3"]), **{f"fig_{c}": cells.column("focus", r, c, why) for c, why in (
            ("production_sufficiency_gain", ""), ("reserves_sufficiency_gain", ""), ("democracy_score", ""),
            ("production_t", ""), ("reserve_life_years", "reserves but no current production"))})
                for r in rows]

    return {"partnerships": [{"partnership": p, "name": name,
                              **{kind: linked(tops[kind].get((slug, p), [])) for kind in ("by_production",
                                                                                          "by_reserves", "members")}}
                             for p, name in site.partnership_names.items()],
            "excluded": linked(excluded.to_dict("records"))}


def top_ranked(focus):
    """{kind: {(mineral, partnership): the FOCUS_TOP highest-ranked rows}} for the three rankings at once."""
    focus = focus.assign(name=focus["country_iso3"].map(country_name))
    out = {}
    for kind, column in (("by_production", "rank_production"), ("by_reserves", "rank_reserves"),
                         ("members", "rank_unused_reserves")):
        ranked = focus[focus[column].notna() & (focus[column] <= FOCUS_TOP)].sort_values(
            ["mineral", "partnership", column])
        grouped = {}
        for row in ranked.to_dict("records"):
            grouped.setdefault((row["mineral"], row["partnership"]), []).append(row)
        out[kind] = grouped
    return out


def refining(site, slug, link):
    """IEA refined output by country in its base year, with shares of the IEA total (rest of world included):
    the rows of shares.csv."""
    rows = site.tables["shares"]
    rows = rows[(rows["mineral"] == slug) & (rows["stage"] == "refining")]
    if rows.empty:
        return None
    concern = set(site.ds.countries_of_concern["country_iso3"])
    return {"year": int(rows["year"].iloc[0]), "rows": [
        {"name": "Rest of world" if r["row_kind"] == "rest_of_world" else link(r["country_iso3"]),
         "value": cells.column("shares", r, "value_t"), "share": cells.column("shares", r, "share"),
         "concern": r["country_iso3"] in concern}
        for r in rows.sort_values(["row_kind", "value_t"], ascending=[True, False]).to_dict("records")]}


def disclosure(site, slug, link):
    """Coverage notes: withheld and unavailable figures in the base year."""
    rows = site.ds.production
    rows = rows[(rows["mineral"] == slug) & (rows["year"] == site.base_year) & (rows["row_kind"] == "country")]
    return {"withheld": [link(c) for c in rows.loc[rows["code"] == "W", "country_iso3"]],
            "unavailable": [link(c) for c in rows.loc[rows["value_t"].isna() & (rows["code"] != "W"),
                                                       "country_iso3"]]}
