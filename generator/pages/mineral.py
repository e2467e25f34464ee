"""A mineral page: who holds supply now, what each partnership covers like for like, and where to focus.

Every figure is a cell of a published table (site.fig, cells.measure): nothing is re-derived here.
"""

from markupsafe import Markup

from .. import cells, figures
from ..bounds import IEA_BASIS
from ..countries import country_name
from ..export_measures import measure_sentence, summary_label, supply_measures, touching
from ..findings import phrase
from ..frames import records
from ..measures import FORMATS, label
from ..metrics import sufficiency_demand
from ..policy_figures import export_timeline
from ..policy_rules import as_of_date
from ..schema import HORIZON_YEAR, MIN_CANDIDATE_SCORE, OUTPUT_LABELS, OUTPUT_STAGE, STAGE_VERBS
from ..view import DEFAULT
from .mineral_tables import (control_notes, disclosure, export_section, focus_tables, refining,
                             without_section)
from .site import SCENARIO_INTRO, Page, basis_words
from . import left_out
from .brief import mineral_sentence
from .imports_section import import_sources_of, mineral_section
from .views import all_views, partnership_key, partnership_views, state_element, views_file

# Coverage-table measures that follow the view, with the share the source leaves unattributed beside them.
COVERAGE_VIEWS = {"production_sufficiency": "unlisted_production_share", "projected_sufficiency": "rest_of_world_share",
                  "refining_sufficiency": "refining_rest_of_world_share", "reserves_sufficiency": None,
                  "buildout_multiple": None}


def unattributed(row, share_column):
    """' (x% unattributed)' beside a figure the source leaves part of in 'other countries' or 'rest of world',
    where a member could be inside it; nothing otherwise."""
    if share_column is None or row[share_column] != row[share_column]:
        return []
    if share_column == "unlisted_production_share" and not row["unlisted_production"]:
        return []
    where = "in USGS 'other countries'" if share_column == "unlisted_production_share" else "unattributed by the IEA"
    return [" (", cells.column("sufficiency", row, share_column), f" {where})"]


def coverage_cell(row, name):
    """The figure of one coverage measure, with the build-out's yearly growth beside its multiple."""
    parts = [cells.measure(row, name)]
    if name == "buildout_multiple" and row[name] == row[name] and row[name] > 1 and row[f"{name}_comparable"]:
        parts += [", ", cells.measure(row, "buildout_cagr")]
    return parts + unattributed(row, COVERAGE_VIEWS[name])


def left_out_block(site, suff, at, names, link):
    """The page's one left-out table: member × reason, each member with the partnerships it is left out of.
    How far an absence reaches is read over every view the page's selectors offer, not only the default."""
    reaches = left_out.reach(records(suff), left_out.rest_of_world(site.ds.supply_projection))
    rows = [at[p] for p in names]
    return left_out.table(rows, reaches, lambda row, column: left_out.COLUMNS[column][1], link,
                          where=lambda row: names[row["partnership"]],
                          anchors=[f"left-out-{r['partnership']}" for r in rows if left_out.members_left_out(r)])


