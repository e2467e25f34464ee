"""Figures: the rows each chart plots, its caption and alt text, and the table shown beside it.

Each function prepares the tidy frame a chart kind in `charts.py` draws and returns a
`Figure`; the renderer writes its spec, static SVG and data CSV beside the page.
"""

from dataclasses import dataclass

import pandas as pd

from . import charts
from .countries import country_name
from .formatting import percent
from .metrics import t_to_kt
from .schema import SCENARIOS

DEFAULT_PARTNERSHIP = "msp"
TABLE_SCENARIO, TABLE_YEAR = "NZE", 2030
MEASURES = {"production_sufficiency": "Production today", "projected_sufficiency": "Projected supply (IEA)",
            "reserves_sufficiency": "Reserves to 2050"}


@dataclass
class Figure:
    """One chart: its spec, the rows behind it, and the table shown beside it."""

    id: str
    title: str
    caption: str
    alt: str
    spec: dict
    data: pd.DataFrame
    table_columns: list
    table_rows: list


def _labelled(frame):
    """Add the display label and colour band of each sufficiency value."""
    return frame.assign(label=frame["value"].map(lambda v: str(percent(v))), band=frame["value"].map(charts.band_of))


def band_frame(frame, category):
    """Long frame for sufficiency bars: one row per category × scenario × year × measure."""
    long = frame.melt(id_vars=[category, "scenario", "year"], value_vars=list(MEASURES),
                      var_name="measure", value_name="value")
    return _labelled(long.assign(measure=long["measure"].map(MEASURES)))


def _table(frame, index, order):
    """The default view (NZE 2030) of a band frame as table columns and rows."""
    at = frame[(frame["scenario"] == TABLE_SCENARIO) & (frame["year"] == TABLE_YEAR)]
    table = at.pivot(index=index, columns="measure", values="label").loc[order, list(MEASURES.values())]
    return list(table.columns), [[i, *r] for i, r in table.iterrows()]


def heatmap(sufficiency, names, partnership_names, base_year):
    frame = _labelled(pd.DataFrame({
        "mineral": sufficiency["mineral"].map(names), "partnership": sufficiency["partnership"].map(partnership_names),
        "scenario": sufficiency["scenario"], "year": sufficiency["year"],
        "value": sufficiency["production_sufficiency"]}))
    at = frame[(frame["scenario"] == TABLE_SCENARIO) & (frame["year"] == TABLE_YEAR)]
    grid = at.pivot(index="mineral", columns="partnership", values="label")
    grid = grid.loc[list(names.values()), list(partnership_names.values())]
    return Figure(
        id="home-heatmap", title="Share of demand today's mine output would cover",
        caption=(f"Members' {base_year} mine production (USGS MCS {base_year + 1}) as a share of IEA demand "
                 f"(Critical Minerals Data Explorer 2025). Choose the scenario and year; the table shows NZE 2030."),
        alt="Heatmap of production sufficiency by mineral and partnership; the table below gives every value.",
        spec=charts.heatmap(frame), data=frame,
        table_columns=["Mineral", *grid.columns], table_rows=[[m, *row] for m, row in grid.iterrows()])


def _members_frame(rows, membership, partnership_names):
    """Country rows × partnerships with member flags, for by-country charts."""
    frames = []
    for slug in partnership_names:
        members = set(membership.loc[membership["partnership"] == slug, "country_iso3"])
        frames.append(pd.DataFrame({
            "country": rows["country_iso3"].map(country_name), "value_t": rows["value_t"], "partnership": slug,
            "member": rows["country_iso3"].map(lambda c: charts.MEMBER if c in members else charts.OTHER)}))
    return pd.concat(frames, ignore_index=True)


def by_country(values, membership, mineral, table, year, partnership_names):
    """Production or reserves of one mineral by country in `year`; members of the chosen partnership highlighted."""
    rows = values[(values["mineral"] == mineral.mineral) & (values["year"] == year) & (values["row_kind"] == "country")]
    plotted = rows.dropna(subset=["value_t"]).sort_values("value_t", ascending=False)
    frame = _members_frame(plotted, membership, partnership_names)
    word = "Mine production" if table == "production" else "Reserves"
    members = set(membership.loc[membership["partnership"] == DEFAULT_PARTNERSHIP, "country_iso3"])
    listed = rows.sort_values(["value_t", "country_iso3"], ascending=[False, True])
    return Figure(
        id=f"mineral-{mineral.mineral}-{table}", title=f"{word} by country, {year}",
        caption=(f"{word} of {mineral.name.lower()} ({mineral.basis}), {year}, tonnes. Source: USGS Mineral "
                 f"Commodity Summaries {int(rows['edition'].max())}. Choose the partnership whose members are "
                 f"highlighted; countries with no published figure (withheld or not available) are listed in the "
                 f"table only."),
        alt=f"Bar chart of {word.lower()} of {mineral.name.lower()} by country in {year}; "
            "the table below gives every value.",
        spec=charts.by_country(frame, word, DEFAULT_PARTNERSHIP, partnership_names), data=frame,
        table_columns=["Country", "Tonnes", "Reported as", f"{partnership_names[DEFAULT_PARTNERSHIP]} member"],
        table_rows=[[country_name(r.country_iso3), r.value_t, r.reported_as + (" (estimated)" if r.estimated else ""),
                     "yes" if r.country_iso3 in members else ""] for r in listed.itertuples()])


