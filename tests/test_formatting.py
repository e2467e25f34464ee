"""How numbers read: one formatter (measures.label) over declared formats, bounds rounded on their safe side."""

import math

import pytest

from generator import cells
from generator.measures import FORMATS, label, significant

F = FORMATS


@pytest.mark.parametrize("fmt, value, expected", [
    ("tonnes", 82700.0, "82,700\xa0t"),
    ("kt", 701.476, "701\xa0kt"),
    ("kt", 0.00123991, "1.24\xa0t"),  # PGM demand, 2024: 0.00123991 kt = 1.24 t, not "0.00124 kt"
    ("kt", 0.9996, "1,000\xa0t"),  # below 1 kt it reads in tonnes, to three figures
    ("kt", 0.0, "0\xa0t"),  # as the tonnes beside it in a column: not "0 kt" above "588 t"
    ("percent", 0.2694, "27%"),
    ("percent", 0.0123, "1.2%"),
    ("percent", 0.00074, "< 0.1%"),
    ("percent", 0.0080, "0.80%"),
    ("percent", 0.0, "0%"),
    ("percent", 2.3087, "231%"),
    ("percent", 0.9996, "99.96%"),  # below 1: never "100%" (to two figures 99.96 % would read 100 %)
    ("percent", 0.9967, "99.7%"),  # gallium's concern share, 2025: countries of concern do not hold all of it
    ("percent", 1.0, "100%"),
    ("percent", 0.995, "99.5%"),
    ("ratio", 12.35, "more than 10×"),
    ("ratio", 0.14, "14%"),
    ("times", 3.7119, "3.7×"),
    ("times", 1359.38, "1,400×"),
    ("times", 0.45, "none: covered today"),
    ("years", 151.3, "150\xa0years"),
    ("years", 125.0, "130\xa0years"),  # halves round away from zero, as build.js does: not to even (120)
    ("tonnes", 1234567.0, "1,230,000\xa0t"),
    ("index", 2023.88, "2,020"),
    ("score", 7.85, "7.85"),
    ("score", 8.5, "8.50"),
    ("count", 4, "4"),
    ("per_year", 0.2999, "30%/yr"),
])
def test_formats(fmt, value, expected):
    assert label(F[fmt], value) == expected


@pytest.mark.parametrize("fmt", [name for name, f in F.items() if f.shift and f.decimals < 0])
def test_a_fraction_below_one_never_reads_as_a_hundred_percent(fmt):
    """Every value in (0.99, 1), nearest or as an upper bound, reads below 100 (a lower bound is rounded down
    already); and as few figures as it needs: one more than the format's own, here."""
    values = [1 - 10 ** -k * f for k in range(2, 8) for f in (1, 3.3, 5, 9.9)]
    for value in values:
        for bound in ("", "upper"):
            text = label(F[fmt], value, bound).removeprefix("≤ ")
            assert float(text.split("%")[0].replace(",", "")) < 100, (fmt, value, bound, text)
    assert label(F[fmt], 0.9967, "upper") == f"≤ 99.7{F[fmt].suffix}"


def test_a_lower_bound_is_rounded_down_and_an_upper_bound_up():
    # 0.2190 is 21.90 %: to two figures, nearest is 22 %, but "≥ 22%" would claim more than is known.
    assert label(F["ratio"], 0.2190, "lower") == "≥ 21%"
    assert label(F["ratio"], 0.3366, "lower") == "≥ 33%"
    assert label(F["ratio"], 0.2190) == "22%"
    # 7.21× as an upper bound: "≤ 7.2×" would claim less than is known.
    assert label(F["times"], 7.21, "upper") == "≤ 7.3×"
    assert label(F["per_year"], 0.2011, "upper") == "≤ 21%/yr"


def test_the_decimal_is_the_shortest_that_reads_back():
    # 0.29 × 100 is 28.999999999999996 in binary floating point; the formatter shifts the decimal 0.29.
    assert significant(0.29, 2, "down", 2) == "29"
    assert significant(0.005, 1, "nearest") == "0.005"


def test_open_ended_readings_take_no_sign():
    assert label(F["ratio"], 28.6, "lower") == "more than 10×"
    assert label(F["times"], 0.8, "upper") == "none: covered today"
    assert label(F["ratio"], 0.0004, "upper") == "< 0.1%"
    assert label(F["ratio"], 0.0004, "lower") == "≥ 0.040%"  # a lower bound never reads "< 0.1%"


def test_missing_and_not_comparable():
    assert label(F["percent"], math.nan) == "—"
    assert label(F["percent"], None) == "—"
    assert label(F["ratio"], 0.5, comparable=False) == "n/c"
    assert label(F["ratio"], 2.3087, cleantech=True) == "231%†"


def _row(**fields):
    base = {"mineral": "lithium", "partnership": "us-fta", "scenario": "NZE", "year": 2030, "demand_scope": "total",
            "production_sufficiency": 0.2190, "production_sufficiency_bound": "lower",
            "production_sufficiency_comparable": True, "production_sufficiency_note": ""}
    return {**base, **fields}


def test_a_figure_names_its_cell_and_carries_its_reason():
    fig = cells.measure(_row(), "production_sufficiency")
    assert fig.text == "≥ 21%"
    assert fig.cell == ("downloads/sufficiency.csv?mineral=lithium&partnership=us-fta&scenario=NZE&year=2030"
                        "#production_sufficiency")
    assert str(fig.__html__()) == ('<span class="fig" data-cell="downloads/sufficiency.csv?mineral=lithium&amp;'
                                   'partnership=us-fta&amp;scenario=NZE&amp;year=2030#production_sufficiency" '
                                   'tabindex="0">'
                                   '&#8805; 21%</span>')
    nc = cells.measure(_row(production_sufficiency_comparable=False, production_sufficiency_note='"natural" only'),
                       "production_sufficiency")
    assert nc.text == "n/c"
    assert 'title="&#34;natural&#34; only" tabindex="0"' in str(nc.__html__())
