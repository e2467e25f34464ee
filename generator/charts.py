"""Altair chart builders: one function per chart kind, one house style.

Builders take small tidy frames already aggregated to the rows plotted (Altair
refuses more than 5,000 inline rows) and return a Vega-Lite spec as a dict.
Selectors (partnership, scenario, year) are Vega-Lite parameters, so one spec
answers every combination in the browser; the static SVG shows the defaults.

Every spec is written in the light palette; `in_palette(spec, "dark")` gives the same chart in the dark one, each
colour swapped for its dark counterpart (DARK_OF), so that every mark keeps 3:1 contrast against the page in both
palettes (tests/test_charts.py checks the compiled specs) and members stand out more than non-members in both.
"""

import json
import re
from functools import lru_cache

import altair as alt

from .schema import MILESTONE_YEARS
from .view import DEFAULT, scenarios

# The page's background in each palette: white, and mkdocs-material's slate, hsl(225°, 15 %, 14 %).
BACKGROUND = {"light": "#ffffff", "dark": "#1e2129"}
# The text beside a bar or on the page (it sits on the page, not on a mark).
TEXT = {"light": "#222222", "dark": "#e6e6e6"}

MEMBER, OTHER = "Member", "Not a member"
# (light, dark) pairs: members in the site's indigo, non-members in a grey with less contrast in both palettes.
MEMBER_PAIRS = [("#3f51b5", "#8c9eff"), ("#8a919e", "#6f7580")]
SCENARIO_PAIRS = [("#8d6e63", "#bcaaa4"), ("#c25e00", "#ffb74d"), ("#2e7d32", "#81c784")]
# Sufficiency bands: under 10 %, 10–50 %, 50–100 %, 100 % and more.
BAND_LIMITS = [0.1, 0.5, 1.0]
BANDS = ["under 10%", "10–50%", "50–100%", "100% or more"]
NOT_COMPARABLE_BAND = "not comparable"
NO_FIGURE_BAND = "no figure (—)"
CELL_BANDS = [*BANDS, NOT_COMPARABLE_BAND]  # the bands a heatmap cell is filled with; "no figure" is outlined
# A sequential blue scale (the darker half of ColorBrewer "Blues" in light, its lighter half in dark: more
# coverage reads as more contrast in both), grey for not comparable. Each cell's label is written in the colour
# that keeps 4.5:1 contrast against its cell.
BAND_PAIRS = [("#4292c6", "#4a89c8"), ("#2171b5", "#6baed6"), ("#08519c", "#9ecae1"), ("#08306b", "#c6dbef"),
              ("#8c8c8c", "#8c8c8c")]
BAND_LABEL_PAIRS = [("#111111", "#111111"), ("#ffffff", "#111111"), ("#ffffff", "#111111"), ("#ffffff", "#111111"),
                    ("#111111", "#111111")]
OUTLINE = ("#6b6b6b", "#a8a8a8")  # a "no figure" cell: a dashed outline, never a value's colour
RULE = ("#616161", "#b0b0b0")  # the 100 % line
MARKER = (TEXT["light"], TEXT["dark"])  # the ceiling marker at the end of a bar cut at the axis' edge

# Export measures: one colour per status at the as-of date (in force, lifted, not confirmed).
EXPORT_SEGMENTS = ["in force", "in force until lifted", "announced, never in force", "status not confirmed"]
EXPORT_PAIRS = [("#b71c1c", "#ef5350"), ("#757575", "#8c8c8c"), ("#a67c00", "#ffcc80"), ("#e65100", "#ff9800")]

ROLES = [*MEMBER_PAIRS, *SCENARIO_PAIRS, *BAND_PAIRS, *BAND_LABEL_PAIRS, OUTLINE, RULE, MARKER, *EXPORT_PAIRS]


def _dark_of(pairs):
    """Light colour → dark colour; one light colour has one dark counterpart, whatever its role."""
    out = {}
    for light, dark in pairs:
        if out.setdefault(light, dark) != dark:
            raise ValueError(f"charts: light colour {light} has two dark counterparts, {out[light]} and {dark}")
    return out


DARK_OF = _dark_of(ROLES)
COLOUR = re.compile("|".join(f'"{re.escape(c)}"' for c in DARK_OF))


def _light(pairs):
    """The light colours of (light, dark) pairs: the ones the specs are written in."""
    return [p[0] for p in pairs]


MEMBER_COLOURS = _light(MEMBER_PAIRS)
SCENARIO_COLOURS = _light(SCENARIO_PAIRS)
BAND_COLOURS = _light(BAND_PAIRS)
BAND_LABEL_COLOURS = _light(BAND_LABEL_PAIRS)
EXPORT_COLOURS = _light(EXPORT_PAIRS)

