"""How numbers read: one set of filters."""

import math

import pytest

from generator import formatting as f


@pytest.mark.parametrize("function, value, expected", [
    (f.tonnes, 82700.0, "82,700 t"),
    (f.kilotonnes, 701.476, "701 kt"),
    (f.percent, 0.2694, "27%"),
    (f.percent, 0.0123, "1.2%"),
    (f.percent, 0.00074, "0.074%"),
    (f.percent, 0.0, "0%"),
    (f.percent, 12.35, "1,235%"),
    (f.times, 3.7119, "3.7×"),
    (f.times, 1359.38, "1,400×"),
    (f.years, 151.3, "150 years"),
    (f.index, 2023.88, "2,024"),
])
def test_filters(function, value, expected):
    assert function(value) == expected


def test_missing_is_a_dash_with_its_reason():
    assert f.percent(math.nan) == "—"
    assert str(f.percent(math.nan, 'no "member"')) == '<abbr title="no &#34;member&#34;">—</abbr>'
    assert f.tonnes(None) == "—"


def test_buildout():
    assert f.buildout(3.7119, 0.2999) == "3.7×, 30%/yr"
    assert f.buildout(0.45, -0.15) == "none: covered today"
    assert f.buildout(math.nan, math.nan) == "—"
