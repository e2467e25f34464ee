"""Policy facts on the home and compare pages: the one line on export measures, and supply without the dominant
supplier for every mineral side by side."""

from .. import cells
from ..countries import country_name
from ..export_measures import IN_FORCE, STALE, SUPPLY_STAGE, status_at
from ..frames import records
from ..policy_rules import as_of_date
from ..schema import CONFIRMATION_MAX_AGE_MONTHS
from ..view import DEFAULT, POLICY_VIEWS


def export_line(site):
    """One sentence: who has export measures in force at the as-of date, on which of the site's minerals at the ore
    or refined stage, and which measures have a status not confirmed at that date (named from their rows, not
    counted: no figure to source)."""
    as_of = as_of_date(site.ds)
    controls = site.ds.export_controls.assign(
        state=[status_at(r, as_of) for r in records(site.ds.export_controls)])
    in_force = controls[controls["state"] == IN_FORCE]
    touched = set(in_force.loc[(in_force["mineral"] != "") & in_force["stage"].isin(list(SUPPLY_STAGE)), "mineral"])
    minerals = [name.lower() for slug, name in site.names.items() if slug in touched]
    countries = [country_name(c) for c in sorted(in_force["country_iso3"].unique())]
    measures = controls.drop_duplicates("measure_id")
    stale, unsure = (measures[measures["state"] == STALE], measures[measures["state"] == "not_confirmed"])
    return (f"Export measures: at {as_of}, measures in force by {_words(countries)} cover the ore or refined output "
            f"of {_words(minerals)}. Not counted: {_count(stale)} in force when last confirmed, more than "
            f"{CONFIRMATION_MAX_AGE_MONTHS} months before, and {_count(unsure)} whose status at that date no source "
            f"confirms; each mineral page gives every measure's status.")


def _count(measures):
    """'7 measures (China 5, Indonesia 1, Zimbabwe 1)'."""
    by_country = measures.groupby("country_iso3").size()
    return (f"{len(measures)} measure{'s' if len(measures) != 1 else ''} ("
            + ", ".join(f"{country_name(c)} {n}" for c, n in by_country.items()) + ")") if len(measures) else "none"


def _words(items):
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else "none"


def without_rows(site):
    """Per mineral and stage: the largest supplier and its share, the share of demand covered without it (default
    view), and without every country of concern in each of the POLICY_VIEWS."""
    frame = site.results.supply_without
    out = []
    for (mineral, stage), group in frame.groupby(["mineral", "stage"], sort=False):
        rows = {(r["scenario"], r["year"]): r for r in records(group)}
        first, default = group.iloc[0], (DEFAULT.scenario, DEFAULT.year)
        if default not in rows:
            continue
        out.append({"mineral": mineral, "name": site.names[mineral], "stage": stage, "basis": first["basis"],
                    "largest": country_name(first["largest_supplier_iso3"]),
                    "largest_share": cells.column("supply_without", rows[default], "largest_supplier_share"),
                    "without_largest": cells.column("supply_without", rows[default], "share_without_largest"),
                    "without_concern": [cells.column("supply_without", rows[(v.scenario, v.year)],
                                                     "share_without_concern")
                                        if (v.scenario, v.year) in rows else "—" for v in POLICY_VIEWS],
                    "cleantech": first["demand_scope"] == "cleantech"})
    return out
