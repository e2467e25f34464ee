"""The measures, declared once: what each one divides by what, when it is a bound, and how it reads.

The engine (metrics.py) evaluates these declarations, the methodology page and the downloads' column
dictionary are rendered from them, and build.json ships them to build.js, which evaluates the same
declarations in the browser. Formats are data too: `label` here and `label` in build.js read the same
`Format`, so a figure reads the same on every page and in the browser.
"""

from dataclasses import asdict, dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from .schema import HISTORY_START_YEAR, HORIZON_YEAR

MISSING = "—"
NOT_COMPARABLE = "n/c"
CLEANTECH_MARK = "†"
# 'above' and 'below' are the USGS's own strict bounds ('> 140,000,000 t' of world reserves), printed as it writes them.
BOUND_SIGNS = {"lower": "≥ ", "upper": "≤ ", "above": "> ", "below": "< "}
INTERVAL_DASH = "–"  # between the two ends of an interval: '13–16%', and of an import share's: '54%–57%'
# A bound is rounded away from the side it does not promise: "≥ 21%" for 0.2190, "≤ 7.3×" for 7.21.
BOUND_ROUNDING = {"lower": "down", "upper": "up", "above": "down", "below": "up", "": "nearest"}


@dataclass(frozen=True)
class Format:
    """How a value reads: shifted, to `digits` significant figures (`wide_digits` at or above `wide_from`
    once shifted), with its suffix; below `floor` (and above 0) it reads "< floor", above `ceiling`
    "more than ceiling", and at or below `covered_at` the `covered_text`; below `small_below` (0 included) it is
    shifted `small_shift` places more and read in `small_suffix` (a fraction of a kilotonne in tonnes). A shifted
    fraction below 1 takes as many more figures as it needs to read below 100 ('99.7%', never '100%')."""

    suffix: str
    shift: int = 0  # decimal places the value is shifted by before it is read: 2 for a percentage
    digits: int = 3
    wide_digits: int = 0
    wide_from: float = 0.0
    floor: float = 0.0
    floor_text: str = ""
    ceiling: float = 0.0
    ceiling_text: str = ""
    covered_at: float = 0.0
    covered_text: str = ""
    decimals: int = -1  # a fixed number of decimals instead of significant figures (a score, a count)
    small_below: float = 0.0
    small_shift: int = 0
    small_suffix: str = ""


# A number and its unit are joined by a no-break space, so a line never ends between them ("100,000,000 t").
NBSP = "\N{NO-BREAK SPACE}"
TONNES = Format(NBSP + "t")
KILOTONNES = Format(NBSP + "kt", small_below=1.0, small_shift=3, small_suffix=NBSP + "t")  # 1.24 t, not 0.00124 kt
PERCENT = Format("%", shift=2, digits=2, wide_digits=3, wide_from=100, floor=0.001, floor_text="< 0.1%")
# Above 1,000 % a percentage stops meaning anything to a reader.
RATIO = Format("%", shift=2, digits=2, wide_digits=3, wide_from=100, floor=0.001, floor_text="< 0.1%",
               ceiling=10.0, ceiling_text="more than 10×")
TIMES = Format("×", digits=2, covered_at=1.0, covered_text="none: covered today")
PER_YEAR = Format("%/yr", shift=2, digits=2, wide_digits=3, wide_from=100, floor=0.001, floor_text="< 0.1%/yr")
YEARS = Format(NBSP + "years", digits=2)
INDEX = Format("", digits=3)
SCORE = Format("", decimals=2)  # as the EIU publishes it: 7.85
COUNT = Format("", decimals=0)
# Where a figure sits in a chart's cell rather than a sentence: the same figure, its ceiling in symbols.
COMPACT = {"ratio": replace(RATIO, ceiling_text=">10×")}
FORMATS = {"tonnes": TONNES, "kt": KILOTONNES, "percent": PERCENT, "ratio": RATIO, "times": TIMES,
           "per_year": PER_YEAR, "years": YEARS, "index": INDEX, "score": SCORE, "count": COUNT}


@dataclass(frozen=True)
class Measure:
    """One measure of the sufficiency table: numerator ÷ denominator (both quantities of the row), or, with
    `years`, the constant yearly growth rate that multiplies a quantity by numerator ÷ denominator in that
    many years.

    A member left out of the numerator makes the measure a lower bound, one left out of the denominator an
    upper bound (`QUANTITIES` says who can be left out of what). `comparability` names the measure of
    data/comparability.csv that decides whether the two sides count the same thing; `against_demand`
    measures carry † where demand is clean-technology only."""

    name: str
    label: str
    numerator: str
    denominator: str
    format: str
    description: str
    formula: str
    years: str = ""
    comparability: str = ""
    against_demand: bool = False

    @property
    def unit(self):
        return {"ratio": "fraction", "percent": "fraction", "per_year": "fraction/yr", "times": "×",
                "years": "years"}[self.format]


