"""How numbers read on the site: one set of filters, used by every template.

Display rounds (to significant figures); the data and downloads never do.
"""

import math

from markupsafe import Markup, escape

MISSING = "—"


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
    return Markup('<abbr title="{}">{}</abbr>').format(reason, MISSING)


def tonnes(x, reason=""):
    """A USGS figure in tonnes, as published (no rounding): 82700.0 → '82,700 t'."""
    if is_missing(x):
        return missing(reason)
    return f"{x:,.0f} t" if x >= 1 else f"{x:g} t"


def kilotonnes(x, reason=""):
    return missing(reason) if is_missing(x) else f"{significant(x)} kt"


def percent(x, reason=""):
    """A fraction as a percentage: 0.2694 → '27%', 0.0123 → '1.2%', 0.00074 → '0.074%'."""
    if is_missing(x):
        return missing(reason)
    value = x * 100
    if value == 0 or abs(value) >= 10:
        return f"{value:,.0f}%"
    return f"{significant(value, 2)}%"


def times(x, reason=""):
    """A multiple: 3.7119 → '3.7×'."""
    return missing(reason) if is_missing(x) else f"{significant(x, 2)}×"


def buildout(multiple, growth, reason=""):
    """Build-out needed: '3.7×, 30%/yr', or 'none: covered today' when output already exceeds the target."""
    if is_missing(multiple):
        return missing(reason)
    if multiple <= 1:
        return "none: covered today"
    return f"{times(multiple)}, {per_year(growth)}"


def per_year(x, reason=""):
    """A yearly growth rate: 0.2999 → '30%/yr'."""
    return missing(reason) if is_missing(x) else f"{percent(x)}/yr"


def years(x, reason=""):
    return missing(reason) if is_missing(x) else f"{significant(x, 2)} years"


def index(x, reason=""):
    return missing(reason) if is_missing(x) else f"{x:,.0f}"


def plain(x, digits=3):
    return MISSING if is_missing(x) else significant(x, digits)


FILTERS = {"tonnes": tonnes, "kt": kilotonnes, "pct": percent, "times": times, "buildout": buildout, "per_year": per_year,
           "years": years,
           "hhi": index, "num": plain, "e": escape}
