"""Every chart builder: its spec validates against Vega-Lite, round-trips through JSON and renders to SVG."""

import json
import re

import altair as alt
import pandas as pd
import pytest
import vl_convert

from generator import charts
from generator.render import VENDOR, vega_specs

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
                          "band": [charts.band_of(0.25), charts.band_of(0.0)]})
    return charts.sufficiency_bars(frame, "partnership", "Partnership", ["Pair", "NZ"],
                                   {"production_sufficiency": "production"},
                                   {"production_sufficiency": "Mine output today"})


def heatmap_spec():
    frame = pd.DataFrame({"mineral": ["Lithium", "Lithium"], "partnership": ["Pair", "NZ"], "scenario": ["NZE"] * 2,
                          "year": [2030] * 2, "value": [0.25, float("nan")], "label": ["25%", "—"],
                          "band": [charts.band_of(0.25), charts.band_of(float("nan"))]})
    return charts.heatmap(frame, ["Pair", "NZ"], ["Lithium"])


def export_timeline_spec():
    frame = pd.DataFrame({"measure": ["China: No. 1", "China: No. 2", "China: No. 2"],
                          "start": ["2023-08-01", "2025-10-09", "2025-11-07"],
                          "end": ["2026-06-01", "2025-11-07", "2026-06-01"],
                          "segment": [charts.EXPORT_SEGMENTS[0], charts.EXPORT_SEGMENTS[2], charts.EXPORT_SEGMENTS[3]],
                          "status_note": ["", "Suspended.", "Suspended."]})
    return charts.export_timeline(frame)


BUILDERS = [by_country_spec, demand_spec, bars_spec, heatmap_spec, charts.build_bars, export_timeline_spec]


@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__)
def test_spec_validates_round_trips_and_renders(build):
    spec = build()
    text = json.dumps(spec)
    assert json.loads(text) == spec
    # Validates against the Vega-Lite schema Altair ships (from_dict raises on an invalid spec).
    alt.Chart.from_dict(json.loads(text))
    svg = vl_convert.vegalite_to_svg({**spec, "width": 400})
    assert svg.startswith("<svg") and "<text" in svg


@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__)
def test_spec_is_deterministic(build):
    assert json.dumps(build(), sort_keys=True) == json.dumps(build(), sort_keys=True)


def test_static_svg_draws_the_default_selection():
    svg = vl_convert.vegalite_to_svg({**by_country_spec(), "width": 400})
    # Pair is selected by default: both countries are drawn (AUS as member, CHL not).
    assert "Australia" in svg and "Chile" in svg


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
    assert "#fff" not in json.dumps(light["config"]) and dark["config"]["style"]["guide-label"]["fill"] == "#fff"
    beside = [m for m in dark["marks"] if m["type"] == "text"][0]["encode"]["update"]["fill"]
    assert beside == {"value": charts.DARK["config"]["text"]["color"]}


def test_bands():
    assert [charts.band_of(v) for v in (0.05, 0.1, 0.7, 1.0, 3.0)] == [
        "under 10%", "10–50%", "50–100%", "100% or more", "100% or more"]
    assert charts.band_of(float("nan")) == charts.NO_FIGURE_BAND  # a "—" cell is drawn, in its own legend entry
