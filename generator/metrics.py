"""The measures of the question, as pure functions over tidy DataFrames.

No file I/O and no globals: every input is an argument. Units: USGS figures are
tonnes (`_t`), IEA figures thousand tonnes (`_kt`); ratios are fractions (1.0 = 100 %).
A ratio whose denominator is zero or missing is missing (NaN), never infinite.
"""

import numpy as np
import pandas as pd

from . import bounds
from .schema import MILESTONE_YEARS, NOTE_SEPARATOR, SCENARIOS, T_PER_KT

HORIZON_YEAR = 2050
HISTORY_START_YEAR = 2021


def kt_to_t(kt):
    """Thousand tonnes → tonnes."""
    return kt * T_PER_KT


def t_to_kt(t):
    """Tonnes → thousand tonnes."""
    return t / T_PER_KT


def ratio(numerator, denominator):
    """numerator ÷ denominator (scalars or Series); missing where the denominator is zero or missing."""
    if isinstance(denominator, pd.Series):
        return numerator / denominator.astype(float).where(denominator != 0)
    if pd.isna(denominator) or denominator == 0:
        return np.nan
    return numerator / denominator


def growth_rate(multiple, years):
    """Constant yearly growth rate that multiplies a quantity by `multiple` in `years` years."""
    multiple = pd.Series(multiple, dtype=float)
    years = pd.Series(years, dtype=float, index=multiple.index)
    valid = (multiple > 0) & (years > 0)
    return (multiple.where(valid) ** (1 / years.where(valid)) - 1).astype(float)


def latest_year(frame):
    return int(frame["year"].max())


def country_rows(values, year):
    """One year's country rows of a USGS table (production or reserves)."""
    return values[(values["year"] == year) & (values["row_kind"] == "country")]


def world_totals(values, year):
    """mineral → USGS world total in tonnes (missing where the USGS gives none)."""
    rows = values[(values["year"] == year) & (values["row_kind"] == "world_total")]
    return rows.set_index("mineral")["value_t"]


def member_totals(values, membership, year):
    """Members' total per partnership × mineral for one year of a USGS table.

    Columns: members_t (sum of the members' figures; 0 when no member is a listed
    producer, missing when every listed member's figure is withheld or not available),
    withheld_members and unreported_members (ISO3 codes, space-separated).
    """
    countries = country_rows(values, year)
    grid = (membership[["partnership"]].drop_duplicates()
            .merge(pd.DataFrame({"mineral": sorted(values["mineral"].unique())}), how="cross"))
    listed = membership.merge(countries, on="country_iso3")
    listed["withheld"] = listed["country_iso3"].where(listed["code"] == "W")
    listed["unreported"] = listed["country_iso3"].where(listed["value_t"].isna() & (listed["code"] != "W"))
    totals = listed.groupby(["partnership", "mineral"]).agg(
        members_t=("value_t", lambda v: v.sum(min_count=1)),
        withheld_members=("withheld", _codes), unreported_members=("unreported", _codes),
    ).reset_index()
    out = grid.merge(totals, on=["partnership", "mineral"], how="left", indicator=True)
    no_listed_member = out.pop("_merge") == "left_only"
    out.loc[no_listed_member, "members_t"] = 0.0
    out.loc[no_listed_member, ["withheld_members", "unreported_members"]] = ""
    return out


def _codes(countries):
    return " ".join(sorted(countries.dropna()))


def sufficiency_demand(demand, minerals):
    """The demand each mineral is measured against: total demand where the IEA gives it, else clean-tech."""
    scope = minerals.set_index("mineral")["iea_demand_scope"]
    return demand[demand["scope"] == demand["mineral"].map(scope)][["mineral", "scenario", "year", "scope", "demand_kt"]]


def cumulative_demand_t(milestones, start_year, end_year=HORIZON_YEAR):
    """Demand summed over every year from start_year to end_year inclusive, in tonnes.

    `milestones` maps year → demand_kt at the IEA milestone years; years between them
    are interpolated linearly.
    """
    years = sorted(milestones)
    every_year = np.arange(start_year, end_year + 1)
    return kt_to_t(float(np.interp(every_year, years, [milestones[y] for y in years]).sum()))


def cumulative_demand(demand, start_year):
    """mineral × scenario → cumulative demand (t) from start_year to 2050."""
    rows = [
        {"mineral": m, "scenario": s, "cumulative_demand_t":
            cumulative_demand_t(dict(zip(g["year"].astype(int), g["demand_kt"])), start_year)}
        for (m, s), g in demand.groupby(["mineral", "scenario"], sort=True)
    ]
    return pd.DataFrame(rows)


