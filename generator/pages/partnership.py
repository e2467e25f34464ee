"""A partnership page: its members and status, what it covers across minerals, and who would close its gaps."""

from .. import cells, figures
from ..findings import phrase, sentences
from ..frames import records
from ..schema import HORIZON_YEAR, OUTPUT_STAGE
from ..view import DEFAULT
from .site import SCENARIO_INTRO, Page
from .brief import count_sentence
from .views import all_views, partnership_key, partnership_views, state_element, views_file
from .mineral import coverage_cell
from . import left_out
from .imports_section import imports_period, partnership_rows

BOTTLENECK_BELOW = 0.5  # a like-for-like coverage under half of demand
ROW_VIEWS = ("production_sufficiency", "refining_sufficiency", "reserves_sufficiency", "buildout_multiple")


def joined(sentence_list):
    """Sentences as one part: words and figures, a space between sentences."""
    return [part for sentence in sentence_list for part in [*sentence, " "]][:-1]


def partnership(site, p):
    ds, slug = site.ds, p.partnership
    suff = site.of_partnership[slug]
    at = suff[(suff["scenario"] == DEFAULT.scenario) & (suff["year"] == DEFAULT.year)]
    members = ds.partnership_members[ds.partnership_members["partnership"] == slug]
    short = phrase(slug, site.partnership_names[slug])

    def view_parts(v):
        found = site.findings_of(v, slug)
        parts = {"sentences": joined(sentences(found, short, site.names)),
                 "table-intro": [f"Against {v.scenario} {v.year} demand; reserves against cumulative {v.scenario} "
                                 f"demand to {HORIZON_YEAR}."]}
        for row in found["rows"].values():
            for name in ROW_VIEWS:
                parts[f"row-{row['mineral']}-{name}"] = coverage_cell(row, name)
        return parts

    views = all_views(view_parts, site.views)
    views.update(partnership_views(lambda v, p: {"brief": count_sentence(
        site.findings_of(v, p), site.partnership_names[p])}, site.views, [slug]))
    figure = figures.minerals_for_partnership(suff, p, site.names, site.base_year, site.views, site.editions)
    status = [p.status_source_id] if p.status_source_id else []
    rows = {r["mineral"]: r for r in records(at)}

    def link(code):
        return site.country_link(code, "../")

    output = site.ds.minerals.set_index("mineral")["stage"].map(OUTPUT_STAGE)

    def row(mineral, name):
        r = rows[mineral]
        inside = site.row("concentration", mineral=mineral, stage=output[mineral], partnership=slug)
        top = ([link(inside["top_country_iso3"]), " (", cells.column("concentration", inside, "top_share"),
                " of members' output)"] if inside is not None and inside["top_country_iso3"] else ["—"])
        return {"mineral": mineral, "name": name,
                "production": cells.column("sufficiency", r, "members_production_t", r["world_share_note"]),
                "world_share": cells.measure(r, "world_share"), "top_member": top,
                "past_growth": cells.measure(r, "historical_cagr"),
                "left_out": left_out.count_cell(r, f"left-out-{mineral}")}

    rows_out = [row(m, name) for m, name in site.names.items()]
    settings = site.view_settings(slug)
    context = {
        "title": p.name, "partnership": p._asdict(), "base_year": site.base_year,
        "members": [dict(r, name=link(r["country_iso3"]), note=cells.column("partnerships", r, "note") if r["note"] else "")
                    for r in records(members)],
        "brief": cells.text(views[partnership_key(DEFAULT, slug)]["brief"]), "views": views,
        "view_state": state_element("../../", f"partnerships-{slug}", **settings),
        "rows": rows_out, "left_out": left_out_block(site, suff, rows, link),
        "closers": closers(site, slug, at), "imports": partnership_rows(site, slug, rows),
        "imports_period": imports_period(site), "scenario_intro": SCENARIO_INTRO, "legend": site.legend,
        "status_source": site.sources.loc[p.status_source_id].to_dict() if status else None,
        "sources": site.source_list(members, site.usgs(), site.iea(), ids=[p.source_id, *status]),
        "citation": site.citation(p.name, f"partnerships/{slug}/"),
    }
    return Page(f"partnerships/{slug}.md", "partnership.md.j2", context, [figure],
                assets=views_file(f"partnerships-{slug}", views, [figure]), view_settings=settings)


def left_out_block(site, suff, rows, link):
    """The page's one left-out table: member × reason, each cell naming the minerals (in page order) whose sums
    leave the member out for that reason. How far an absence reaches is read over every view, not only the default."""
    reaches = left_out.reach(records(suff), left_out.rest_of_world(site.ds.supply_projection))
    ordered = [rows[m] for m in site.names if m in rows]
    return left_out.table(ordered, reaches, lambda row, column: site.names[row["mineral"]], link,
                          anchors=[f"left-out-{r['mineral']}" for r in ordered if left_out.members_left_out(r)])


def closers(site, slug, at):
    """Minerals measured like for like where members cover under half of demand, and the candidate that
    would add the most (countries of concern are never candidates)."""
    comparable = at[at["production_sufficiency_comparable"]]
    short = comparable[comparable["production_sufficiency"] < BOTTLENECK_BELOW].sort_values("production_sufficiency")
    out = []
    for row in records(short):
        ranked = site.focus_tops["by_production"].get((row["mineral"], slug), [])
        found = next((r for r in ranked if r["rank_production"] == 1), None)
        out.append({"mineral": row["mineral"], "name": site.names[row["mineral"]],
                    "covers": cells.measure(row, "production_sufficiency"),
                    "country": site.country_link(found["country_iso3"], "../") if found else "",
                    "ties": found["ties"] if found else "",
                    "gain": cells.column("focus", found, "production_sufficiency_gain") if found else "—"})
    return out
