"""Altair chart builders: one function per chart kind, one house style.

Builders take small tidy frames already aggregated to the rows plotted (Altair
refuses more than 5,000 inline rows) and return a Vega-Lite spec as a dict.
Selectors (partnership, scenario, year) are Vega-Lite parameters, so one spec
answers every combination in the browser; the static SVG shows the defaults.
"""

import json
from functools import lru_cache

import altair as alt

from .schema import MILESTONE_YEARS
from .view import DEFAULT, scenarios

MEMBER, OTHER = "Member", "Not a member"
MEMBER_COLOURS = ["#3f51b5", "#aab2c0"]
SCENARIO_COLOURS = ["#8d6e63", "#f57c00", "#2e7d32"]
# Sufficiency bands: under 10 %, 10–50 %, 50–100 %, 100 % and more.
BAND_LIMITS = [0.1, 0.5, 1.0]
BANDS = ["under 10%", "10–50%", "50–100%", "100% or more"]
NOT_COMPARABLE_BAND = "not comparable"
NO_FIGURE_BAND = "no figure (—)"
# A sequential, colour-blind-safe blue scale (ColorBrewer "Blues"), grey for not comparable; each cell's label
# is written in the colour that keeps 4.5:1 contrast against it.
BAND_COLOURS = ["#eff3ff", "#9ecae1", "#2171b5", "#08306b", "#d9d9d9", "#ffffff"]
BAND_LABEL_COLOURS = ["#111111", "#111111", "#ffffff", "#ffffff", "#111111", "#111111"]
ALL_BANDS = [*BANDS, NOT_COMPARABLE_BAND, NO_FIGURE_BAND]
HEATMAP_CELL = 64  # px: room for "more than 10×†"
SUFFICIENCY_AXIS_MAX = 2.0  # bars beyond 200 % are clipped; the label gives the figure
FONT = "Helvetica, Arial, sans-serif"  # fonts the SVG renderer finds fast; the page itself falls back the same way
# The dark palette's chart: vega-themes' "dark", with the text beside a bar (which sits on the page, not on the
# bar) in the page's light text. Cell labels keep the colour their band gives them.
DARK = {"theme": "dark", "config": {"text": {"color": "#e6e6e6"}}}


@alt.theme.register("house", enable=False)
def house():
    """The house style: the site's system font, no chart border, transparent so both palettes show through."""
    return alt.theme.ThemeConfig({"config": {
        # The drawn chart is one image with a description (charts.js names it): its marks and guides are not
        # announced one by one.
        "aria": False, "mark": {"aria": False},
        "font": FONT, "background": "transparent", "view": {"stroke": None},
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "grid": True, "gridOpacity": 0.4},
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "top"},
    }})


def _select(name, options, labels, default, label):
    return alt.param(name=name, value=default,
                     bind=alt.binding_select(options=list(options), labels=list(labels), name=label))


def _scenario_year_params(scenario_list):
    scenario = _select("scenario", scenario_list, scenario_list, DEFAULT.scenario, "Scenario ")
    year = _select("year", MILESTONE_YEARS, [str(y) for y in MILESTONE_YEARS], DEFAULT.year, "Year ")
    return scenario, year


def rows(name):
    """A chart's data by name; `with_rows` attaches the rows. Altair copies inline data many times over."""
    return alt.NamedData(name)


def template(chart, key=""):
    """The Vega-Lite spec of `chart` without its rows, as JSON text (immutable, so it can be cached).

    Each chart kind is built with Altair once per distinct set of options and reused for every figure of that
    kind: building through Altair costs far more than attaching rows. Schema validation is left to the tests
    (tests/test_charts.py): it triples build time.
    """
    with alt.theme.enable("house"):
        spec = chart.to_dict(validate=False)
    if key:  # the legend of the marks in the labels, kept inside the chart so a downloaded image keeps it;
        # one line an entry, so that it fits a phone's width
        spec["title"] = {"text": key.split(" · "), "anchor": "start", "fontSize": 11, "fontWeight": "normal",
                         "orient": "bottom"}
    spec["width"] = "container"
    # Fit the width only: heights are set per row (Step), and a full "fit" makes Vega warn.
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return json.dumps(spec)


def with_rows(spec_template, **datasets):
    """A spec from its cached template with `datasets` (name → DataFrame) attached as inline values."""
    spec = json.loads(spec_template)
    spec["datasets"] = {name: json.loads(frame.to_json(orient="records", double_precision=15))
                        for name, frame in datasets.items()}
    return spec


def by_country(frame, measure, default_partnership, partnerships):
    """Horizontal bars of a USGS figure by country, members of the chosen partnership highlighted.

    frame: country, value_t, partnership, member ("Member"/"Not a member"), one row per country × partnership.
    partnerships: slug → display name, in selector order.
    """
    return with_rows(_by_country(measure, default_partnership, tuple(partnerships.items())), countries=frame)


