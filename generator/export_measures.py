"""Export measures at the as-of date: each measure's status, in the one wording every page uses, and how much of
each mineral's supply sits under a measure in force, and whose.

Pure functions over the dataset's tables. A measure on ore counts against mining (USGS base-year mine production,
shares of the USGS world total); a measure on refined products counts against refining (IEA base-year refined
output, shares of the IEA total, rest of world included; for a refinery or smelter mineral, the USGS table's
shares, which count refined output). Measures on finished products and technology are listed but touch neither
share. Only measures in force at the as-of date, on a confirmation no older than CONFIRMATION_MAX_AGE_MONTHS, count;
a measure whose status no source confirms at that date is listed apart, never counted.

A measure that names some elements of a mineral (export_controls.csv `elements`: No. 18 of 2025 names seven rare
earths, not neodymium or praseodymium) counts only the part of the country's supply those elements make up. The
IEA gives refining of magnet rare earths by country as one figure, not element by element, so that part is the
covered elements' share of clean-technology demand for the elements of the supply basis (rare_earth_elements.csv
`in_supply_basis`), in the year of the shares: each element is assumed refined where magnet rare earths are.
"""

import pandas as pd

from .countries import country_name
from .focus import stage_shares
from .frames import records
from .policy_rules import as_of_date
from .schema import CONFIRMATION_MAX_AGE_MONTHS, SCENARIOS

# Which stage of supply a measure on each item stage holds back.
SUPPLY_STAGE = {"ore": "mining", "refined": "refining"}
# A measure's status at the as-of date. `stale`: in force on a confirmation older than the threshold.
IN_FORCE, STALE = "in_force", "stale"
COVERAGE_ASSUMPTION = ("The IEA gives magnet rare-earth refining by country as one figure, not element by element: a "
                       "measure on some elements counts the covered elements' share of clean-technology demand for "
                       "magnet rare earths ({year}), assuming each element is refined where magnet rare earths are.")


def confirmation_cutoff(as_of):
    """The earliest last-confirmed date (ISO text) still taken as current at `as_of` (YYYY-MM-DD)."""
    year, month, day = (int(p) for p in as_of.split("-"))
    months = year * 12 + month - 1 - CONFIRMATION_MAX_AGE_MONTHS
    return f"{months // 12:04d}-{months % 12 + 1:02d}-{day:02d}"


def status_at(row, as_of):
    """The measure's status at the as-of date: its `status`, or `stale` for in_force last confirmed before the
    cutoff (a partial date such as 2024-02 counts as its first day)."""
    if row["status"] == IN_FORCE and row["status_confirmed"] < confirmation_cutoff(as_of):
        return STALE
    return row["status"]


def status_label(row, as_of):
    """The status of a measure at the as-of date in a few words, written from its row alone."""
    state = status_at(row, as_of)
    return {IN_FORCE: "in force", STALE: f"in force when last confirmed ({row['status_confirmed']})",
            "scheduled": f"scheduled to take effect on {row['in_force']}",
            "suspended": f"suspended until {row['status_until']}", "lifted": "lifted",
            "not_confirmed": f"not confirmed at {as_of}"}[state]


def status_words(row, as_of):
    """The status sentence of a measure at the as-of date, written from its row alone: every page says it so."""
    state, confirmed = status_at(row, as_of), row["status_confirmed"]
    detail = {IN_FORCE: f" (last confirmed {confirmed})", "suspended": f" (last confirmed {confirmed})",
              "lifted": f" (last confirmed {confirmed})",
              "not_confirmed": f" (last source: {confirmed})"}.get(state, "")
    return status_label(row, as_of) + detail


# Which status a summary label gives first when several measures touch one item.
PRIORITY = (IN_FORCE, STALE, "suspended", "scheduled", "not_confirmed", "lifted")


def summary_label(measures, as_of):
    """One label for several measures (rows, one per measure): the first status by PRIORITY (the measures
    themselves are named beside the table)."""
    if measures.empty:
        return "none in the data"
    return status_label(min(records(measures), key=lambda r: PRIORITY.index(status_at(r, as_of))), as_of)


def measure_sentence(row, as_of):
    """'China: MOFCOM/GAC Announcement No. 18 of 2025, in force (last confirmed …)': one measure, as every page
    names it."""
    return f"{country_name(row['country_iso3'])}: {row['instrument']}, {status_words(row, as_of)}"


def touching(export_controls, mineral, symbol=None):
    """The measures (one row each) on a mineral, or on one of its elements (chemical symbol): those naming the
    element and those on the whole mineral."""
    rows = export_controls[export_controls["mineral"] == mineral]
    if symbol is not None:
        rows = rows[(rows["elements"] == "") | rows["elements"].str.split(";").apply(lambda e: symbol in e)]
    return rows.drop_duplicates("measure_id")


