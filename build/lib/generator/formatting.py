"""The marks a reader meets beside the figures, and what each means (the legend under every table).

Numbers themselves are formatted in one place only: measures.label, over the formats declared in
measures.FORMATS, through cells.Fig for every figure a page prints.
"""

from .measures import CLEANTECH_MARK, MISSING, NOT_COMPARABLE

__all__ = ["CLEANTECH_MARK", "LEGEND", "MISSING", "NOT_COMPARABLE"]

LEGEND = {
    CLEANTECH_MARK: "measured against the IEA's clean-technology demand only: other uses are not in the denominator",
    NOT_COMPARABLE: "not comparable: the two sides of the ratio count different things (reason on focus or hover, "
                    "and on the mineral page); kept out of every headline",
    "≥ / ≤": "a bound: a member's figure is withheld, not available, not listed by the USGS (inside its 'other "
             "countries') or not named by the IEA, so the true figure is at least (≥) or at most (≤) the one shown, "
             "rounded on the safe side",
}
