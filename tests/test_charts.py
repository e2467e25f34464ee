"""Every chart builder: its spec validates against Vega-Lite, round-trips through JSON and renders to SVG."""

import json
import re
from dataclasses import replace

import altair as alt
import pandas as pd
import pytest
import vl_convert

from generator import charts
from generator.figures import Figure
from generator.render import VENDOR, export_svg, renumber_clips, static_images, svg_width, vega_specs

PARTNERSHIPS = {"pair": "Pair", "none": "NZ"}


def by_country_spec():
    frame = pd.DataFrame({"country": ["Australia", "Chile"] * 2, "value_t": [100.0, 60.0] * 2,
                          "partnership": ["pair", "pair", "none", "none"],
                          "member": [charts.MEMBER, charts.OTHER, charts.OTHER, charts.OTHER]})
    return charts.by_country(frame, "Mine production", "pair", PARTNERSHIPS)


def demand_spec():
    demand = pd.DataFrame({"scenario": ["NZE", "NZE", "STEPS", "STEPS"], "year": [2024, 2030] * 2,
                           "demand_kt": [0.1, 0.4, 0.1, 0.3]})
    supply = pd.DataFrame({"partnership": ["pair", "pair"], "series": ["Mine output today"] * 2,
                           "year": [2025, 2050], "supply_kt": [0.1, 0.1]})
    return charts.demand_against_supply(demand, supply, "pair", PARTNERSHIPS)


def bars_spec():
    frame = pd.DataFrame({"partnership": ["Pair", "NZ"], "scenario": ["NZE", "NZE"], "year": [2030, 2030],
                          "measure": ["production"] * 2, "value": [0.25, 0.0], "label": ["25%", "0%"],
                          "band": [charts.band_of(0.25), charts.band_of(0.0)], "cleantech": [True, False]})
    return charts.sufficiency_bars(frame, "partnership", "Partnership", ["Pair", "NZ"],
                                   {"production_sufficiency": "production"},
                                   {"production_sufficiency": "Mine output today"},
                                   {"production_sufficiency": "Mine output today, share of {scenario} {year} demand"},
                                   chosen="Pair")


def heatmap_spec():
    frame = pd.DataFrame({"mineral": ["Lithium", "Lithium"], "partnership": ["Pair", "NZ"], "scenario": ["NZE"] * 2,
                          "year": [2030] * 2, "value": [0.25, float("nan")], "label": ["25%", "—"],
                          "band": [charts.band_of(0.25), charts.band_of(float("nan"))]})
    return charts.heatmap(frame, ["Pair", "NZ"], ["Lithium"], "Pair")


def export_timeline_spec():
    frame = pd.DataFrame({"measure": ["China: No. 1", "China: No. 2", "China: No. 2"],
                          "start": ["2023-08-01", "2025-10-09", "2025-11-07"],
                          "end": ["2026-06-01", "2025-11-07", "2026-06-01"],
                          "segment": [charts.EXPORT_SEGMENTS[0], charts.EXPORT_SEGMENTS[2], charts.EXPORT_SEGMENTS[3]],
                          "status_note": ["", "Suspended.", "Suspended."]})
    return charts.export_timeline(frame)


BUILDERS = [by_country_spec, demand_spec, bars_spec, heatmap_spec, charts.build_bars, export_timeline_spec]


@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__)
def test_spec_validates_and_renders(build):
    spec = build()
    # Validates against the Vega-Lite schema Altair ships (from_dict raises on an invalid spec).
    alt.Chart.from_dict(json.loads(json.dumps(spec)))
    svg = vl_convert.vegalite_to_svg({**spec, "width": 400})
    assert svg.startswith("<svg") and "<text" in svg


