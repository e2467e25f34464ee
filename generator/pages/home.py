"""The home page (the answer first) and the partnerships side by side."""

from .. import figures
from ..findings import headline
from .site import SCENARIO_INTRO, SITE_NAME, Page

COMPARED = (("production_sufficiency", "Share of NZE 2030 demand today's mine output covers"),
            ("refining_sufficiency", "Share of NZE 2030 demand the members' refined output covers (IEA)"),
            ("reserves_sufficiency", "Reserves ÷ cumulative NZE demand to 2050"),
            ("world_share", "Share of world mine production"))


def home(site):
    ds = site.ds
    figure = figures.heatmap(site.sufficiency, site.names, site.partnership_names, site.base_year)
    context = {"title": "Could the United States and its partners supply the minerals clean energy needs?",
               "headline": headline(site.results.sufficiency, ds.minerals, ds.partnerships),
               "findings": site.findings, "partnership_names": site.partnership_names,
               "minerals": site.mineral_list(), "closest_name": site.partnership_names[site.closest],
               "partnerships": ds.partnerships.to_dict("records"), "base_year": site.base_year,
               "scenario_intro": SCENARIO_INTRO, "legend": site.legend,
               "sources": site.source_list(site.usgs(), site.iea(), ds.democracy_index),
               "citation": site.citation(SITE_NAME, "")}
    return Page("index.md", "home.md.j2", context, [figure])


def compare(site):
    at = site.at().set_index(["mineral", "partnership"])
    tables = [(column, title, [(slug, name, [dict(at.loc[(slug, p)], partnership=p) for p in site.partnership_names])
                               for slug, name in site.names.items()])
              for column, title in COMPARED]
    return Page("compare.md", "compare.md.j2", {
        "title": "Partnerships compared", "tables": tables, "partnership_names": site.partnership_names,
        "base_year": site.base_year, "scenario_intro": SCENARIO_INTRO, "legend": site.legend,
        "citation": site.citation("Partnerships compared", "compare/")})