def demand_against_supply(demand, sufficiency, mineral, base_year, partnership_names):
    """IEA demand by scenario (kt) against each partnership's mine output today and IEA projected supply.

    `demand` is the mineral's sufficiency demand; `sufficiency` its rows of the sufficiency table.
    """
    nze = sufficiency[sufficiency["scenario"] == "NZE"]
    today = nze.drop_duplicates("partnership")
    rows = [(p.partnership, "Mine output today", y, t_to_kt(p.members_production_t))
            for p in today.itertuples() for y in (base_year, 2050)]
    rows += [(p.partnership, "IEA projected supply", p.year, p.projected_supply_kt)
             for p in nze.dropna(subset=["projected_supply_kt"]).itertuples()]
    supply = pd.DataFrame(rows, columns=["partnership", "series", "year", "supply_kt"])
    demand = demand[["scenario", "year", "demand_kt"]]
    wide = demand.pivot(index="year", columns="scenario", values="demand_kt")[list(SCENARIOS)]
    scope = "total" if mineral.iea_demand_scope == "total" else "clean-technology"
    return Figure(
        id=f"mineral-{mineral.mineral}-demand", title="Demand by scenario against partnership supply",
        caption=(f"IEA {scope} demand for {mineral.name.lower()}, thousand tonnes, 2024 (observed) to 2050, by "
                 f"scenario, against the chosen partnership's {base_year} mine output (USGS) and, where the IEA "
                 f"names its members, their projected supply. Sources: IEA Critical Minerals Data Explorer 2025; "
                 f"USGS MCS {base_year + 1}."),
        alt=f"Line chart of {mineral.name.lower()} demand by scenario to 2050 against partnership supply; "
            "the table below gives the demand figures.",
        spec=charts.demand_against_supply(demand, supply, DEFAULT_PARTNERSHIP, partnership_names),
        data=demand.merge(supply, on="year", how="outer"),
        table_columns=["Year", *[f"{s} (kt)" for s in SCENARIOS]],
        table_rows=[[int(y), *r] for y, r in wide.iterrows()])


SUFFICIENCY_CAPTION = ("Members' {base} mine production, IEA projected supply of the members it names, and members' "
                       "reserves against cumulative demand to 2050, as shares of IEA demand{of}. Sources: USGS MCS "
                       "{edition}; IEA Critical Minerals Data Explorer 2025. Bars stop at 200%; the label gives the "
                       "figure. The table shows NZE 2030.")


def partnerships_for_mineral(sufficiency, mineral, partnership_names, base_year):
    """How far each partnership covers demand for one mineral."""
    bars = band_frame(sufficiency.assign(partnership=sufficiency["partnership"].map(partnership_names)),
                      "partnership")
    columns, rows = _table(bars, "partnership", list(partnership_names.values()))
    return Figure(
        id=f"mineral-{mineral.mineral}-sufficiency", title="How far each partnership covers demand",
        caption=SUFFICIENCY_CAPTION.format(base=base_year, of=f" for {mineral.name.lower()}", edition=base_year + 1),
        alt=f"Bar chart of each partnership's sufficiency for {mineral.name.lower()}; "
            "the table below gives every value.",
        spec=charts.sufficiency_bars(bars, "partnership", "Partnership"), data=bars,
        table_columns=["Partnership", *columns], table_rows=rows)


def minerals_for_partnership(sufficiency, partnership, names, base_year):
    """How far one partnership covers demand, mineral by mineral."""
    bars = band_frame(sufficiency.assign(mineral=sufficiency["mineral"].map(names)), "mineral")
    columns, rows = _table(bars, "mineral", list(names.values()))
    return Figure(
        id=f"partnership-{partnership.partnership}-sufficiency",
        title=f"How far the {partnership.short_name} covers demand, by mineral",
        caption=SUFFICIENCY_CAPTION.format(base=base_year, of="", edition=base_year + 1),
        alt=f"Bar chart of the {partnership.short_name}'s sufficiency by mineral; the table below gives every value.",
        spec=charts.sufficiency_bars(bars, "mineral", "Mineral"), data=bars,
        table_columns=["Mineral", *columns], table_rows=rows)
