"""Cross-table rules and plausibility rules, run on every load. Each raises DataError at the first broken rule,
naming the file, row and column where the fault is, the value found and the rule.
"""

import html

import numpy as np
import pandas as pd

from .countries import is_iso3, to_iso3
from .errors import DataError, line_of
from .escaping import link_targets, safe_link
from .imports import check_imports
from .policy_rules import check_policy
from .view import DEFAULT, scenarios
from .schema import (FIRST_YEAR, LAST_DATA_YEAR, MAX_CHANGE, MAX_DEMAND_TO_OUTPUT, MILESTONE_YEARS, TABLES,
                     T_PER_KT, WORLD_TOTAL_TOLERANCE)
from .totals import DOUBLE_COUNT_TOLERANCE_KT


def validate(ds, awaiting=None):
    """Cross-table rules. Raises DataError at the first broken rule.

    `awaiting`: table ("production" or "demand") → minerals an import may leave without rows of it, the other
    importer's table, for one has to run first when a mineral is added to minerals.csv (its USGS rows, then its
    IEA demand, or the other way round). A build passes none, so such a package is refused until both have run;
    an import passes one (perhaps empty), and the rows the exception tables point at are checked by the next build."""
    importing, awaiting = awaiting is not None, awaiting or {}
    sources = set(ds.sources["source_id"])
    minerals = set(ds.minerals["mineral"])
    for name in ("production", "reserves", "demand", "supply_projection", "democracy_index",
                 "countries_of_concern", "comparability"):
        frame, file = getattr(ds, name), TABLES[name].file
        if "source_id" in frame:
            _check_in(frame, "source_id", sources, file, "an id listed in sources.csv")
        if "mineral" in frame:
            _check_in(frame, "mineral", minerals, file, "a slug listed in minerals.csv")
        if "country_iso3" in frame:
            _check_countries(frame, file)
    for column in ("source_id", "status_source_id"):
        given = ds.partnerships[ds.partnerships[column] != ""]
        _check_in(given, column, sources, "partnerships.yaml", "an id listed in sources.csv",
                  row=lambda i: f"entry '{ds.partnerships.at[i, 'partnership']}'")
    listed = ds.partnership_members[ds.partnership_members["source_id"] != ""]
    _check_in(listed, "source_id", sources, "partnerships.yaml", "an id listed in sources.csv",
              row=lambda i: f"'{listed.at[i, 'partnership']}' member {listed.at[i, 'country_iso3']!r}")
    for partnership, members in ds.partnership_members.groupby("partnership", sort=False):
        for number, code in enumerate(members["country_iso3"], start=1):
            if not is_iso3(code):
                raise DataError("partnerships.yaml", f"'{partnership}' member {number}", "country", code,
                                "an ISO 3166-1 alpha-3 country code")
    _check_outside(ds, sources, minerals)
    _check_changelog_links(ds.changelog)
    if not importing:  # editions are imported one at a time: an exception may explain rows a later one brings
        _check_exceptions(ds)
    _check_corrections(ds, minerals | set(ds.minerals_outside["mineral"]))
    _check_editions(ds)
    _check_world_totals_present(ds, awaiting.get("production", ()))
    _check_demand_complete(ds, awaiting.get("demand", ()))
    for table in ("production", "reserves"):
        check_changes(getattr(ds, table), ds.change_exceptions, table)
    check_demand_scale(ds.demand, ds.production)
    for table in ("production", "reserves", "refinery_production"):
        check_world_totals(getattr(ds, table), ds.world_total_exceptions, table)
    check_iea_totals(ds.supply_projection)
    check_policy(ds)
    check_imports(ds, sources, minerals | set(ds.minerals_outside["mineral"]))


def _check_outside(ds, sources, minerals):
    """The minerals outside the engine, the rare-earth elements, their demand and refinery tables (issue 17)."""
    outside, elements = ds.minerals_outside, ds.rare_earth_elements
    _check_in(outside, "mineral", set(outside["mineral"]) - minerals, TABLES["minerals_outside"].file,
              "a slug not already in minerals.csv")
    _check_in(elements, "mineral", minerals, TABLES["rare_earth_elements"].file, "a slug listed in minerals.csv")
    demand = ds.cleantech_demand
    _check_in(demand, "item", set(outside["mineral"]) | set(elements["element"]), TABLES["cleantech_demand"].file,
              "a mineral of minerals_outside.csv or an element of rare_earth_elements.csv")
    _check_in(demand, "source_id", sources, TABLES["cleantech_demand"].file, "an id listed in sources.csv")
    refinery = ds.refinery_production
    _check_in(refinery, "mineral", set(outside["mineral"]), TABLES["refinery_production"].file,
              "a slug listed in minerals_outside.csv")
    _check_in(refinery, "source_id", sources, TABLES["refinery_production"].file, "an id listed in sources.csv")
    _check_countries(refinery, TABLES["refinery_production"].file)
    check_changes(refinery, ds.change_exceptions, "refinery_production")


