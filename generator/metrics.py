"""The measures of the question, as pure functions over tidy DataFrames.

No file I/O and no globals: every input is an argument. Units: USGS figures are
tonnes (`_t`), IEA figures thousand tonnes (`_kt`); ratios are fractions (1.0 = 100 %).
A ratio whose denominator is zero or missing is missing (NaN), never infinite.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .schema import MILESTONE_YEARS, SCENARIOS

T_PER_KT = 1000.0
HORIZON_YEAR = 2050
HISTORY_START_YEAR = 2021
FOCUS_SCENARIO, FOCUS_YEAR = "NZE", 2030


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


def historical_growth(production, membership, start_year, end_year):
    """Members' yearly growth rate of mine production from start_year to end_year.

    Only members with a figure in both years count, so a country that appears or is
    withheld in one year does not fake growth.
    """
    start, end = country_rows(production, start_year), country_rows(production, end_year)
    both = start.merge(end, on=["mineral", "country_iso3"], suffixes=("_start", "_end")).dropna(
        subset=["value_t_start", "value_t_end"])
    joined = membership.merge(both, on="country_iso3")
    sums = joined.groupby(["partnership", "mineral"])[["value_t_start", "value_t_end"]].sum().reset_index()
    sums["historical_cagr"] = growth_rate(ratio(sums["value_t_end"], sums["value_t_start"]), end_year - start_year)
    return sums[["partnership", "mineral", "historical_cagr"]]


def projected_supply(supply_projection, membership, stage="mining"):
    """IEA base-case supply of the members the IEA names, per partnership × mineral × year.

    Columns: projected_supply_kt (missing when no member is named), rest_of_world_share
    (the share of world supply the IEA leaves unattributed).
    """
    rows = supply_projection[supply_projection["stage"] == stage]
    world = rows.groupby(["mineral", "year"])["supply_kt"].sum()
    rest = rows[rows["row_kind"] == "rest_of_world"].groupby(["mineral", "year"])["supply_kt"].sum()
    shares = ratio(rest, world).rename("rest_of_world_share").reset_index()
    named = membership.merge(rows[rows["row_kind"] == "country"], on="country_iso3")
    members = named.groupby(["partnership", "mineral", "year"])["supply_kt"].sum().rename("projected_supply_kt")
    grid = membership[["partnership"]].drop_duplicates().merge(shares, how="cross")
    return grid.merge(members.reset_index(), on=["partnership", "mineral", "year"], how="left")


def sufficiency(ds, target_share=1.0):
    """One row per mineral × partnership × scenario × milestone year with every measure."""
    base = latest_year(ds.production)
    reserves_year = latest_year(ds.reserves)
    membership = ds.partnership_members[["partnership", "country_iso3"]]
    production = member_totals(ds.production, membership, base).rename(columns={
        "members_t": "members_production_t", "withheld_members": "withheld_production",
        "unreported_members": "unreported_production"})
    reserves = member_totals(ds.reserves, membership, reserves_year).rename(columns={
        "members_t": "members_reserves_t", "withheld_members": "withheld_reserves",
        "unreported_members": "unreported_reserves"})
    demand = sufficiency_demand(ds.demand, ds.minerals)
    frame = (production.merge(reserves, on=["partnership", "mineral"])
             .merge(demand[demand["year"].isin(MILESTONE_YEARS)], on="mineral")
             .merge(cumulative_demand(demand, base), on=["mineral", "scenario"])
             .merge(historical_growth(ds.production, membership, HISTORY_START_YEAR, base),
                    on=["partnership", "mineral"], how="left")
             .merge(projected_supply(ds.supply_projection, membership), on=["partnership", "mineral", "year"],
                    how="left"))
    frame["world_production_t"] = frame["mineral"].map(world_totals(ds.production, base))
    frame["world_reserves_t"] = frame["mineral"].map(world_totals(ds.reserves, reserves_year))
    frame["base_year"], frame["reserves_year"] = base, reserves_year
    demand_t = kt_to_t(frame["demand_kt"])
    frame["world_share"] = ratio(frame["members_production_t"], frame["world_production_t"])
    frame["world_reserves_share"] = ratio(frame["members_reserves_t"], frame["world_reserves_t"])
    frame["production_sufficiency"] = ratio(frame["members_production_t"], demand_t)
    frame["projected_sufficiency"] = ratio(frame["projected_supply_kt"], frame["demand_kt"])
    frame["reserves_sufficiency"] = ratio(frame["members_reserves_t"], frame["cumulative_demand_t"])
    frame["reserve_life_years"] = ratio(frame["members_reserves_t"], frame["members_production_t"])
    frame["target_share"] = target_share
    frame["buildout_multiple"] = ratio(target_share * demand_t, frame["members_production_t"])
    frame["buildout_cagr"] = growth_rate(frame["buildout_multiple"], frame["year"] - base)
    frame = frame.merge(ds.minerals[["mineral", "basis_note"]], on="mineral")
    frame["missing_reason"] = frame.apply(missing_reasons, axis=1)
    return frame.sort_values(["mineral", "partnership", "scenario", "year"], key=_scenario_order,
                             ignore_index=True)


def _scenario_order(column):
    return column.map({s: i for i, s in enumerate(SCENARIOS)}) if column.name == "scenario" else column


def missing_reasons(row):
    """Why each missing measure of one row is missing, in words."""
    reasons = []
    if row["members_production_t"] == 0:
        reasons.append("no member is a listed producer, so the build-out from today's output cannot be computed")
    elif pd.isna(row["members_production_t"]):
        reasons.append("every listed member's production is withheld or not available")
    if pd.isna(row["members_reserves_t"]):
        reasons.append("every listed member's reserves are withheld, not available or given only as a bound")
    if pd.isna(row["world_reserves_t"]):
        reasons.append("the USGS gives world reserves only as a bound or not at all")
    if pd.isna(row["projected_sufficiency"]):
        if pd.isna(row["rest_of_world_share"]):
            reasons.append("the IEA publishes no projected supply by country for this mineral and year")
        else:
            reasons.append("none of the members is among the producers the IEA names")
    if pd.isna(row["historical_cagr"]):
        reasons.append("no member has production figures in both years of the historical growth rate")
    return "; ".join(reasons)


def hhi(shares):
    """Herfindahl–Hirschman index from market shares (fractions): Σ (share × 100)², 0 to 10,000."""
    shares = pd.Series(shares, dtype=float).dropna()
    return float(((shares * 100) ** 2).sum()) if len(shares) else np.nan


def concentration(ds):
    """HHI, top producer and its share for mining (USGS) and refining (IEA), world-wide and per partnership.

    Mining shares are of the USGS world total; refining shares of the IEA total, rest of world included.
    """
    base = latest_year(ds.production)
    mining = country_rows(ds.production, base).dropna(subset=["value_t"])
    refining = ds.supply_projection[ds.supply_projection["stage"] == "refining"]
    refining = refining[refining["year"] == refining["year"].min()].rename(columns={"supply_kt": "value_t"})
    stages = (("mining", mining, base, world_totals(ds.production, base)),
              ("refining", refining, int(refining["year"].min()),
               {m: g["value_t"].sum() for m, g in refining.groupby("mineral")}))
    rows = []
    for stage, frame, year, totals in stages:
        for mineral, group in frame.groupby("mineral"):
            countries = group[group["row_kind"] == "country"].set_index("country_iso3")["value_t"]
            rows.append(_concentration_row(mineral, stage, year, "", countries, totals.get(mineral, np.nan)))
            for partnership, members in ds.partnership_members.groupby("partnership"):
                inside = countries[countries.index.isin(members["country_iso3"])]
                rows.append(_concentration_row(mineral, stage, year, partnership, inside, inside.sum()))
    return pd.DataFrame(rows)


def _concentration_row(mineral, stage, year, partnership, countries, total):
    shares = ratio(countries, pd.Series(total, index=countries.index)) if len(countries) else countries
    top = shares.idxmax() if len(shares) and shares.notna().any() else ""
    return {
        "mineral": mineral, "stage": stage, "year": year, "partnership": partnership,
        "hhi": hhi(shares) if top else np.nan,
        "top_country_iso3": top, "top_share": float(shares[top]) if top else np.nan,
    }


def focus(ds, scenario=FOCUS_SCENARIO, year=FOCUS_YEAR):
    """Where to focus: non-members ranked by the sufficiency they would add; members by unused reserves.

    A candidate's production gain is its base-year production ÷ demand(scenario, year);
    its reserves gain its reserves ÷ cumulative demand to 2050. Members are ranked by
    reserve life (reserves ÷ production); members with reserves but no production first.
    """
    base, reserves_year = latest_year(ds.production), latest_year(ds.reserves)
    production = country_rows(ds.production, base)[["mineral", "country_iso3", "value_t"]]
    reserves = country_rows(ds.reserves, reserves_year)[["mineral", "country_iso3", "value_t"]]
    countries = production.merge(reserves, on=["mineral", "country_iso3"], how="outer",
                                 suffixes=("_production", "_reserves")).rename(columns={
                                     "value_t_production": "production_t", "value_t_reserves": "reserves_t"})
    demand = sufficiency_demand(ds.demand, ds.minerals)
    point = demand[(demand["scenario"] == scenario) & (demand["year"] == year)].set_index("mineral")["demand_kt"]
    cumulative = cumulative_demand(demand[demand["scenario"] == scenario], base).set_index("mineral")
    countries["production_sufficiency_gain"] = ratio(countries["production_t"],
                                                     kt_to_t(countries["mineral"].map(point)))
    countries["reserves_sufficiency_gain"] = ratio(countries["reserves_t"],
                                                   countries["mineral"].map(cumulative["cumulative_demand_t"]))
    countries["reserve_life_years"] = ratio(countries["reserves_t"], countries["production_t"])
    frames = []
    for partnership, members in ds.partnership_members.groupby("partnership", sort=True):
        is_member = countries["country_iso3"].isin(members["country_iso3"])
        frame = countries.assign(partnership=partnership,
                                 role=np.where(is_member, "member", "candidate"))
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out["scenario"], out["year"] = scenario, year
    out["rank_production"] = _rank(out, "production_sufficiency_gain", out["role"] == "candidate")
    out["rank_reserves"] = _rank(out, "reserves_sufficiency_gain", out["role"] == "candidate")
    unused = out["reserve_life_years"].where(~((out["production_t"] == 0) & (out["reserves_t"] > 0)), np.inf)
    out["rank_unused_reserves"] = _rank(out.assign(unused=unused), "unused", out["role"] == "member")
    return out.sort_values(["partnership", "mineral", "role", "rank_production", "country_iso3"],
                           ignore_index=True)


def _rank(frame, column, eligible):
    """1 = largest; ties broken by country code; missing values and ineligible rows unranked."""
    ranked = frame[eligible & frame[column].notna()].sort_values(
        ["partnership", "mineral", column, "country_iso3"], ascending=[True, True, False, True])
    ranks = ranked.groupby(["partnership", "mineral"]).cumcount() + 1
    return ranks.reindex(frame.index).astype("Int64")


@dataclass
class Results:
    """Every computed table the site publishes."""

    sufficiency: pd.DataFrame
    focus: pd.DataFrame
    concentration: pd.DataFrame


def compute(ds, target_share=1.0):
    return Results(sufficiency(ds, target_share), focus(ds), concentration(ds))
