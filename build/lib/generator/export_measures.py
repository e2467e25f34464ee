"""How much of each mineral's supply sits under an export measure at the as-of date, and whose.

Pure functions over the dataset's tables. A measure on ore counts against mining (USGS base-year mine production,
shares of the USGS world total); a measure on refined products counts against refining (IEA base-year refined
output, shares of the IEA total, rest of world included; for a refinery or smelter mineral, the USGS table's
shares, which count refined output). Measures on finished products and technology are listed
but touch neither share. Only measures in force at the as-of date count; a measure whose status no source confirms
is listed apart, never counted.
"""

import pandas as pd

from .focus import stage_shares

# Which stage of supply a measure on each item stage holds back.
SUPPLY_STAGE = {"ore": "mining", "refined": "refining"}


def exposure(ds):
    """One row per mineral × supply stage × country with a measure × measure: the country's share of world supply
    at that stage (fraction) and the measure's kind and status at the as-of date."""
    measures = ds.export_controls[(ds.export_controls["mineral"] != "")
                                  & ds.export_controls["stage"].isin(list(SUPPLY_STAGE))]
    measures = measures.assign(supply_stage=measures["stage"].map(SUPPLY_STAGE))
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
        frames.append(joined.assign(year=year))
    out = pd.concat(frames, ignore_index=True)
    columns = ["mineral", "supply_stage", "year", "country_iso3", "measure_id", "kind", "status", "country_share"]
    return (out[columns].drop_duplicates(["mineral", "supply_stage", "country_iso3", "measure_id"])
            .rename(columns={"supply_stage": "stage"})
            .sort_values(["mineral", "stage", "country_iso3", "measure_id"], ignore_index=True))


def share_under_measures(exposed):
    """mineral × stage: the share of world supply in countries with at least one measure in force (each country
    counted once), and the share where a measure's status is not confirmed (and none is in force)."""
    rows = []
    for (mineral, stage, year), group in exposed.groupby(["mineral", "stage", "year"], sort=True):
        by_country = group.groupby("country_iso3").agg(share=("country_share", "first"),
                                                       in_force=("status", lambda s: (s == "in_force").any()),
                                                       unsure=("status", lambda s: (s == "not_confirmed").any()))
        rows.append({"mineral": mineral, "stage": stage, "year": year,
                     "share_in_force": by_country.loc[by_country["in_force"], "share"].sum(min_count=1),
                     "share_not_confirmed": by_country.loc[~by_country["in_force"] & by_country["unsure"],
                                                           "share"].sum(min_count=1)})
    return pd.DataFrame(rows, columns=["mineral", "stage", "year", "share_in_force", "share_not_confirmed"])
