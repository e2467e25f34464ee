"""The home page (the answer first) and the partnerships side by side."""

from typing import NamedTuple

from .. import cells, figures
from ..citation import SITE_NAME
from ..findings import findings, headline
from .policy import export_line, without_rows
from .site import SCENARIO_INTRO, Page
from ..frames import records
from ..schema import HORIZON_YEAR
from ..view import DEFAULT, POLICY_VIEWS
from .brief import count_sentence
from .imports_section import benchmark_section, home_line
from .views import all_views, partnership_key, partnership_views, state_element, views_file


class Compared(NamedTuple):
    """A measure of the compare page's grid, which shows one at a time: its column of sufficiency.csv (with hyphens,
    the anchor its own table had, which opens the grid on it), the page's measure setting, the selector's label and
    the grid's heading."""
    column: str
    measure: str
    label: str
    title: str


COMPARED = (Compared("production_sufficiency", "production", "Today's output",
                     "Share of {view} demand today's output covers"),
            Compared("refining_sufficiency", "refining", "Refined output (IEA)",
                     "Share of {view} demand the members' refined output covers (IEA)"),
            Compared("reserves_sufficiency", "reserves", "Reserves",
                     f"Reserves ÷ cumulative {{scenario}} demand to {HORIZON_YEAR}"),
            Compared("world_share", "share", "Share of world output", "Share of world output"))


def home(site):
    ds = site.ds
    figure = figures.heatmap(site.sufficiency, site.names, site.partnership_names, site.base_year, site.views,
                             site.editions, site.closest)

    def view_parts(v):
        at = site.at(v)
        parts = {f"headline-{i}": sentence
                 for i, sentence in enumerate(headline(at, ds.minerals, ds.partnerships, v.scenario, v.year))}
        for slug, found in findings(at, ds.minerals, ds.partnerships, v.scenario, v.year).items():
            parts[f"finding-{slug}"] = [part for sentence in found["sentences"] for part in [*sentence, " "]][:-1]
        for item in site.mineral_list(v):
            for who in ("closest", "broadest"):
                for name in ("production_sufficiency", "reserves_sufficiency"):
                    parts[f"minerals-{item['slug']}-{who}-{name}"] = [cells.measure(item[who], name)]
        parts["minerals-view"] = [v.label]
        return parts

    views = all_views(view_parts, site.views)
    settings = site.view_settings(site.closest)
    views.update(partnership_views(lambda v, p: {"brief": count_sentence(site.findings_of(v, p),
                                                                          site.partnership_names[p])},
                                   site.views, site.partnership_names))
    lead = headline(site.at(), ds.minerals, ds.partnerships)
    context = {"title": "Could the United States and its partners supply the minerals clean energy needs?",
               "headline": [cells.text(s) for s in lead], "findings": site.findings, "closest": site.closest,
               "brief": cells.text(views[partnership_key(DEFAULT, site.closest)]["brief"]),
               "partnership_names": site.partnership_names, "views": views,
               "view_state": state_element("", "index", **settings),
               "minerals": site.mineral_list(), "closest_name": site.partnership_names[site.closest],
               "partnerships": records(ds.partnerships), "base_year": site.base_year,
               "scenario_intro": SCENARIO_INTRO, "legend": site.legend,
               "sources": site.source_list(site.usgs(), site.iea(), ds.democracy_index),
               "citation": site.citation(SITE_NAME, ""), "export_line": export_line(site),
               "imports_line": home_line(site)}
    return Page("index.md", "home.md.j2", context, [figure], assets=views_file("index", views, [figure]),
                view_settings=settings)


def compare(site):
    def view_parts(v):
        parts = {f"cmp-{c.measure}-{row['mineral']}-{row['partnership']}": [cells.measure(row, c.column)]
                 for row in records(site.at(v)) for c in COMPARED}
        parts.update({f"cmp-title-{c.measure}": [c.title.format(view=v.label, scenario=v.scenario)] for c in COMPARED})
        return parts

    views = all_views(view_parts, site.views)
    benchmarks, benchmark_charts = benchmark_section(site)
    default_measure = COMPARED[0].measure
    settings = site.view_settings(site.closest, measure_key=default_measure, measures=[c.measure for c in COMPARED])
    controls = [("scenario", "Scenario", [(s, s) for s in site.scenarios]),
                ("year", "Year", [(y, y) for y in site.years]),
                ("measure", "Measure", [(c.measure, c.label) for c in COMPARED]),
                ("partnership", "Partnership", list(site.partnership_names.items()))]
    return Page("compare.md", "compare.md.j2", {
        "title": "Partnerships compared", "minerals": list(site.names.items()),
        "partnership_names": site.partnership_names, "chosen": site.closest, "default_measure": default_measure,
        "measure_anchors": [(c.column.replace("_", "-"), c.measure) for c in COMPARED],
        "base_year": site.base_year, "scenario_intro": SCENARIO_INTRO, "legend": site.legend, "views": views,
        "view_state": state_element("../", "compare", **settings, controls=controls),
        "citation": site.citation("Partnerships compared", "compare/"), "without": without_rows(site),
        "without_views": [v.label for v in POLICY_VIEWS],
        "default_view": DEFAULT.label, "benchmarks": benchmarks}, benchmark_charts,
        assets=views_file("compare", views, benchmark_charts), view_settings=settings)
