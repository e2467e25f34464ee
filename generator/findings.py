"""The answer in sentences, computed from the sufficiency table: no figure here is typed by hand.

Headline counts are like for like: a mineral whose measure is flagged not comparable is left out
and named apart, and minerals measured against clean-technology demand only are counted apart
from those measured against total demand. The counts are a published table (headline_counts.csv)
and every figure in a sentence is a `cells.Fig` naming its cell.
"""

import pandas as pd

from . import cells
from .bounds import HAS_RESERVES, RESERVES_MEASURES
from .frames import records
from .schema import HISTORY_START_YEAR, HORIZON_YEAR, SCENARIO_NAMES
from .view import DEFAULT

COUNTED = ("production_sufficiency", "reserves_sufficiency")
GROUPS = ("total", "cleantech", "not_comparable")
ALONE = "usa"


def scenario_in_full(scenario):
    """'Net Zero Emissions by 2050 Scenario (NZE)': how a scenario reads on first use."""
    return f"{SCENARIO_NAMES.get(scenario, scenario).split(' (')[0]} ({scenario})"


def phrase(slug, short_name):
    """How a partnership reads mid-sentence: 'the democracies', 'the United States', 'the G7'."""
    return "the democracies" if slug == "democracies" else f"the {short_name}"


def view(sufficiency, partnership, scenario, year):
    """One partnership's rows at (scenario, year), as mineral → row (a dict): the sentences read a few hundred
    cells a view, and a lookup in a frame (.at, .loc) costs hundreds of times one in a dict."""
    rows = sufficiency[(sufficiency["partnership"] == partnership) & (sufficiency["scenario"] == scenario)
                       & (sufficiency["year"] == year)]
    return by_mineral(rows)


def by_mineral(rows):
    """mineral → row (a dict) of one view's rows."""
    return dict(zip(rows["mineral"], records(rows)))


def groups(rows, name):
    """For one measure, over one view's rows (mineral → row): {'total': [...], 'cleantech': [...],
    'not_comparable': [...]} mineral slugs. A mineral whose USGS table has no reserves (a refinery's or smelter's)
    is not measured by a reserve measure, so it is in no group of one: counting it would add a mineral that can
    never reach 100 %."""
    out = {g: [] for g in GROUPS}
    for mineral, row in rows.items():
        if name in RESERVES_MEASURES and row["stage"] != HAS_RESERVES:
            continue
        out["not_comparable" if not row[f"{name}_comparable"] else row["demand_scope"]].append(mineral)
    return out


def headline_counts(sufficiency):
    """Per partnership × scenario × year × counted measure × group: the minerals and those at 100 % or more."""
    out = []
    for (partnership, scenario, year), rows in sufficiency.groupby(["partnership", "scenario", "year"], sort=True):
        rows = by_mineral(rows)
        for name in COUNTED:
            for group, minerals in groups(rows, name).items():
                reached = tuple(m for m in minerals if group != "not_comparable" and rows[m][name] >= 1)
                out.append({"partnership": partnership, "scenario": scenario, "year": year, "measure": name,
                            "group": group, "minerals": tuple(minerals), "reached": reached,
                            "minerals_count": len(minerals), "reached_count": len(reached)})
    return pd.DataFrame(out)


def partnership_findings(sufficiency, partnership, scenario=DEFAULT.scenario, year=DEFAULT.year):
    """What the partnership reaches at (scenario, year), like for like, and the widest gap. `sufficiency` is the
    table, or any part of it that holds the view (a page passes the view's rows, cut once per build)."""
    rows = view(sufficiency, partnership, scenario, year)
    out = {"partnership": partnership, "scenario": scenario, "year": year,
           "base_year": int(next(iter(rows.values()))["base_year"]), "rows": rows}
    for name in COUNTED:
        out[name] = {}
        for group, minerals in groups(rows, name).items():
            reached = [m for m in minerals if group != "not_comparable" and rows[m][name] >= 1]
            key = {"partnership": partnership, "scenario": scenario, "year": year, "measure": name, "group": group,
                   "minerals_count": len(minerals), "reached_count": len(reached)}
            out[name][group] = {"minerals": minerals, "reached": reached,
                                "of": cells.column("headline_counts", key, "minerals_count"),
                                "hit": cells.column("headline_counts", key, "reached_count")}
    gaps = [m for m in out["production_sufficiency"]["total"]["minerals"] if rows[m]["buildout_multiple"] > 1]
    out["widest_gap"] = max(gaps, key=lambda m: rows[m]["buildout_multiple"]) if gaps else None
    return out


def listed(names):
    """Names in lower case as words: 'none', 'a', 'a and b', 'a, b and c'."""
    names = [n.lower() for n in names]
    return "none" if not names else names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _counts(groups, names):
    """'1 of the 4 minerals measured like for like against total demand (lithium), and 5 of 9 against
    clean-technology demand only', each count a figure."""
    total, clean = groups["total"], groups["cleantech"]
    parts = [total["hit"], " of the ", total["of"], " minerals measured like for like against total demand"]
    if total["reached"]:
        parts.append(f" ({listed(names[m] for m in total['reached'])})")
    if clean["minerals"]:
        parts += [", and ", clean["hit"], " of ", clean["of"], " measured against clean-technology demand only"]
    return parts