HEATMAP_CELL = 60  # px: room for "≥ 230%†" at 12 px
HEATMAP_FONT = 12  # px: cell values
# An interval ("230–357%†") does not fit a cell on one line: it breaks after its dash, in a smaller font.
HEATMAP_INTERVAL_FONT = 11  # the smallest a heatmap value may be (tests/test_charts.py)
INTERVAL_DASH_TEST = "indexof(datum.label, '–') >= 0"
AXIS_CEILING = 2.0  # a coverage axis ends at the largest value shown, at most 200 %: longer bars are cut
FULL_LABEL, OFF_SCALE_LABEL = "100%", "100% ▸"  # the line where demand is met, or where it lies beyond the axis
OUTLINED_FILL = 0.2  # how much of its colour an outlined bar's inside keeps
# The marks every coverage chart's key explains, beside the figures' own marks.
COVERAGE_KEY = "outlined bar: clean-technology demand only"
CHOSEN_KEY = "boxed: the partnership chosen above"
CHOSEN = "chosen"  # the signal holding the name of the reader's partnership
# A number's axis asks for this many ticks: d3 picks 1, 2 or 5 × 10^k steps near it, never more than six ticks.
# Not in the theme: Vega thins an axis' explicit `values` (the demand chart's years) down to its tickCount.
TICKS = 4
FONT = "Helvetica, Arial, sans-serif"  # fonts the SVG renderer finds fast; the page itself falls back the same way
# The dark palette: vega-themes' "dark" guides, on the page's slate background, the text beside a bar (which sits
# on the page, not on the bar) in the page's light text. Cell labels keep the colour their band gives them.
DARK = {"theme": "dark"}
DARK_CONFIG = {"background": BACKGROUND["dark"], "text": {"color": TEXT["dark"]}}
PALETTES = ("light", "dark")
# The colours the "dark" theme gives the guides in place of the default (light) ones: label and title text, domains
# and ticks, grid lines.
DARK_GUIDES = {"#000": "#fff", "#888": "#fff", "#ddd": "#888"}
SVG_COLOUR = re.compile(r'\b(fill|stroke)="(#[0-9a-fA-F]{3,6})"')
SWAPPED_IN_DARK = {**DARK_GUIDES, TEXT["light"]: TEXT["dark"], **DARK_OF}  # light colour → dark, but the background


def in_palette(spec, palette):
    """`spec` (written in the light palette) drawn in `palette`: for "dark", every mark colour swapped for its
    dark counterpart and the dark page's background and text; with the options vl_convert compiles it with."""
    if palette == "light":
        return spec, {}
    config = spec.get("config", {})
    body = json.loads(COLOUR.sub(lambda m: f'"{DARK_OF[m.group()[1:-1]]}"',
                                 json.dumps({k: v for k, v in spec.items() if k not in ("config", "datasets")})))
    merged = {**config, **DARK_CONFIG, "text": {**config.get("text", {}), **DARK_CONFIG["text"]}}
    return {**spec, **body, "config": merged}, DARK


def svg_in_dark(svg):
    """A chart drawn in the light palette (SVG text, its background the first rect) as it is drawn in the dark one,
    without drawing it again: the background, the guides and every mark colour swapped as `in_palette` and the dark
    theme swap them. Drawing is the costliest step of a first build; tests/test_charts.py checks the two agree."""
    background = f'fill="{BACKGROUND["light"]}"/>'
    at = svg.index(background) + len(background)
    return (svg[:at].replace(background, f'fill="{BACKGROUND["dark"]}"/>') +
            SVG_COLOUR.sub(lambda m: f'{m.group(1)}="{SWAPPED_IN_DARK.get(m.group(2), m.group(2))}"', svg[at:]))


