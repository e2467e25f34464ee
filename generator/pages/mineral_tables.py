"""The tables of a mineral page below the answer: where to focus, refining by country, data notes."""

from markupsafe import Markup

from .. import cells
from ..countries import country_name
from ..export_measures import COVERAGE_ASSUMPTION, IN_FORCE, STALE, measure_sentence, touching
from ..focus import MIN_GAIN
from ..frames import records
from ..policy_rules import as_of_date
from ..view import DEFAULT
from ..schema import CONFIRMATION_MAX_AGE_MONTHS
from ..screen import CONCERN, FAILS_RULE, GOVERNANCE, NO_SCORE, SANCTIONS, TERRITORY

# Exclusions that hold whatever the partnership: the "large producers with a governance or sanctions risk".
RISKS = (CONCERN, SANCTIONS, GOVERNANCE, NO_SCORE)

FOCUS_TOP = 5


def focus_tables(site, slug, link):
    """Per partnership: the top candidates by production and by reserves gain, members by unused reserves, and the
    producers this partnership may not be offered (a territory of a member, or failing its own rule); and, for
    every partnership at once, the large producers with a governance or sanctions risk, each with its reason and
    score. A gain declared not comparable is not ranked: its reason stands in for the ranking."""
    tops, focus = site.focus_tops, site.focus_of(slug)
    mine = focus[focus["production_t"] > 0]
    risky = mine[mine["exclusion"].isin(RISKS)].drop_duplicates("country_iso3").sort_values(
        ["production_t", "country_iso3"], ascending=[False, True])
    first = focus.iloc[:1]
    # Every partnership's rows at once, not a slice per partnership: a mineral page lists twelve.
    not_offered = {}
    for r in records(mine[mine["exclusion"].isin((TERRITORY, FAILS_RULE))].sort_values(
            ["production_t", "country_iso3"], ascending=[False, True])):
        not_offered.setdefault(r["partnership"], []).append(r)
    small = focus.groupby("partnership")[["production_sufficiency_gain_too_small",
                                          "reserves_sufficiency_gain_too_small"]].sum()
    too_small = {p: {"production": int(production), "reserves": int(reserves)} for p, production, reserves in zip(
        small.index, small["production_sufficiency_gain_too_small"], small["reserves_sufficiency_gain_too_small"])}

    def named(code, sovereign):
        return link(code) + (f" ({country_name(sovereign)})" if sovereign else "")

    def linked(rows):
        return [dict(r, name=named(r["country_iso3"], r["sovereign_iso3"]), **{
            f"fig_{column}": cells.column("focus", r, column, why) for column, why in (
                ("production_sufficiency_gain", ""), ("reserves_sufficiency_gain", ""), ("democracy_score", ""),
                ("production_t", ""), ("reserve_life_years", "reserves but no current production"),
                ("excluded_reason", ""))})
                for r in rows]

    return {"partnerships": [{"partnership": p, "name": name, "not_offered": linked(not_offered.get(p, [])),
                              "too_small": too_small.get(p, {"production": 0, "reserves": 0}),
                              **{kind: linked(tops[kind].get((slug, p), [])) for kind in ("by_production",
                                                                                          "by_reserves", "members")}}
                             for p, name in site.partnership_names.items()],
            "risky": linked(records(risky)),
            "basis": first["production_gain_basis"].iloc[0] if len(first) else "",
            "min_gain": f"{MIN_GAIN * 100:g}",
            "production_nc": _not_comparable(first, "production_sufficiency_gain"),
            "reserves_nc": _not_comparable(first, "reserves_sufficiency_gain")}


def _not_comparable(rows, gain):
    """The reason a gain is not comparable for this mineral, or '' where it is."""
    if rows.empty or rows[f"{gain}_comparable"].iloc[0]:
        return ""
    return rows[f"{gain}_note"].iloc[0]


def top_ranked(focus):
    """{kind: {(mineral, partnership): the FOCUS_TOP highest-ranked rows}} for the three rankings at once."""
    focus = focus.assign(name=focus["country_iso3"].map(country_name))
    out = {}
    for kind, column in (("by_production", "rank_production"), ("by_reserves", "rank_reserves"),
                         ("members", "rank_unused_reserves")):
        ranked = focus[focus[column].notna() & (focus[column] <= FOCUS_TOP)].sort_values(
            ["mineral", "partnership", column])
        grouped = {}
        for row in records(ranked):
            grouped.setdefault((row["mineral"], row["partnership"]), []).append(row)
        out[kind] = grouped
    return out


def refining(site, slug, link):
    """IEA refined output by country in its base year, with shares of the IEA total (rest of world included):
    the rows of shares.csv."""
    rows = site.tables["shares"]
    rows = rows[(rows["mineral"] == slug) & (rows["stage"] == "refining")]
    if rows.empty:
        return None
    concern = set(site.ds.countries_of_concern["country_iso3"])
    return {"year": int(rows["year"].iloc[0]), "rows": [
        {"name": "Rest of world" if r["row_kind"] == "rest_of_world" else link(r["country_iso3"]),
         "value": cells.column("shares", r, "value_t"), "share": cells.column("shares", r, "share"),
         "concern": r["country_iso3"] in concern}
        for r in records(rows.sort_values(["row_kind", "value_t"], ascending=[True, False]))]}


