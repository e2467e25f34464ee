"""A page for a mineral outside the engine: what the USGS publishes (its refinery or smelter table where it has
one), the IEA's clean-technology demand, the USGS critical list and any export measure. No coverage ratio."""

from ..countries import country_name
from ..outside import concern_share, demand_by_year, producers
from ..schema import MILESTONE_YEARS, SCENARIOS
from .site import Page

BASE_YEAR = 2024  # the IEA's observed base year
LICENCE_LABELS = {"licence": "yes", "none_found": "none found", "not_confirmed": "not confirmed"}
STAGE_OUTPUT = {"refinery": "refinery production", "smelter": "smelter production", "mine": "mine production"}


def demand_rows(cleantech, item):
    """One row per scenario: the item's clean-technology demand (kt) in the base year and each milestone year."""
    years = (BASE_YEAR, *MILESTONE_YEARS)
    return [{"scenario": s, "values": [demand_by_year(cleantech, item, s, years).get(y) for y in years]}
            for s in SCENARIOS]


def demand_only(site, m):
    ds, slug = site.ds, m["mineral"]
    concern = ds.countries_of_concern["country_iso3"]
    year, world_t, countries = producers(ds.refinery_production, slug, concern)
    refinery = ds.refinery_production[ds.refinery_production["mineral"] == slug]
    cleantech = ds.cleantech_demand[ds.cleantech_demand["item"] == slug]
    context = {
        "title": m["name"], "mineral": m, "stage_output": STAGE_OUTPUT.get(m["stage"], ""),
        "year": year, "world_t": world_t,
        "producers": [dict(r, name=site.country_link(r["country_iso3"], "../"))
                      for r in countries.to_dict("records")],
        "top": ({"name": country_name(countries.at[0, "country_iso3"]), "share": countries.at[0, "share"]}
                if len(countries) else None),
        "concern_share": concern_share(countries) if len(countries) else float("nan"),
        "concern_names": site.concern_names,
        "demand_years": [BASE_YEAR, *MILESTONE_YEARS], "demand": demand_rows(ds.cleantech_demand, slug),
        "sources": site.source_list(refinery, cleantech, ids=[i for i in (m["source_id"], m["status_source_id"]) if i]),
        "citation": site.citation(m["name"], f"minerals/{slug}/"),
    }
    return Page(f"minerals/{slug}.md", "mineral_demand_only.md.j2", context)
