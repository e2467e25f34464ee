"""A country page: what it mines and holds in reserve, its rank, its partnerships, its democracy score and
whether it is a country of concern; and the index of countries."""

from urllib.parse import urlencode

from ..countries import country_name
from ..focus import latest_scores
from .site import Page


def build_link(site, members, name):
    """A link to the build page with these members (ISO3) and this name, relative to a country page."""
    return "../../build/?" + urlencode({"members": ",".join(members), "name": name}, safe=",")


def country(site, code):
    ds, name = site.ds, country_name(code)
    figures = []
    for table, year in (("production", site.base_year), ("reserves", site.reserves_year)):
        rows = getattr(ds, table)
        rows = rows[(rows["year"] == year) & (rows["row_kind"] == "country")].copy()
        world = getattr(ds, table)
        world = world[(world["year"] == year) & (world["row_kind"] == "world_total")].set_index("mineral")["value_t"]
        rows["rank"] = rows.groupby("mineral")["value_t"].rank(ascending=False, method="min")
        rows["share"] = rows["value_t"] / rows["mineral"].map(world)
        figures.append(rows[rows["country_iso3"] == code].set_index("mineral"))
    production, reserves = figures
    minerals = [{"mineral": slug, "name": mineral_name, "production": _figure(production, slug),
                 "reserves": _figure(reserves, slug)}
                for slug, mineral_name in site.names.items() if slug in production.index or slug in reserves.index]
    members = ds.partnership_members
    mine = members[members["country_iso3"] == code]
    partnerships = [dict(r, name=site.partnership_names[r["partnership"]]) for r in mine.to_dict("records")]
    others = [{"name": short, "link": build_link(site, [*members.loc[members["partnership"] == slug, "country_iso3"],
                                                       code], f"{short} + {name}")}
              for slug, short in site.partnership_names.items() if slug not in set(mine["partnership"])]
    concern = ds.countries_of_concern.set_index("country_iso3")["designation"]
    score = latest_scores(ds.democracy_index).get(code)
    context = {
        "title": name, "code": code, "base_year": site.base_year, "reserves_year": site.reserves_year,
        "minerals": minerals, "partnerships": partnerships, "add_to": others,
        "alone": build_link(site, [code], name), "score": score, "score_year": int(ds.democracy_index["year"].max()),
        "concern": concern.get(code, ""),
        "sources": site.source_list(site.usgs()[site.usgs()["country_iso3"] == code], ds.democracy_index,
                                    ds.countries_of_concern[ds.countries_of_concern["country_iso3"] == code]),
        "citation": site.citation(name, f"countries/{code.lower()}/"),
    }
    return Page(f"countries/{code.lower()}.md", "country.md.j2", context)


def _figure(rows, slug):
    if slug not in rows.index:
        return None
    row = rows.loc[slug]
    return {"value_t": row["value_t"], "reported_as": row["reported_as"], "share": row["share"],
            "rank": None if row["rank"] != row["rank"] else int(row["rank"]), "estimated": row["estimated"]}


def countries_index(site):
    concern = set(site.ds.countries_of_concern["country_iso3"])
    rows = [{"code": c, "slug": c.lower(), "name": country_name(c), "concern": c in concern}
            for c in site.countries]
    return Page("countries/index.md", "countries_index.md.j2", {
        "title": "Countries", "countries": sorted(rows, key=lambda r: r["name"]),
        "citation": site.citation("Countries", "countries/")})