@dataclass(frozen=True)
class Quantity:
    """A quantity of the sufficiency row: what it sums, its unit, the columns listing the members left
    out of it (each a column of ISO3 codes whose meaning is declared in LEFT_OUT), and the quantities that bound it
    on its other side (`high`, `low`): a measure over it is then two-sided (Measure.high)."""

    name: str
    unit: str
    description: str
    left_out: tuple = ()
    high: str = ""  # the quantity holding its upper side where a member is left out of it
    low: str = ""  # the quantity holding its lower bound where it is itself missing (a world total given as '> x')


LEFT_OUT = {
    "withheld_production": "production withheld by the USGS (W)",
    "unreported_production": "listed by the USGS with no production figure (NA, a bound or a word)",
    "unlisted_production": "not listed by the USGS: any output is inside its 'other countries' row",
    "withheld_reserves": "reserves withheld by the USGS (W)",
    "unreported_reserves": "listed by the USGS with no reserves figure",
    "unlisted_reserves": "not listed by the USGS: any reserves are inside its 'other countries' row",
    "supply_left_out": "left out of today's supply: production withheld or not available, not listed by the "
                       "USGS, or (on the IEA basis) a producer the IEA does not name",
    "projected_unnamed": "producers the IEA does not name in mine supply (in its rest of world)",
    "refining_unnamed": "members the IEA does not name as refiners (in its rest of world)",
}

QUANTITIES = (
    Quantity("members_production_t", "t", "Members' production at the mineral's stage (mine, or refinery or smelter where its USGS table counts those) in the base year b, P_p: the sum of P_c(b) over the members c of p, "
             "over the members with a figure.", ("withheld_production", "unreported_production",
                                                 "unlisted_production"), high="members_production_high_t"),
    Quantity("members_production_high_t", "t", "The most the members can produce, where one is left out of P_p: "
             "P_p, plus the USGS 'other countries' row where a member is not listed, plus the world total less every "
             "listed figure and 'other countries' where a member is withheld or not available. Missing where nobody "
             "is left out, and where the world total leaves out a member without a figure (US lithium): nothing caps "
             "it."),
    Quantity("world_production_t", "t", "USGS world production at the mineral's stage in the base year, P_w."),
    Quantity("members_reserves_t", "t", "Members' reserves R_p: the sum of R_c over the members c of p (latest USGS edition), over the "
             "members with a figure.", ("withheld_reserves", "unreported_reserves", "unlisted_reserves"),
             high="members_reserves_high_t"),
    Quantity("members_reserves_high_t", "t", "The most the members' reserves can be, where one is left out of R_p: "
             "as for production, from the USGS reserves table."),
    Quantity("world_reserves_t", "t", "USGS world reserves, R_w.", low="world_reserves_low_t"),
    Quantity("world_reserves_low_t", "t", "The bound x of world reserves the USGS gives only as '> x' (R_w "
             "missing)."),
    Quantity("supply_t", "t", "The supply set against demand, S_p: P_p, or for a mineral comparability.csv puts "
             "on the IEA's basis, the IEA's base-year mine supply of the members it names.", ("supply_left_out",),
             high="supply_high_t"),
    Quantity("supply_high_t", "t", "The most S_p can be, where a member is left out of it: the members' production "
             "upper side on the USGS basis; missing on the IEA's basis."),
    Quantity("demand_t", "t", "IEA demand D(m, s, y) in tonnes (1,000 × demand_kt)."),
    Quantity("demand_kt", "kt", "IEA demand D(m, s, y) in the mineral's widest published scope."),
    Quantity("target_demand_t", "t", "The share of demand the build-out aims to supply: target × 1,000 × "
             "D(m, s, y)."),
    Quantity("cumulative_demand_t", "t", f"Demand summed over every year from b to {HORIZON_YEAR}, interpolated "
             f"linearly between IEA milestone years: C = 1,000 × the sum of D(m, s, t) for every year t from b to "
             f"{HORIZON_YEAR}."),
    Quantity("projected_supply_kt", "kt", "IEA base-case mine supply in year y of the members the IEA names, "
             "M_p(y).", ("projected_unnamed",)),
    Quantity("refining_supply_kt", "kt", "IEA base-case refined output in year y of the members the IEA names, "
             "F_p(y).", ("refining_unnamed",)),
    Quantity("life_reserves_t", "t", "Reserves of the members with both a production and a reserves figure."),
    Quantity("life_production_t", "t", "Base-year production of the members with both figures."),
    Quantity("history_start_t", "t", f"Production in {HISTORY_START_YEAR} of the members with a figure in both "
             f"{HISTORY_START_YEAR} and b."),
    Quantity("history_end_t", "t", "Production in b of the same members."),
    Quantity("buildout_years", "years", "Years from the supply's year to y."),
    Quantity("history_years", "years", f"Years from {HISTORY_START_YEAR} to b."),
)