@lru_cache(maxsize=None)
def _by_country(measure, default_partnership, partnerships):
    partnerships = dict(partnerships)
    choice = _select("partnership", partnerships.keys(), partnerships.values(), default_partnership, "Partnership ")
    chart = alt.Chart(rows("countries")).mark_bar().encode(
        y=alt.Y("country:N", sort="-x", title=None),
        x=alt.X("value_t:Q", title=f"{measure} (tonnes)", axis=alt.Axis(format="~s")),
        color=alt.Color("member:N", scale=alt.Scale(domain=[MEMBER, OTHER], range=MEMBER_COLOURS), title=None),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("value_t:Q", title="Tonnes", format=",")],
    ).transform_filter(alt.datum.partnership == choice).add_params(choice)
    return template(chart.properties(height=alt.Step(18)))


def demand_against_supply(demand, supply, default_partnership, partnerships):
    """IEA demand by scenario over time against the chosen partnership's base-year and projected supply.

    demand: year, scenario, demand_kt. supply: partnership, series, year, supply_kt.
    """
    years = tuple(sorted(int(y) for y in demand["year"].unique()))
    return with_rows(_demand(default_partnership, tuple(partnerships.items()), years, tuple(scenarios(demand))),
                     demand=demand, supply=supply)


@lru_cache(maxsize=None)
def _demand(default_partnership, partnerships, years, scenario_list):
    partnerships = dict(partnerships)
    choice = _select("partnership", partnerships.keys(), partnerships.values(), default_partnership, "Partnership ")
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", values=list(years)))
    lines = alt.Chart(rows("demand")).mark_line(point=True).encode(
        x=x, y=alt.Y("demand_kt:Q", title="Thousand tonnes a year"),
        color=alt.Color("scenario:N", scale=alt.Scale(domain=list(scenario_list), range=SCENARIO_COLOURS),
                        title="Demand"),
        tooltip=["scenario:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("demand_kt:Q", format=",.1f")],
    )
    supplied = alt.Chart(rows("supply")).transform_filter(alt.datum.partnership == choice).mark_line(
        strokeDash=[6, 3], point=alt.OverlayMarkDef(shape="diamond", size=60), color="#3f51b5").encode(
        x=x, y="supply_kt:Q", detail="series:N",
        tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("supply_kt:Q", format=",.1f")],
    )
    return template(alt.layer(lines, supplied).add_params(choice).properties(height=300))


def _band_colour():
    # Two entries a row: the legend fits a phone's width beside the axis labels.
    return alt.Color("band:N", scale=alt.Scale(domain=ALL_BANDS, range=BAND_COLOURS), title="Covers",
                     legend=alt.Legend(columns=2))


def band_of(value):
    """The colour band of a sufficiency ratio."""
    if value != value:
        return NO_FIGURE_BAND
    return BANDS[sum(value >= limit for limit in BAND_LIMITS)]


def sufficiency_bars(frame, category, category_title, order, measure_keys, measure_labels, key=""):
    """Bars of a sufficiency ratio per category (partnership or mineral, in `order`), with scenario, year and
    measure selectors. frame: <category>, scenario, year, measure (a key of measure_keys' values), value,
    label, band. Bars are clipped at 200 %."""
    order = tuple(order)
    measures = tuple((measure_keys[m], measure_labels[m]) for m in measure_keys)
    return with_rows(_sufficiency_bars(category, category_title, order, measures, key, tuple(scenarios(frame))),
                     sufficiency=frame)


@lru_cache(maxsize=None)
def _sufficiency_bars(category, category_title, order, measures, key, scenario_list):
    scenario, year = _scenario_year_params(scenario_list)
    keys, labels = [k for k, _ in measures], [label for _, label in measures]
    measure = _select("measure", keys, labels, keys[0], "Measure ")
    base = alt.Chart(rows("sufficiency")).transform_filter(
        (alt.datum.scenario == scenario) & (alt.datum.year == year) & (alt.datum.measure == measure))
    y = alt.Y(f"{category}:N", title=category_title, sort=list(order))
    bars = base.mark_bar(clip=True).encode(
        y=y, x=alt.X("value:Q", title="Share of demand covered",
                     scale=alt.Scale(domain=[0, SUFFICIENCY_AXIS_MAX]), axis=alt.Axis(format="%")),
        color=_band_colour(),
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title), alt.Tooltip("label:N", title="Covers")],
    )
    # Beside the end of each bar (in the page's text colour, since it sits on the page, not on the bar).
    labels = base.transform_calculate(end=f"min(isValid(datum.value) ? datum.value : 0, {SUFFICIENCY_AXIS_MAX})").mark_text(
        align="left", dx=4, clip=False).encode(y=y, x=alt.X("end:Q"), text="label:N")
    full = alt.Chart().mark_rule(strokeDash=[4, 4]).encode(x=alt.datum(1.0))
    chart = alt.layer(bars, full, labels).add_params(scenario, year, measure)
    return template(chart.properties(height=alt.Step(22)), key)


