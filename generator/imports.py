"""Where the United States buys today (issue 27): each partnership's share of US imports, from the USGS import
sources, and the rules the import tables obey at load.

Pure functions over the dataset's tables. A USGS share is a figure, a bound (">99", "<1") or a code; each row is read
as an interval of percent [low, high], and a group's share of imports as the sum of its rows' intervals. Where
"Other countries" could hold a member, the group's share is an interval: its low end counts the members the USGS
names, its high end adds "Other countries". Shares are published as fractions (0-1).
"""

import re

import pandas as pd

from .countries import is_iso3
from .errors import DataError, line_of
from .frames import records
from .schema import LIST_SEPARATOR, TABLES
from .screen import screen

# A block's shares add up to 100 % within this many points: the USGS rounds each share to a whole percent.
SUM_TOLERANCE = 3.0
# What a code says about a share, in percent: "s" (very small) is below one percent, the USGS's smallest figure.
CODE_INTERVALS = {"NA": (0.0, 100.0), "s": (0.0, 1.0)}
NOT_A_PARTNER = ("The United States alone is not a trading partner: its imports come, by definition, from other "
                 "countries.")
NOT_A_PARTNER_CELL = "not a trading partner"  # where a table's cell says so
# The country whose imports these are: a group of it alone has no trading partner, so no share of its imports.
IMPORTER = "USA"


def interval(row):
    """(low, high) percent of one import-source or reliance row: a figure is both ends; a bound one end, 0 or 100
    the other; a code what CODE_INTERVALS says ("E", net exporter, has none: (None, None))."""
    value = row.get("share_pct", row.get("value_pct"))
    if value == value and value is not None:
        return float(value), float(value)
    code = row["code"]
    if code == ">":
        return float(row["low_pct"]), 100.0
    if code == "<":
        return 0.0, float(row["high_pct"])
    return CODE_INTERVALS.get(code, (None, None))


def block_total(block):
    """(low, high) total of one mineral × form block of import shares, percent."""
    ends = [interval(r) for r in records(block)]
    return sum(e[0] for e in ends), sum(e[1] for e in ends)


def list_cell(text):
    return [item.strip() for item in text.split(LIST_SEPARATOR)] if text else []


def latest_sources(import_sources):
    """Import sources of each mineral's newest edition only."""
    newest = import_sources.groupby("mineral")["edition"].transform("max")
    return import_sources[import_sources["edition"] == newest]


def block_ends(block):
    """(country_iso3, named, low, high) of each row of a block, percent: `named` is False for "Other countries"."""
    return [(r["country_iso3"], r["row_kind"] == "country", *interval(r)) for r in records(block)]


def group_share(ends, group, other_may_hold):
    """(low, high) fraction of a block's imports (`ends`: block_ends) from the countries in the set `group`. Low: the
    named members' low ends. High: their high ends, plus "Other countries" where it may hold one (`other_may_hold`),
    and never more than what the named non-members leave."""
    low = sum(lo for country, named, lo, _ in ends if named and country in group)
    high = sum(hi for country, named, _, hi in ends if named and country in group)
    if other_may_hold:
        high += sum(hi for _, named, _, hi in ends if not named)
    high = min(high, 100.0 - sum(lo for country, named, lo, _ in ends if named and country not in group))
    return low / 100.0, max(high, low) / 100.0