def _check_changelog_links(changelog):
    """Every link and image target of data/CHANGELOG.md, as the site's Markdown parser reads it, is http(s),
    mailto or relative: a `javascript:` link is refused, wherever and however it is written."""
    for target in link_targets(changelog):
        if not safe_link(target):
            line = next((number for number, text in enumerate(changelog.splitlines(), start=1)
                         if target.strip()[:12] and target.strip()[:12] in html.unescape(text)), "-")
            raise DataError("CHANGELOG.md", line, "-", target, "links to http(s), mailto or relative addresses only")


def _check_exceptions(ds):
    """Each row of change_exceptions.csv and world_total_exceptions.csv explains a figure that is there: its table
    has rows of that mineral (and country), in that year. A row for a mineral, country or year that is not is
    refused at the first column that matches nothing."""
    for name, columns in (("change_exceptions", ("mineral", "country_iso3", "year")),
                          ("world_total_exceptions", ("mineral", "year"))):
        exceptions = getattr(ds, name)
        for index, row in exceptions.iterrows():
            table = TABLES[row["table"]]
            rows = getattr(ds, row["table"])
            for column in columns:
                # Demand has no country (an empty one matches); clean-technology demand names an item, not a mineral.
                if column == "country_iso3" and (not row[column] or column not in rows):
                    continue
                own = "item" if column == "mineral" and "item" in rows else column
                matching = rows[rows[own] == row[column]]
                if matching.empty:
                    given = ", ".join(f"{c} {row[c]}" for c in columns[:columns.index(column)])
                    raise DataError(TABLES[name].file, line_of(index), column, row[column],
                                    f"a {column.replace('_iso3', '')} with rows in {table.file}"
                                    + (f" for {given}" if given else ""))
                rows = matching


def _check_corrections(ds, minerals):
    """Each upstream correction names a mineral of the site, a country the importer can place (an upstream name
    it resolves, an aggregate row or '*', every row) and a USGS edition of plausible year."""
    file = TABLES["corrections"].file
    overrides = dict(zip(ds.country_names["name"], ds.country_names["country_iso3"]))
    for index, row in ds.corrections.iterrows():
        if row["mineral"] not in minerals:
            raise DataError(file, line_of(index), "mineral", row["mineral"],
                            "a slug listed in minerals.csv or minerals_outside.csv")
        country = row["country"]
        if not (country == "*" or country.lower().startswith(("world total", "other countries"))
                or to_iso3(country, overrides)):
            raise DataError(file, line_of(index), "country", country, "a country as the USGS names it (or as "
                            "country_names.csv maps it), 'World total', 'Other countries' or '*' (every row)")
        if not FIRST_YEAR <= row["edition"] <= LAST_DATA_YEAR:
            raise DataError(file, line_of(index), "edition", int(row["edition"]),
                            f"a USGS edition from {FIRST_YEAR} to {LAST_DATA_YEAR}")


def _check_editions(ds):
    """A production year is no later than its edition; a reserves year is the edition's year before."""
    for table, bad in (("production", ds.production["year"] > ds.production["edition"]),
                       ("reserves", ds.reserves["year"] != ds.reserves["edition"] - 1)):
        if bad.any():
            index = bad.idxmax()
            frame = getattr(ds, table)
            raise DataError(TABLES[table].file, line_of(index), "year", int(frame.at[index, "year"]),
                            f"a year {'no later than' if table == 'production' else 'one before'} its edition "
                            f"({int(frame.at[index, 'edition'])})")


