"""Plausibility against what was there before: a figure that moves more than MAX_CHANGE times since the last commit
(an edit) or the data an import replaces is refused, unless change_exceptions.csv explains it.

A unit slip (t for kt, ×1000), a dropped exponent (1e-9) or a shifted year passes every rule of its own row; only the
value it had before shows it. Pure functions over two versions of a table; no I/O.
"""

import numpy as np
import pandas as pd

from .schema import MAX_CHANGE, TABLES

# Every input table of figures, with the column compared and the column that names its mineral (or item).
CHECKED = {"production": ("value_t", "mineral"), "reserves": ("value_t", "mineral"),
           "refinery_production": ("value_t", "mineral"), "demand": ("demand_kt", "mineral"),
           "supply_projection": ("supply_kt", "mineral"), "cleantech_demand": ("demand_kt", "item")}


def implausible_changes(before, after, table, exceptions):
    """The rows of `after` whose figure is more than MAX_CHANGE times (or less than 1/MAX_CHANGE of) its value in
    `before`, same key, both figures present (country rows, where the table has aggregates), and that
    change_exceptions.csv does not explain (table, mineral,
    country_iso3 or '' where the table has none, year). A figure that moves to or from 0 counts as infinite.
    Columns: the key, old, new, factor, row (the index of the row in `after`)."""
    value, mineral = CHECKED[table]
    keys = list(TABLES[table].primary_key)
    # Countries only: the aggregates (USGS other countries and world totals, the IEA's rest of world and world total)
    # are held to their parts by the sum rules, and change with the grouping an edition uses.
    if "row_kind" in before:
        before, after = before[before["row_kind"] == "country"], after[after["row_kind"] == "country"]
    joined = (before[[*keys, value]].merge(after[[*keys, value]].reset_index(names="row"), on=keys,
                                           suffixes=("_old", "_new"))
              .rename(columns={f"{value}_old": "old", f"{value}_new": "new"}).dropna(subset=["old", "new"]))
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.maximum(joined["new"] / joined["old"], joined["old"] / joined["new"])
    joined["factor"] = factor.where(~((joined["old"] == 0) & (joined["new"] == 0)), 1.0)
    country = joined["country_iso3"].fillna("") if "country_iso3" in joined else pd.Series("", index=joined.index)
    explained = set(zip(exceptions["table"], exceptions["mineral"], exceptions["country_iso3"].fillna(""),
                        exceptions["year"]))
    unexplained = pd.Series([(table, m, c, y) not in explained for m, c, y in
                             zip(joined[mineral], country, joined["year"])], index=joined.index, dtype=bool)
    return joined[(joined["factor"] > MAX_CHANGE) & unexplained].reset_index(drop=True)


def describe(row, table):
    """'nickel NZE 2030 total' — a changed row's key, in words."""
    return " ".join(str(row[k]) for k in TABLES[table].primary_key if str(row[k]) not in ("", "nan"))
