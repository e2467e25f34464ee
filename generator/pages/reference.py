"""Reference pages: methodology, data and sources, and the two index pages."""

from ..countries import country_name
from ..focus import FOCUS_SCENARIO, FOCUS_YEAR
from ..published import PUBLISHED
from ..schema import SCENARIO_NAMES, TABLES, USGS_CODES, WORLD_TOTAL_TOLERANCE
from .demand_only import LICENCE_LABELS
from .site import SCENARIO_INTRO, Page


def demote_headings(markdown):
    """A Markdown document to embed under an H2: its title dropped, its H2s made H3s."""
    body = markdown.split("\n", 1)[1] if markdown.startswith("# ") else markdown
    return body.replace("\n## ", "\n### ").strip()


def methodology(site):
    ds = site.ds
    return Page("methodology.md", "methodology.md.j2", {
        "title": "Methodology", "measures": PUBLISHED["sufficiency"], "focus": PUBLISHED["focus"],
        "concentration": PUBLISHED["concentration"], "codes": USGS_CODES,
        "tolerance": WORLD_TOTAL_TOLERANCE, "base_year": site.base_year, "scenarios": SCENARIO_NAMES,
        "focus_scenario": FOCUS_SCENARIO, "focus_year": FOCUS_YEAR, "legend": site.legend,
        "comparability": [dict(r, name=site.names[r["mineral"]]) for r in ds.comparability.to_dict("records")],
        "concern": [dict(r, name=country_name(r["country_iso3"]), source=site.sources.loc[r["source_id"]].to_dict())
                    for r in ds.countries_of_concern.to_dict("records")],
        "partnership_order": list(site.partnership_names.values()),
        "minerals": ds.minerals.to_dict("records"), "citation": site.citation("Methodology", "methodology/")})


def data(site):
    ds = site.ds
    return Page("data.md", "data.md.j2", {
        "title": "Data and sources", "sources": ds.sources.to_dict("records"), "published": PUBLISHED,
        "tables": TABLES, "exceptions": ds.world_total_exceptions.to_dict("records"),
        "changelog": demote_headings(ds.changelog), "citation": site.citation("Data and sources", "data/")})


def minerals_index(site):
    return Page("minerals/index.md", "minerals_index.md.j2", {
        "title": "Minerals", "minerals": site.mineral_list(), "legend": site.legend, "scenario_intro": SCENARIO_INTRO,
        "outside": [dict(m, licence_label=LICENCE_LABELS[m["export_licence"]])
                    for m in site.ds.minerals_outside.to_dict("records")],
        "closest_name": site.partnership_names[site.closest], "citation": site.citation("Minerals", "minerals/")})


def partnerships_index(site):
    return Page("partnerships/index.md", "partnerships_index.md.j2", {
        "title": "Partnerships", "partnerships": site.ds.partnerships.to_dict("records"),
        "citation": site.citation("Partnerships", "partnerships/")})