def test_static_images_show_the_default_view_in_both_palettes_for_a_desktop_and_a_phone():
    frame = pd.DataFrame({"country": ["Australia", "Chile", "Peru"], "value_t": [100.0, 60.0, 30.0],
                          "partnership": ["pair", "pair", "none"],
                          "member": [charts.MEMBER, charts.OTHER, charts.OTHER]})
    spec = charts.by_country(frame, "Mine production", "pair", PARTNERSHIPS)
    figure = Figure(id="c", title="t", caption="", alt="a", spec=spec, data=frame, table_columns=[], table_rows=[])

    images = {path: svg.decode() for path, svg in static_images(figure, lambda path: None).items()}

    assert list(images) == [f"assets/charts/c{suffix}.svg" for suffix in ("", ".dark", ".narrow", ".narrow.dark")]
    assert [svg_width(svg.encode()) for svg in images.values()] == [688, 688, 358, 358]
    for svg in images.values():  # the view of the default partnership, Pair, alone
        assert "Australia" in svg and "Chile" in svg and "Peru" not in svg
    assert charts.BACKGROUND["dark"] in images["assets/charts/c.dark.svg"]
    assert charts.BACKGROUND["dark"] not in images["assets/charts/c.svg"]
    assert figure.defaults == '{"partnership": "pair"}' and figure.selectors == [
        ("partnership", "Partnership", [("pair", "Pair"), ("none", "NZ")], "pair")]
    # A chart that scrolls in its own box is as wide on a phone: one image in each palette, at its least width.
    scrolls = static_images(replace(figure, min_width=900), lambda path: None)
    assert [svg_width(svg) for svg in scrolls.values()] == [900, 900] and "assets/charts/c.narrow.svg" not in scrolls


@pytest.mark.parametrize("build", [bars_spec, heatmap_spec, by_country_spec, export_timeline_spec, demand_spec],
                         ids=lambda b: b.__name__)
def test_a_light_image_recoloured_is_the_chart_drawn_in_the_dark_palette(build):
    """The dark static images are the light ones recoloured (drawing is the costliest step of a first build): byte for
    byte what vl-convert draws from the dark spec, the heatmap's white labels on dark cells included, whose colour is
    also the light background's."""
    spec = {**build(), "width": 400}
    coloured, options = charts.in_palette(spec, "dark")
    drawn = renumber_clips(vl_convert.vegalite_to_svg(coloured, **options))
    assert charts.svg_in_dark(renumber_clips(vl_convert.vegalite_to_svg(spec))) == drawn


def test_an_exported_image_carries_its_heading_view_and_sources_around_the_chart():
    chart = b'<!-- spec sha256 x -->\n<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100" viewBox="0 0 400 100">' \
            b'<rect width="400" height="100"/></svg>'
    source = "Sources: USGS MCS 2026; IEA Critical Minerals Data Explorer 2025. Data as of 2026-05-27. " \
             "https://example.org/minerals/lithium/"

    svg = export_svg(chart, "Lithium: How far each partnership covers <demand>", "Scenario: NZE · Year: 2030", source)

    text = svg.decode()
    lines = re.findall(r'<text x="12" y="(\d+)" font-size="(\d+)" font-weight="\w+">([^<]*)</text>', text)
    # At 15 px a line holds (400 - 2 × 12) / (15 × 0.55) = 45 characters, and at 11 px 62: heading and source wrap.
    assert [line for _, _, line in lines] == [
        "Lithium: How far each partnership covers", "&lt;demand&gt;", "Scenario: NZE · Year: 2030",
        "Sources: USGS MCS 2026; IEA Critical Minerals Data Explorer", "2025. Data as of 2026-05-27.",
        "https://example.org/minerals/lithium/"]
    # Lines 20 px apart at 15 px (15 × 1.3), 16 at 12 and 14 at 11, with 12 px of padding above and below each block:
    # the chart starts at 12 + 20 + 20 + 16 + 12 = 80 and ends at 180; the source lines follow from 192.
    assert [int(y) for y, _, _ in lines] == [32, 52, 68, 206, 220, 234]
    assert '<svg x="0" y="80" xmlns="http://www.w3.org/2000/svg" width="400" height="100"' in text
    assert 'height="246" viewBox="0 0 400 246"' in text
    assert "spec sha256" not in text


def test_the_served_vega_is_the_one_the_specs_are_compiled_for():
    """The site serves Vega alone (generator/vendor): its version is vl-convert's, whose Vega-Lite compiles the
    specs to Vega and whose Vega draws the static images."""
    served = re.search(r'version="(\d+\.\d+\.\d+)"', (VENDOR / "vega.min.js").read_text()).group(1)
    assert served == vl_convert.get_vega_version()
    compiled = json.loads(vega_specs("chart", by_country_spec())["chart.json"])
    assert compiled["$schema"] == f"https://vega.github.io/schema/vega/v{served.split('.')[0]}.json"