def mineral(site, m):
    ds, slug = site.ds, m.mineral
    suff = site.of_mineral[slug]
    demand = sufficiency_demand(ds.demand, ds.minerals)
    demand = demand[demand["mineral"] == slug]
    names, closest = site.partnership_names, site.closest
    offered = figures.offered_measures(suff)  # the chart's measure choice and the page's view settings alike

    def link(code):
        return site.country_link(code, "../")

    def anchor(code):  # in a chart's data table, which is raw HTML
        return site.country_anchor(code, Markup("../../"))

    shares = site.results.shares
    # A refinery's or smelter's USGS table has no reserves (issue 17): no reserves chart, the page says why.
    reserves_chart = ([figures.by_country(ds.reserves, "reserves", shares, ds.partnership_members, m,
                                          site.reserves_year, names, closest, anchor)] if m.stage == "mine" else [])
    charts = [
        figures.by_country(ds.production, "production", shares, ds.partnership_members, m, site.base_year, names,
                           closest, anchor),
        *reserves_chart,
        figures.demand_against_supply(demand, suff, m, site.editions, names, closest),
        figures.partnerships_for_mineral(suff, m, names, site.base_year, site.views, site.editions, closest, offered),
    ]
    timeline = export_timeline(ds.export_controls, m, as_of_date(ds), "each measure's sources listed on its mineral's page")
    charts += [timeline] if timeline else []
    # The USGS output at the mineral's own stage (mine, refinery or smelter), and the IEA's refining.
    stages = {stage: site.row("concentration", mineral=slug, stage=stage, partnership="")
              for stage in (OUTPUT_STAGE[m.stage], "refining")}
    scope = demand["scope"].iloc[0] if len(demand) else m.iea_demand_scope

    # Rows as dicts, looked up by view: a frame's .loc makes a Series per lookup, and a page makes thousands.
    row_at = {(r["scenario"], r["year"], r["partnership"]): r for r in records(suff)}

    def view_parts(v):
        parts = {"demand-label": [f"IEA demand, {v.scenario} {v.year}"],
                 "demand-value": [site.fig("demand", "demand_kt", mineral=slug, scenario=v.scenario, year=v.year,
                                           scope=scope)],
                 "cov-intro": [f"Against {v.scenario} {v.year} demand (reserves: cumulative {v.scenario} demand "
                               f"{site.base_year}–{HORIZON_YEAR})."]}
        for p in names:
            for name in COVERAGE_VIEWS:
                parts[f"cov-{p}-{name}"] = coverage_cell(row_at[(v.scenario, v.year, p)], name)
        return parts

    views = all_views(view_parts, site.views)
    views.update(partnership_views(lambda v, p: {"brief": mineral_sentence(
        row_at[(v.scenario, v.year, p)], m.name, m.basis, phrase(p, names[p]), v.scenario, v.year, m.iea_basis)},
        site.views, names))
    at = {p: row for (scenario, year, p), row in row_at.items() if (scenario, year) == (DEFAULT.scenario, DEFAULT.year)}
    coverage = [{"partnership": p, "name": names[p],
                 "production": cells.column("sufficiency", at[p], "members_production_t", at[p]["world_share_note"]),
                 "world_share": [cells.measure(at[p], "world_share"),
                                 *unattributed(at[p], "unlisted_production_share")],
                 "reserve_life": cells.measure(at[p], "reserve_life_years"),
                 "past_growth": cells.measure(at[p], "historical_cagr"),
                 "left_out": left_out.count_cell(at[p], f"left-out-{p}")} for p in names]
    elements = element_section(site, slug)
    imports, import_charts = mineral_section(site, m, link, anchor)
    charts += import_charts
    settings = site.view_settings(closest, measures=tuple(offered.values()))
    context = {
        "title": m.name, "mineral": m._asdict(), "base_year": site.base_year, "reserves_year": site.reserves_year,
        "key_figures": key_figures(site, m, stages, scope),
        "location_note": location_note(m.stage),
        "demand_scope": m.iea_demand_scope, "supply_basis": supply_words(m, next(iter(at.values())), site.base_year),
        "comparability": list(ds.comparability.loc[ds.comparability["mineral"] == slug, "reason"]),
        "coverage": coverage, "left_out": left_out_block(site, suff, at, names, link),
        "answer": cells.html(answer(site, m, stages)), "closest": closest,
        "brief": cells.text(views[partnership_key(DEFAULT, closest)]["brief"]),
        "partnership_choices": names, "concern_names": site.concern_names, "views": views,
        "view_state": state_element("../../", f"minerals-{slug}", **settings),
        "scenario_intro": SCENARIO_INTRO, "legend": site.legend,
        "focus": focus_tables(site, slug, link), "refining": refining(site, slug, link),
        "disclosure": disclosure(site, slug, link), "min_candidate_score": label(FORMATS["score"], MIN_CANDIDATE_SCORE),
        "default_view": DEFAULT.label,
        "export": export_section(site, slug, link), "export_figure": timeline.id if timeline else "",
        "without": without_section(site, slug, link), "control_notes": control_notes(site, slug, link),
        "imports": imports,
        "sources": site.source_list(site.usgs(slug), site.iea(slug), ds.countries_of_concern, *policy_sources(ds, slug),
                                    *import_sources_of(ds, slug),
                                    ids=elements["source_ids"] if elements else ()),
        "citation": site.citation(m.name, f"minerals/{slug}/"), "elements": elements,
        "world_total_notes": world_total_notes(site, slug),
        "output_label": OUTPUT_LABELS[m.stage], "stage_verb": STAGE_VERBS[m.stage], "basis_words": basis_words(m._asdict()),
    }
    return Page(f"minerals/{slug}.md", "mineral.md.j2", context, charts,
                main_figure=2 + len(reserves_chart),  # coverage by partnership
                assets=views_file(f"minerals-{slug}", views, charts), view_settings=settings)


def supply_words(m, row, base_year):
    """What 'Supply today' is, with its basis and year; on the IEA's basis, also what the USGS columns beside it
    count, so no row sets one basis beside another unsaid."""
    if row["supply_basis"] != IEA_BASIS:
        return f"{row['supply_basis']} in {base_year} ({m.basis})"
    return (f"the IEA's {row['supply_year']} mine supply ({m.iea_basis or m.basis}), on the basis of its demand; the "
            f"{OUTPUT_LABELS[m.stage].lower()} and world share columns are the USGS's, {base_year} ({m.basis})")


