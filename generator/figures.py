"""Figures: the rows each chart plots, its caption and alt text, and the table shown beside it.

Each function prepares the tidy frame a chart kind in `charts.py` draws and returns a
`Figure`; the renderer writes its spec, static SVG and data CSV beside the page.
"""

import json
import re
from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from . import cells, charts
from .countries import country_name
from .formatting import CLEANTECH_MARK, NOT_COMPARABLE
from .frames import records
from .measures import FORMATS, label
from .metrics import t_to_kt
from .schema import HORIZON_YEAR, OUTPUT_LABELS, OUTPUT_STAGE, STAGE_VERBS, USGS_CODES
from .view import DEFAULT
MEASURES = {"production_sufficiency": "Output today", "projected_sufficiency": "Projected mine supply (IEA)",
            "refining_sufficiency": "Refined output (IEA)", "reserves_sufficiency": f"Reserves to {HORIZON_YEAR}"}


@dataclass(frozen=True)
class Vintages:
    """The editions a caption names, read from the data, so that the next edition renames them."""
    usgs: str  # 'USGS MCS 2026': the newest USGS edition in production.csv
    iea: str  # 'IEA Critical Minerals Data Explorer 2025': the source demand.csv cites, and the year it appeared
    iea_base_year: int  # the IEA's observed year, the first of its demand series (2024)


def vintages(ds):
    """The Vintages of a dataset: from production.csv's editions, and demand.csv's source in sources.csv."""
    cited = ds.sources[ds.sources["source_id"].isin(ds.demand["source_id"])].sort_values("published")
    iea = cited.iloc[-1]
    return Vintages(usgs=f"USGS MCS {int(ds.production['edition'].max())}",
                    iea=f"IEA {iea['title'].split(' (')[0]} {iea['published'][:4]}",
                    iea_base_year=int(ds.demand["year"].min()))


def measure_labels(stage=None):
    """The charted measures' names, for a mineral whose USGS table counts `stage` output (mine, refinery or
    smelter), or for many minerals at once (None): a refinery's output never reads 'mine output'."""
    return {**MEASURES, "production_sufficiency": f"{OUTPUT_LABELS[stage] if stage else 'Output'} today"}


def measure_titles(stage=None):
    """A coverage chart's title for each charted measure, "{scenario}" and "{year}" where the reader's choice goes
    (charts.view_title): 'Mine output today, share of NZE 2030 demand'. Short enough for a phone's 390 px."""
    labels = measure_labels(stage)
    return {m: (f"Reserves, share of cumulative {{scenario}} demand to {HORIZON_YEAR}"
                if m == "reserves_sufficiency" else f"{labels[m]}, share of {{scenario}} {{year}} demand")
            for m in MEASURES}


# The `measure` a view's URL names (?measure=refining) for each charted measure.
MEASURE_KEYS = {"production_sufficiency": "production", "projected_sufficiency": "projected",
                "refining_sufficiency": "refining", "reserves_sufficiency": "reserves"}
# The key printed inside every sufficiency chart, so that a downloaded image keeps its legend.
CHART_KEY = (f"{CLEANTECH_MARK} clean-technology demand only · {NOT_COMPARABLE} not comparable · "
             "≥ lower bound (a member's figure left out) · a–b between a and b (the USGS caps what is left out) · "
             "≤ upper bound")


SOURCE_SENTENCE = re.compile(r"\bSources?: .+?\.(?=\s|$)")