@alt.theme.register("house", enable=False)
def house():
    """The house style: the site's system font, no chart border, on the page's white."""
    return alt.theme.ThemeConfig({"config": {
        # The drawn chart is one image with a description (charts.js names it): its marks and guides are not
        # announced one by one.
        "aria": False, "mark": {"aria": False},
        "font": FONT, "background": BACKGROUND["light"], "view": {"stroke": None},
        "text": {"color": TEXT["light"]},
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


def template(chart, key="", title=None):
    """The Vega-Lite spec of `chart` without its rows, as JSON text (immutable, so it can be cached).

    Each chart kind is built with Altair once per distinct set of options and reused for every figure of that
    kind: building through Altair costs far more than attaching rows. Schema validation is left to the tests
    (tests/test_charts.py): it triples build time.
    """
    with alt.theme.enable("house"):
        spec = chart.to_dict(validate=False)
    # The legend of the marks in the labels, kept inside the chart so a downloaded image keeps it; one line an
    # entry, so that it fits a phone's width. Under a title where the chart has one (`title`: a Vega expression).
    if title:
        spec["title"] = {"text": {"expr": title}, "anchor": "start", "fontSize": 12, "orient": "top",
                         **({"subtitle": key.split(" · "), "subtitleFontSize": 11} if key else {})}
    elif key:
        spec["title"] = {"text": key.split(" · "), "anchor": "start", "fontSize": 11, "fontWeight": "normal",
                         "orient": "bottom"}
    spec["width"] = "container"
    # Fit the width only: heights are set per row (Step), and a full "fit" makes Vega warn.
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return json.dumps(spec)


def params(spec):
    """Every parameter of a spec that has a value, wherever it sits (a layer may hold its own), in order."""
    found = []

    def collect(node):
        if isinstance(node, dict):
            found.extend(p for p in node.get("params", []) if "value" in p and p not in found)
            for name, value in node.items():
                if name != "datasets":
                    collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
    collect(spec)
    return found


def selectors(spec):
    """A chart's selectors (its bound parameters) as (name, label, [(value, text)], default), in order. The page
    prints them under the chart as HTML: they work before Vega is loaded, and set its signals once it is."""
    return [(p["name"], p["bind"]["name"].strip(), list(zip(p["bind"]["options"], p["bind"]["labels"])), p["value"])
            for p in params(spec) if "bind" in p]


def unbound(node):
    """A spec without the selectors Vega would draw under the chart: the page has them as HTML (figure.md.j2), and its
    script sets the parameters they name."""
    if isinstance(node, dict):
        return {k: v if k == "datasets" else unbound(v) for k, v in node.items()
                if not (k == "bind" and isinstance(v, dict) and "input" in v)}
    if isinstance(node, list):
        return [unbound(value) for value in node]
    return node


def default_values(spec):
    """The value of each parameter that follows the reader's view (its selectors, and the partnership it boxes) in
    the chart's static image: name → value. The page draws the chart with Vega once the view differs from it."""
    return {p["name"]: p["value"] for p in params(spec) if "bind" in p or p["name"] == CHOSEN}


def with_rows(spec_template, **datasets):
    """A spec from its cached template with `datasets` (name → DataFrame) attached as inline values."""
    spec = json.loads(spec_template)
    spec["datasets"] = {name: json.loads(frame.to_json(orient="records", double_precision=15))
                        for name, frame in datasets.items()}
    return spec


# Tonnes in SI prefixes with their unit, "0", "500 kt", "2 Mt": fewer digits than "2,000,000", and no "2M" run
# into the next label.
SI_TONNES = ("datum.value == 0 ? '0' : replace(replace(replace(format(datum.value, '~s'), 'k', ' kt'), 'M', ' Mt'),"
             " 'G', ' Gt')")


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
        x=alt.X("value_t:Q", title=f"{measure} (t)", axis=alt.Axis(labelExpr=SI_TONNES, tickCount=TICKS)),
        color=alt.Color("member:N", scale=alt.Scale(domain=[MEMBER, OTHER], range=MEMBER_COLOURS), title=None),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("value_t:Q", title="Tonnes", format=",")],
    ).transform_filter(alt.datum.partnership == choice).add_params(choice)
    return template(chart.properties(height=alt.Step(18)))


def demand_against_supply(demand, supply, default_partnership, partnerships):
    """IEA demand by scenario over time against the chosen partnership's base-year and projected supply.

    demand: year, scenario, demand_kt, demand_label. supply: partnership, series, year, supply_kt, supply_label
    (each label the figure as printed).
    """
    years = tuple(sorted(int(y) for y in demand["year"].unique()))
    return with_rows(_demand(default_partnership, tuple(partnerships.items()), years, tuple(scenarios(demand))),
                     demand=demand, supply=supply)


# Kilotonne ticks read as the page's figures do (measures.KILOTONNES): in tonnes below 1 kt, "30 t", not "0.03";
# in Mt from 1,000 kt.
KT_TICKS = ("datum.value == 0 ? '0' : abs(datum.value) < 1 ? format(datum.value * 1000, ',~r') + ' t' "
            ": abs(datum.value) < 1000 ? format(datum.value, ',~r') + ' kt' : format(datum.value / 1000, ',~r') + ' Mt'")


def demand_lines(demand):
    """IEA demand by scenario over time, alone: for a mineral with no supply on demand's basis.

    demand: year, scenario, demand_kt, demand_label (the figure as printed).
    """
    years = tuple(sorted(int(y) for y in demand["year"].unique()))
    return with_rows(_demand_alone(years, tuple(scenarios(demand))), demand=demand)


def _year_axis(years):
    return alt.X("year:Q", title=None, axis=alt.Axis(format="d", values=list(years)))


def _demand_by_scenario(years, scenario_list):
    return alt.Chart(rows("demand")).mark_line(point=True).encode(
        x=_year_axis(years), y=alt.Y("demand_kt:Q", title="Per year",
                                     axis=alt.Axis(tickCount=TICKS, labelExpr=KT_TICKS)),
        color=alt.Color("scenario:N", scale=alt.Scale(domain=list(scenario_list), range=SCENARIO_COLOURS),
                        title="Demand"),
        # The figure as the page prints it (measures.label: kt, or t below 1 kt), not d3's own rounding.
        tooltip=["scenario:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("demand_label:N", title="Demand")],
    )


@lru_cache(maxsize=None)
def _demand_alone(years, scenario_list):
    return template(_demand_by_scenario(years, scenario_list).properties(height=300))


@lru_cache(maxsize=None)
def _demand(default_partnership, partnerships, years, scenario_list):
    partnerships = dict(partnerships)
    choice = _select("partnership", partnerships.keys(), partnerships.values(), default_partnership, "Partnership ")
    x = _year_axis(years)
    lines = _demand_by_scenario(years, scenario_list)
    supplied = alt.Chart(rows("supply")).transform_filter(alt.datum.partnership == choice)
    # One dash pattern a series, each named at its end: no hover needed to tell them apart.
    dash = alt.StrokeDash("series:N", legend=None, scale=alt.Scale(range=[[6, 3], [2, 2], [10, 3, 2, 3]]))
    supply_lines = supplied.mark_line(point=alt.OverlayMarkDef(shape="diamond", size=60, color=MEMBER_COLOURS[0]),
                                      color=MEMBER_COLOURS[0]).encode(
        x=x, y="supply_kt:Q", strokeDash=dash,
        tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("supply_label:N", title="Supply")],
    )
    # Lines ending in the same year take turns above and below their end, highest first, so that two close
    # lines keep their names apart.
    ends = supplied.transform_joinaggregate(last="max(year)", groupby=["series"]).transform_filter(
        "datum.year == datum.last").transform_window(
        rank="row_number()", groupby=["last"], sort=[alt.SortField("supply_kt", order="descending")])
    above = ends.transform_filter("datum.rank % 2 == 1").mark_text(align="right", baseline="bottom", dy=-6,
                                                                     fontSize=11).encode(x=x, y="supply_kt:Q",
                                                                                         text="series:N")
    below = ends.transform_filter("datum.rank % 2 == 0").mark_text(align="right", baseline="top", dy=6,
                                                                     fontSize=11).encode(x=x, y="supply_kt:Q",
                                                                                         text="series:N")
    return template(alt.layer(lines, supply_lines, above, below).add_params(choice).properties(height=300))


def band_of(value):
    """The colour band of a sufficiency ratio."""
    if value != value:
        return NO_FIGURE_BAND
    return BANDS[sum(value >= limit for limit in BAND_LIMITS)]


def _coverage_layers(base, y, colour, stroke, tooltip, chosen=None):
    """Bars of a coverage ratio (`value`, printed as `label`) on an axis that fits the rows shown: from 0 to
    the largest value, at most AXIS_CEILING, where a longer bar is cut and marked "▸"; its label gives the
    figure. 100 % is a labelled dashed line, or, where every bar is shorter, a note at the axis' end that it lies
    beyond. A bar measured against clean-technology demand only (`cleantech` true) is outlined, not filled; with
    `chosen` (a parameter), the partnership whose name is its value is boxed. Returns the layers."""
    fitted = base.transform_joinaggregate(largest="max(value)").transform_calculate(
        ceiling=f"isValid(datum.largest) && datum.largest > 0 ? min(datum.largest, {AXIS_CEILING}) : 1",
        shown="isValid(datum.value) ? min(datum.value, datum.ceiling) : null",
        end="isValid(datum.shown) ? datum.shown : 0", zero="0")
    # "~%": a short axis (gallium's ends near 1 %) ticks at 0.2%, 0.4%…, not at "0%" five times over.
    x = alt.X("shown:Q", title="Share of demand covered",
              scale=alt.Scale(nice=False, zero=True), axis=alt.Axis(format="~%", tickCount=TICKS))
    bars = fitted.mark_bar(strokeWidth=1.5).encode(
        y=y, x=x, color=colour, stroke=stroke, tooltip=tooltip,
        fillOpacity=alt.condition("datum.cleantech", alt.value(OUTLINED_FILL), alt.value(1)))
    # Beside the end of each bar (in the page's text colour, since it sits on the page, not on the bar).
    labels = fitted.mark_text(align="left", dx=4, clip=False).encode(y=y, x=alt.X("end:Q"), text="label:N")
    axis_end = fitted.transform_aggregate(ceiling="max(ceiling)").transform_calculate(full="1")
    on_scale = axis_end.transform_filter("datum.ceiling >= 1")
    full = on_scale.mark_rule(strokeDash=[4, 4], color=RULE[0]).encode(x=alt.X("full:Q"))
    full_label = on_scale.mark_text(align="center", baseline="bottom", dy=-2, fontSize=11).encode(
        x=alt.X("full:Q"), y=alt.value(0), text=alt.value(FULL_LABEL))
    off_scale = axis_end.transform_filter("datum.ceiling < 1").mark_text(
        align="right", baseline="bottom", dy=-2, fontSize=11).encode(
        x=alt.X("ceiling:Q"), y=alt.value(0), text=alt.value(OFF_SCALE_LABEL))
    cut = fitted.transform_filter("datum.value > datum.ceiling").mark_point(
        shape="triangle-right", filled=True, size=60, color=MARKER[0], opacity=1).encode(y=y, x=alt.X("shown:Q"))
    layers = [bars, full, full_label, off_scale, cut, labels]
    if chosen is not None:
        layers.insert(0, fitted.transform_filter(f"datum.partnership === {chosen.name}").mark_bar(
            filled=False, stroke=MARKER[0], strokeWidth=1.5).encode(y=y, x=alt.X("zero:Q"), x2="ceiling:Q"))
    return layers


def _band_colour(domain):
    # Two entries a row: the legend fits a phone's width beside the axis labels.
    return alt.Color("band:N", scale=alt.Scale(domain=domain, range=BAND_COLOURS[:len(domain)]), title="Covers",
                     legend=alt.Legend(columns=2))


def _band_stroke(domain):
    """The outline of a bar in its band's colour: all an outlined (clean-technology only) bar shows of it."""
    return alt.Stroke("band:N", scale=alt.Scale(domain=domain, range=BAND_COLOURS[:len(domain)]), legend=None)


def sufficiency_bars(frame, category, category_title, order, measure_keys, measure_labels, measure_titles, key="",
                     chosen=None):
    """Bars of a sufficiency ratio per category (partnership or mineral, in `order`), with scenario, year and
    measure selectors (the measure's choice reads `measure_labels`), under a title that names the chosen measure,
    scenario and year (`measure_titles`: measure → its title, "{scenario}" and "{year}" where the choice goes).
    frame: <category>, scenario, year, measure (a key of measure_keys' values), value, label, band, cleantech
    (bool). With `chosen` (a partnership's name: the page's default), the reader's partnership is boxed.
    The axis fits the bars shown (`_coverage_layers`)."""
    order = tuple(order)
    measures = tuple((measure_keys[m], measure_labels[m], measure_titles[m]) for m in measure_keys)
    return with_rows(_sufficiency_bars(category, category_title, order, measures, key, tuple(scenarios(frame)),
                                       chosen), sufficiency=frame)


def chosen_param(name):
    """The reader's partnership by its name (CHOSEN, set by the page's script: charts.js), `name` before it."""
    return alt.param(name=CHOSEN, value=name)


def view_title(measures):
    """A Vega expression for the title of the measure chosen in a chart's `measure` selector at its `scenario` and
    `year`: measures are (key, label, title) triples, a title holding "{scenario}" and "{year}" where they go."""
    expression = json.dumps("")
    for key, _, title in reversed(measures):
        pieces = re.split(r"(\{scenario\}|\{year\})", title)
        words = " + ".join(p[1:-1] if p in ("{scenario}", "{year}") else json.dumps(p) for p in pieces if p)
        expression = f"measure === {json.dumps(key)} ? {words} : {expression}"
    return expression


@lru_cache(maxsize=None)
def _sufficiency_bars(category, category_title, order, measures, key, scenario_list, chosen):
    scenario, year = _scenario_year_params(scenario_list)
    keys, labels = [k for k, _, _ in measures], [label for _, label, _ in measures]
    measure = _select("measure", keys, labels, keys[0], "Measure ")
    choice = chosen_param(chosen) if chosen is not None else None
    base = alt.Chart(rows("sufficiency")).transform_filter(
        (alt.datum.scenario == scenario) & (alt.datum.year == year) & (alt.datum.measure == measure))
    y = alt.Y(f"{category}:N", title=category_title, sort=list(order))
    tooltip = [alt.Tooltip(f"{category}:N", title=category_title), alt.Tooltip("label:N", title="Covers")]
    marks = [key, COVERAGE_KEY, CHOSEN_KEY if choice else "", "▸ bar cut at the axis' end"]
    layers = _coverage_layers(base, y, _band_colour(BANDS), _band_stroke(BANDS), tooltip, choice)
    chart = alt.layer(*layers).add_params(scenario, year, measure, *([choice] if choice else []))
    return template(chart.properties(height=alt.Step(22)), " · ".join(filter(None, marks)), view_title(measures))


def heatmap(frame, partnerships, minerals, chosen, key=""):
    """Mineral × partnership grid of production sufficiency, with scenario and year selectors, in the orders
    given, the reader's partnership (`chosen`, a name, by default) boxed. frame: mineral, partnership, scenario,
    year, value, label (compact: ">10×"), band.
    """
    return with_rows(_heatmap(tuple(partnerships), tuple(minerals), chosen, key, tuple(scenarios(frame))),
                     sufficiency=frame)


@lru_cache(maxsize=None)
def _heatmap(partnerships, minerals, chosen, key, scenario_list):
    scenario, year = _scenario_year_params(scenario_list)
    choice = chosen_param(chosen)
    base = alt.Chart(rows("sufficiency")).transform_filter((alt.datum.scenario == scenario) & (alt.datum.year == year))
    # No grid: it would run through the values. A gap between cells instead of a stroke in the page's colour.
    x = alt.X("partnership:N", title=None, sort=list(partnerships), scale=alt.Scale(paddingInner=0.06),
              axis=alt.Axis(labelAngle=-40, orient="top", grid=False, ticks=False, domain=False, labelLimit=150))
    y = alt.Y("mineral:N", title=None, sort=list(minerals), scale=alt.Scale(paddingInner=0.08),
              axis=alt.Axis(grid=False, ticks=False, domain=False))
    filled = base.transform_filter(alt.datum.band != NO_FIGURE_BAND)
    missing = base.transform_filter(alt.datum.band == NO_FIGURE_BAND)
    cells = filled.mark_rect().encode(
        x=x, y=y, color=_band_colour(CELL_BANDS),
        tooltip=[alt.Tooltip("mineral:N", title="Mineral"), alt.Tooltip("partnership:N", title="Partnership"),
                 alt.Tooltip("label:N", title="Covers")])
    # "No figure" is drawn, not coloured: a dashed outline around the dash, never a value's colour.
    outlined = missing.mark_rect(filled=False, stroke=OUTLINE[0], strokeWidth=1, strokeDash=[3, 2]).encode(
        x=x, y=y, tooltip=[alt.Tooltip("mineral:N", title="Mineral"),
                           alt.Tooltip("partnership:N", title="Partnership"), alt.Tooltip("label:N", title="Covers")])
    label_colour = alt.Color("band:N", scale=alt.Scale(domain=CELL_BANDS, range=BAND_LABEL_COLOURS), legend=None)
    text = filled.transform_filter(f"!({INTERVAL_DASH_TEST})").mark_text(fontSize=HEATMAP_FONT).encode(
        x=x, y=y, text="label:N", color=label_colour)
    # Two lines, centred on the cell: the first line sits half a line above the middle.
    intervals = filled.transform_filter(INTERVAL_DASH_TEST).transform_calculate(
        shown="replace(datum.label, '–', '–\\n')").mark_text(
        fontSize=HEATMAP_INTERVAL_FONT, lineBreak="\n", lineHeight=HEATMAP_INTERVAL_FONT + 1,
        dy=-(HEATMAP_INTERVAL_FONT + 1) / 2).encode(x=x, y=y, text="shown:N", color=label_colour)
    dash = missing.mark_text(fontSize=HEATMAP_FONT).encode(x=x, y=y, text="label:N")
    # The whole column: a rect with no y spans the chart's height.
    column = base.transform_filter(f"datum.partnership === {choice.name}").transform_aggregate(
        groupby=["partnership"]).mark_rect(filled=False, stroke=MARKER[0], strokeWidth=2).encode(x=x)
    key = " · ".join(filter(None, [key, "dashed outline: no figure (—), or only an upper bound (≤)", CHOSEN_KEY]))
    chart = alt.layer(cells, outlined, text, intervals, dash, column).add_params(scenario, year, choice).properties(
        height=alt.Step(28))
    return template(chart.resolve_scale(color="independent"), key)


BUILD_ROWS = "rows"


def build_bars():
    """The build page's bars of production sufficiency per mineral, drawn in the browser from the rows build.js
    computes (mineral, value, label) into the empty dataset BUILD_ROWS; the chart's title is the parameter
    `heading`, which build.js sets to the chosen scenario and year. The axis fits the bars (`_coverage_layers`)."""
    spec = json.loads(_build_bars())
    spec["datasets"] = {BUILD_ROWS: []}
    return spec


@lru_cache(maxsize=None)
def _build_bars():
    heading = alt.param(name="heading", value="Share of demand today's supply covers")
    # By the mineral's place in the site's list (`order`): the layers' domains are unioned, and in the order rows
    # arrive they drifted as the reader added members.
    y = alt.Y("mineral:N", sort=alt.EncodingSortField(field="order", op="min"), title=None)
    tooltip = [alt.Tooltip("mineral:N", title="Mineral"), alt.Tooltip("label:N", title="Covers")]
    layers = _coverage_layers(alt.Chart(rows(BUILD_ROWS)), y, alt.value(MEMBER_COLOURS[0]), alt.value(MEMBER_COLOURS[0]),
                              tooltip)
    chart = alt.layer(*layers).add_params(heading).properties(
        height=alt.Step(22), title=alt.TitleParams(text=alt.ExprRef(heading.name), anchor="start", fontSize=12,
                                                   fontWeight="normal"))
    return template(chart)


def export_timeline(frame):
    """A timeline of export measures: one row per measure, a bar per period coloured by its status.

    frame: measure (label), start, end (ISO dates), segment (one of EXPORT_SEGMENTS), status_note.
    """
    return with_rows(_export_timeline(), measures=frame)


@lru_cache(maxsize=None)
def _export_timeline():
    chart = alt.Chart(rows("measures")).mark_bar(height=12).encode(
        y=alt.Y("measure:N", sort=None, title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1})),
        x2="end:T",
        # Two entries a row, so that the legend fits a phone's width.
        color=alt.Color("segment:N", scale=alt.Scale(domain=EXPORT_SEGMENTS, range=EXPORT_COLOURS), title=None,
                        legend=alt.Legend(columns=2, orient="bottom")),
        tooltip=[alt.Tooltip("measure:N", title="Measure"), alt.Tooltip("segment:N", title="Status"),
                 alt.Tooltip("start:T", title="From", format="%Y-%m-%d"),
                 alt.Tooltip("end:T", title="To", format="%Y-%m-%d"), alt.Tooltip("status_note:N", title="Note")],
    )
    return template(chart.properties(height=alt.Step(22)))