def location_note(stage):
    """Shares count where the output is made, at the stage the USGS counts for the mineral (issue 17)."""
    what = "Mining shares" if stage == "mine" else f"Shares of {stage} output"
    return (f"{what} count where the {stage} is, not who owns it: a {stage} in a partner country may be owned from "
            "a country of concern, and the reverse.")


def key_figures(site, m, stages, scope):
    """[label, figure parts] rows of the key-figures table, each figure a published cell."""
    def world(table, year):
        row = site.row(table, mineral=slug, row_kind="world_total", country_iso3="", year=year)
        if row is None:
            return ["—"]
        why = "" if row["value_t"] == row["value_t"] else f"published as {row['reported_as']}"
        # A total the USGS gives only as '> x' reads as that bound, not '—' (nickel reserves: > 140,000,000 t).
        bounded = row["value_t"] != row["value_t"] and row["low_t"] == row["low_t"] and cells.usgs_code(row) == ">"
        return [cells.column(table, row, "low_t" if bounded else "value_t", why)]

    slug = m.mineral
    # A refinery's or smelter's USGS table has no reserves, and its shares are of that stage's output (issue 17).
    reserves = (world("reserves", site.reserves_year) if m.stage == "mine" else
                ["—", f" (no figure: the USGS publishes no reserves for {m.name.lower()}; its table counts {m.stage} "
                      "output)"])
    output = "mining" if m.stage == "mine" else f"{m.stage} output (USGS)"
    rows = [(f"World {m.stage} production, {site.base_year} (USGS)", world("production", site.base_year)),
            (f"World reserves, {site.reserves_year} (USGS)", reserves)]
    mining, refining = stages[OUTPUT_STAGE[m.stage]], stages["refining"]
    if mining is not None and mining["top_country_iso3"]:
        rows += [(f"Largest producer, {mining['year']}",
                  [country_name(mining["top_country_iso3"]), ", ", cells.column("concentration", mining, "top_share"),
                   *world_note(mining)]),
                 (f"Concentration of {output} (HHI), {mining['year']}",
                  [cells.column("concentration", mining, "hhi")]),
                 (f"Share of {output} held by countries of concern, {mining['year']}",
                  [cells.column("concentration", mining, "concern_share"), *world_note(mining)])]
    if refining is not None and refining["top_country_iso3"]:
        rows += [(f"Concentration of refining (HHI, IEA), {refining['year']}",
                  [cells.column("concentration", refining, "hhi"), f" ({country_name(refining['top_country_iso3'])} ",
                   cells.column("concentration", refining, "top_share"), ")"]),
                 (f"Share of refining held by countries of concern, {refining['year']} (IEA)",
                  [cells.column("concentration", refining, "concern_share")])]
    base_year = site.editions.iea_base_year
    base = site.fig("demand", "demand_kt", mineral=slug, scenario=DEFAULT.scenario, year=base_year, scope=scope)
    rows.append((f"IEA demand, {base_year}", [base]))
    rows.append(("On the USGS 2025 list of critical minerals", ["Yes" if m.critical_2025 else "No",
                                                               " (USGS, Mineral Commodity Summaries 2026 data release)"]))
    return [{"label": label, "value": cells.html(parts)} for label, parts in rows]


def element_section(site, slug):
    """The IEA's clean-technology demand element by element, light and heavy, in its base year and the default view,
    with China's
    export licences (issue 17); None for a mineral without elements."""
    ds = site.ds
    elements = ds.rare_earth_elements[ds.rare_earth_elements["mineral"] == slug]
    if elements.empty:
        return None
    as_of, controls, base_year = as_of_date(ds), ds.export_controls, site.editions.iea_base_year
    items = [(e["element"], dict(e, **element_measures(controls, slug, e["symbol"], as_of)))
             for e in records(elements)]
    items += [(g, {"group": g, "symbols": ", ".join(elements.loc[elements["group"] == g, "symbol"]), "total": True})
              for g in dict.fromkeys(elements["group"])]

    def figs(item):
        at = {year: site.row("element_demand", mineral=slug, item=item, scenario=DEFAULT.scenario, year=year)
              for year in (base_year, DEFAULT.year)}
        return {"fig_base": cells.column("element_demand", at[base_year], "demand_kt") if at[base_year] else "—",
                "fig_view": cells.column("element_demand", at[DEFAULT.year], "demand_kt") if at[DEFAULT.year] else "—",
                "fig_share": cells.column("element_demand", at[DEFAULT.year], "share") if at[DEFAULT.year] else "—"}

    rows = [dict(e, **figs(item)) for item, e in items if not e.get("total")]
    groups = [dict(g, **figs(item)) for item, g in items if g.get("total")]
    measures = touching(controls, slug)
    used = set(measures["source_id"]) | set(measures["status_source_id"])
    return {"rows": rows, "groups": groups, "source_ids": sorted(used - {""}), "as_of": as_of,
            "magnet": magnet_sentence(site, slug), "base_year": base_year}