def import_shares(ds):
    """One row per mineral × declared import form × partnership: the share of US imports (fractions, low and high)
    from members, from countries of concern and from countries failing the candidate screen; the largest single
    source; and the members counted that joined after the import period ended.

    "Other countries" may hold a member of any partnership but the United States alone, so the high ends add it
    wherever the USGS gives it; it may hold a country of concern or one failing the screen likewise."""
    sources = latest_sources(ds.import_sources)
    concern = set(ds.countries_of_concern["country_iso3"])
    screened = screen(sorted(set(sources["country_iso3"]) - {""}), ds.countries_of_concern, ds.sanctions,
                      ds.democracy_index, ds.territories).set_index("country_iso3")
    failing = set(screened.index[screened["exclusion"] != ""])
    members = {p: g for p, g in ds.partnership_members.groupby("partnership")}
    rows = []
    for mineral, form, block in declared_blocks(sources, ds.import_basis):
        codes = set(block["country_iso3"])
        has_other = (block["row_kind"] == "other_countries").any()
        ends = block_ends(block)  # once per block: every partnership reads it
        concern_low, concern_high = group_share(ends, concern, has_other)
        largest = _largest(ends)
        period_end = block["period"].iloc[0][-4:]
        for p in ds.partnerships.itertuples():
            group = members.get(p.partnership, pd.DataFrame(columns=["country_iso3", "since"]))
            member_codes = set(group["country_iso3"])
            alone = member_codes == {IMPORTER}  # the United States alone: no trading partner
            low, high = (None, None) if alone else group_share(ends, member_codes, has_other)
            fail_low, fail_high = group_share(ends, failing - member_codes, has_other)
            late = group[(group["since"].str[:4] > period_end) & group["country_iso3"].isin(codes)]
            rows.append({
                "mineral": mineral, "form": form, "partnership": p.partnership,
                "edition": int(block["edition"].iloc[0]), "period": block["period"].iloc[0],
                "members_low": low, "members_high": high,
                "concern_low": concern_low, "concern_high": concern_high,
                "screen_fail_low": fail_low, "screen_fail_high": fail_high,
                "largest_country_iso3": largest[0], "largest_low": largest[1], "largest_high": largest[2],
                "joined_after_period": tuple(sorted(late["country_iso3"])),
                "note": NOT_A_PARTNER if alone else "",
            })
    return pd.DataFrame(rows, columns=IMPORT_SHARE_COLUMNS)


def declared_blocks(sources, import_basis):
    """(mineral, form, block) for each form import_basis.csv declares that `sources` (one edition per mineral) has."""
    for basis in import_basis.itertuples():
        for form in list_cell(basis.import_forms):
            block = sources[(sources["mineral"] == basis.mineral) & (sources["form"] == form)]
            if not block.empty:
                yield basis.mineral, form, block


def source_intervals(ds):
    """What the build page sums a coalition's share of US imports from (group_share's rule, in build.js): per
    mineral, each declared form with its edition and period, the (low, high) percent of each country the USGS names
    and of its 'other countries' (None where it gives none). The intervals are interval()'s, so the codes are read
    once, here."""
    out = {}
    for mineral, form, block in declared_blocks(latest_sources(ds.import_sources), ds.import_basis):
        ends = block_ends(block)
        other = [(low, high) for _, named, low, high in ends if not named]
        out.setdefault(mineral, []).append({
            "form": form, "edition": int(block["edition"].iloc[0]), "period": block["period"].iloc[0],
            "sources": {country: [low, high] for country, named, low, high in ends if named},
            "other": [sum(low for low, _ in other), sum(high for _, high in other)] if other else None,
        })
    return out


IMPORT_SHARE_COLUMNS = ["mineral", "form", "partnership", "edition", "period", "members_low", "members_high",
                        "concern_low", "concern_high", "screen_fail_low", "screen_fail_high", "largest_country_iso3",
                        "largest_low", "largest_high", "joined_after_period", "note"]


def _largest(ends):
    """(country, low, high) of the largest single named source of a block (`ends`: block_ends), fractions: the one
    with the highest low end (the first of equals)."""
    named = [(country, low, high) for country, is_named, low, high in ends if is_named]
    if not named:
        return "", None, None
    country, low, high = max(named, key=lambda source: (source[1], source[2]))
    return country, low / 100.0, high / 100.0


# --- Rules the import tables obey at load --------------------------------------------------------------------------

