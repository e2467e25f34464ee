"""The study's claim, stated as computed sentences: can partnerships of democracies supply 1.5 °C demand?

Sentences are built from the sufficiency table only; no figure here is typed by hand.
"""

import pandas as pd

from .formatting import percent, times

FINDING_PARTNERSHIPS = ("democracies", "msp", "g7", "us-fta")
SCENARIO, YEAR = "NZE", 2030


def phrase(slug, short_name):
    """How a partnership reads mid-sentence: 'the democracies', 'the MSP'."""
    return "the democracies" if slug == "democracies" else f"the {short_name}"


def partnership_findings(sufficiency, partnership, scenario=SCENARIO, year=YEAR):
    """What the partnership reaches at (scenario, year), and the build-out for the rest."""
    rows = sufficiency[(sufficiency["partnership"] == partnership) & (sufficiency["scenario"] == scenario)
                       & (sufficiency["year"] == year)].set_index("mineral")
    short = rows[~(rows["production_sufficiency"] >= 1)]
    buildout = short[["buildout_multiple", "buildout_cagr", "historical_cagr", "scope", "basis_note"]].dropna(
        subset=["buildout_multiple"]).sort_values("buildout_multiple", ascending=False)
    buildout["faster_than_history"] = ~(buildout["buildout_cagr"] <= buildout["historical_cagr"])
    return {
        "partnership": partnership, "scenario": scenario, "year": year,
        "base_year": int(rows["base_year"].iloc[0]),
        "minerals": list(rows.index),
        "scope": rows["scope"].to_dict(),
        "reached_production": list(rows.index[rows["production_sufficiency"] >= 1]),
        "reached_reserves": list(rows.index[rows["reserves_sufficiency"] >= 1]),
        "short_reserves": list(rows.index[rows["reserves_sufficiency"] < 1]),
        "no_reserves_figure": list(rows.index[rows["reserves_sufficiency"].isna()]),
        "buildout": buildout.reset_index().to_dict("records"),
    }


def _names(slugs, names):
    words = [names[s].lower() for s in slugs]
    if len(words) <= 1:
        return "".join(words) or "none"
    return ", ".join(words[:-1]) + " and " + words[-1]


def _by_scope(slugs, scope, names):
    """'lithium and cobalt (total demand); zinc (clean-technology demand only)'."""
    parts = []
    for kind, label in (("total", "against total demand"), ("cleantech", "against clean-technology demand only")):
        chosen = [s for s in slugs if scope[s] == kind]
        if chosen:
            parts.append(f"{_names(chosen, names)} ({label})")
    return "; ".join(parts) or "none"


def sentences(f, partnership_name, names):
    """Three sentences for one partnership's findings."""
    n, scenario, year = len(f["minerals"]), f["scenario"], f["year"]
    out = [
        f"On {f['base_year']} mine output, {partnership_name} would meet {scenario} {year} demand for "
        f"{len(f['reached_production'])} of the {n} minerals covered: "
        f"{_by_scope(f['reached_production'], f['scope'], names)}.",
        f"Their reserves would cover cumulative {scenario} demand to 2050 for {len(f['reached_reserves'])} "
        f"of {n} minerals; they fall short for {_names(f['short_reserves'], names)}"
        + (f" and have no reserves figure for {_names(f['no_reserves_figure'], names)}."
           if f["no_reserves_figure"] else "."),
    ]
    # Only like-for-like minerals: a basis mismatch (graphite, rare earths) would overstate the gap.
    total = [b for b in f["buildout"] if b["scope"] == "total" and not b["basis_note"]]
    if total:
        b = total[0]
        history = ("" if pd.isna(b["historical_cagr"]) else
                   f", against {percent(b['historical_cagr'])} a year over 2021–{f['base_year']}")
        out.append(
            f"The widest like-for-like gap against total demand is {names[b['mineral']].lower()}: supplying all of {scenario} "
            f"{year} demand from their own mines would take {times(b['buildout_multiple'])} today's output, "
            f"growth of {percent(b['buildout_cagr'])} a year{history}.")
    return out


def findings(sufficiency, minerals, partnerships):
    """partnership slug → {"facts": …, "sentences": […]} for the partnerships the study asks about."""
    names = dict(zip(minerals["mineral"], minerals["name"]))
    display = dict(zip(partnerships["partnership"], partnerships["short_name"]))
    out = {}
    for slug in FINDING_PARTNERSHIPS:
        if slug in display:
            facts = partnership_findings(sufficiency, slug)
            out[slug] = {"facts": facts, "sentences": sentences(facts, phrase(slug, display[slug]), names)}
    return out
