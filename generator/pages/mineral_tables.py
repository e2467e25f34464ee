"""The tables of a mineral page below the answer: where to focus, refining by country, data notes."""

from ..countries import country_name

FOCUS_TOP = 5


def focus_tables(site, slug):
    """Per partnership: the top candidates by production and by reserves gain, and members by unused reserves;
    and the countries of concern left out of every ranking."""
    focus = site.results.focus
    focus = focus[focus["mineral"] == slug].assign(name=lambda f: f["country_iso3"].map(country_name))

    def top(column):
        ranked = focus[focus[column].notna()].sort_values(["partnership", column])
        return {p: g.to_dict("records") for p, g in ranked.groupby("partnership").head(FOCUS_TOP).groupby("partnership")}

    by_production, by_reserves, members = top("rank_production"), top("rank_reserves"), top("rank_unused_reserves")
    excluded = focus[(focus["role"] == "excluded") & (focus["production_t"] > 0)].drop_duplicates("country_iso3")
    return {"partnerships": [{"partnership": p, "name": name, "by_production": by_production.get(p, []),
                              "by_reserves": by_reserves.get(p, []), "members": members.get(p, [])}
                             for p, name in site.partnership_names.items()],
            "excluded": excluded.sort_values("production_t", ascending=False).to_dict("records")}


def refining(site, slug):
    """IEA refined output by country in its base year, with shares of the IEA total (rest of world included)."""
    rows = site.ds.supply_projection
    rows = rows[(rows["mineral"] == slug) & (rows["stage"] == "refining")]
    if rows.empty:
        return None
    rows = rows[rows["year"] == rows["year"].min()]
    total, concern = rows["supply_kt"].sum(), set(site.ds.countries_of_concern["country_iso3"])
    return {"year": int(rows["year"].iloc[0]), "rows": [
        {"name": "Rest of world" if r.row_kind == "rest_of_world" else country_name(r.country_iso3),
         "supply_kt": r.supply_kt, "share": r.supply_kt / total, "concern": r.country_iso3 in concern}
        for r in rows.sort_values(["row_kind", "supply_kt"], ascending=[True, False]).itertuples()]}


def disclosure(site, slug):
    """Coverage notes: estimated, withheld and unavailable figures in the base year."""
    rows = site.ds.production
    rows = rows[(rows["mineral"] == slug) & (rows["year"] == site.base_year) & (rows["row_kind"] == "country")]
    return {"estimated": int(rows["estimated"].sum()), "countries": len(rows),
            "withheld": [country_name(c) for c in rows.loc[rows["code"] == "W", "country_iso3"]],
            "unavailable": [country_name(c) for c in rows.loc[rows["value_t"].isna() & (rows["code"] != "W"),
                                                               "country_iso3"]]}