def element_measures(controls, slug, symbol, as_of):
    """An element's export measures at the as-of date: a label from those on its ore or refined form (the ones
    that hold back supply), and the sentence of every measure that names it (those on the whole mineral are in the
    page's export section)."""
    named = touching(controls, slug, symbol)
    return {"licence_label": summary_label(supply_measures(controls, slug, symbol), as_of),
            "measures": [measure_sentence(r, as_of) for r in records(named[named["elements"] != ""])]}


def magnet_sentence(site, slug):
    """What the elements add up to, each figure on its own basis: the IEA's clean-technology demand for magnet
    rare earths is the sum of four elements; the coverage figures use its total demand, which it does not split."""
    view = dict(mineral=slug, scenario=DEFAULT.scenario, year=DEFAULT.year)
    cleantech, total = (site.fig("demand", "demand_kt", scope=scope, **view) for scope in ("cleantech", "total"))
    if cleantech is None or total is None:
        return ""
    return cells.html([f"The IEA's clean-technology demand for magnet rare earths, ", cleantech,
                       f" in {DEFAULT.scenario} {DEFAULT.year}, is the sum of neodymium, praseodymium, dysprosium and "
                       "terbium. The coverage figures above set supply against its total demand for magnet rare earths "
                       "(all uses, ", total, "), which it does not give element by element; its supply tables give "
                       "magnet rare earths by country as one figure, so no element has a coverage figure of its own."])


def world_total_notes(site, slug):
    """One note per source whose world total is not the stated one (totals.py), its figures as published cells:
    the reader sees what every share on the page is divided by."""
    rows = site.tables["world_totals"]
    rows = rows[(rows["mineral"] == slug) & (rows["rule"] != "stated")]
    notes = []
    for source, group in rows.groupby("source", sort=True):
        first = group.iloc[0]
        stated, parts = (cells.column("world_totals", first, c) for c in ("stated_t", "parts_t"))
        if first["rule"] == "sum_of_parts":
            what = "production" if source == "usgs_production" else "reserves"
            notes.append(cells.html([f"The USGS world {what} total for {first['year']} (", stated, ") is below the "
                                     "sum of the countries it lists and its “other countries” row (", parts,
                                     "): every share of it on this page is of that sum."]))
        else:
            stage = source.removeprefix("iea_")
            years = ", ".join(str(y) for y in group["year"])
            double = (f"already includes {country_name(first['double_counted_iso3'])}, which it also lists"
                      if first["double_counted_iso3"] else "holds a country it also lists")
            notes.append(cells.html([f"The IEA's {stage} rows for {first['year']} sum to ", parts, ", above its stated "
                                     "world total (", stated, f"): its “rest of world” {double}. Shares of IEA "
                                     f"{stage} supply are of the stated total, with rest of world the remainder "
                                     f"(years affected: {years})."]))
    return notes


def world_note(row):
    """' (of a world total that excludes the United States)' where the USGS world total leaves a country out."""
    excluded = row["world_total_excludes"]
    return [f" (of {figures.world_of(excluded)})"] if excluded else []


def answer(site, m, stages):
    """Who holds supply now: the largest producer's share and the share countries of concern hold of mining
    and refining; words and figures. (What each partnership covers is the brief sentence above it.)"""
    out = []
    mining = stages[OUTPUT_STAGE[m.stage]]
    if mining is not None and mining["top_country_iso3"]:
        whose = f" of the world's {m.name.lower()} in {site.base_year}" + "".join(world_note(mining))
        out += [f"{country_name(mining['top_country_iso3'])} {STAGE_VERBS[m.stage]} ", cells.column("concentration", mining, "top_share"),
                f"{whose}. "]
    held = [(stage, row) for stage, row in stages.items() if row is not None and row["concern_share"] == row["concern_share"]]
    if held:
        out.append("Countries of concern hold ")
        for i, (stage, row) in enumerate(held):
            out += [" and " if i else "", cells.column("concentration", row, "concern_share"),
                    f" of its {stage if stage in ('mining', 'refining') else stage + ' output'} ({row['year']})"]
        out.append(".")
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    return [p for p in out if p != ""]


def policy_sources(ds, slug):
    """The rows whose sources a mineral page cites for its policy facts: export measures (and their status
    sources), ownership notes."""
    measures = ds.export_controls[ds.export_controls["mineral"] == slug]
    return (measures, measures[["status_source_id"]].rename(columns={"status_source_id": "source_id"}),
            ds.control_notes[ds.control_notes["mineral"] == slug])
