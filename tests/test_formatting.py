"""How numbers read: one set of filters."""

import math

import pytest

from generator import formatting as f


@pytest.mark.parametrize("function, value, expected", [
    (f.tonnes, 82700.0, "82,700 t"),
    (f.kilotonnes, 701.476, "701 kt"),
    (f.percent, 0.2694, "27%"),
    (f.percent, 0.0123, "1.2%"),
    (f.percent, 0.00074, "< 0.1%"),
    (f.percent, 0.000026, "< 0.1%"),  # 0.0026 %
    (f.percent, 0.0080, "0.80%"),
    (f.percent, 0.0, "0%"),
    (f.percent, 2.3087, "231%"),
    (f.ratio, 12.35, "more than 10×"),
    (f.ratio, 286.44, "more than 10×"),  # 28,644 %
    (f.ratio, 0.14, "14%"),
    (f.times, 3.7119, "3.7×"),
    (f.times, 1359.38, "1,400×"),
    (f.years, 151.3, "150 years"),
    (f.years, 1071.4, "1,100 years"),
    (f.tonnes, 1234567.0, "1,230,000 t"),
    (f.index, 2023.88, "2,020"),
])
def test_filters(function, value, expected):
    assert function(value) == expected


def test_missing_is_a_dash_with_its_reason():
    assert f.percent(math.nan) == "—"
    assert str(f.percent(math.nan, 'no "member"')) == '<abbr title="no &#34;member&#34;" tabindex="0">—</abbr>'
    assert f.tonnes(None) == "—"


def test_buildout():
    assert f.buildout(3.7119, 0.2999) == "3.7×, 30%/yr"
    assert f.buildout(0.45, -0.15) == "none: covered today"
    assert f.buildout(math.nan, math.nan) == "—"


def _row(**fields):
    base = {"production_sufficiency": 0.14, "buildout_multiple": 7.2, "buildout_cagr": 0.41, "scope": "total",
            "bounds": "", "not_comparable": "", "comparability_note": "", "missing_reason": ""}
    return {**base, **fields}


def test_a_bound_carries_its_direction():
    row = _row(bounds="production_sufficiency:lower buildout_multiple:upper buildout_cagr:upper")
    assert f.measure(row, "production_sufficiency") == "≥ 14%"
    assert f.measure(row, "buildout_multiple") == "≤ 7.2×, ≤ 41%/yr"
    # Above 10 the figure is already open-ended: no sign in front of "more than".
    assert f.measure(_row(production_sufficiency=28.6, bounds="production_sufficiency:lower"),
                     "production_sufficiency") == "more than 10×"


def test_not_comparable_reads_nc_with_its_reason():
    row = _row(not_comparable="production_sufficiency buildout_multiple",
               comparability_note="production_sufficiency, buildout_multiple: natural vs all | reserves_sufficiency: other")
    assert str(f.measure(row, "production_sufficiency")) == '<abbr title="natural vs all" tabindex="0">n/c</abbr>'
    assert f.measure(row, "buildout_multiple", markup=False) == "n/c"


def test_cleantech_only_demand_is_marked():
    assert f.measure(_row(scope="cleantech", production_sufficiency=2.31), "production_sufficiency") == "231%†"
