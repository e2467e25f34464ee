"""A mineral page: who holds supply now, what each partnership covers like for like, and where to focus."""

from markupsafe import Markup

from .. import figures
from ..bounds import is_comparable
from ..countries import country_name
from ..findings import ALONE, phrase
from ..formatting import kilotonnes, measure, percent
from ..metrics import reason_for, sufficiency_demand, world_totals
from ..outside import element_demand
from .demand_only import LICENCE_LABELS
from .mineral_tables import disclosure, focus_tables, refining
from .site import SCENARIO_INTRO, Page
from .views import DEFAULT, all_views, cell, state_element, views_file

# Coverage-table measures that follow the view, with the IEA "rest of world" share shown beside them.
COVERAGE_VIEWS = {"production_sufficiency": None, "projected_sufficiency": "rest_of_world_share",
                  "refining_sufficiency": "refining_rest_of_world_share", "reserves_sufficiency": None,
                  "buildout_multiple": None}


def mineral(site, m):
    ds, slug = site.ds, m.mineral
    suff = site.sufficiency[site.sufficiency["mineral"] == slug]
    demand = sufficiency_demand(ds.demand, ds.minerals)
    demand = demand[demand["mineral"] == slug]
    names, closest = site.partnership_names, site.closest

    def link(code):
        return site.country_link(code, "../")

    def anchor(code):  # in a chart's data table, which is raw HTML
        return site.country_anchor(code, Markup("../../"))

    charts = [
        figures.by_country(ds.production, ds.partnership_members, m, "production", site.base_year, names, closest,
                           anchor),
        figures.by_country(ds.reserves, ds.partnership_members, m, "reserves", site.reserves_year, names, closest,
                           anchor),
        figures.demand_against_supply(demand, suff, m, site.base_year, names, closest),
        figures.partnerships_for_mineral(suff, m, names, site.base_year),
    ]
    conc = site.results.concentration
    conc = conc[(conc["mineral"] == slug) & (conc["partnership"] == "")].set_index("stage")
    at = suff[(suff["scenario"] == "NZE") & (suff["year"] == 2030)].set_index("partnership")
    world_reserves = site.usgs(slug)
    world_reserves = world_reserves[(world_reserves["row_kind"] == "world_total")
                                    & (world_reserves["year"] == site.reserves_year)]
    demand = demand.set_index(["scenario", "year"])["demand_kt"]
    shares = {stage: _stage(conc, stage) for stage in ("mining", "refining")}

    def view_parts(scenario, year):
        rows = suff[(suff["scenario"] == scenario) & (suff["year"] == year)].set_index("partnership")
        parts = {"answer": [" ".join(answer(site, m, rows, shares, scenario, year)), ""],
                 "demand-label": [f"IEA demand, {scenario} {year}", ""],
                 "demand-value": [kilotonnes(demand.get((scenario, year))), ""],
                 "cov-intro": [f"Against {scenario} {year} demand (reserves: cumulative {scenario} demand "
                               f"{site.base_year}–2050).", ""]}
        for p in names:
            row = rows.loc[p]
            for measure_name, share in COVERAGE_VIEWS.items():
                text, why = cell(row, measure_name)
                if share and row[share] == row[share]:
                    text += f" ({percent(row[share])} unattributed)"
                parts[f"cov-{p}-{measure_name}"] = [text, why]
        return parts

    views = all_views(view_parts)
    elements = element_section(site, slug)
    context = {
        "title": m.name, "mineral": m._asdict(), "base_year": site.base_year, "reserves_year": site.reserves_year,
        "world_production_t": world_totals(ds.production, site.base_year).get(slug, float("nan")),
        "world_reserves": world_reserves.iloc[0].to_dict() if len(world_reserves) else {},
        "mining": shares["mining"], "refining_conc": shares["refining"],
        "demand_base": demand.get(("NZE", 2024)), "demand_nze_2030": demand.get(("NZE", 2030)),
        "demand_scope": m.iea_demand_scope, "supply_basis": at.iloc[0]["supply_basis"],
        "comparability": list(ds.comparability.loc[ds.comparability["mineral"] == slug, "reason"]),
        "coverage": [dict(at.loc[p], partnership=p, name=names[p]) for p in names],
        "answer": answer(site, m, at, shares, *DEFAULT), "concern_names": site.concern_names, "views": views,
        "view_state": state_element("../../", f"minerals-{slug}", closest, site.partnership_names),
        "scenario_intro": SCENARIO_INTRO, "legend": site.legend,
        "focus": focus_tables(site, slug, link), "refining": refining(site, slug, link),
        "disclosure": disclosure(site, slug, link),
        "sources": site.source_list(site.usgs(slug), site.iea(slug), ds.countries_of_concern,
                                    ids=elements["source_ids"] if elements else ()),
        "citation": site.citation(m.name, f"minerals/{slug}/"),
        "elements": elements,
    }
    return Page(f"minerals/{slug}.md", "mineral.md.j2", context, charts, main_figure=3,  # coverage by partnership
                assets=views_file(f"minerals-{slug}", views, charts))


