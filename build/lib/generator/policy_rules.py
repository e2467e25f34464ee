"""Rules for the policy facts (sanctions, territories, export measures, ownership notes): every row is dated,
sourced and current at the site's as-of date. Run with the other cross-table rules on every load; each raises
DataError at the first broken rule, naming the file, row and column.
"""

from .countries import is_iso3
from .errors import DataError, line_of
from .schema import TABLES, TERRITORY_RULES


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
    for name in ("sanctions", "territories", "export_controls", "control_notes"):
        frame, file = getattr(ds, name), TABLES[name].file
        _check_all_in(frame, "source_id", sources, file, "an id listed in sources.csv")
        for column in ("country_iso3", "territory_iso3", "sovereign_iso3", "target_iso3"):
            if column in frame:
                _check_codes(frame, column, file)
    controls, file = ds.export_controls, TABLES["export_controls"].file
    _check_all_in(controls, "status_source_id", sources, file, "an id listed in sources.csv")
    _check_all_in(controls, "mineral", minerals, file, "a slug listed in minerals.csv (or empty)")
    _check_all_in(ds.control_notes, "mineral", minerals, TABLES["control_notes"].file, "a slug listed in minerals.csv")
    for index, row in controls.iterrows():
        check_export_row(row, index, as_of)
    for index, row in ds.sanctions.iterrows():
        if row["status_date"] > as_of:
            raise DataError(TABLES["sanctions"].file, line_of(index), "status_date", row["status_date"],
                            f"a date on or before the as-of date ({as_of})")
    territories = set(ds.territories["territory_iso3"])
    for index, code in ds.territories["sovereign_iso3"].items():
        if code in territories:
            raise DataError(TABLES["territories"].file, line_of(index), "sovereign_iso3", code,
                            "a sovereign state, not another territory")
    for index, row in ds.partnerships.iterrows():
        # Not declared reads as not counted (the page says so); a declaration must be valid and give its reason.
        if row["territories"] and (row["territories"] not in TERRITORY_RULES or not row["territories_note"]):
            raise DataError("partnerships.yaml", f"entry '{row['partnership']}'", "territories", row["territories"],
                            f"one of {list(TERRITORY_RULES)}, with territories_note giving its source or judgement")


def check_export_row(row, index, as_of):
    """One export measure: a suspension has an end date, and a fact that has expired by the as-of date is refused."""
    where = (TABLES["export_controls"].file, line_of(index))
    if row["status"] == "suspended":
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
    if row["status_confirmed"] > as_of:
        raise DataError(*where, "status_confirmed", row["status_confirmed"],
                        f"a date on or before the as-of date ({as_of})")


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