# Where the United States buys today (issue 27). Net import reliance: a point per year, its shape saying whether the
# USGS gives a figure, a bound or a code (a bound is drawn where its value is, pointing the way the truth lies).
RELIANCE_KINDS = ["figure", "at least this (USGS '>')", "at most this (USGS '<')", "net exporter (USGS 'E')"]
RELIANCE_SHAPES = ["circle", "triangle-up", "triangle-down", "cross"]
# The borrowed benchmarks a largest single source is drawn against, told apart by their dashes.
BENCHMARK_DASHES = [[6, 3], [2, 2], [8, 2, 2, 2]]


def reliance_over_time(frame):
    """Net import reliance by year, each year's kind of cell drawn as its shape.

    frame: year, reliance (fraction; 0 for a net exporter), kind (one of RELIANCE_KINDS), label (as printed),
    edition ("MCS 2026")."""
    return with_rows(_reliance_over_time(), reliance=frame)


@lru_cache(maxsize=None)
def _reliance_over_time():
    x = alt.X("year:Q", title=None, scale=alt.Scale(zero=False, nice=False, padding=12),
              axis=alt.Axis(format="d", tickCount=TICKS, labelAngle=0))
    y = alt.Y("reliance:Q", title="Net import reliance", scale=alt.Scale(domain=[0, 1]),
              axis=alt.Axis(format="%", tickCount=TICKS))
    points = alt.Chart(rows("reliance")).mark_point(filled=True, size=90, color=MEMBER_COLOURS[0], opacity=1).encode(
        x=x, y=y,
        shape=alt.Shape("kind:N", scale=alt.Scale(domain=RELIANCE_KINDS, range=RELIANCE_SHAPES), title=None,
                        legend=alt.Legend(orient="bottom", columns=2)),
        tooltip=[alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("label:N", title="Net import reliance"),
                 alt.Tooltip("edition:N", title="Edition")])
    return template(points.properties(height=220))


