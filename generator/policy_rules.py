"""Rules for the policy facts (sanctions, territories, export measures, ownership notes): every row is dated,
sourced and current at the site's as-of date. Run with the other cross-table rules on every load; each raises
DataError at the first broken rule, naming the file, row and column.
"""

import re

from .countries import is_iso3
from .errors import DataError, line_of
from .schema import RARE_EARTH_SYMBOLS, TABLES, TERRITORY_RULES

# The columns every row of one measure shares: its dates and its status are the measure's, whatever it covers.
MEASURE_COLUMNS = ("country_iso3", "instrument", "kind", "target_iso3", "announced", "in_force", "status",
                   "status_until", "status_confirmed")
# A date given as a limit ("until 2026-11-10", "expires on …"): in a note, a limit before the as-of date is a
# status written by hand that has gone stale; the status columns say it instead.
LIMIT = re.compile(r"\b(?:until|till|through|expires?(?: on)?|ends?(?: on)?)\s+([0-9]{4}-[0-9]{2}(?:-[0-9]{2})?)")


def as_of_date(ds):
    """The site's as-of date (ISO text): the day every policy fact was last checked against its source."""
    return ds.as_of["as_of"].iloc[0]


def check_policy(ds):
    """Cross-table rules for the policy tables. Raises DataError at the first broken rule."""
    file = TABLES["as_of"].file
    if len(ds.as_of) != 1:
        raise DataError(file, 2, "as_of", f"{len(ds.as_of)} rows", "exactly one row: the site's as-of date")
    as_of = as_of_date(ds)
    sources, minerals = set(ds.sources["source_id"]), set(ds.minerals["mineral"])
    for name in ("sanctions", "territories", "export_controls", "control_notes", "targets"):
        frame, file = getattr(ds, name), TABLES[name].file
        _check_all_in(frame, "source_id", sources, file, "an id listed in sources.csv")
        for column in ("country_iso3", "territory_iso3", "sovereign_iso3", "target_iso3"):
            if column in frame:
                _check_codes(frame, column, file)
    controls, file = ds.export_controls, TABLES["export_controls"].file
    _check_all_in(controls, "status_source_id", sources, file, "an id listed in sources.csv")
    _check_all_in(controls, "mineral", minerals | set(ds.minerals_outside["mineral"]), file,
                  "a slug listed in minerals.csv or minerals_outside.csv (or empty)")
    _check_all_in(ds.control_notes, "mineral", minerals, TABLES["control_notes"].file, "a slug listed in minerals.csv")
    for index, row in controls.iterrows():
        check_export_row(row, index, as_of)
    _check_measures_agree(controls, file)
    for index, row in ds.targets.iterrows():
        if row["status_confirmed"] > as_of:
            raise DataError(TABLES["targets"].file, line_of(index), "status_confirmed", row["status_confirmed"],
                            f"a date on or before the as-of date ({as_of})")
    for index, row in ds.sanctions.iterrows():
        if row["status_date"] > as_of:
            raise DataError(TABLES["sanctions"].file, line_of(index), "status_date", row["status_date"],
                            f"a date on or before the as-of date ({as_of})")
    territories = set(ds.territories["territory_iso3"])
    for index, code in ds.territories["sovereign_iso3"].items():
        if code in territories:
            raise DataError(TABLES["territories"].file, line_of(index), "sovereign_iso3", code,
                            "a sovereign state, not another territory")
    for _, row in ds.partnership_members[ds.partnership_members["since"] > as_of].head(1).iterrows():
        raise DataError("partnerships.yaml", f"'{row['partnership']}' member '{row['country_iso3']}'", "since",
                        row["since"], f"a date on or before the site's as-of date ({as_of}, as_of.csv)")
    for index, row in ds.partnerships.iterrows():
        # Not declared reads as not counted (the page says so); a declaration must be valid and give its reason.
        if row["territories"] and (row["territories"] not in TERRITORY_RULES or not row["territories_note"]):
            raise DataError("partnerships.yaml", f"entry '{row['partnership']}'", "territories", row["territories"],
                            f"one of {list(TERRITORY_RULES)}, with territories_note giving its source or judgement")


