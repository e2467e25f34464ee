"""Each country's share of world mining, reserves and refining, and its world rank: the figures a country
page, a chart's description and the refining table print. Pure functions; no I/O."""

import pandas as pd

from .metrics import country_rows, kt_to_t, latest_year, ratio, world_totals
from .totals import excluded_from_world_totals
from .schema import OUTPUT_STAGE


def _usgs_shares(values, exceptions, table, stage):
    """`stage`: one name for every row, or a Series mineral → stage name."""
    year = latest_year(values)
    rows = country_rows(values, year)[["mineral", "row_kind", "country_iso3", "value_t"]].copy()
    rows["share"] = ratio(rows["value_t"], rows["mineral"].map(world_totals(values, year)))
    excluded = excluded_from_world_totals(exceptions, table, year)
    rows["world_total_excludes"] = rows["mineral"].map(lambda m: excluded.get(m, ()))
    stage = rows["mineral"].map(stage) if isinstance(stage, pd.Series) else stage
    return rows.assign(stage=stage, year=year)


def _refining_shares(supply_projection):
    rows = supply_projection[supply_projection["stage"] == "refining"]
    rows = rows[rows["year"] == rows["year"].min()] if len(rows) else rows
    out = rows[["mineral", "row_kind", "country_iso3", "year"]].assign(value_t=kt_to_t(rows["supply_kt"]))
    out["share"] = ratio(rows["supply_kt"], rows["mineral"].map(rows.groupby("mineral")["supply_kt"].sum()))
    return out.assign(stage="refining", world_total_excludes=[()] * len(out))


def shares(ds):
    """One row per mineral × stage × country (and the IEA's rest of world): value_t, share of the world
    total, rank among the countries with a figure (1 = largest; ties share the higher rank)."""
    output = ds.minerals.set_index("mineral")["stage"].map(OUTPUT_STAGE)
    out = pd.concat([_usgs_shares(ds.production, ds.world_total_exceptions, "production", output),
                     _usgs_shares(ds.reserves, ds.world_total_exceptions, "reserves", "reserves"),
                     _refining_shares(ds.supply_projection),
                     # The minerals outside the engine: their USGS refinery or smelter tables, by mineral.
                     *(_usgs_shares(rows, ds.world_total_exceptions, "refinery_production", "refinery")
                       for _, rows in ds.refinery_production.groupby("mineral"))], ignore_index=True)
    countries = out["row_kind"] == "country"
    out["rank"] = (out[countries].groupby(["mineral", "stage"])["value_t"].rank(ascending=False, method="min")
                   .reindex(out.index).astype("Int64"))
    return out.sort_values(["mineral", "stage", "row_kind", "rank", "country_iso3"], ignore_index=True)