def _members_with_both(first, second, membership, suffixes):
    """Per partnership × mineral, the sums of two country figures over the members that have both.

    `first` and `second`: mineral, country_iso3, value_t. A member missing either figure (withheld,
    not available) is left out of both sums, so the ratio of the two is like for like.
    """
    both = first.merge(second, on=["mineral", "country_iso3"], suffixes=suffixes).dropna(
        subset=[f"value_t{suffixes[0]}", f"value_t{suffixes[1]}"])
    joined = membership.merge(both, on="country_iso3")
    return joined.groupby(["partnership", "mineral"])[[f"value_t{s}" for s in suffixes]].sum().reset_index()


def historical_growth(production, membership, start_year, end_year):
    """Members' yearly growth rate of mine production from start_year to end_year.

    Only members with a figure in both years count, so a country that appears or is
    withheld in one year does not fake growth.
    """
    sums = _members_with_both(country_rows(production, start_year), country_rows(production, end_year),
                              membership, ("_start", "_end"))
    sums["historical_cagr"] = growth_rate(ratio(sums["value_t_end"], sums["value_t_start"]), end_year - start_year)
    return sums[["partnership", "mineral", "historical_cagr"]]


def reserve_life(production, reserves, membership, production_year, reserves_year):
    """Members' reserves ÷ their production (years), over the members with both figures.

    A member whose production is withheld still has reserves: counting them over the others'
    output would inflate the reserve life (G7 lithium: 1,071 years with the US, 286 without).
    """
    sums = _members_with_both(country_rows(production, production_year), country_rows(reserves, reserves_year),
                              membership, ("_production", "_reserves"))
    sums["reserve_life_years"] = ratio(sums["value_t_reserves"], sums["value_t_production"])
    return sums[["partnership", "mineral", "reserve_life_years"]]


def iea_supply(supply_projection, membership, stage):
    """IEA base-case supply of the members the IEA names, per partnership × mineral × year, for one stage.

    Columns: <stage>_supply_kt (missing when no member is named), <stage>_rest_of_world_share
    (the share of the IEA's world total, rest of world included, that it attributes to no country).
    """
    rows = supply_projection[supply_projection["stage"] == stage]
    world = rows.groupby(["mineral", "year"])["supply_kt"].sum()
    rest = rows[rows["row_kind"] == "rest_of_world"].groupby(["mineral", "year"])["supply_kt"].sum()
    shares = ratio(rest, world).rename(f"{stage}_rest_of_world_share").reset_index()
    named = membership.merge(rows[rows["row_kind"] == "country"], on="country_iso3")
    members = named.groupby(["partnership", "mineral", "year"])["supply_kt"].sum().rename(f"{stage}_supply_kt")
    grid = membership[["partnership"]].drop_duplicates().merge(shares, how="cross")
    return grid.merge(members.reset_index(), on=["partnership", "mineral", "year"], how="left")


def unnamed_members(supply_projection, membership, stage, producers=None):
    """partnership × mineral → members the IEA does not name at `stage` (space-separated ISO3).

    With `producers` (mineral, country_iso3 of USGS-listed producers), only members that produce
    count: a member with no mine cannot hide in the IEA's rest of world.
    """
    rows = supply_projection[(supply_projection["stage"] == stage) & (supply_projection["row_kind"] == "country")]
    named = rows[["mineral", "country_iso3"]].drop_duplicates().assign(named=True)
    covered = pd.DataFrame({"mineral": sorted(supply_projection.loc[supply_projection["stage"] == stage,
                                                                    "mineral"].unique())})
    candidates = membership.merge(covered, how="cross")
    if producers is not None:
        candidates = candidates.merge(producers, on=["mineral", "country_iso3"])
    joined = candidates.merge(named, on=["mineral", "country_iso3"], how="left")
    unnamed = joined[joined["named"].isna()]
    return unnamed.groupby(["partnership", "mineral"])["country_iso3"].agg(_codes).rename(f"{stage}_unnamed")


def producers(production, year):
    """mineral, country_iso3 of every country the USGS lists with output in `year` (a figure above 0, or W/NA)."""
    rows = country_rows(production, year)
    return rows.loc[~(rows["value_t"] == 0), ["mineral", "country_iso3"]]