def _excluded(f, names):
    """'copper and graphite (output and reserves); rare earths (reserves)': what the counts leave out."""
    output = f["production_sufficiency"]["not_comparable"]["minerals"]
    reserves = f["reserves_sufficiency"]["not_comparable"]["minerals"]
    kinds = {"output and reserves": [m for m in output if m in reserves],
             "output": [m for m in output if m not in reserves],
             "reserves": [m for m in reserves if m not in output]}
    return "; ".join(f"{listed(names[m] for m in slugs)} ({what})" for what, slugs in kinds.items() if slugs)


def coverage_sentence(f, lead, names, scenario_words, pronoun="their"):
    """'<lead> would meet 2030 demand in <scenario> for k of n …', and where it meets none measured against
    total demand, the highest like-for-like cover among them. `lead` names whose output it is."""
    total = f["production_sufficiency"]["total"]
    parts = [f"{lead} would meet {f['year']} demand in {scenario_words} for ",
             *_counts(f["production_sufficiency"], names)]
    shown = [m for m in total["minerals"] if pd.notna(f["rows"][m]["production_sufficiency"])]
    if shown and not total["reached"]:
        best = max(shown, key=lambda m: f["rows"][m]["production_sufficiency"])
        row = f["rows"][best]
        basis = f" ({row['supply_basis']}, {row['supply_year']})" if row["supply_year"] != f["base_year"] else ""
        parts += [f"; {pronoun} highest cover against total demand is {names[best].lower()}, at ",
                  cells.measure(row, "production_sufficiency"), basis]
    return [*parts, "."]


def gap_sentence(f, whose, names):
    """The widest like-for-like gap against total demand: the build-out it needs against past growth."""
    mineral = f["widest_gap"]
    if mineral is None:
        return None
    row = f["rows"][mineral]
    parts = [f"The widest like-for-like gap is {names[mineral].lower()}: supplying all of {f['scenario']} "
             f"{f['year']} demand from {whose} own mines would take ", cells.measure(row, "buildout_multiple"),
             " today's output, growth of ", cells.measure(row, "buildout_cagr")]
    if pd.notna(row["historical_cagr"]):
        parts += [", against ", cells.measure(row, "historical_cagr"), f" over {HISTORY_START_YEAR}–{f['base_year']}"]
    return [*parts, "."]


def headline(sufficiency, minerals, partnerships, scenario=DEFAULT.scenario, year=DEFAULT.year):
    """The home page's quotable sentences: the United States alone, its closest partnership (the one
    partnerships.yaml marks `headline: true`), and that partnership's widest like-for-like gap."""
    names = dict(zip(minerals["mineral"], minerals["name"]))
    closest = partnerships[partnerships["headline"]].iloc[0]
    alone = partnership_findings(sufficiency, ALONE, scenario, year)
    partners = partnership_findings(sufficiency, closest["partnership"], scenario, year)
    base = alone["base_year"]
    members = cells.column("partnership_list", closest, "member_count")
    out = [coverage_sentence(alone, f"On its own, the United States' {base} output", names,
                             f"the IEA's {scenario_in_full(scenario)}", pronoun="its"),
           coverage_sentence(partners, "", names, f"the {scenario}"),
           gap_sentence(partners, "their", names)]
    out[1][0:1] = [f"The {base} output of the {closest['name']} (", members,
                   f" countries, the United States among them){out[1][0]}"]
    return [s for s in out if s]


def sentences(f, partnership_name, names):
    """Sentences for one partnership's findings at (scenario, year), each a list of words and figures."""
    scenario, reserves = f["scenario"], f["reserves_sufficiency"]
    out = [coverage_sentence(f, f"On {f['base_year']} output, {partnership_name}", names, f"the {scenario}"),
           [f"Their reserves would cover cumulative {scenario} demand to {HORIZON_YEAR} for ",
            *_counts(reserves, names), "."]]
    excluded = _excluded(f, names)
    if excluded:
        out.append([f"Not counted, as the two sources count different things: {excluded}."])
    gap = gap_sentence(f, "their", names)
    return [*out, gap] if gap else out


def findings(sufficiency, minerals, partnerships, scenario=DEFAULT.scenario, year=DEFAULT.year):
    """partnership slug → {"facts": …, "sentences": […]} for the partnerships the home page reports: those
    partnerships.yaml marks `finding: true`, in its order."""
    names = dict(zip(minerals["mineral"], minerals["name"]))
    display = dict(zip(partnerships["partnership"], partnerships["short_name"]))
    out = {}
    for slug in partnerships.loc[partnerships["finding"], "partnership"]:
        facts = partnership_findings(sufficiency, slug, scenario, year)
        out[slug] = {"facts": facts, "sentences": sentences(facts, phrase(slug, display[slug]), names)}
    return out
