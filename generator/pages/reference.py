"""Reference pages: methodology, data and sources, and the two index pages."""

from dataclasses import asdict

from ..countries import country_name
from ..export_measures import summary_label, supply_measures
from ..frames import records
from ..measures import FORMATS, MEASURES, QUANTITIES, label
from ..policy_rules import as_of_date
from ..published import INVARIANTS, PUBLISHED
from ..view import DEFAULT
from ..schema import HORIZON_YEAR, MILESTONE_YEARS, SCENARIO_NAMES, TABLES, USGS_CODES, WORLD_TOTAL_TOLERANCE
from ..totals import IEA_RULE, USGS_RULE
from .site import SCENARIO_INTRO, Page, basis_words
from . import left_out


def demote_headings(markdown):
    """A Markdown document to embed under an H2: its title dropped, its H2s made H3s."""
    body = markdown.split("\n", 1)[1] if markdown.startswith("# ") else markdown
    return body.replace("\n## ", "\n### ").strip()


READING = ("two significant figures for shares, ratios, multiples, growth rates and years (three for a share of "
           "100 % or more and for tonnes); a share above 0 but under 0.1 % reads \"< 0.1%\"; a sufficiency ratio above "
           "10 reads \"more than 10×\"; a build-out multiple of 1 or less reads \"none: covered today\"; a bound "
           "carries ≥ or ≤ and is rounded on its safe side; halves round away from zero. The same rules, shipped as "
           "data, format the build page.")


def reads(measure):
    """How a measure's format reads, in words, from its declaration."""
    fmt = FORMATS[measure.format]
    words = [f"{fmt.digits} significant figures" + (f" ({fmt.wide_digits} from {fmt.wide_from:g}{fmt.suffix})"
                                                  if fmt.wide_digits else "")]
    if fmt.ceiling_text:
        words.append(f"above {fmt.ceiling:g}: \"{fmt.ceiling_text}\"")
    if fmt.covered_text:
        words.append(f"{fmt.covered_at:g} or less: \"{fmt.covered_text}\"")
    return "; ".join(words)


def methodology(site):
    ds = site.ds
    return Page("methodology.md", "methodology.md.j2", {
        "title": "Methodology", "left_out_rule": left_out.RULE, "measures": [dict(asdict(m), unit=m.unit, reads=reads(m)) for m in MEASURES],
        "quantities": QUANTITIES, "reading": READING, "columns": PUBLISHED["sufficiency"], "focus": PUBLISHED["focus"],
        "concentration": PUBLISHED["concentration"], "codes": USGS_CODES,
        "tolerance": label(FORMATS["percent"], WORLD_TOTAL_TOLERANCE), "base_year": site.base_year, "scenarios": SCENARIO_NAMES,
        "focus_scenario": DEFAULT.scenario, "focus_year": DEFAULT.year, "legend": site.legend,
        "iea_base_year": site.editions.iea_base_year, "horizon_year": HORIZON_YEAR,
        "first_milestone": MILESTONE_YEARS[0],
        "comparability": [dict(r, name=site.names[r["mineral"]]) for r in records(ds.comparability)],
        "concern": [dict(r, name=country_name(r["country_iso3"]), source=site.sources.loc[r["source_id"]].to_dict())
                    for r in records(ds.countries_of_concern)],
        "partnership_order": list(site.partnership_names.values()),
        "minerals": [dict(m, basis_words=basis_words(m)) for m in records(ds.minerals)],
        "invariants": INVARIANTS,
        "world_total_rules": (USGS_RULE, IEA_RULE), "citation": site.citation("Methodology", "methodology/")})


def data(site):
    ds = site.ds
    return Page("data.md", "data.md.j2", {
        "title": "Data and sources", "sources": records(ds.sources), "published": PUBLISHED,
        "tables": TABLES, "exceptions": records(ds.world_total_exceptions),
        "changelog": demote_headings(ds.changelog), "citation": site.citation("Data and sources", "data/")})


def minerals_index(site):
    as_of = as_of_date(site.ds)
    return Page("minerals/index.md", "minerals_index.md.j2", {
        "title": "Minerals", "minerals": site.mineral_list(), "legend": site.legend, "scenario_intro": SCENARIO_INTRO,
        "outside": [dict(m, licence_label=summary_label(supply_measures(site.ds.export_controls, m["mineral"]), as_of))
                    for m in records(site.ds.minerals_outside)], "as_of": as_of,
        "closest_name": site.partnership_names[site.closest], "citation": site.citation("Minerals", "minerals/")})


def partnerships_index(site):
    return Page("partnerships/index.md", "partnerships_index.md.j2", {
        "title": "Partnerships", "partnerships": records(site.ds.partnerships),
        "citation": site.citation("Partnerships", "partnerships/")})