@dataclass
class Figure:
    """One chart: its spec, the rows behind it, and the table shown beside it.

    `views` holds, per view (scenario|year), the text of the table cells that follow the view, and
    `view_keys` (rows × columns, None where a cell does not change) names them."""

    id: str
    title: str
    caption: str
    alt: str
    spec: dict
    data: pd.DataFrame
    table_columns: list
    table_rows: list
    views: dict = None
    view_keys: list = None
    min_width: int = 0  # px below which the chart scrolls in its own box rather than squeeze its labels
    # px of its static images (set by render from them): the page keeps their room before they load.
    width: int = 0
    height: int = 0
    narrow_width: int = 0  # 0: no image of its own for a phone (a chart that scrolls)
    narrow_height: int = 0
    # What an exported image of it says above and below the chart (set by render from its page: export_context).
    export_heading: str = ""
    export_source: str = ""

    @property
    def selectors(self):
        return charts.selectors(self.spec)

    @property
    def export(self):
        """The path (under docs/) of its image to download: the light one, with its title, view and sources."""
        return f"downloads/charts/{self.id}.svg"

    @property
    def sources(self):
        """The sentence of its caption that names its sources ("Source: …" or "Sources: …"), or None."""
        found = SOURCE_SENTENCE.search(self.caption)
        return found.group() if found else None

    def image(self, palette, narrow=False):
        """The path (under docs/) of its static image in `palette` ("light" or "dark"), for a desktop or a phone."""
        return f"assets/charts/{self.id}{'.narrow' if narrow else ''}{'.dark' if palette == 'dark' else ''}.svg"

    @property
    def defaults(self):
        """The view its static image shows, as JSON for the page's script."""
        return json.dumps(charts.default_values(self.spec), sort_keys=True, ensure_ascii=False)


def table_views(figure_id, frame, index, order, columns, views, value="fig"):
    """(views, view_keys, rows) of a table that pivots `frame` (scenario, year, index, columns) for each view:
    every cell but the first column follows the view; `rows` is the default view. Cells are figures."""
    # Every cell looked up by (scenario, year, row, column) from one pass, not a pivot per view.
    cell = dict(zip(zip(frame["scenario"], frame["year"], frame[index], frame[columns[0]]), frame[value]))
    out = {v.key: {f"{figure_id}-{i}-{j}": [cell[(v.scenario, v.year, row, column)]]
                   for i, row in enumerate(order) for j, column in enumerate(columns[1])} for v in views}
    keys = [[None, *[f"{figure_id}-{i}-{j}" for j in range(len(columns[1]))]] for i in range(len(order))]
    default = out[DEFAULT.key]
    rows = [[name, *[default[key][0] for key in row[1:]]] for name, row in zip(order, keys)]
    return out, keys, rows


def with_labels(sufficiency):
    """The sufficiency table with, for every charted measure, `fig_<measure>`: the figure as it is printed
    (cells.measure: bound sign, n/c, †, its cell). Computed once for the whole site."""
    rows = records(sufficiency)
    return sufficiency.assign(**{f"fig_{column}": [cells.measure(r, column) for r in rows] for column in MEASURES})


def labelled(frame, column, category):
    """Rows of one measure for a chart: the value (missing where not comparable), its figure and colour band.
    `frame` carries the columns `with_labels` adds."""
    comparable = frame[f"{column}_comparable"]
    values = frame[column].where(comparable)
    figs = frame[f"fig_{column}"]
    return pd.DataFrame({
        category: frame[category], "scenario": frame["scenario"], "year": frame["year"],
        "measure": MEASURE_KEYS[column], "value": values, "label": [f.text for f in figs], "fig": figs,
        "band": [charts.band_of(v) if c else charts.NOT_COMPARABLE_BAND for c, v in zip(comparable, values)],
    })


def bar_frame(sufficiency, category, names, measures=MEASURES):
    """Long frame for sufficiency bars: one row per category (its name, from `names`) × scenario × year × measure
    (of `measures`), each saying whether its demand is clean-technology demand only (an outlined bar)."""
    shown = sufficiency.assign(**{category: sufficiency[category].map(names)})
    cleantech = (sufficiency["demand_scope"] == "cleantech").to_numpy()
    return pd.concat([labelled(shown, column, category).assign(cleantech=cleantech) for column in measures],
                     ignore_index=True)