def supply_measures(export_controls, mineral, symbol=None):
    """The measures touching a mineral (or element) on its ore or refined form: those that hold back supply."""
    measures = touching(export_controls, mineral, symbol)
    return measures[measures["stage"].isin(list(SUPPLY_STAGE))]


def covered_fraction(ds, mineral, elements, year):
    """The part (fraction) of a country's supply of `mineral` that a measure on `elements` (';'-separated
    symbols, empty for the whole mineral) covers: 1 for the whole mineral, else the covered elements' share of
    clean-technology demand for the mineral's supply-basis elements in `year` (kt over kt)."""
    if not elements:
        return 1.0
    basis = ds.rare_earth_elements[(ds.rare_earth_elements["mineral"] == mineral)
                                   & ds.rare_earth_elements["in_supply_basis"]]
    demand = element_demand(ds, year).reindex(basis["element"])
    covered = basis["symbol"].isin(elements.split(";")).to_numpy()
    return float(demand[covered].sum() / demand.sum())


def element_demand(ds, year):
    """element → clean-technology demand (kt) in `year`, from the first scenario that has it (the base year is the
    same in each)."""
    demand = ds.cleantech_demand[ds.cleantech_demand["year"] == year]
    scenario = next(s for s in (*SCENARIOS, *sorted(set(demand["scenario"]))) if s in set(demand["scenario"]))
    return demand[demand["scenario"] == scenario].set_index("item")["demand_kt"]


def exposure(ds):
    """One row per mineral × supply stage × country with a measure × measure: the country's share of world supply
    at that stage (fraction), the part of it the measure covers (fraction) and the measure's kind and status at
    the as-of date."""
    controls, as_of = ds.export_controls, as_of_date(ds)
    measures = controls[controls["mineral"].isin(set(ds.minerals["mineral"]))
                        & controls["stage"].isin(list(SUPPLY_STAGE))]
    measures = measures.assign(supply_stage=measures["stage"].map(SUPPLY_STAGE),
                               status=[status_at(r, as_of) for r in records(measures)])
    # The USGS table of a refinery or smelter mineral counts refined output: a measure on its refined products
    # counts against that table's shares, as the IEA publishes no refining figures for it.
    usgs_refined = measures["mineral"].isin(set(ds.minerals.loc[ds.minerals["stage"] != "mine", "mineral"]))
    counted_by = {"mining": (measures["supply_stage"] == "mining") | ((measures["supply_stage"] == "refining")
                                                                     & usgs_refined),
                  "refining": (measures["supply_stage"] == "refining") & ~usgs_refined}
    frames = []
    for stage, year, countries, totals in stage_shares(ds):
        named = countries[countries["row_kind"] == "country"]
        share = named.assign(country_share=named["value_t"] / named["mineral"].map(totals))
        joined = measures[counted_by[stage]].merge(
            share[["mineral", "country_iso3", "country_share"]], on=["mineral", "country_iso3"], how="left")
        covered = [covered_fraction(ds, r["mineral"], r["elements"], year) for r in records(joined)]
        frames.append(joined.assign(year=year, covered_fraction=covered))
    out = pd.concat(frames, ignore_index=True)
    columns = ["mineral", "supply_stage", "year", "country_iso3", "measure_id", "kind", "status", "elements",
               "covered_fraction", "country_share"]
    return (out[columns].drop_duplicates(["mineral", "supply_stage", "country_iso3", "measure_id"])
            .rename(columns={"supply_stage": "stage"})
            .sort_values(["mineral", "stage", "country_iso3", "measure_id"], ignore_index=True))


def share_under_measures(exposed):
    """mineral × stage: the share of world supply under at least one measure in force (each country counted once,
    at the largest part of its supply a measure in force covers), and the share under a measure whose status is not
    confirmed at the as-of date (stale confirmations included) where none in force covers it."""
    rows = []
    for (mineral, stage, year), group in exposed.groupby(["mineral", "stage", "year"], sort=True):
        in_force = group[group["status"] == IN_FORCE]
        unsure = group[group["status"].isin(["not_confirmed", STALE])
                       & ~group["country_iso3"].isin(in_force["country_iso3"])]
        rows.append({"mineral": mineral, "stage": stage, "year": year,
                     "share_in_force": _covered(in_force), "share_not_confirmed": _covered(unsure)})
    return pd.DataFrame(rows, columns=["mineral", "stage", "year", "share_in_force", "share_not_confirmed"])


def _covered(group):
    """Sum over countries of share × the largest covered part (NaN with no country)."""
    if group.empty:
        return float("nan")
    by_country = group.assign(part=group["country_share"] * group["covered_fraction"]).groupby("country_iso3")
    return by_country["part"].max().sum(min_count=1)
