"""World totals that agree with their parts: the one rule every share is divided by.

Pure functions; no I/O. Units: USGS tonnes (`_t`), IEA thousand tonnes (`_kt`).

- USGS: a world total is rounded (gallium 2025: 900 t) and can fall below the sum of the countries it lists plus
  its "other countries" row (China 900 t, Russia 6 t, Japan 3 t: 909 t). A share of the rounded total would pass
  100 %, so the world total used is the larger of the two.
- IEA: the workbook states a world total for each mineral, stage and year. Where its country rows and rest of world
  sum above it, its rest of world already holds a country it also lists (nickel mining: Australia); the stated total
  is used and rest of world becomes the remainder, so that the shares sum to 100 %.
"""

import pandas as pd

from .schema import T_PER_KT

# A listed country the IEA counts twice is the one whose figure is the excess, to this tolerance (kt).
DOUBLE_COUNT_TOLERANCE_KT = 0.05

USGS_RULE = ("A share of world output or reserves is of the USGS world total, or of the sum of the countries it lists "
             "and its 'other countries' row where that sum is larger (the world total is rounded).")
IEA_RULE = ("A share of the IEA's supply is of the IEA's stated world total; where its rows sum above it, its rest "
            "of world already holds a country it also lists, and rest of world is taken as the remainder.")


def usgs_world_totals(values, year):
    """One row per mineral of a USGS table (production or reserves) in `year`, in tonnes: stated_t (the USGS world
    total), parts_t (its countries plus 'other countries', figures only), world_t (the larger: the total every share
    divides by; missing where the USGS gives no world total), from_parts (world_t is the sum of the parts),
    unassigned_t and world_low_t.

    unassigned_t is what the listed countries without a figure (withheld, not available) hold together at most: the
    world total less every figure it is the sum of. It is missing where that leaves nothing: a rounded total that
    does not exceed what is listed caps nothing, since a withheld figure is withheld output, not none. world_low_t is the bound of a world total the USGS gives only
    as '> x' (nickel reserves 2025: > 140,000,000 t), missing elsewhere."""
    rows = values[values["year"] == year]
    world_rows = rows[rows["row_kind"] == "world_total"].set_index("mineral")
    stated = world_rows["value_t"]
    parts = rows[rows["row_kind"] != "world_total"].groupby("mineral")["value_t"].sum(min_count=1)
    out = pd.DataFrame({"stated_t": stated}).join(parts.rename("parts_t"), how="left")
    out["from_parts"] = out["stated_t"].notna() & (out["parts_t"] > out["stated_t"])
    out["world_t"] = out["parts_t"].where(out["from_parts"], out["stated_t"])
    unassigned = out["stated_t"] - out["parts_t"].fillna(0)
    out["unassigned_t"] = unassigned.where(unassigned > 0)
    # The larger of the bound and the parts, as for a stated total: zirconium reserves 2025, "> 70,000,000 t" with
    # 77,490,000 t listed.
    bound = world_rows["low_t"].where(stated.isna() & (world_rows["code"] == ">"))
    out["world_low_t"] = bound.where(~(out["parts_t"] > bound), out["parts_t"])
    out.index.name = "mineral"
    return out


def excluded_from_world_totals(exceptions, table, year):
    """mineral → tuple of countries the USGS world total of `table` in `year` leaves out (world_total_exceptions.csv)."""
    rows = exceptions[(exceptions["table"] == table) & (exceptions["year"] == year)
                      & (exceptions["rule"] == "excludes_usa")]
    return {m: ("USA",) for m in rows["mineral"]}


def reconcile_iea(supply_projection):
    """(rows, totals): the IEA supply rows with each stated world total applied, and the totals themselves.

    `rows`: the country and rest-of-world rows; where a stated world total (row_kind world_total) is below the sum
    of all rows, rest of world is the stated total less the named countries. `totals`: mineral, stage, year,
    stated_kt, rows_kt (the rows' sum as published), remainder (rest of world was taken as the remainder) and
    double_counted_iso3 (the listed country whose figure is the excess; '' where none matches)."""
    keys = ["mineral", "stage", "year"]
    stated = supply_projection[supply_projection["row_kind"] == "world_total"].set_index(keys)["supply_kt"]
    rows = supply_projection[supply_projection["row_kind"] != "world_total"].reset_index(drop=True)
    countries = rows[rows["row_kind"] == "country"]
    named = countries.groupby(keys)["supply_kt"].sum()
    summed = rows.groupby(keys)["supply_kt"].sum()
    totals = pd.DataFrame({"stated_kt": stated, "rows_kt": summed.reindex(stated.index)})
    totals["remainder"] = totals["rows_kt"] - totals["stated_kt"] > DOUBLE_COUNT_TOLERANCE_KT
    totals["double_counted_iso3"] = ""
    row_keys = pd.Series(list(zip(*(rows[k] for k in keys))), index=rows.index)
    for key in totals.index[totals["remainder"]]:
        rest = (rows["row_kind"] == "rest_of_world") & (row_keys == key)
        rows.loc[rest, "supply_kt"] = stated[key] - named.get(key, 0.0)
        excess = totals.at[key, "rows_kt"] - totals.at[key, "stated_kt"]
        same = countries[(row_keys[countries.index] == key)
                         & ((countries["supply_kt"] - excess).abs() <= DOUBLE_COUNT_TOLERANCE_KT)]
        totals.at[key, "double_counted_iso3"] = same["country_iso3"].iloc[0] if len(same) == 1 else ""
    return rows, totals.reset_index()


def world_total_table(ds, base_year, reserves_year):
    """The world total every share of a mineral divides by, source by source (the published world_totals table):
    mineral, source (usgs_production, usgs_reserves, iea_mining, iea_refining), year, stated_t, parts_t, world_t,
    rule (stated; sum_of_parts: the USGS total is below its parts; remainder: the IEA's rest of world read as the
    remainder of its stated total), double_counted_iso3, and for the USGS the constants of a figure's upper side,
    unassigned_t and world_low_t (usgs_world_totals). Tonnes."""
    frames = []
    for source, values, year in (("usgs_production", ds.production, base_year),
                                 ("usgs_reserves", ds.reserves, reserves_year)):
        usgs = usgs_world_totals(values, year).reset_index()
        frames.append(pd.DataFrame({
            "mineral": usgs["mineral"], "source": source, "year": year, "stated_t": usgs["stated_t"],
            "parts_t": usgs["parts_t"], "world_t": usgs["world_t"],
            "rule": usgs["from_parts"].map({True: "sum_of_parts", False: "stated"}), "double_counted_iso3": "",
            "unassigned_t": usgs["unassigned_t"], "world_low_t": usgs["world_low_t"]}))
    iea = ds.iea_world_totals
    frames.append(pd.DataFrame({
        "mineral": iea["mineral"], "source": "iea_" + iea["stage"], "year": iea["year"],
        "stated_t": iea["stated_kt"] * T_PER_KT, "parts_t": iea["rows_kt"] * T_PER_KT,
        "world_t": iea["stated_kt"] * T_PER_KT, "rule": iea["remainder"].map({True: "remainder", False: "stated"}),
        "double_counted_iso3": iea["double_counted_iso3"]}))
    return pd.concat(frames, ignore_index=True).sort_values(["mineral", "source", "year"], ignore_index=True)