def _largest(shares, mineral, stage, year):
    """'Australia mined the most lithium in 2025: 92,000 t, 32% of the world.' (one sentence from the data)."""
    rows = shares[(shares["mineral"] == mineral.mineral) & (shares["stage"] == stage)
                  & (shares["row_kind"] == "country") & (shares["rank"] == 1)]
    if rows.empty:
        return f"No country figure for {mineral.name.lower()} in {year}; the table below lists what is published."
    top = rows.iloc[0]
    of = world_of(top["world_total_excludes"])
    verb = f"{STAGE_VERBS[mineral.stage]} the most" if stage != "reserves" else "holds the largest reserves of"
    return (f"{country_name(top['country_iso3'])} {verb} {mineral.name.lower()} in {year}: "
            f"{label(FORMATS['tonnes'], top['value_t'])}, {label(FORMATS['percent'], top['share'])} of {of}. "
            f"Bars for every country with a figure; the table below gives every value.")


def world_of(excluded):
    """'the world', or 'a world total that excludes the United States' where the USGS total leaves one out."""
    if not excluded:
        return "the world"
    return "a world total that excludes " + " and ".join(the(country_name(c)) for c in excluded)


def the(name):
    """'the United States', 'Australia': a country's name as it reads mid-sentence."""
    return f"the {name}" if name.startswith(("United ", "Netherlands", "Philippines")) else name


def _best_of(bars, category, about):
    """'Today's output of the democracies covers the most NZE 2030 demand …' for the default view."""
    at = bars[(bars["scenario"] == DEFAULT.scenario) & (bars["year"] == DEFAULT.year)
              & (bars["measure"] == "production")].dropna(subset=["value"])
    if at.empty:
        return (f"Coverage of {DEFAULT.scenario} {DEFAULT.year} demand {about}: not comparable; the table below "
                f"gives every value.")
    best, worst = at.loc[at["value"].idxmax()], at.loc[at["value"].idxmin()]
    return (f"Share of {DEFAULT.scenario} {DEFAULT.year} demand today's output covers {about}: highest "
            f"{best[category]} ({best['label']}), lowest {worst[category]} ({worst['label']}). The table below "
            f"gives every value.")


def heatmap(sufficiency, names, partnership_names, base_year, views, editions, chosen):
    """Every mineral × partnership's coverage, the reader's partnership (`chosen`, a slug, by default) boxed."""
    shown = sufficiency.assign(mineral=sufficiency["mineral"].map(names),
                               partnership=sufficiency["partnership"].map(partnership_names))
    frame = labelled(shown, "production_sufficiency", "mineral").assign(partnership=shown["partnership"])
    # The chart's cells print the compact figure (">10×"); the table beside it the full one.
    compact = [cells.measure(r, "production_sufficiency", compact=True).text for r in records(shown)]
    table, keys, rows = table_views("home-heatmap", frame, "mineral", list(names.values()),
                                    ("partnership", list(partnership_names.values())), views)
    return Figure(
        views=table, view_keys=keys, min_width=charts.HEATMAP_CELL * len(partnership_names) + 120,
        id="home-heatmap", title="Share of demand today's output would cover",
        caption=(f"Members' {base_year} mine production (for rare earths, the IEA's {editions.iea_base_year} magnet "
                 f"rare-earth mine supply) as a share of IEA demand. Minerals measured against total demand come "
                 f"first. {CHART_KEY}. Choose the scenario and year; the table follows the choice. Sources: "
                 f"{editions.usgs}; {editions.iea}."),
        alt="Heatmap of production sufficiency by mineral and partnership; the table below gives every value.",
        spec=charts.heatmap(frame.drop(columns="fig").assign(label=compact), partnership_names.values(),
                            names.values(), partnership_names[chosen], CHART_KEY),
        data=frame.drop(columns="fig"), table_columns=["Mineral", *partnership_names.values()], table_rows=rows)


def member_sets(membership):
    """partnership → its members (a set), from one pass over the membership rows."""
    out = {}
    for slug, code in zip(membership["partnership"], membership["country_iso3"]):
        out.setdefault(slug, set()).add(code)
    return out