def sufficiency(ds, target_share=1.0):
    """One row per mineral × partnership × scenario × milestone year with every measure.

    Ratios whose two sides count different things are flagged, and those that leave out a member's
    figure are marked as bounds (`bounds.py`), before anything reads them.
    """
    base, reserves_year = latest_year(ds.production), latest_year(ds.reserves)
    membership = ds.partnership_members[["partnership", "country_iso3"]]
    production = member_totals(ds.production, membership, base).rename(columns={
        "members_t": "members_production_t", "withheld_members": "withheld_production",
        "unreported_members": "unreported_production"})
    reserves = member_totals(ds.reserves, membership, reserves_year).rename(columns={
        "members_t": "members_reserves_t", "withheld_members": "withheld_reserves",
        "unreported_members": "unreported_reserves"})
    demand = sufficiency_demand(ds.demand, ds.minerals)
    keys = ["partnership", "mineral"]
    mining = iea_supply(ds.supply_projection, membership, "mining")
    frame = (production.merge(reserves, on=keys)
             .merge(demand[demand["year"].isin(MILESTONE_YEARS)], on="mineral")
             .merge(cumulative_demand(demand, base), on=["mineral", "scenario"])
             .merge(historical_growth(ds.production, membership, HISTORY_START_YEAR, base), on=keys, how="left")
             .merge(reserve_life(ds.production, ds.reserves, membership, base, reserves_year), on=keys, how="left")
             .merge(mining, on=[*keys, "year"], how="left")
             .merge(iea_supply(ds.supply_projection, membership, "refining"), on=[*keys, "year"], how="left")
             .rename(columns={"mining_supply_kt": "projected_supply_kt",
                              "mining_rest_of_world_share": "rest_of_world_share"}))
    frame["world_production_t"] = frame["mineral"].map(world_totals(ds.production, base))
    frame["world_reserves_t"] = frame["mineral"].map(world_totals(ds.reserves, reserves_year))
    frame["base_year"], frame["reserves_year"] = base, reserves_year
    frame["world_share"] = ratio(frame["members_production_t"], frame["world_production_t"])
    frame["world_reserves_share"] = ratio(frame["members_reserves_t"], frame["world_reserves_t"])
    frame["projected_sufficiency"] = ratio(frame["projected_supply_kt"], frame["demand_kt"])
    frame["refining_sufficiency"] = ratio(frame["refining_supply_kt"], frame["demand_kt"])
    frame["reserves_sufficiency"] = ratio(frame["members_reserves_t"], frame["cumulative_demand_t"])
    iea_base = mining[mining["year"] == mining["year"].min()].dropna(subset=["mining_supply_kt"])
    iea_base = iea_base[[*keys, "year"]].assign(supply_kt=iea_base["mining_supply_kt"])
    unnamed_producers = unnamed_members(ds.supply_projection, membership, "mining", producers(ds.production, base))
    frame = bounds.choose_supply(frame, ds.comparability, iea_base, unnamed_producers, base)
    demand_t = kt_to_t(frame["demand_kt"])
    frame["target_share"] = target_share
    frame["production_sufficiency"] = ratio(frame["supply_t"], demand_t)
    frame["buildout_multiple"] = ratio(target_share * demand_t, frame["supply_t"])
    frame["buildout_cagr"] = growth_rate(frame["buildout_multiple"], frame["year"] - frame["supply_year"])
    frame = bounds.mark(frame, ds.comparability, unnamed_producers,
                        unnamed_members(ds.supply_projection, membership, "refining"))
    frame = frame.merge(ds.minerals[["mineral", "basis_note"]], on="mineral")
    frame["missing_reason"] = [missing_reasons(row) for row in frame.to_dict("records")]
    return frame.sort_values(["mineral", "partnership", "scenario", "year"], key=_scenario_order,
                             ignore_index=True)


def _scenario_order(column):
    return column.map({s: i for i, s in enumerate(SCENARIOS)}) if column.name == "scenario" else column


PRODUCTION_MEASURES = ("members_production_t", "world_share", "production_sufficiency", "buildout_multiple",
                       "reserve_life_years")


def missing_reasons(row):
    """Why each missing measure of one row is missing: 'measure, measure: reason | …' (words a reader sees)."""
    reasons = []

    def add(measures, reason):
        missing = [m for m in measures if pd.isna(row[m])]
        if missing:
            reasons.append(f"{', '.join(missing)}: {reason}")

    if row["supply_t"] == 0:
        add(("buildout_multiple", "reserve_life_years"),
            "no member is a listed producer, so nothing can be scaled up from today's output")
    else:
        add(PRODUCTION_MEASURES, "every listed member's production is withheld or not available")
    add(("members_reserves_t", "reserves_sufficiency", "world_reserves_share"),
        "every listed member's reserves are withheld, not available or given only as a bound")
    if pd.isna(row["world_reserves_t"]):
        add(("world_reserves_share",), "the USGS gives world reserves only as a bound or not at all")
    for measure, stage in (("projected_sufficiency", "mining"), ("refining_sufficiency", "refining")):
        share = row["rest_of_world_share" if stage == "mining" else "refining_rest_of_world_share"]
        add((measure,), f"the IEA publishes no {stage} supply by country for this mineral and year" if pd.isna(share)
            else f"none of the members is among the {stage} countries the IEA names")
    add(("historical_cagr",), "no member has production figures in both years of the historical growth rate")
    return NOTE_SEPARATOR.join(reasons)


def reason_for(notes, measure):
    """The part of a row's `missing_reason` or `comparability_note` ('measure, measure: reason | …') that
    explains `measure` ('' if none does)."""
    for clause in str(notes or "").split(NOTE_SEPARATOR):
        measures, _, reason = clause.partition(": ")
        if measure in measures.split(", "):
            return reason
    return ""