def _check_world_totals_present(ds, awaiting):
    """Every mineral has USGS production and a world total with a figure in the latest production year (shares
    are of it, and without it a mineral page has no largest producer), and a mine-stage mineral USGS reserves (the
    USGS states none for refinery or smelter output)."""
    frame = ds.production
    latest = int(frame["year"].max())
    totals = frame[(frame["row_kind"] == "world_total") & (frame["year"] == latest) & frame["value_t"].notna()]
    reserves, produced, with_total = set(ds.reserves["mineral"]), set(frame["mineral"]), set(totals["mineral"])
    for mineral, stage in zip(ds.minerals["mineral"], ds.minerals["stage"]):
        if mineral in awaiting and mineral not in produced:
            continue
        if mineral not in with_total:
            what = "rows" if mineral not in produced else f"{latest} world_total row with a figure"
            raise DataError(TABLES["production"].file, "-", "row_kind", f"no {what} for {mineral}",
                            f"USGS production of every mineral in minerals.csv, with its world total in {latest} "
                            "(re-run the USGS import, or fix minerals.csv's USGS names)")
        if stage == "mine" and mineral not in reserves:  # its reserve measures would read "no figure"
            raise DataError(TABLES["reserves"].file, "-", "row_kind", f"no rows for {mineral}",
                            "USGS reserves of every mine-stage mineral in minerals.csv (re-run the USGS import, or "
                            "fix minerals.csv's USGS names)")


def _check_demand_complete(ds, awaiting):
    """Every mineral has demand, in the scope minerals.csv declares, for every scenario and milestone year."""
    have = set(zip(ds.demand["mineral"], ds.demand["scenario"], ds.demand["year"], ds.demand["scope"]))
    named = scenarios(ds.demand, required=(DEFAULT.scenario,))
    demanded = set(ds.demand["mineral"])
    for m in ds.minerals.itertuples():
        if m.mineral in awaiting and m.mineral not in demanded:
            continue
        for scenario in named:
            for year in MILESTONE_YEARS:
                if (m.mineral, scenario, year, m.iea_demand_scope) not in have:
                    raise DataError(TABLES["demand"].file, "-", "scenario", f"no {m.iea_demand_scope} demand for "
                                    f"{m.mineral}, {scenario} {year}", "a row for every mineral, scenario and "
                                    "milestone year (re-run the IEA import, or fix minerals.csv's IEA names)")


def _check_in(frame, column, allowed, file, expected, row=line_of):
    bad = ~frame[column].isin(allowed)
    if bad.any():
        index = bad.idxmax()
        raise DataError(file, row(index), column, frame.at[index, column], expected)


def _check_countries(frame, file):
    kinds = frame["row_kind"] if "row_kind" in frame else pd.Series("country", index=frame.index)
    codes = frame["country_iso3"]
    known = codes.map({code: is_iso3(code) for code in codes.unique()})
    wrong = ((kinds == "country") & ~known) | ((kinds != "country") & (codes != ""))
    if wrong.any():
        index = wrong.idxmax()
        if kinds[index] == "country":
            raise DataError(file, line_of(index), "country_iso3", codes[index], "an ISO 3166-1 alpha-3 country code")
        raise DataError(file, line_of(index), "country_iso3", codes[index], f"empty for a '{kinds[index]}' row")


def check_world_totals(frame, exceptions, table):
    """Countries plus "other countries" sum to the USGS world total within the tolerance."""
    file = TABLES[table].file
    rules = {(r.mineral, r.year): r.rule for r in exceptions[exceptions["table"] == table].itertuples()}
    rule = pd.Series([rules.get(key) for key in zip(frame["mineral"], frame["year"])], index=frame.index,
                     dtype=object)
    is_world = frame["row_kind"] == "world_total"
    counted = ~is_world & ~((rule == "excludes_usa") & (frame["country_iso3"] == "USA"))
    parts = frame[counted].groupby(["mineral", "year"])["value_t"].sum()
    worlds = frame[is_world & frame["value_t"].notna() & (rule != "skip")].sort_values(["mineral", "year"])
    for index, world in worlds.iterrows():
        mineral, year, world_t = world["mineral"], world["year"], world["value_t"]
        total = parts.get((mineral, year), 0.0)
        if abs(total - world_t) > WORLD_TOTAL_TOLERANCE * world_t:
            raise DataError(file, line_of(index), "value_t", f"{world_t:g} (countries sum to {total:g})",
                            f"countries within {WORLD_TOTAL_TOLERANCE:.0%} of the world total of "
                            f"{mineral} {year}, or a reasoned entry in world_total_exceptions.csv")