MEASURES = (
    Measure("world_share", "World share", "members_production_t", "world_production_t", "percent",
            "Members' share of world production at the mineral's stage.", "P_p ÷ P_w"),
    Measure("world_reserves_share", "Share of world reserves", "members_reserves_t", "world_reserves_t",
            "percent", "Members' share of world reserves.", "R_p ÷ R_w"),
    Measure("production_sufficiency", "Covers today", "supply_t", "demand_t", "ratio",
            "Share of demand today's member supply would cover.", "S_p ÷ (1,000 × D(m, s, y))",
            comparability="production_sufficiency", against_demand=True),
    Measure("projected_sufficiency", "Projected mine supply (IEA)", "projected_supply_kt", "demand_kt", "ratio",
            "Share of demand the members' projected mine supply would cover.", "M_p(y) ÷ D(m, s, y)",
            comparability="projected_sufficiency", against_demand=True),
    Measure("refining_sufficiency", "Refined output (IEA)", "refining_supply_kt", "demand_kt", "ratio",
            "Share of demand the members' refined output would cover: the midstream, where supply is most "
            "concentrated.", "F_p(y) ÷ D(m, s, y)", comparability="refining_sufficiency", against_demand=True),
    Measure("reserves_sufficiency", "Reserves cover", "members_reserves_t", "cumulative_demand_t", "ratio",
            f"How many times members' reserves cover cumulative demand to {HORIZON_YEAR}.", "R_p ÷ C",
            comparability="reserves_sufficiency", against_demand=True),
    Measure("reserve_life_years", "Reserve life", "life_reserves_t", "life_production_t", "years",
            "Years members' reserves last at base-year production, over the members with both figures (a member "
            "with a withheld figure is left out of both sides).", "Σ R_c ÷ Σ P_c over members c with both",
            comparability="reserve_life_years"),
    Measure("buildout_multiple", "Build-out needed", "target_demand_t", "supply_t", "times",
            "How many times today's member supply must grow to supply the target share of demand in year y.",
            "B = target × 1,000 × D(m, s, y) ÷ S_p", comparability="production_sufficiency", against_demand=True),
    Measure("buildout_cagr", "Build-out growth", "target_demand_t", "supply_t", "per_year",
            "Yearly growth rate that multiplies supply by B between its year and y.", "B^(1/(y − supply year)) − 1",
            years="buildout_years", comparability="production_sufficiency", against_demand=True),
    Measure("historical_cagr", "Past growth", "history_end_t", "history_start_t", "per_year",
            f"Members' yearly growth rate of production (at the mineral's stage) {HISTORY_START_YEAR} to b, over "
            "members with a figure in both years: the honest test of 'unprecedented'.",
            f"(P_p(b) ÷ P_p({HISTORY_START_YEAR}))^(1/(b − {HISTORY_START_YEAR})) − 1",
            years="history_years"),
)
MEASURE = {m.name: m for m in MEASURES}
QUANTITY = {q.name: q for q in QUANTITIES}


def two_sided(measure):
    """Whether `measure` has an upper side, `<measure>_high`: its numerator's upper side over its denominator's lower
    side, where a member is left out of the numerator or the denominator is known only from below."""
    return bool(QUANTITY[measure.numerator].high or QUANTITY[measure.denominator].low)


TWO_SIDED = tuple(m.name for m in MEASURES if two_sided(m))


# --- how a value reads ------------------------------------------------------------------------------------

def significant(x, digits, rounding="nearest", shift=0, decimals=-1):
    """x × 10^shift to `digits` significant figures, with thousands separators, rounded to nearest (halves
    away from zero), down or up: significant(12345.6, 3) → '12,300'; significant(0.219, 2, 'down', 2) → '21'.

    Works on the shortest decimal that reads back as x (its repr), shifted exactly, as build.js does on
    String(x), so the two agree digit for digit."""
    value = Decimal(repr(float(x))).scaleb(shift)
    if value == 0 and decimals < 0:
        return "0"
    exponent = -decimals if decimals >= 0 else value.adjusted() - digits + 1
    mode = {"nearest": ROUND_HALF_UP, "down": ROUND_FLOOR, "up": ROUND_CEILING}[rounding]
    rounded = value.quantize(Decimal(1).scaleb(exponent), rounding=mode)
    if decimals < 0 and rounded != 0 and rounded.adjusted() > value.adjusted():  # 99.5 → 100: keep to `digits` figures
        exponent += 1
        rounded = rounded.quantize(Decimal(1).scaleb(exponent), rounding=mode)
    return f"{rounded:,.{max(-exponent, 0)}f}"


