"""What the site can say of the minerals outside the engine and of the rare-earth elements: pure functions.

Units: USGS figures are tonnes (`_t`), IEA figures thousand tonnes (`_kt`); shares are fractions (1.0 = 100 %).
No ratio of supply to demand is computed here: that is the engine's, and these minerals are outside it.
"""

import pandas as pd

from .metrics import country_rows, latest_year, ratio


def producers(refinery, mineral, concern):
    """One mineral's USGS refinery (or smelter) table in its latest year: (year, world_t, rows), the rows being
    its countries, largest first, each with value_t, code, estimated, share of the world total and whether it
    is a country of concern. Missing (withheld, not available) stays missing, never zero."""
    rows = refinery[refinery["mineral"] == mineral]
    if rows.empty:
        return None, float("nan"), pd.DataFrame(columns=["country_iso3", "value_t", "share", "concern"])
    year = latest_year(rows)
    world = rows[(rows["year"] == year) & (rows["row_kind"] == "world_total")]["value_t"]
    world_t = float(world.iloc[0]) if len(world) else float("nan")
    countries = country_rows(rows, year).sort_values(["value_t", "country_iso3"], ascending=[False, True],
                                                      na_position="last")
    countries = countries.assign(share=ratio(countries["value_t"], pd.Series(world_t, index=countries.index)),
                                 concern=countries["country_iso3"].isin(set(concern)))
    return year, world_t, countries.reset_index(drop=True)


def concern_share(countries):
    """Share of the world total held by countries of concern (missing if none of them has a figure)."""
    held = countries.loc[countries["concern"], "share"]
    return held.sum(min_count=1)


def demand_by_year(cleantech, item, scenario, years):
    """year → IEA clean-technology demand (kt) of one item in one scenario (missing years left out)."""
    rows = cleantech[(cleantech["item"] == item) & (cleantech["scenario"] == scenario)
                     & (cleantech["year"].isin(years))]
    return dict(zip(rows["year"].astype(int), rows["demand_kt"]))


def element_demand(cleantech, elements, scenario, year):
    """The rare-earth elements' clean-technology demand (kt) in one scenario and year, with each element's share of
    the elements' total, and the light and heavy groups' subtotals and shares: (element rows, group rows)."""
    rows = elements.merge(cleantech[(cleantech["scenario"] == scenario) & (cleantech["year"] == year)],
                          left_on="element", right_on="item", how="left")
    total = rows["demand_kt"].sum(min_count=1)
    rows = rows.assign(share=ratio(rows["demand_kt"], pd.Series(total, index=rows.index)))
    groups = (rows.groupby("group", sort=False)
              .agg(demand_kt=("demand_kt", lambda v: v.sum(min_count=1)), symbols=("symbol", ", ".join))
              .reset_index())
    groups = groups.assign(share=ratio(groups["demand_kt"], pd.Series(total, index=groups.index)))
    return rows, groups