def disclosure(site, slug, link):
    """Coverage notes: withheld and unavailable figures in the base year."""
    rows = site.ds.production
    rows = rows[(rows["mineral"] == slug) & (rows["year"] == site.base_year) & (rows["row_kind"] == "country")]
    return {"withheld": [link(c) for c in rows.loc[rows["code"] == "W", "country_iso3"]],
            "unavailable": [link(c) for c in rows.loc[rows["value_t"].isna() & (rows["code"] != "W"),
                                                       "country_iso3"]]}


STAGE_WORDS = {"mining": "world mining", "refining": "world refining"}


def export_section(site, slug, link):
    """The share of world mining and refining under an export measure in force at the as-of date, and by whom;
    the measures whose status is not confirmed at that date, listed apart. Every status is written from the
    measure's rows (export_measures.measure_sentence), as on every other page."""
    as_of = as_of_date(site.ds)
    exposed = site.results.export_exposure
    exposed = exposed[exposed["mineral"] == slug]
    instruments = site.ds.export_controls.drop_duplicates("measure_id").set_index("measure_id")["instrument"]
    shares = site.results.export_share
    shares = shares[shares["mineral"] == slug].set_index("stage")
    stages, partial = [], False
    for stage in ("mining", "refining"):
        rows = exposed[exposed["stage"] == stage]
        if rows.empty:
            continue
        share = shares.loc[stage]
        partial |= bool((rows["elements"] != "").any())
        by_whom = [Markup("{} ({}; {})").format(link(c), cells.column("export_exposure", g.iloc[0], "country_share"),
                                                Markup("; ").join(measure_parts(g, instruments, True)))
                   for c, g in rows[rows["status"] == IN_FORCE].groupby("country_iso3")]
        unsure = [Markup("{} ({})").format(link(c), Markup("; ").join(measure_parts(g, instruments, False)))
                  for c, g in rows[rows["status"].isin(["not_confirmed", STALE])].groupby("country_iso3")]
        row = {**share.to_dict(), "mineral": slug, "stage": stage}
        stages.append({"stage": STAGE_WORDS[stage], "year": int(share["year"]),
                       "share": cells.column("export_share", row, "share_in_force"),
                       "share_not_confirmed": (cells.column("export_share", row, "share_not_confirmed")
                                               if share["share_not_confirmed"] == share["share_not_confirmed"]
                                               else None),
                       "by_whom": by_whom, "not_confirmed": unsure})
    year = stages[-1]["year"] if stages else None
    return {"stages": stages, "as_of": as_of, "max_age": CONFIRMATION_MAX_AGE_MONTHS,
            "measures": [measure_sentence(r, as_of) for r in records(touching(site.ds.export_controls, slug))],
            "assumption": COVERAGE_ASSUMPTION.format(year=year) if partial else ""}


def measure_parts(rows, instruments, with_kind):
    """Each measure of one country at one stage, in words: its instrument (and kind), and the part of the
    country's output it covers where it names only some elements."""
    return [Markup("{}{}").format(instruments[r["measure_id"]],
                                  ": " + r["kind"].replace("_", " ") if with_kind else "")
            + (Markup(", covering {} of its output").format(cells.column("export_exposure", r, "covered_fraction"))
               if r["elements"] else "") for r in records(rows.drop_duplicates("measure_id"))]


def without_section(site, slug, link):
    """Supply without the largest supplier and without every country of concern, per stage, in each of the policy
    views (view.POLICY_VIEWS); and the gap left without the countries of concern against each partnership's own
    supply (default view)."""
    rows = site.results.supply_without
    rows = rows[rows["mineral"] == slug]
    gaps = site.results.supply_without_gap
    gaps = gaps[(gaps["mineral"] == slug) & (gaps["scenario"] == DEFAULT.scenario) & (gaps["year"] == DEFAULT.year)]
    out = []
    for stage, group in rows.groupby("stage", sort=False):
        first = group.iloc[0]
        views = {f"{r['scenario']} {r['year']}": [cells.column("supply_without", r, column) for column in (
            "largest_supplier_share", "share_without_largest", "gap_without_largest_t", "concern_share",
            "share_without_concern", "gap_without_concern_t")] for r in records(group)}
        out.append({"stage": stage, "basis": first["basis"], "supply_year": int(first["supply_year"]),
                    "largest": link(first["largest_supplier_iso3"]) if first["largest_supplier_iso3"] else "—",
                    "views": views, "comparable": bool(first["share_without_largest_comparable"]), "note": first["comparability_note"],
                    "scope": first["demand_scope"],
                    "gaps": [gap(by_partnership[p], name) for p, name in site.partnership_names.items()
                             if p in (by_partnership := {r["partnership"]: r for r in
                                                         records(gaps[gaps["stage"] == stage])})]})
    return out


def gap(row, name):
    """One partnership's own supply against the gap left without the countries of concern, as figures."""
    has_gap = row["gap_to_partnership_supply"] == row["gap_to_partnership_supply"]
    return {"name": name, "supply": cells.column("supply_without_gap", row, "partnership_supply_t"),
            "gap": cells.column("supply_without_gap", row, "gap_to_partnership_supply") if has_gap else None}


def control_notes(site, slug, link):
    """Where mining shares, which count where the mine is, hide who owns the mines: a note per country, sourced."""
    notes = site.ds.control_notes[site.ds.control_notes["mineral"] == slug]
    return [{"country": link(r.country_iso3), "note": r.note, "source": site.ds.sources.set_index("source_id").at[
        r.source_id, "title"]} for r in notes.itertuples()]