def number(fmt, value, bound=""):
    """`value` as `fmt` reads it, a bound rounded on its safe side, without sign or marks."""
    if fmt.covered_text and value <= fmt.covered_at:
        return fmt.covered_text
    if fmt.ceiling_text and value > fmt.ceiling and bound != "upper":
        return fmt.ceiling_text
    if fmt.floor_text and 0 < abs(value) < fmt.floor and bound != "lower":
        return fmt.floor_text
    wide = fmt.wide_digits and abs(value) * 10 ** fmt.shift >= fmt.wide_from
    digits = fmt.wide_digits if wide else fmt.digits
    small = fmt.small_below and abs(value) < fmt.small_below  # 0 too: '0 t' beside '588 t'
    shift = fmt.shift + (fmt.small_shift if small else 0)
    text = significant(value, digits, BOUND_ROUNDING[bound], shift, fmt.decimals)
    # A fraction below 1 never reads as 100 %: gallium's concern share, 0.9967, reads '99.7%', not '100%', which
    # would say countries of concern hold all of it. One figure more, until it reads below 100.
    while fmt.shift and fmt.decimals < 0 and 0 < abs(value) < 1 and abs(float(text.replace(",", ""))) >= 10 ** shift:
        digits += 1
        text = significant(value, digits, BOUND_ROUNDING[bound], shift, fmt.decimals)
    return text + (fmt.small_suffix if small else fmt.suffix)


def label(fmt, value, bound="", comparable=True, cleantech=False, high=None):
    """How one figure reads: 'n/c' where the two sides count different things, '—' where missing, else the
    number with its bound sign (≥, ≤: none before 'more than', '< 0.1%' or 'none: covered today', which
    already say which way they lean) and † where its demand is clean-technology only.

    With `high`, the figure's upper side (Measure.high), it reads as the interval the data allow, each end rounded
    on its safe side (the low end down, the high end up): '13–16%'; '≤ 2.3%' where the value itself is missing;
    '≥ 13%' as before where the high end passes the format's ceiling ('13%–more than 10×' says nothing more)."""
    if not comparable:
        return NOT_COMPARABLE
    missing = value is None or value != value
    if high is not None and high == high:
        text = _interval(fmt, None if missing else value, high)
        return text + (CLEANTECH_MARK if cleantech else "")
    if missing:
        return MISSING
    text = number(fmt, value, bound)
    if bound and text not in (fmt.ceiling_text, fmt.floor_text, fmt.covered_text):
        text = BOUND_SIGNS[bound] + text
    return text + (CLEANTECH_MARK if cleantech else "")


def _interval(fmt, low, high):
    """'low–high' (one suffix), '≤ high' without a low end, one figure where both ends read the same; the
    format's floor text where the high end is below the floor ('< 0.1%' says it all), '≥ low' where the high end
    passes the ceiling ('13%–more than 10×' would say nothing more)."""
    top = number(fmt, high, "upper")  # an upper end passes no floor or ceiling by itself: both are checked here
    if low is None:
        return top if top == fmt.floor_text else BOUND_SIGNS["upper"] + top
    bottom = number(fmt, low, "lower")
    if bottom == fmt.ceiling_text:
        return bottom
    if fmt.ceiling_text and high > fmt.ceiling:
        return BOUND_SIGNS["lower"] + bottom
    if top == fmt.floor_text or bottom == top:
        return top
    suffix = fmt.suffix if bottom.endswith(fmt.suffix) and top.endswith(fmt.suffix) else ""
    return bottom.removesuffix(suffix) + INTERVAL_DASH + top


def declarations():
    """The measures, quantities, left-out columns and formats as plain data, for build.json."""
    return {"measures": [asdict(m) for m in MEASURES], "quantities": [asdict(q) for q in QUANTITIES],
            "left_out": LEFT_OUT, "formats": {name: asdict(f) for name, f in FORMATS.items()},
            "signs": BOUND_SIGNS, "rounding": BOUND_ROUNDING,
            "marks": {"missing": MISSING, "not_comparable": NOT_COMPARABLE, "cleantech": CLEANTECH_MARK,
                      "interval": INTERVAL_DASH}}