def check_changes(frame, exceptions, table):
    """No country figure moves more than MAX_CHANGE times from one year to the next, unless
    change_exceptions.csv explains it (keyed by the later year).

    Reported on the row that is out of line: the one that jumps from both neighbours (or from its only
    neighbour, at either end of a series), so a slip in the first year is not blamed on the second.
    """
    explained = set(zip(exceptions["table"], exceptions["mineral"], exceptions["country_iso3"], exceptions["year"]))
    rows = frame[(frame["row_kind"] == "country") & (frame["value_t"] > 0)].sort_values(
        ["mineral", "country_iso3", "year"])
    series = rows.groupby(["mineral", "country_iso3"])
    before, after = series[["value_t", "year"]].shift(1), series[["value_t", "year"]].shift(-1)
    # Only the adjacent year counts: a gap (a year another edition will fill) is not a change.
    before = before[rows["year"] - before["year"] == 1].reindex(rows.index)
    after = after[after["year"] - rows["year"] == 1].reindex(rows.index)

    def jump(other):
        return np.maximum(rows["value_t"] / other["value_t"], other["value_t"] / rows["value_t"])

    def unexplained(years):
        return pd.Series([(table, m, c, y) not in explained for m, c, y in
                          zip(rows["mineral"], rows["country_iso3"], years.fillna(0).astype(int))], index=rows.index)

    up = (jump(before) > MAX_CHANGE) & unexplained(rows["year"])
    down = (jump(after) > MAX_CHANGE) & unexplained(after["year"])
    out_of_line = (up & (down | after["value_t"].isna())) | (down & before["value_t"].isna()) | up
    for index in out_of_line[out_of_line].index:
        row, other = rows.loc[index], (before if up[index] else after)
        raise DataError(TABLES[table].file, line_of(index), "value_t",
                        f"{row['value_t']:g} for {row['mineral']}, {row['country_iso3']} {int(row['year'])} "
                        f"({jump(other)[index]:.0f}× the {int(other.at[index, 'year'])} figure of "
                        f"{other.at[index, 'value_t']:g})",
                        f"a change of at most {MAX_CHANGE:g}× from year to year (a unit slip?), or a row in "
                        "change_exceptions.csv that explains it")


def check_demand_scale(demand, production):
    """Base-year demand is no more than MAX_DEMAND_TO_OUTPUT times world mine production of that year:
    far above it, demand was typed in tonnes where kt were meant."""
    world = production[production["row_kind"] == "world_total"].set_index(["mineral", "year"])["value_t"]
    output = demand.join(world, on=["mineral", "year"])["value_t"]
    too_large = (output > 0) & (demand["demand_kt"] * T_PER_KT > MAX_DEMAND_TO_OUTPUT * output)
    if too_large.any():
        index = too_large.idxmax()
        row = demand.loc[index]
        raise DataError(TABLES["demand"].file, line_of(index), "demand_kt", f"{row['demand_kt']:g}",
                        f"at most {MAX_DEMAND_TO_OUTPUT:g}× the USGS world mine production of {row['mineral']} "
                        f"in {row['year']} ({output[index] / T_PER_KT:g} kt): is it in tonnes rather than kt?")


def check_iea_totals(supply_projection):
    """The countries the IEA names sum to no more than its stated world total (a row world_total): rest of world,
    read as the remainder where the rows sum above the total (totals.reconcile_iea), is never negative."""
    keys = ["mineral", "stage", "year"]
    stated = supply_projection[supply_projection["row_kind"] == "world_total"].set_index(keys)["supply_kt"]
    named = supply_projection[supply_projection["row_kind"] == "country"].groupby(keys)["supply_kt"].sum()
    over = (named - stated.reindex(named.index)) > DOUBLE_COUNT_TOLERANCE_KT
    if over.any():
        mineral, stage, year = over[over].index[0]
        world = supply_projection[(supply_projection["row_kind"] == "world_total")
                                  & (supply_projection[keys].apply(tuple, axis=1) == (mineral, stage, year))]
        raise DataError(TABLES["supply_projection"].file, line_of(world.index[0]), "supply_kt",
                        f"{stated[(mineral, stage, year)]:g} (the countries it names sum to "
                        f"{named[(mineral, stage, year)]:g})",
                        f"a world total of {mineral} {stage} {year} at least the sum of the countries named")