def test_specs_compile_to_vega_in_both_palettes():
    """Light and dark differ in the guides' colours and in the text beside a bar (it sits on the page), not in
    the data or the marks' layout; a selector stays a signal of the same name, which charts.js sets."""
    files = vega_specs("chart", bars_spec())
    light, dark = json.loads(files["chart.json"]), json.loads(files["chart.dark.json"])
    assert light["data"] == dark["data"]
    assert {"scenario", "year", "measure"} <= {s["name"] for s in light["signals"]}
    assert not [s for s in light["signals"] if "bind" in s]  # the page has the selectors, as HTML
    assert "#fff" not in json.dumps(light["config"]) and dark["config"]["style"]["guide-label"]["fill"] == "#fff"
    beside = [m for m in dark["marks"] if m["type"] == "text"][0]["encode"]["update"]["fill"]
    assert beside == {"value": charts.TEXT["dark"]}


def test_bands():
    assert [charts.band_of(v) for v in (0.05, 0.1, 0.7, 1.0, 3.0)] == [
        "under 10%", "10–50%", "50–100%", "100% or more", "100% or more"]
    assert charts.band_of(float("nan")) == charts.NO_FIGURE_BAND  # a "—" cell is drawn, in its own legend entry


# --- reading at a glance, in both palettes (issue 16) ---------------------------------------------------------

