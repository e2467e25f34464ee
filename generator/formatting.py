"""How numbers read on the site: one set of filters, used by every template.

Display keeps to two or three significant figures; the data and downloads never round.
A ratio above 10 reads "more than 10×", a share below 0.1 % reads "< 0.1%", a bound carries
its direction (≥, ≤), a figure whose two sides count different things reads "n/c", and a
mineral measured against clean-technology demand only carries †.
"""

import math

from markupsafe import Markup, escape

from .bounds import bound_of, is_comparable
from .metrics import reason_for

MISSING = "—"
NOT_COMPARABLE = "n/c"
CLEANTECH_MARK = "†"
RATIO_CEILING = 10.0  # above 1,000 % a percentage stops meaning anything to a reader
SMALLEST_SHARE = 0.001  # below 0.1 %
BOUND_SIGNS = {"lower": "≥ ", "upper": "≤ "}
LEGEND = {
    CLEANTECH_MARK: "measured against the IEA's clean-technology demand only: other uses are not in the denominator",
    NOT_COMPARABLE: "not comparable: the two sides of the ratio count different things (reason on hover and on "
                    "the mineral page); kept out of every headline",
    "≥ / ≤": "a bound: a member's figure is withheld, not available or not named by the IEA, so the true "
             "figure is at least (≥) or at most (≤) the one shown",
}


def is_missing(x):
    return x is None or (isinstance(x, float) and math.isnan(x))


def significant(x, digits=3):
    """x with `digits` significant figures and thousands separators: 12345.6 → '12,300'."""
    if x == 0:
        return "0"
    decimals = digits - 1 - math.floor(math.log10(abs(x)))
    return f"{round(x, decimals):,.{max(decimals, 0)}f}"


def missing(reason=""):
    """The missing marker, with its reason as a tooltip where there is one."""
    if not reason:
        return MISSING
    return Markup('<abbr title="{}" tabindex="0">{}</abbr>').format(reason, MISSING)


def tonnes(x, reason=""):
    """Tonnes to three significant figures: 82700.0 → '82,700 t', 1234567 → '1,230,000 t'."""
    if is_missing(x):
        return missing(reason)
    return f"{significant(x)} t"


def kilotonnes(x, reason=""):
    return missing(reason) if is_missing(x) else f"{significant(x)} kt"


def percent(x, reason=""):
    """A share as a percentage: 0.2694 → '27%', 0.0123 → '1.2%', 0.00026 → '< 0.1%'."""
    if is_missing(x):
        return missing(reason)
    if 0 < abs(x) < SMALLEST_SHARE:
        return f"< {SMALLEST_SHARE:.1%}"
    value = x * 100
    if value == 0 or abs(value) >= 10:
        return f"{significant(value, 3 if abs(value) >= 100 else 2)}%"
    return f"{significant(value, 2)}%"


def ratio(x, reason=""):
    """A sufficiency ratio: like a share, but above 10 it reads 'more than 10×' (286.44 → 'more than 10×')."""
    if not is_missing(x) and x > RATIO_CEILING:
        return f"more than {RATIO_CEILING:g}×"
    return percent(x, reason)


def times(x, reason=""):
    """A multiple: 3.7119 → '3.7×'."""
    return missing(reason) if is_missing(x) else f"{significant(x, 2)}×"


def buildout(multiple, growth, reason="", bound=""):
    """Build-out needed: '3.7×, 30%/yr', or 'none: covered today' when output already exceeds the target."""
    if is_missing(multiple):
        return missing(reason)
    if multiple <= 1:
        return "none: covered today"
    sign = BOUND_SIGNS.get(bound, "")
    return f"{sign}{times(multiple)}, {sign}{per_year(growth)}"


def per_year(x, reason=""):
    """A yearly growth rate: 0.2999 → '30%/yr'."""
    return missing(reason) if is_missing(x) else f"{percent(x)}/yr"


def years(x, reason=""):
    """Years to two significant figures: 1071.4 → '1,100 years'."""
    return missing(reason) if is_missing(x) else f"{significant(x, 2)} years"


def index(x, reason=""):
    """An index (HHI) to three significant figures: 5054 → '5,050'."""
    return missing(reason) if is_missing(x) else significant(x)


def plain(x, digits=3):
    return MISSING if is_missing(x) else significant(x, digits)


MEASURE_FORMATS = {
    "members_production_t": tonnes, "world_share": percent, "world_reserves_share": percent, "production_sufficiency": ratio,
    "projected_sufficiency": ratio, "refining_sufficiency": ratio, "reserves_sufficiency": ratio,
    "reserve_life_years": years, "historical_cagr": per_year,
}
# Measures set against demand, and so against clean-technology demand only for some minerals.
AGAINST_DEMAND = ("production_sufficiency", "projected_sufficiency", "refining_sufficiency",
                  "reserves_sufficiency", "buildout_multiple")


def measure(row, name, markup=True):
    """One measure of a sufficiency row (a dict or Series) as it reads in a table or sentence:
    its bound sign, 'n/c' where not comparable, '—' where missing (each with its reason on hover
    when `markup`), and † where the demand is clean-technology only."""
    if not is_comparable(row, name):
        if not markup:
            return NOT_COMPARABLE
        return Markup('<abbr title="{}" tabindex="0">{}</abbr>').format(
            reason_for(row.get("comparability_note", ""), name), NOT_COMPARABLE)
    value, reason = row[name], reason_for(row.get("missing_reason", ""), name) if markup else ""
    if name == "buildout_multiple":
        text = buildout(value, row["buildout_cagr"], reason, bound_of(row, name))
    else:
        text = MEASURE_FORMATS[name](value, reason)
        if not is_missing(value) and bound_of(row, name) and not str(text).startswith("more than"):
            text = BOUND_SIGNS[bound_of(row, name)] + text
    if name in AGAINST_DEMAND and row.get("scope") == "cleantech" and not is_missing(value):
        text = Markup("{}{}").format(text, CLEANTECH_MARK) if markup else f"{text}{CLEANTECH_MARK}"
    return text


FILTERS = {"tonnes": tonnes, "kt": kilotonnes, "pct": percent, "ratio": ratio, "times": times,
           "buildout": buildout, "per_year": per_year, "years": years, "hhi": index, "num": plain,
           "measure": measure, "e": escape}