def element_section(site, slug):
    """The IEA's clean-technology demand element by element, light and heavy, in 2024 and NZE 2030, with China's
    export licences (issue 17); None for a mineral without elements."""
    ds = site.ds
    elements = ds.rare_earth_elements[ds.rare_earth_elements["mineral"] == slug]
    if elements.empty:
        return None
    base, base_groups = element_demand(ds.cleantech_demand, elements, "NZE", 2024)
    nze, nze_groups = element_demand(ds.cleantech_demand, elements, "NZE", 2030)
    rows = [dict(e, demand_2024_kt=b, demand_2030_kt=n, share_2030=share, licence_label=LICENCE_LABELS[e["export_licence"]])
            for e, b, n, share in zip(nze.to_dict("records"), base["demand_kt"], nze["demand_kt"], nze["share"])]
    groups = [dict(g, demand_2024_kt=b) for g, b in zip(nze_groups.to_dict("records"), base_groups["demand_kt"])]
    used = set(elements["source_id"]) | set(elements["status_source_id"])
    return {"rows": rows, "groups": groups, "source_ids": sorted(used - {""})}


def _stage(conc, stage):
    if stage not in conc.index:
        return None
    row = conc.loc[stage]
    return {"hhi": row["hhi"], "top": country_name(row["top_country_iso3"]) if row["top_country_iso3"] else "",
            "top_share": row["top_share"], "year": int(row["year"]), "concern_share": row["concern_share"]}


def answer(site, m, at, shares, scenario, year):
    """The opening sentences: who holds supply now, and what the United States alone and its closest
    partnership cover, like for like."""
    out = []
    mining = shares["mining"]
    if mining and mining["top"]:
        out.append(f"{mining['top']} mined {percent(mining['top_share'])} of the world's {m.name.lower()} in "
                   f"{site.base_year}.")
    held = [f"{percent(shares[s]['concern_share'])} of its {s} ({shares[s]['year']})" for s in ("mining", "refining")
            if shares[s] and shares[s]["concern_share"] == shares[s]["concern_share"]]
    if held:
        out.append(f"Countries of concern hold {' and '.join(held)}.")
    for slug in (ALONE, site.closest):
        row, who = at.loc[slug], phrase(slug, site.partnership_names[slug])
        if not is_comparable(row, "production_sufficiency"):
            continue
        if row["production_sufficiency"] != row["production_sufficiency"]:
            out.append(f"No coverage figure for {who}: {reason_for(row['missing_reason'], 'production_sufficiency')}.")
            continue
        basis = f" ({row['supply_basis']}, {row['supply_year']})" if row["supply_year"] != site.base_year else ""
        reserves = (f"; {'its' if slug == ALONE else 'their'} reserves {measure(row, 'reserves_sufficiency', False)} "
                    f"of cumulative {scenario} demand to 2050" if is_comparable(row, "reserves_sufficiency") else "")
        out.append(f"Today's supply{basis} of {who} would cover {measure(row, 'production_sufficiency', False)} of "
                   f"{scenario} {year} demand" + (" (clean-technology demand only)" if row["scope"] == "cleantech"
                                                  else "") + f"{reserves}.")
    if not is_comparable(at.iloc[0], "production_sufficiency"):
        out.append("Mine output and demand count different things for this mineral, so no coverage figure is "
                   "given for it; see the note below.")
    return out