def luminance(colour):
    """WCAG 2 relative luminance of a #rgb or #rrggbb colour."""
    hex_ = colour.lstrip("#")
    hex_ = "".join(c * 2 for c in hex_) if len(hex_) == 3 else hex_
    channels = [int(hex_[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_wcag_relative_luminance():
    assert round(contrast("#ffffff", "#000000"), 2) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # the classic just-below-AA grey


def compiled(build):
    """The light and dark Vega specs of a builder's chart, as render.py writes them."""
    files = vega_specs("chart", build())
    return {"light": json.loads(files["chart.json"]), "dark": json.loads(files["chart.dark.json"])}


def marks(node):
    for mark in node.get("marks", []):
        yield mark
        yield from marks(mark)


def mark_colours(vega):
    """(mark type, channel, colour) of every fill and stroke a mark can take: constant values, and every colour of
    a scale a mark reads, whatever row picks it. Guides (axes, legends) are not marks."""
    scales = {s["name"]: s for s in vega.get("scales", [])}
    for s in (s for m in marks(vega) if m["type"] == "group" for s in m.get("scales", [])):
        scales[s["name"]] = s
    for mark in marks(vega):
        if mark["type"] == "group":
            continue
        for channel in ("fill", "stroke"):
            for block in ("enter", "update"):
                rules = mark.get("encode", {}).get(block, {}).get(channel)
                for rule in rules if isinstance(rules, list) else [rules] if rules else []:
                    if "value" in rule and isinstance(rule["value"], str) and rule["value"] != "transparent":
                        yield mark["type"], channel, rule["value"]
                    elif "scale" in rule:
                        for colour in scales[rule["scale"]]["range"]:
                            yield mark["type"], channel, colour


@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__)
@pytest.mark.parametrize("palette", charts.PALETTES)
def test_every_mark_keeps_3_to_1_against_the_background_in_both_palettes(build, palette):
    """Checked on the compiled specs: each sets the page's background of its palette, and every colour a bar, cell,
    line, point or rule takes has 3:1 against it; text on the page (not on a cell) has 4.5:1."""
    vega = compiled(build)[palette]
    background = vega["background"]
    assert background == charts.BACKGROUND[palette]
    found = list(mark_colours(vega))
    assert found
    cells = {c for kind, _, c in found if kind == "rect"} if build is heatmap_spec else set()
    for kind, channel, colour in found:
        if kind == "text" and cells and colour in {*charts.BAND_LABEL_COLOURS, *dict(charts.BAND_LABEL_PAIRS).values()}:
            continue  # a cell's label, read against its cell (test_heatmap_labels_read_on_their_cells)
        least = 4.5 if kind == "text" else 3
        assert contrast(colour, background) >= least, (build.__name__, palette, kind, channel, colour)


@pytest.mark.parametrize("palette", charts.PALETTES)
def test_members_stand_out_more_than_non_members_in_both_palettes(palette):
    vega = compiled(by_country_spec)[palette]
    scale = next(s for s in vega["scales"] if s["name"] == "color")
    colours = dict(zip(scale["domain"], scale["range"]))
    background = vega["background"]
    assert contrast(colours[charts.MEMBER], background) > contrast(colours[charts.OTHER], background) + 2


@pytest.mark.parametrize("palette", charts.PALETTES)
def test_heatmap_labels_read_on_their_cells_and_no_figure_is_outlined(palette):
    """Each band's label has 4.5:1 on its cell; "no figure" is drawn as a dashed outline, in no value's colour."""
    vega = compiled(heatmap_spec)[palette]
    scales = {s["name"]: s for s in vega["scales"]}
    fills = [s for s in scales.values() if s["type"] == "ordinal"]
    cell = dict(zip(fills[0]["domain"], fills[0]["range"]))
    text = dict(zip(fills[1]["domain"], fills[1]["range"]))
    assert charts.NO_FIGURE_BAND not in cell
    assert all(contrast(cell[band], text[band]) >= 4.5 for band in cell), (cell, text)
    outlined = [m for m in marks(vega) if m["type"] == "rect" and "strokeDash" in json.dumps(m["encode"])]
    assert len(outlined) == 1
    stroke = outlined[0]["encode"]["update"]["stroke"]["value"]
    assert stroke not in cell.values() and contrast(stroke, vega["background"]) >= 3
    assert outlined[0]["encode"]["update"].get("fill", {"value": "transparent"}) == {"value": "transparent"}


def test_heatmap_values_are_11_px_or_more_with_no_grid_through_them():
    vega = compiled(heatmap_spec)["light"]
    sizes = [m["encode"]["update"].get("fontSize", {}).get("value", 11) for m in marks(vega) if m["type"] == "text"]
    assert sizes and min(sizes) >= 11
    assert not any(a.get("grid") for a in vega.get("axes", []))


def test_the_dark_spec_differs_from_the_light_one_only_in_colours():
    light = bars_spec()
    dark, options = charts.in_palette(light, "dark")
    assert options == charts.DARK and dark["datasets"] == light["datasets"]
    def shape(spec):  # the spec with every colour blanked out
        return re.sub(r'"#[0-9a-f]{6}"', '"#"', json.dumps({k: v for k, v in spec.items() if k != "config"}))

    assert shape(dark) == shape(light) and dark != light
    assert dark["config"]["background"] == charts.BACKGROUND["dark"]


def axis_labels(svg, role="role-axis-label"):
    """The text of each axis' tick labels in a drawn SVG, axis by axis."""
    groups = re.findall(rf'class="mark-text {role}"[^>]*>(.*?)</g>', svg)
    return [re.findall(r">([^<]*)</text>", g) for g in groups]


def coverage_svg(values):
    frame = pd.DataFrame({"partnership": [f"P{i}" for i in range(len(values))], "scenario": "NZE", "year": 2030,
                          "measure": "production", "value": values, "label": [f"{v:.0%}" for v in values],
                          "band": [charts.band_of(v) for v in values], "cleantech": False})
    spec = charts.sufficiency_bars(frame, "partnership", "Partnership", list(frame["partnership"]),
                                   {"production_sufficiency": "production"}, {"production_sufficiency": "Today"},
                                   {"production_sufficiency": "Today, share of {scenario} {year} demand"})
    return vl_convert.vegalite_to_svg({**spec, "width": 400})


@pytest.mark.parametrize("values, last_tick, cut, hundred", [
    ([0.05, 0.25], "25%", False, "100% ▸"),  # small shares: the axis ends at the largest, 100 % noted beyond it
    ([0.003, 0.011], "1%", False, "100% ▸"),  # gallium's: ticks at 0.2 % steps, none of them "0%" twice
    ([0.3, 1.5], "150%", False, "100%"),      # ends at the largest bar (ticks every 50 %), 100 % a labelled line
    ([0.3, 9.0], "200%", True, "100%"),       # a bar beyond 200 % is cut at the edge and marked
])
def test_the_coverage_axis_fits_the_bars_shown(values, last_tick, cut, hundred):
    svg = coverage_svg(values)
    numbers = [labels for labels in axis_labels(svg) if labels and labels[0] == "0%"]
    assert numbers and numbers[0][-1] == last_tick, numbers
    assert len(set(numbers[0])) == len(numbers[0])
    marker = re.search(r'class="mark-symbol role-mark[^"]*"[^>]*>(.*?)</g>', svg).group(1)
    assert ("<path" in marker) is cut
    texts = re.findall(r">([^<]*)</text>", svg)
    assert hundred in texts and ({"100%", "100% ▸"} - {hundred}).isdisjoint(texts)
    assert ('stroke-dasharray="4,4"' in svg) is (hundred == "100%")  # the line itself only where it is on the axis


def test_axes_have_at_most_six_ticks_and_tonnes_read_in_si():
    frame = pd.DataFrame({"country": ["Australia", "Chile"], "value_t": [8_300_000.0, 1_234_567.0],
                          "partnership": "pair", "member": [charts.MEMBER, charts.OTHER]})
    svg = vl_convert.vegalite_to_svg({**charts.by_country(frame, "Mine production", "pair", PARTNERSHIPS),
                                      "width": 390})
    ticks = [labels for labels in axis_labels(svg) if "0" in labels][0]
    assert 2 <= len(ticks) <= 6 and ticks[0] == "0" and all(t.endswith(" Mt") for t in ticks[1:]), ticks
    for build in BUILDERS:
        vega = compiled(build)["light"]
        kinds = {s["name"]: s["type"] for s in vega["scales"]}
        for axis in vega.get("axes", []):
            if kinds[axis["scale"]] == "band":  # one tick a category
                continue
            if "values" in axis:
                assert len(axis["values"]) <= 6 and "tickCount" not in axis, axis  # Vega would thin the values
            else:  # a number's axis, or a date's with a tick a year
                assert axis.get("tickCount") in (charts.TICKS, {"interval": "year", "step": 1}), axis


@pytest.mark.parametrize("scale, unit", [(0.001, " t"), (1.0, " kt"), (1000.0, " Mt")])
def test_demand_ticks_read_in_the_pages_units(scale, unit):
    """Germanium's demand is hundredths of a kilotonne: its ticks read "10 t", "20 t", as its figures do."""
    demand = pd.DataFrame({"scenario": ["NZE", "NZE"], "year": [2024, 2050], "demand_kt": [10 * scale, 40 * scale],
                           "demand_label": ["", ""]})
    svg = vl_convert.vegalite_to_svg({**charts.demand_lines(demand), "width": 400})
    ticks = [labels for labels in axis_labels(svg) if "0" in labels and "2024" not in labels][0]
    assert ticks[0] == "0" and all(tick.endswith(unit) for tick in ticks[1:]), ticks


def test_supply_lines_are_named_at_their_ends():
    svg = vl_convert.vegalite_to_svg({**demand_spec(), "width": 400})
    drawn = re.findall(r'class="mark-text role-mark[^"]*"[^>]*>(.*?)</g>', svg)
    assert any("Mine output today" in texts for texts in drawn)


def test_a_cell_prints_the_compact_ceiling_and_a_sentence_the_full_one():
    from generator.measures import COMPACT, FORMATS, label
    assert label(COMPACT["ratio"], 12.5, cleantech=True) == ">10×†"
    assert label(FORMATS["ratio"], 12.5) == "more than 10×"
    assert label(COMPACT["ratio"], 0.219, "lower") == label(FORMATS["ratio"], 0.219, "lower") == "≥ 21%"


def test_a_measure_with_no_figure_for_a_mineral_is_not_offered(tiny_sufficiency):
    """Tiny zinc has output and reserves but no IEA supply rows: its chart offers output and reserves, not the IEA's
    projected or refined supply, whose bars would all read '—'; without a reserves figure (a refinery's USGS table
    has none) it offers output alone."""
    from generator.figures import offered_measures
    zinc = tiny_sufficiency.query("mineral == 'zinc'")
    assert list(offered_measures(zinc).values()) == ["production", "reserves"]
    assert list(offered_measures(zinc.assign(reserves_sufficiency=float("nan"))).values()) == ["production"]