def check_imports(ds, sources, minerals):
    """import_sources.csv, import_reliance.csv and import_basis.csv: known minerals, sources and countries; each
    cell's code agrees with its figure or bound; each block of shares adds up to 100 %; and every form and series
    import_basis.csv declares is in the tables (once the USGS import has filled them)."""
    for name in ("import_sources", "import_reliance"):
        frame, file = getattr(ds, name), TABLES[name].file
        _check_in(frame, "mineral", minerals, file, "a slug of minerals.csv or minerals_outside.csv")
        _check_in(frame, "source_id", sources, file, "an id listed in sources.csv")
        _check_codes(frame, file, "share_pct" if name == "import_sources" else "value_pct")
    imports = ds.import_sources
    wrong = ((imports["row_kind"] == "country") & ~imports["country_iso3"].map(is_iso3)) | (
        (imports["row_kind"] != "country") & (imports["country_iso3"] != ""))
    if wrong.any():
        index = wrong.idxmax()
        raise DataError(TABLES["import_sources"].file, line_of(index), "country_iso3",
                        imports.at[index, "country_iso3"], "an ISO 3166-1 alpha-3 code for a country row, empty for "
                        "'other_countries'")
    exporter = imports["code"] == "E"
    if exporter.any():
        raise DataError(TABLES["import_sources"].file, line_of(exporter.idxmax()), "code", "E",
                        "a share's code (E, net exporter, is a reliance code)")
    for (mineral, edition, form), block in imports.groupby(["mineral", "edition", "form"], sort=False):
        low, high = block_total(block)
        if low > 100 + SUM_TOLERANCE or high < 100 - SUM_TOLERANCE:
            raise DataError(TABLES["import_sources"].file, line_of(block.index[0]), "share_pct",
                            f"{mineral} {form!r} adding up to {low:g}-{high:g} %",
                            f"shares that add up to 100 % within {SUM_TOLERANCE:g} points (a row missing?)")
    reliance = ds.import_reliance
    late = reliance["year"] > reliance["edition"]
    if late.any():
        raise DataError(TABLES["import_reliance"].file, line_of(late.idxmax()), "year",
                        int(reliance.at[late.idxmax(), "year"]), "a year no later than its edition")
    _check_basis(ds)
    _check_in(ds.targets, "source_id", sources, TABLES["targets"].file, "an id listed in sources.csv")
    unconfirmed = (ds.targets["status"] == "confirmed") != (ds.targets["status_confirmed"] != "")
    if unconfirmed.any():
        raise DataError(TABLES["targets"].file, line_of(unconfirmed.idxmax()), "status_confirmed",
                        ds.targets.at[unconfirmed.idxmax(), "status_confirmed"] or "(empty)",
                        "the date it was confirmed for a confirmed target, and none for one not confirmed")


def _check_basis(ds):
    file, basis = TABLES["import_basis"].file, ds.import_basis
    _check_in(basis, "mineral", set(ds.minerals["mineral"]), file, "a slug listed in minerals.csv")
    forms = set(zip(latest_sources(ds.import_sources)["mineral"], latest_sources(ds.import_sources)["form"]))
    series = set(zip(ds.import_reliance["mineral"], ds.import_reliance["series"]))
    for index, b in basis.iterrows():
        declared, named = list_cell(b["import_forms"]), list_cell(b["reliance_series"])
        patterns = list_cell(b["salient_columns"])
        if len(named) != len(declared) or (patterns and len(patterns) != len(declared)):
            raise DataError(file, line_of(index), "reliance_series", b["reliance_series"],
                            f"one series (and one salient column, if any) per form: {len(declared)}")
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise DataError(file, line_of(index), "salient_columns", pattern,
                                f"a regular expression ({error})") from None
        for form in declared if len(ds.import_sources) else ():
            if (b["mineral"], form) not in forms:
                raise DataError(file, line_of(index), "import_forms", form,
                                f"a form of {b['mineral']}'s import sources in {TABLES['import_sources'].file} "
                                "(the USGS may have renamed it)")
        for name in named if len(ds.import_reliance) else ():
            if (b["mineral"], name) not in series:
                raise DataError(file, line_of(index), "reliance_series", name,
                                f"a series of {b['mineral']} in {TABLES['import_reliance'].file}")


def _check_in(frame, column, allowed, file, expected):
    bad = ~frame[column].isin(allowed)
    if bad.any():
        index = bad.idxmax()
        raise DataError(file, line_of(index), column, frame.at[index, column], expected)


