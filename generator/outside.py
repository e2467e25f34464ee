"""What the site can say of the minerals outside the engine and of the rare-earth elements: pure functions.

Units: USGS figures are tonnes (`_t`), IEA figures thousand tonnes (`_kt`); shares are fractions (1.0 = 100 %).
No ratio of supply to demand is computed here: that is the engine's, and these minerals are outside it.
"""

import pandas as pd

from .frames import records
from .metrics import country_rows, latest_year, ratio, world_totals


def producers(refinery, mineral, concern):
    """One mineral's USGS refinery (or smelter) table in its latest year: (year, world_t, rows), the rows being
    its countries, largest first, each with value_t, code, estimated, share of the world total and whether it
    is a country of concern. Missing (withheld, not available) stays missing, never zero."""
    rows = refinery[refinery["mineral"] == mineral]
    if rows.empty:
        return None, float("nan"), pd.DataFrame(columns=["country_iso3", "value_t", "share", "concern"])
    year = latest_year(rows)
    world_t = float(world_totals(rows, year).get(mineral, float("nan")))
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


def element_table(elements, cleantech):
    """mineral × item (an element, or its group 'light' or 'heavy') × scenario × year: the IEA's clean-technology
    demand (kt) and its share of the elements' total, as the rare-earths page prints them."""
    rows = []
    for scenario, year in sorted(set(zip(cleantech["scenario"], cleantech["year"]))):
        for mineral, group in elements.groupby("mineral", sort=True):
            items, groups = element_demand(cleantech, group, scenario, year)
            rows += [{"mineral": mineral, "item": r["element"], "scenario": scenario, "year": int(year),
                      "demand_kt": r["demand_kt"], "share": r["share"]} for r in records(items)]
            rows += [{"mineral": mineral, "item": r["group"], "scenario": scenario, "year": int(year),
                      "demand_kt": r["demand_kt"], "share": r["share"]} for r in records(groups)]
    return pd.DataFrame(rows, columns=["mineral", "item", "scenario", "year", "demand_kt", "share"])


def summary(refinery, concern):
    """Per mineral outside the engine with a USGS table: its year, largest producer and share, and the share held by
    countries of concern."""
    rows = []
    for mineral in sorted(refinery["mineral"].unique()):
        year, world_t, countries = producers(refinery, mineral, concern)
        top = countries.dropna(subset=["share"]).iloc[:1]
        rows.append({"mineral": mineral, "year": year,
                     "top_country_iso3": top["country_iso3"].iloc[0] if len(top) else "",
                     "top_share": top["share"].iloc[0] if len(top) else float("nan"),
                     "concern_share": concern_share(countries) if len(countries) else float("nan")})
    return pd.DataFrame(rows, columns=["mineral", "year", "top_country_iso3", "top_share", "concern_share"])