def memberships(membership):
    """country → the partnerships it is a member of, as a table's data-members attribute lists them ('g7 usa')."""
    out = {}
    for slug, code in zip(membership["partnership"], membership["country_iso3"]):
        out.setdefault(code, []).append(slug)
    return {code: " ".join(sorted(slugs)) for code, slugs in out.items()}


def _members_frame(rows, membership, partnership_names):
    """Country rows × partnerships with member flags, for by-country charts."""
    members, codes = member_sets(membership), rows["country_iso3"].to_list()
    countries, values = [country_name(c) for c in codes], rows["value_t"].to_list()
    return pd.concat([pd.DataFrame({
        "country": countries, "value_t": values, "partnership": slug,
        "member": [charts.MEMBER if c in members.get(slug, ()) else charts.OTHER for c in codes]})
        for slug in partnership_names], ignore_index=True)


def by_country(values, table, shares, membership, mineral, year, partnership_names, default, label=country_name):
    """Production or reserves (`values`, the published USGS table `table`) of one mineral by country in `year`;
    members of the chosen partnership highlighted."""
    rows = values[(values["mineral"] == mineral.mineral) & (values["year"] == year) & (values["row_kind"] == "country")]
    plotted = rows.dropna(subset=["value_t"]).sort_values("value_t", ascending=False)
    frame = _members_frame(plotted, membership, partnership_names)
    word = f"{mineral.stage.capitalize()} production" if table == "production" else "Reserves"
    members, partnerships_of = member_sets(membership).get(default, set()), memberships(membership)
    listed = rows.sort_values(["value_t", "country_iso3"], ascending=[False, True])
    return Figure(
        id=f"mineral-{mineral.mineral}-{table}", title=f"{word} by country, {year}",
        caption=(f"{word} of {mineral.name.lower()} ({mineral.basis}), {year}, tonnes. Source: USGS Mineral "
                 f"Commodity Summaries {int(rows['edition'].max())}. Choose the partnership whose members are "
                 f"highlighted; countries with no published figure (withheld or not available) are listed in the "
                 f"table only."),
        alt=_largest(shares, mineral, OUTPUT_STAGE[mineral.stage] if table == "production" else "reserves", year),
        spec=charts.by_country(frame, word, default, partnership_names), data=frame,
        table_columns=["Country", "Tonnes", "Reported as",
                       Markup('<span data-member-header>{}</span> member').format(partnership_names[default])],
        table_rows=[[label(r["country_iso3"]),
                     cells.column(table, r, "value_t", USGS_CODES.get(r["code"], "") if pd.isna(r["value_t"]) else ""),
                     cells.column(table, r, "reported_as"),
                     Markup('<span data-members="{}">{}</span>').format(
                         partnerships_of.get(r["country_iso3"], ""), "yes" if r["country_iso3"] in members else "")]
                    for r in records(listed)])


SUPPLY_SERIES = {"production_sufficiency": "Members' supply today", "projected_sufficiency": "IEA projected mine supply",
                 "refining_sufficiency": "IEA projected refined output"}


