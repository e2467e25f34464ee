"""A partnership page: its members and status, what it covers across minerals, and who would close its gaps."""

from .. import figures
from ..bounds import is_comparable
from ..findings import partnership_findings, phrase, sentences
from .site import SCENARIO_INTRO, Page
from .views import all_views, cell, state_element, views_file

BOTTLENECK_BELOW = 0.5  # a like-for-like coverage under half of demand
ROW_VIEWS = ("production_sufficiency", "refining_sufficiency", "reserves_sufficiency", "buildout_multiple")


def partnership(site, p):
    ds, slug = site.ds, p.partnership
    suff = site.sufficiency[site.sufficiency["partnership"] == slug]
    at = suff[(suff["scenario"] == "NZE") & (suff["year"] == 2030)]
    members = ds.partnership_members[ds.partnership_members["partnership"] == slug]
    facts = partnership_findings(site.results.sufficiency, slug)
    conc = site.results.concentration
    conc = conc[(conc["partnership"] == slug) & (conc["stage"] == "mining")]
    inside = {c.mineral: {"top_member": site.country_link(c.top_country_iso3, "../") if c.top_country_iso3 else "",
                          "top_member_share": c.top_share} for c in conc.itertuples()}
    rows = {r["mineral"]: r for r in at.to_dict("records")}

    def view_parts(scenario, year):
        view_rows = suff[(suff["scenario"] == scenario) & (suff["year"] == year)]
        found = partnership_findings(site.results.sufficiency, slug, scenario, year)
        parts = {"sentences": [" ".join(sentences(found, phrase(slug, site.partnership_names[slug]), site.names)), ""],
                 "table-intro": [f"Against {scenario} {year} demand; reserves against cumulative {scenario} "
                                 f"demand to 2050.", ""]}
        for row in view_rows.to_dict("records"):
            for name in ROW_VIEWS:
                parts[f"row-{row['mineral']}-{name}"] = cell(row, name)
        return parts

    views = all_views(view_parts)
    figure = figures.minerals_for_partnership(suff, p, site.names, site.base_year)
    status = [p.status_source_id] if p.status_source_id else []
    context = {
        "title": p.name, "partnership": p._asdict(), "base_year": site.base_year,
        "members": [dict(r, name=site.country_link(r["country_iso3"], "../")) for r in members.to_dict("records")],
        "sentences": sentences(facts, phrase(slug, site.partnership_names[slug]), site.names), "views": views,
        "view_state": state_element("../../", f"partnerships-{slug}", slug, site.partnership_names),
        "rows": [dict(rows[m], name=name, **inside.get(m, {})) for m, name in site.names.items()],
        "closers": closers(site, slug, at), "scenario_intro": SCENARIO_INTRO, "legend": site.legend,
        "status_source": site.sources.loc[p.status_source_id].to_dict() if status else None,
        "sources": site.source_list(members, site.usgs(), site.iea(), ids=[p.source_id, *status]),
        "citation": site.citation(p.name, f"partnerships/{slug}/"),
    }
    return Page(f"partnerships/{slug}.md", "partnership.md.j2", context, [figure],
                assets=views_file(f"partnerships-{slug}", views, [figure]))


def closers(site, slug, at):
    """Minerals measured like for like where members cover under half of demand, and the candidate that
    would add the most (countries of concern are never candidates)."""
    comparable = at[[is_comparable(r, "production_sufficiency") for r in at.to_dict("records")]]
    short = comparable[comparable["production_sufficiency"] < BOTTLENECK_BELOW].sort_values("production_sufficiency")
    focus = site.results.focus
    out = []
    for row in short.to_dict("records"):
        top = focus[(focus["partnership"] == slug) & (focus["mineral"] == row["mineral"])
                    & (focus["rank_production"] == 1)]
        found = len(top) > 0
        out.append({**row, "name": site.names[row["mineral"]],
                    "country": site.country_link(top["country_iso3"].iloc[0], "../") if found else "",
                    "ties": top["ties"].iloc[0] if found else "",
                    "gain": top["production_sufficiency_gain"].iloc[0] if found else float("nan")})
    return out
