"""A page for a mineral outside the engine: its answer (no coverage figure, and why) with the IEA's clean-technology
demand drawn by scenario, then what the USGS publishes (its refinery or smelter table where it has one), the USGS
critical list and any export measure. No coverage ratio."""

from .. import cells, figures
from ..countries import country_name
from ..export_measures import measure_sentence, touching
from ..frames import records
from ..outside import producers
from ..view import DEFAULT
from ..policy_rules import as_of_date
from .brief import outside_sentence
from .site import Page

STAGE_OUTPUT = {"refinery": "refinery production", "smelter": "smelter production", "mine": "mine production"}


def demand_only(site, m):
    ds, slug = site.ds, m["mineral"]
    concern = ds.countries_of_concern["country_iso3"]
    year, world_t, countries = producers(ds.refinery_production, slug, concern)
    summary = site.row("outside_summary", mineral=slug)
    refinery = ds.refinery_production[ds.refinery_production["mineral"] == slug]
    cleantech = ds.cleantech_demand[ds.cleantech_demand["item"] == slug]
    demand = [site.fig("cleantech_demand", "demand_kt", item=slug, scenario=DEFAULT.scenario, year=year)
              for year in (site.editions.iea_base_year, DEFAULT.year)]
    brief = outside_sentence(m["name"], site.editions.iea_base_year, *demand, DEFAULT)
    as_of, measures = as_of_date(ds), touching(ds.export_controls, slug)
    context = {
        "title": m["name"], "mineral": m, "stage_output": STAGE_OUTPUT.get(m["stage"], ""),
        "brief": cells.html(brief), "description": cells.text(brief),
        "year": year,
        "world_t": site.fig("refinery_production", "value_t", mineral=slug, row_kind="world_total", country_iso3="",
                            year=year) or "—",
        "producers": [dict(r, name=site.country_link(r["country_iso3"], "../"),
                           fig_value=cells.column("refinery_production", r, "value_t"),
                           fig_reported=cells.column("refinery_production", r, "reported_as"),
                           fig_share=site.fig("shares", "share", mineral=slug, stage="refinery", row_kind="country",
                                              country_iso3=r["country_iso3"]) or "—")
                      for r in records(countries)],
        "top": ({"name": country_name(summary["top_country_iso3"]),
                 "share": cells.column("outside_summary", summary, "top_share")} if summary is not None
                and summary["top_country_iso3"] else None),
        "concern_share": cells.column("outside_summary", summary, "concern_share") if summary is not None else "—",
        "concern_names": site.concern_names,
        "base_year": site.editions.iea_base_year, "base_demand": demand[0] or "—",
        "as_of": as_of, "measures": [measure_sentence(r, as_of) for r in records(measures)],
        "sources": site.source_list(refinery, cleantech, measures, measures[["status_source_id"]].rename(
            columns={"status_source_id": "source_id"})),
        "citation": site.citation(m["name"], f"minerals/{slug}/"),
    }
    return Page(f"minerals/{slug}.md", "mineral_demand_only.md.j2", context,
                [figures.cleantech_demand(cleantech, slug, m["name"], site.editions)])
