"""Supply without the dominant supplier: the share of demand the rest of the world covers if the largest supplier,
or every country of concern, stopped supplying it, and the gap left in tonnes against each partnership's output.

Pure functions over the dataset's tables. For a mineral the IEA covers, supply is the IEA's base-case supply by
country in the demand year (mining or refining), rest of world included in the world total; for the others, the
USGS base-year production at the stage its table counts: mine output (mining), or refinery or smelter output
(refining) for a mineral whose USGS table is a refinery's or smelter's. Demand is the IEA's, total or clean-technology only
as minerals.csv declares. Units: tonnes (`_t`); shares are fractions of demand.
"""

import numpy as np
import pandas as pd

from .metrics import country_rows, kt_to_t, latest_year, ratio, sufficiency_demand, world_totals
from .view import POLICY_VIEWS

SCENARIOS = tuple(dict.fromkeys(v.scenario for v in POLICY_VIEWS))
YEARS = tuple(dict.fromkeys(v.year for v in POLICY_VIEWS))
# The comparability.csv measure whose treatment applies to each stage and basis.
MEASURE = {("mining", "IEA"): "projected_sufficiency", ("mining", "USGS"): "production_sufficiency",
           ("refining", "IEA"): "refining_sufficiency", ("refining", "USGS"): "production_sufficiency"}
# The columns that set supply against demand: each is n/c where comparability.csv says the two sides count different
# things. The supply-only columns (shares of world supply, supply without a supplier) stay figures.
AGAINST_DEMAND = ("share_without_largest", "gap_without_largest_t", "share_without_concern", "gap_without_concern_t")
# The supply stage a mineral's USGS table counts (minerals.csv stage): a refinery's or smelter's is refined output.
SUPPLY_STAGE = {"mine": "mining", "refinery": "refining", "smelter": "refining"}


def supply_by_country(ds, years=YEARS):
    """mineral, stage, basis, supply_year, country_iso3 ('' for the unattributed rest), supply_t, world_t:
    the supply each country provides on the mineral's basis, with the world total it is part of."""
    frames = []
    iea = ds.supply_projection[ds.supply_projection["year"].isin(years)]
    for (mineral, stage, year), group in iea.groupby(["mineral", "stage", "year"], sort=True):
        frames.append(pd.DataFrame({"mineral": mineral, "stage": stage, "basis": "IEA", "supply_year": year,
                                    "country_iso3": group["country_iso3"].fillna(""),
                                    "supply_t": kt_to_t(group["supply_kt"]).to_numpy(),
                                    "world_t": kt_to_t(group["supply_kt"].sum())}))
    base = latest_year(ds.production)
    covered = set(ds.supply_projection["mineral"])
    usgs = country_rows(ds.production, base)
    usgs = usgs[~usgs["mineral"].isin(covered)].dropna(subset=["value_t"])
    world = world_totals(ds.production, base)
    stage = ds.minerals.set_index("mineral")["stage"].map(SUPPLY_STAGE)
    for mineral, group in usgs.groupby("mineral", sort=True):
        frames.append(pd.DataFrame({"mineral": mineral, "stage": stage[mineral], "basis": "USGS", "supply_year": base,
                                    "country_iso3": group["country_iso3"], "supply_t": group["value_t"].to_numpy(),
                                    "world_t": world.get(mineral, np.nan)}))
    return pd.concat(frames, ignore_index=True)


def supply_without(ds, scenarios=SCENARIOS, years=YEARS):
    """One row per mineral × stage × scenario × year: world supply, the largest supplier and its share of it, and
    the share of demand (fraction) the rest of the world covers without the largest supplier and without every
    country of concern, with the gap (t) each leaves. A ratio comparability.csv declares not comparable is
    published, flagged column by column (`<column>_comparable` for each column of AGAINST_DEMAND, with
    `comparability_note`). On the USGS basis supply is the base year's, set
    against demand in each year."""
    supply = supply_by_country(ds, years)
    concern = set(ds.countries_of_concern["country_iso3"])
    demand = sufficiency_demand(ds.demand, ds.minerals)
    demand = demand[demand["scenario"].isin(scenarios) & demand["year"].isin(years)]
    notes = ds.comparability[ds.comparability["treatment"] == "not_comparable"].set_index(["mineral", "measure"])
    rows = []
    for (mineral, stage, basis), group in supply.groupby(["mineral", "stage", "basis"], sort=True):
        for d in demand[demand["mineral"] == mineral].itertuples():
            year_rows = group if basis == "USGS" else group[group["supply_year"] == d.year]
            if year_rows.empty:
                continue
            named = year_rows[year_rows["country_iso3"] != ""].set_index("country_iso3")["supply_t"]
            world = year_rows["world_t"].iloc[0]
            largest = named.idxmax() if len(named) else ""
            without_largest = world - (named[largest] if largest else 0.0)
            without_concern = world - named[named.index.isin(concern)].sum()
            demand_t = kt_to_t(d.demand_kt)
            key = (mineral, MEASURE[(stage, basis)])
            rows.append({
                "mineral": mineral, "stage": stage, "scenario": d.scenario, "year": d.year, "basis": basis,
                "supply_year": int(year_rows["supply_year"].iloc[0]), "demand_scope": d.scope, "demand_t": demand_t,
                # world is never below its named parts (totals.py): the unattributed share is never negative.
                "world_supply_t": world, "unattributed_share": ratio(world - named.sum(), world),
                "largest_supplier_iso3": largest, "largest_supplier_share": ratio(named.get(largest, np.nan), world),
                "supply_without_largest_t": without_largest,
                "share_without_largest": ratio(without_largest, demand_t),
                "gap_without_largest_t": max(demand_t - without_largest, 0.0),
                "concern_share": ratio(world - without_concern, world),
                "supply_without_concern_t": without_concern,
                "share_without_concern": ratio(without_concern, demand_t),
                "gap_without_concern_t": max(demand_t - without_concern, 0.0),
                **{f"{column}_comparable": key not in notes.index for column in AGAINST_DEMAND},
                "comparability_note": notes["reason"].get(key, ""),
            })
    return pd.DataFrame(rows)


def gap_against_partnerships(ds, without):
    """One row per row of `without` × partnership: the members' own supply on the same basis and year (members the
    IEA does not name add nothing, so it is a lower bound there), and the gap left without the countries of concern
    as a multiple of it (how many times the partnership's output the gap is)."""
    supply = supply_by_country(ds, sorted(without["year"].unique()))
    membership = ds.partnership_members[["partnership", "country_iso3"]]
    members = supply.merge(membership, on="country_iso3").groupby(
        ["partnership", "mineral", "stage", "basis", "supply_year"])["supply_t"].sum().rename("partnership_supply_t")
    grid = without.merge(membership[["partnership"]].drop_duplicates(), how="cross")
    out = grid.merge(members.reset_index(), on=["partnership", "mineral", "stage", "basis", "supply_year"], how="left")
    out["partnership_supply_t"] = out["partnership_supply_t"].fillna(0.0)
    out["gap_to_partnership_supply"] = ratio(out["gap_without_concern_t"], out["partnership_supply_t"])
    out["gap_to_partnership_supply_comparable"] = out["gap_without_concern_t_comparable"]
    columns = ["mineral", "stage", "scenario", "year", "partnership", "basis", "supply_year", "gap_without_concern_t",
               "gap_without_concern_t_comparable", "partnership_supply_t", "gap_to_partnership_supply",
               "gap_to_partnership_supply_comparable", "comparability_note"]
    return out[columns].sort_values(["mineral", "stage", "scenario", "year", "partnership"], ignore_index=True)