def _check_codes(frame, file, value):
    """A figure has no code (or the dash, as 0); '>' a low_pct alone; '<' a high_pct alone; any other code none."""
    has = {c: frame[c].notna() for c in (value, "low_pct", "high_pct")}
    code = frame["code"]
    expected = {
        "": (has[value] & ~has["low_pct"] & ~has["high_pct"], f"a {value} and no bound"),
        "—": (has[value] & (frame[value] == 0), f"{value} 0 (the USGS dash)"),
        ">": (~has[value] & has["low_pct"] & ~has["high_pct"], "low_pct alone (a lower bound)"),
        "<": (~has[value] & ~has["low_pct"] & has["high_pct"], "high_pct alone (an upper bound)"),
    }
    for index in frame.index:
        ok, what = expected.get(code[index], (~has[value] & ~has["low_pct"] & ~has["high_pct"], "no figure"))
        if not ok[index]:
            raise DataError(file, line_of(index), "code", code[index] or "(none)",
                            f"a code that agrees with the figures: {what}")


def as_printed(frame, value, name):
    """An import table with its figure as the site prints it: `name`, a fraction (0-1), the bound's value where the
    USGS gives a bound, and `<name>_bound`: 'lower' for the USGS '>50', 'upper' for '<25', else empty. A code with
    no figure ('E' net exporter, 'NA', 's') leaves `name` empty; the code column says which."""
    bound = frame["code"].map({">": "lower", "<": "upper"}).fillna("")
    fraction = frame[value].fillna(frame["low_pct"]).fillna(frame["high_pct"]) / 100.0
    return frame.assign(**{name: fraction, f"{name}_bound": bound})


# --- Borrowed benchmarks (issue 27, criterion 4): the largest single source against the declared targets ------------

# How the largest single source stands against a benchmark: its whole interval above, at or below, or across it.
ABOVE, AT_OR_BELOW, ACROSS = "above", "at_or_below", "across"


def _standing(low, high, threshold):
    return ABOVE if low > threshold else AT_OR_BELOW if high <= threshold else ACROSS


def single_source(targets):
    """The targets that cap any one country's share: the ones a largest source is drawn against."""
    return targets[targets["kind"] == "max_single_country"]


def import_benchmarks(shares, targets):
    """Per mineral, declared form and target: the largest single source's share of US imports (fractions, low and
    high) against the target's threshold, and where it stands. A borrowed benchmark: none applies to US imports."""
    targets = single_source(targets)
    largest = shares.drop_duplicates(["mineral", "form"])
    rows = [{"mineral": r.mineral, "form": r.form, "target": t.target, "threshold": t.threshold_pct / 100.0,
             "largest_country_iso3": r.largest_country_iso3, "largest_low": r.largest_low,
             "largest_high": r.largest_high,
             "standing": _standing(r.largest_low, r.largest_high, t.threshold_pct / 100.0)}
            for r in largest.itertuples() if r.largest_country_iso3 for t in targets.itertuples()]
    return pd.DataFrame(rows, columns=["mineral", "form", "target", "threshold", "largest_country_iso3",
                                       "largest_low", "largest_high", "standing"])


def output_benchmarks(concentration, targets):
    """Per partnership, mineral and target: the largest member's share of the members' own mine (or stage) output
    (concentration.csv) against the threshold: whether the partnership's output alone would meet it."""
    targets = single_source(targets)
    # The USGS output at each mineral's own stage (mining, refinery or smelter), not the IEA's refining.
    inside = concentration[(concentration["partnership"] != "") & (concentration["stage"] != "refining")
                           & (concentration["top_country_iso3"] != "")]
    rows = [{"partnership": r.partnership, "mineral": r.mineral, "target": t.target, "year": r.year,
             "threshold": t.threshold_pct / 100.0, "top_country_iso3": r.top_country_iso3, "top_share": r.top_share,
             "meets": bool(r.top_share <= t.threshold_pct / 100.0)}
            for r in inside.itertuples() for t in targets.itertuples()]
    return pd.DataFrame(rows, columns=["partnership", "mineral", "target", "year", "threshold", "top_country_iso3",
                                       "top_share", "meets"])