def demand_against_supply(demand, sufficiency, mineral, editions, partnership_names, default):
    """IEA demand by scenario (kt) against each partnership's supply today and IEA projected supply.

    Only supply on the same basis as demand is drawn: a series comparability.csv flags is left out.
    `demand` is the mineral's sufficiency demand; `sufficiency` its rows of the sufficiency table.
    """
    nze = sufficiency[sufficiency["scenario"] == DEFAULT.scenario]
    first = nze.iloc[0]
    rows = []
    # Column by column: itertuples reads every one of the table's 94 columns, row after row.
    if first["production_sufficiency_comparable"]:
        today = nze.drop_duplicates("partnership")
        rows += [(partnership, SUPPLY_SERIES["production_sufficiency"], y, t_to_kt(supply_t))
                 for partnership, supply_year, supply_t in zip(today["partnership"], today["supply_year"],
                                                               today["supply_t"])
                 for y in (int(supply_year), HORIZON_YEAR)]
    for column, supply in (("projected_sufficiency", "projected_supply_kt"), ("refining_sufficiency",
                                                                            "refining_supply_kt")):
        if first[f"{column}_comparable"]:
            shown = nze.dropna(subset=[supply])
            rows += [(partnership, SUPPLY_SERIES[column], year, value)
                     for partnership, year, value in zip(shown["partnership"], shown["year"], shown[supply])]
    supply = pd.DataFrame(rows, columns=["partnership", "series", "year", "supply_kt"])
    supply["supply_label"] = [label(FORMATS["kt"], v) for v in supply["supply_kt"]]
    table = DemandTable(demand, "demand")
    demand = demand[["scenario", "year", "demand_kt"]]
    scope = "total" if mineral.iea_demand_scope == "total" else f"clean-technology ({CLEANTECH_MARK})"
    left_out = [SUPPLY_SERIES[c].lower() for c in SUPPLY_SERIES if not first[f"{c}_comparable"]]
    return Figure(
        id=f"mineral-{mineral.mineral}-demand", title="Demand by scenario against partnership supply",
        caption=(f"IEA {scope} demand for {mineral.name.lower()}, {editions.iea_base_year} (observed) to "
                 f"{HORIZON_YEAR}, by "
                 f"scenario, against the chosen partnership's supply today ({first['supply_basis']}) and, where the "
                 f"IEA names its members, their projected mine and refined supply."
                 + (f" Not drawn, as not comparable with demand: {', '.join(left_out)}." if left_out else "")
                 + f" Sources: {editions.iea}; {editions.usgs}."),
        alt=(f"IEA {scope} demand for {mineral.name.lower()} {table.path()}; the chosen partnership's supply is "
             f"drawn against it. The table below gives the demand."),
        spec=charts.demand_against_supply(labelled_demand(demand), supply, default, partnership_names),
        data=demand.merge(supply.drop(columns="supply_label"), on="year", how="outer"),
        table_columns=table.columns, table_rows=table.rows)


class DemandTable:
    """IEA demand rows (scenario, year, demand_kt) of a published table, year by scenario: the chart's table of
    cells, and the sentence its description gives."""

    def __init__(self, demand, table):
        self.scenarios = list(dict.fromkeys(demand["scenario"]))
        figs = {(r["year"], r["scenario"]): cells.column(table, r, "demand_kt") for r in records(demand)}
        self.wide = demand.pivot(index="year", columns="scenario", values="demand_kt")[self.scenarios]
        self.columns = ["Year", *self.scenarios]  # each figure carries its unit: kt, or t below 1 kt
        self.rows = [[str(int(y)), *[figs.get((y, s)) for s in self.scenarios]] for y in self.wide.index]

    def path(self):
        """'goes from 21.5 t in 2024 to 11.9 t in 2050 in the NZE scenario and 16.5 t in STEPS'."""
        kt, wide, other = FORMATS["kt"], self.wide, self.scenarios[0]
        first, last = int(wide.index[0]), int(wide.index[-1])  # 2024 and 2050 where the IEA gives every year
        return (f"goes from {label(kt, wide.at[first, DEFAULT.scenario])} in {first} to "
                f"{label(kt, wide.at[last, DEFAULT.scenario])} in {last} in the {DEFAULT.scenario} scenario and "
                f"{label(kt, wide.at[last, other])} in {other}")


def labelled_demand(demand):
    """Demand rows for a chart, each with its figure as the page prints it (for the tooltip)."""
    return demand.assign(demand_label=[label(FORMATS["kt"], v) for v in demand["demand_kt"]])