def import_sources(frame, benchmarks, default_partnership, partnerships):
    """Horizontal bars of each source's share of US imports, members of the chosen partnership highlighted, with
    the borrowed benchmarks as dashed lines.

    frame: country, share (fraction; a bound's value), label (as printed), order, partnership, member.
    benchmarks: threshold (fraction), benchmark (its label)."""
    return with_rows(_import_sources(default_partnership, tuple(partnerships.items()),
                                     tuple(benchmarks["benchmark"])), sources=frame, benchmarks=benchmarks)


@lru_cache(maxsize=None)
def _import_sources(default_partnership, partnerships, benchmark_names):
    partnerships = dict(partnerships)
    choice = _select("partnership", partnerships.keys(), partnerships.values(), default_partnership, "Partnership ")
    x = alt.X("share:Q", title="Share of US imports", scale=alt.Scale(domain=[0, 1]),
              axis=alt.Axis(format="%", tickCount=TICKS))
    bars = alt.Chart(rows("sources")).mark_bar().encode(
        y=alt.Y("country:N", sort=alt.EncodingSortField("order", order="ascending"), title=None), x=x,
        color=alt.Color("member:N", scale=alt.Scale(domain=[MEMBER, OTHER], range=MEMBER_COLOURS), title=None),
        tooltip=[alt.Tooltip("country:N", title="Source"), alt.Tooltip("label:N", title="Share")],
    ).transform_filter(alt.datum.partnership == choice).add_params(choice)
    return template(alt.layer(bars, _benchmark_lines(benchmark_names)).properties(height=alt.Step(18)))


