"""Coverage charts show the reader's choice (issue 28.3): a title naming the measure, scenario and year chosen,
bars against clean-technology demand only outlined, the chosen partnership boxed. Drawn by vl-convert (the same
Vega the page runs) from a hand-made frame, with the chart's parameters set as the page's script sets them."""

import re

import pandas as pd
import pytest
import vl_convert

from generator import charts
from generator.figures import measure_labels, measure_titles

MEASURE_KEYS = {"production_sufficiency": "production", "reserves_sufficiency": "reserves"}


def drawn(chosen="Pair", **choice):
    """The SVG of a chart of two partnerships for a mine-stage mineral, its parameters set to `choice`: Pair
    covers 25 % of total demand, NZ 60 % of clean-technology demand only, in NZE 2030 and STEPS 2040 alike."""
    frame = pd.DataFrame({"partnership": ["Pair", "NZ"], "value": [0.25, 0.6], "label": ["25%", "60%†"],
                          "band": [charts.band_of(0.25), charts.band_of(0.6)], "cleantech": [False, True]})
    frame = pd.concat([frame.assign(scenario=s, year=y, measure=m) for s, y in (("NZE", 2030), ("STEPS", 2040))
                       for m in MEASURE_KEYS.values()], ignore_index=True)
    titles, labels = measure_titles("mine"), measure_labels("mine")
    spec = charts.sufficiency_bars(frame, "partnership", "Partnership", ["Pair", "NZ"], MEASURE_KEYS,
                                   {m: labels[m] for m in MEASURE_KEYS}, {m: titles[m] for m in MEASURE_KEYS},
                                   chosen=chosen)
    for param in spec["params"]:
        param["value"] = choice.get(param["name"], param["value"])
    return vl_convert.vegalite_to_svg({**spec, "width": 400})


def rects(svg, layer):
    """(top y, width, attributes) of each rectangle a layer draws."""
    group = re.search(rf'class="mark-rect role-mark {layer}"[^>]*>(.*?)</g>', svg, re.S)
    return [(float(y), float(w), attrs) for y, w, attrs in
            re.findall(r'd="M0,([0-9.]+)h([0-9.]+)[^"]*"([^>]*)/>', group.group(1))] if group else []


@pytest.mark.parametrize("choice, title", [
    ({}, "Mine output today, share of NZE 2030 demand"),
    ({"scenario": "STEPS", "year": 2040}, "Mine output today, share of STEPS 2040 demand"),
    ({"measure": "reserves", "scenario": "STEPS"}, "Reserves, share of cumulative STEPS demand to 2050"),
])
def test_the_title_names_the_measure_scenario_and_year_chosen(choice, title):
    svg = drawn(**choice)
    assert re.search(r'class="mark-text role-title-text".*?<text[^>]*>([^<]*)</text>', svg, re.S).group(1) == title


def test_a_bar_against_clean_technology_demand_only_is_outlined_and_the_key_says_so():
    svg = drawn(chosen=None)
    (_, pair_width, pair), (_, nz_width, nz) = rects(svg, "layer_0_marks")
    assert 'fill-opacity="1"' in pair and f'fill-opacity="{charts.OUTLINED_FILL}"' in nz
    colour = re.search(r'fill="(#[0-9a-f]+)"', nz).group(1)
    assert f'stroke="{colour}"' in nz  # the outline keeps the band's colour, at full strength
    assert nz_width == pytest.approx(pair_width * 0.6 / 0.25)  # NZ's bar ends at the axis' end, 60 %
    assert charts.COVERAGE_KEY in svg


def test_the_chosen_partnership_is_boxed_and_the_box_follows_the_choice():
    def box(svg):
        (top, width, attributes), = rects(svg, "layer_0_marks")
        assert f'stroke="{charts.MARKER[0]}"' in attributes and "fill=" not in attributes
        return top, width
    pair_top, width = box(drawn(**{charts.CHOSEN: "Pair"}))
    nz_top, _ = box(drawn(**{charts.CHOSEN: "NZ"}))
    assert pair_top < nz_top  # Pair's row is above NZ's
    assert width == pytest.approx(rects(drawn(**{charts.CHOSEN: "NZ"}), "layer_1_marks")[1][1])  # the axis' length
    assert charts.CHOSEN_KEY in drawn() and charts.CHOSEN_KEY not in drawn(chosen=None)