def heatmap(frame, partnerships, minerals, key=""):
    """Mineral × partnership grid of production sufficiency, with scenario and year selectors, in the orders
    given. frame: mineral, partnership, scenario, year, value, label, band.
    """
    return with_rows(_heatmap(tuple(partnerships), tuple(minerals), key, tuple(scenarios(frame))), sufficiency=frame)


@lru_cache(maxsize=None)
def _heatmap(partnerships, minerals, key, scenario_list):
    scenario, year = _scenario_year_params(scenario_list)
    base = alt.Chart(rows("sufficiency")).transform_filter((alt.datum.scenario == scenario) & (alt.datum.year == year))
    x = alt.X("partnership:N", title=None, sort=list(partnerships), axis=alt.Axis(labelAngle=-40, orient="top"))
    y = alt.Y("mineral:N", title=None, sort=list(minerals))
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        x=x, y=y, color=_band_colour(),
        tooltip=[alt.Tooltip("mineral:N", title="Mineral"), alt.Tooltip("partnership:N", title="Partnership"),
                 alt.Tooltip("label:N", title="Covers")])
    text = base.mark_text(fontSize=10).encode(
        x=x, y=y, text="label:N",
        color=alt.Color("band:N", scale=alt.Scale(domain=ALL_BANDS, range=BAND_LABEL_COLOURS), legend=None))
    chart = alt.layer(cells, text).add_params(scenario, year).properties(height=alt.Step(26))
    return template(chart.resolve_scale(color="independent"), key)


BUILD_ROWS = "rows"


def build_bars():
    """The build page's bars of production sufficiency per mineral, drawn in the browser from the rows build.js
    computes (mineral, value, label) into the empty dataset BUILD_ROWS; the chart's title is the parameter
    `heading`, which build.js sets to the chosen scenario and year. Bars are clipped at 200 %."""
    spec = json.loads(_build_bars())
    spec["datasets"] = {BUILD_ROWS: []}
    return spec


@lru_cache(maxsize=None)
def _build_bars():
    heading = alt.param(name="heading", value="Share of demand today's supply covers")
    base = alt.Chart(rows(BUILD_ROWS))
    y = alt.Y("mineral:N", sort=None, title=None)
    bars = base.mark_bar(clip=True, color=MEMBER_COLOURS[0]).encode(
        y=y, x=alt.X("value:Q", scale=alt.Scale(domain=[0, SUFFICIENCY_AXIS_MAX]),
                     axis=alt.Axis(format="%"), title=None),
        tooltip=[alt.Tooltip("mineral:N", title="Mineral"), alt.Tooltip("label:N", title="Covers")])
    labels = base.transform_calculate(end=f"min(isValid(datum.value) ? datum.value : 0, {SUFFICIENCY_AXIS_MAX})").mark_text(
        align="left", dx=4, clip=False).encode(y=y, x=alt.X("end:Q"), text="label:N")
    full = alt.Chart().mark_rule(strokeDash=[4, 4]).encode(x=alt.datum(1.0))
    chart = alt.layer(bars, full, labels).add_params(heading).properties(
        height=alt.Step(22), title=alt.TitleParams(text=alt.ExprRef(heading.name), anchor="start", fontSize=12,
                                                   fontWeight="normal"))
    return template(chart)


# Export measures: one colour per status at the as-of date (in force, lifted, not confirmed).
EXPORT_SEGMENTS = ["in force", "in force until lifted", "announced, never in force", "status not confirmed"]
EXPORT_COLOURS = ["#b71c1c", "#9e9e9e", "#ffcc80", "#ef6c00"]


def export_timeline(frame):
    """A timeline of export measures: one row per measure, a bar per period coloured by its status.

    frame: measure (label), start, end (ISO dates), segment (one of EXPORT_SEGMENTS), status_note.
    """
    return with_rows(_export_timeline(), measures=frame)


@lru_cache(maxsize=None)
def _export_timeline():
    chart = alt.Chart(rows("measures")).mark_bar(height=12).encode(
        y=alt.Y("measure:N", sort=None, title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")), x2="end:T",
        # Two entries a row, so that the legend fits a phone's width.
        color=alt.Color("segment:N", scale=alt.Scale(domain=EXPORT_SEGMENTS, range=EXPORT_COLOURS), title=None,
                        legend=alt.Legend(columns=2, orient="bottom")),
        tooltip=[alt.Tooltip("measure:N", title="Measure"), alt.Tooltip("segment:N", title="Status"),
                 alt.Tooltip("start:T", title="From", format="%Y-%m-%d"),
                 alt.Tooltip("end:T", title="To", format="%Y-%m-%d"), alt.Tooltip("status_note:N", title="Note")],
    )
    return template(chart.properties(height=alt.Step(22)))
