"""A country's figure: its share of the world's output and reserves, mineral by mineral (issue 28.5). Every number
in its table is a published cell of shares.csv."""

import pandas as pd

from . import cells, charts
from .figures import Figure


def world_shares_figure(code, name, minerals, base_year, reserves_year, usgs_edition):
    """`minerals`: the country page's rows (name; production and reserves, each None or with its share's cell and
    value, a fraction), in the site's order; `usgs_edition`: "USGS MCS 2026". None where the country has no published
    share of either."""
    drawn = [(m["name"], measure, m[kind]["share_value"], str(m[kind]["share"][0]), order)
             for order, m in enumerate(minerals)
             for kind, measure in zip(("production", "reserves"), charts.WORLD_SHARE_MEASURES)
             if m[kind] and m[kind]["share_value"] == m[kind]["share_value"]]  # a withheld share (NaN) is not drawn
    if not drawn:
        return None
    frame = pd.DataFrame(drawn, columns=["mineral", "measure", "share", "label", "order"])
    largest = frame.loc[frame["share"].idxmax()]
    return Figure(
        id=f"country-{code.lower()}-shares", title=f"{name}: share of world output and reserves",
        caption=(f"{name}'s share of each world total the USGS publishes: output in {base_year} (mine output, or "
                 f"refinery or smelter output where the mineral's USGS table counts those) and reserves as of "
                 f"{reserves_year}. A mineral with neither figure is left out. Source: {usgs_edition}."),
        alt=(f"Bar chart of {name}'s share of world output and reserves for {frame['mineral'].nunique()} minerals; "
             f"the largest: {largest['label']} of world {largest['measure'].removeprefix('Share of world ')} of "
             f"{largest['mineral'].lower()} (USGS)."),
        spec=charts.world_shares(frame), data=frame,
        table_columns=["Mineral", *charts.WORLD_SHARE_MEASURES],
        table_rows=[[m["name"], *[m[kind]["share"][0] if m[kind] else None for kind in ("production", "reserves")]]
                    for m in minerals])