def check_export_row(row, index, as_of):
    """One export measure: its dates in order and not past the as-of date unless scheduled, a suspension current at
    the as-of date, no measure aimed at its own country, the elements it names real, and no stale limit in its
    note. Dates are compared on the part both give (2022-12 against 2022-12-20 compares the month)."""
    where = (TABLES["export_controls"].file, line_of(index))
    status, in_force = row["status"], row["in_force"]
    if row["announced"] > as_of:
        raise DataError(*where, "announced", row["announced"], f"a date on or before the as-of date ({as_of}): "
                        "a measure is recorded once announced")
    if in_force and _before(in_force, row["announced"]):
        raise DataError(*where, "in_force", in_force, f"a date on or after its announcement ({row['announced']})")
    if status == "scheduled" and not (in_force and in_force > as_of):
        raise DataError(*where, "status", status, f"scheduled only with an in_force date after the as-of date "
                        f"({as_of})")
    if in_force > as_of and status != "scheduled":
        raise DataError(*where, "status", status, f"scheduled: its in_force date ({in_force}) is after the "
                        f"as-of date ({as_of})")
    if status == "in_force" and not in_force:
        raise DataError(*where, "in_force", "", "the date it took effect, for a status in_force")
    if status == "suspended":
        if not row["status_until"]:
            raise DataError(*where, "status_until", "", "the date a suspension ends")
        if row["status_until"] < as_of:
            raise DataError(*where, "status_until", f"suspended until {row['status_until']} ({row['measure_id']})",
                            f"a date on or after the as-of date {as_of}: the suspension has expired, so this fact "
                            "must be updated (find what a source says happened, or record not_confirmed)")
    elif row["status_until"]:
        raise DataError(*where, "status_until", row["status_until"], "empty unless the status is suspended")
    if row["kind"] == "ban_one_country" and not row["target_iso3"]:
        raise DataError(*where, "target_iso3", "", "the country a ban_one_country measure is aimed at")
    if row["target_iso3"] and row["target_iso3"] == row["country_iso3"]:
        raise DataError(*where, "target_iso3", row["target_iso3"], f"a country other than the one imposing the "
                        f"measure ({row['country_iso3']})")
    if row["status_confirmed"] > as_of:
        raise DataError(*where, "status_confirmed", row["status_confirmed"],
                        f"a date on or before the as-of date ({as_of})")
    unknown = [e for e in row["elements"].split(";") if e and e not in RARE_EARTH_SYMBOLS]
    if unknown:
        raise DataError(*where, "elements", unknown[0], f"chemical symbols of rare earths {RARE_EARTH_SYMBOLS}")
    for limit in LIMIT.finditer(row["status_note"]):
        if limit.group(1) < as_of:
            raise DataError(*where, "status_note", limit.group(0), f"no limit before the as-of date ({as_of}) in a "
                            "note: write the history in the past tense ('suspended from … to …') and the status in "
                            "status, status_until and status_confirmed")


def _before(date, other):
    """`date` falls before `other`, compared on the precision both give (YYYY, YYYY-MM or YYYY-MM-DD)."""
    size = min(len(date), len(other))
    return date[:size] < other[:size]


def _check_measures_agree(controls, file):
    """Every row of one measure gives the same dates and status: one measure reads the same on every page."""
    for column in MEASURE_COLUMNS:
        differs = controls.groupby("measure_id")[column].transform("nunique") > 1
        if differs.any():
            index = differs.idxmax()
            first = controls.loc[controls["measure_id"] == controls.at[index, "measure_id"], column].iloc[0]
            later = controls.loc[differs & (controls[column] != first)].index[0]
            raise DataError(file, line_of(later), column, controls.at[later, column],
                            f"'{first}', as on the first row of {controls.at[later, 'measure_id']}: a measure's rows "
                            "share its dates and status")


def rows_to_reconfirm(ds):
    """(file, row, measure, last confirmed) of each export measure in force whose confirmation is older than
    CONFIRMATION_MAX_AGE_MONTHS before the as-of date: `check` lists them."""
    from .export_measures import STALE, status_at
    as_of, file = as_of_date(ds), TABLES["export_controls"].file
    return [(file, line_of(index), row["measure_id"], row["status_confirmed"])
            for index, row in ds.export_controls.iterrows() if status_at(row, as_of) == STALE]


def _check_all_in(frame, column, allowed, file, expected):
    given = frame[column].fillna("")
    bad = (given != "") & ~given.isin(allowed)
    if bad.any():
        index = bad.idxmax()
        raise DataError(file, line_of(index), column, given[index], expected)


def _check_codes(frame, column, file):
    for index, code in frame[column].items():
        if code and not is_iso3(code):
            raise DataError(file, line_of(index), column, code, "an ISO 3166-1 alpha-3 country code")