def cleantech_demand(demand, slug, name, editions):
    """IEA clean-technology demand (kt) by scenario for a mineral outside the engine: nothing to set against it.
    `demand` is cleantech_demand.csv's rows of the item."""
    table = DemandTable(demand, "cleantech_demand")
    return Figure(
        id=f"mineral-{slug}-demand", title="Clean-technology demand by scenario",
        caption=(f"IEA clean-technology demand for {name.lower()} ({CLEANTECH_MARK}: other uses are not counted), "
                 f"{editions.iea_base_year} (observed) to {HORIZON_YEAR}, by scenario. No supply is drawn: no USGS "
                 f"figure is on the same basis. Source: {editions.iea}."),
        alt=f"IEA clean-technology demand for {name.lower()} {table.path()}. The table below gives every value.",
        spec=charts.demand_lines(labelled_demand(demand[["scenario", "year", "demand_kt"]])),
        data=demand[["scenario", "year", "demand_kt"]], table_columns=table.columns, table_rows=table.rows)


SUFFICIENCY_CAPTION = ("Members' {base} {output}, the IEA's projected mine supply and refined output of the "
                       f"members it names, and members' reserves against cumulative demand to {HORIZON_YEAR}, as "
                       "shares of IEA demand{of}. Sources: {editions.usgs}; {editions.iea}. Long bars "
                       "are cut at the chart's edge; the label gives the figure. " + CHART_KEY
                       + ". The table follows the chosen scenario and year.")


def offered_measures(sufficiency):
    """measure → its URL key, for the charted measures with a figure in some row of `sufficiency` (one mineral's
    rows): a measure with none (reserves, for a mineral whose USGS table counts refinery output) would draw
    every bar as '—', so its choice is not offered."""
    return {m: key for m, key in MEASURE_KEYS.items() if sufficiency[m].notna().any()}


def partnerships_for_mineral(sufficiency, mineral, partnership_names, base_year, views, editions, chosen, offered):
    """How far each partnership covers demand for one mineral, on each measure it has a figure for (`offered`:
    offered_measures of its rows); the reader's partnership (`chosen` by default) boxed."""
    bars = bar_frame(sufficiency, "partnership", partnership_names, offered)
    labels = {m: name for m, name in measure_labels(mineral.stage).items() if m in offered}
    figure_id = f"mineral-{mineral.mineral}-sufficiency"
    table, keys, rows = table_views(figure_id, bars, "partnership", list(partnership_names.values()),
                                    ("measure", list(offered.values())), views)
    return Figure(
        views=table, view_keys=keys,
        id=f"mineral-{mineral.mineral}-sufficiency", title="How far each partnership covers demand",
        caption=SUFFICIENCY_CAPTION.format(base=base_year, output=f"{mineral.stage} production",
                                           of=f" for {mineral.name.lower()}", editions=editions),
        alt=_best_of(bars, "partnership", f"for {mineral.name.lower()}"),
        spec=charts.sufficiency_bars(bars.drop(columns="fig"), "partnership", "Partnership", partnership_names.values(),
                                     offered, labels, measure_titles(mineral.stage), CHART_KEY,
                                     partnership_names[chosen]),
        data=bars.drop(columns="fig"),
        table_columns=["Partnership", *labels.values()], table_rows=rows)


def minerals_for_partnership(sufficiency, partnership, names, base_year, views, editions):
    """How far one partnership covers demand, mineral by mineral."""
    bars = bar_frame(sufficiency, "mineral", names)
    table, keys, rows = table_views(f"partnership-{partnership.partnership}-sufficiency", bars, "mineral",
                                    list(names.values()), ("measure", list(MEASURE_KEYS.values())), views)
    return Figure(
        views=table, view_keys=keys,
        id=f"partnership-{partnership.partnership}-sufficiency",
        title=f"How far the {partnership.short_name} covers demand, by mineral",
        caption=SUFFICIENCY_CAPTION.format(base=base_year, output="production at each mineral's stage (mine, or "
                                           "refinery or smelter where its USGS table counts those)", of="",
                                           editions=editions),
        alt=_best_of(bars, "mineral", f"of the {partnership.short_name}"),
        spec=charts.sufficiency_bars(bars.drop(columns="fig"), "mineral", "Mineral", names.values(), MEASURE_KEYS,
                                     measure_labels(), measure_titles(), CHART_KEY),
        data=bars.drop(columns="fig"), table_columns=["Mineral", *MEASURES.values()], table_rows=rows)