def _benchmark_lines(benchmark_names):
    """The borrowed benchmarks (rows "benchmarks": threshold, benchmark) as vertical lines, named in a legend."""
    return alt.Chart(rows("benchmarks")).mark_rule(color=RULE[0], strokeWidth=1.5).encode(
        x=alt.X("threshold:Q"),
        strokeDash=alt.StrokeDash("benchmark:N", scale=alt.Scale(domain=list(benchmark_names),
                                                                 range=BENCHMARK_DASHES[:len(benchmark_names)]),
                                  title=None, legend=alt.Legend(orient="bottom", columns=1, labelLimit=300)),
        tooltip=[alt.Tooltip("benchmark:N", title="Borrowed benchmark")])


def largest_sources(frame, benchmarks):
    """Per mineral, the largest single source's share of US imports against the borrowed benchmarks.

    frame: mineral (its label, with the source), share (fraction; the low end), label (as printed), order.
    benchmarks: threshold (fraction), benchmark (its label)."""
    return with_rows(_largest_sources(tuple(benchmarks["benchmark"])), sources=frame, benchmarks=benchmarks)


@lru_cache(maxsize=None)
def _largest_sources(benchmark_names):
    bars = alt.Chart(rows("sources")).mark_bar(color=MEMBER_COLOURS[0]).encode(
        y=alt.Y("mineral:N", sort=alt.EncodingSortField("order", order="ascending"), title=None),
        x=alt.X("share:Q", title="Largest single source's share of US imports", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", tickCount=TICKS)),
        tooltip=[alt.Tooltip("mineral:N", title="Mineral (largest source)"), alt.Tooltip("label:N", title="Share")])
    return template(alt.layer(bars, _benchmark_lines(benchmark_names)).properties(height=alt.Step(18)))


WORLD_SHARE_MEASURES = ["Share of world output", "Share of world reserves"]


def world_shares(frame):
    """A country's share of the world's output and reserves, mineral by mineral, a bar each.

    frame: mineral (its name), measure (one of WORLD_SHARE_MEASURES), share (fraction), label (as printed), order."""
    return with_rows(_world_shares(), shares=frame)


@lru_cache(maxsize=None)
def _world_shares():
    bars = alt.Chart(rows("shares")).mark_bar().encode(
        y=alt.Y("mineral:N", sort=alt.EncodingSortField("order", order="ascending"), title=None),
        yOffset=alt.YOffset("measure:N", sort=WORLD_SHARE_MEASURES),
        x=alt.X("share:Q", title="Share of the world's total", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", tickCount=TICKS)),
        color=alt.Color("measure:N", scale=alt.Scale(domain=WORLD_SHARE_MEASURES,
                                                     range=[MEMBER_COLOURS[0], SCENARIO_COLOURS[0]]),
                        title=None, legend=alt.Legend(orient="bottom", columns=1)),
        tooltip=[alt.Tooltip("mineral:N", title="Mineral"), alt.Tooltip("measure:N", title="Measure"),
                 alt.Tooltip("label:N", title="Share")])
    return template(bars.properties(height=alt.Step(12)))
