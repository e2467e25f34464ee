"""Read the curated tables in `data/` and validate them against `schema.py`.

Any failure raises DataError naming the file, row, column, the value found and what
was expected; nothing downstream runs on data that failed.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from .countries import is_iso3
from .schema import TABLES, WORLD_TOTAL_TOLERANCE

DEMOCRACY_THRESHOLD = 6.0  # EIU: above 6 is a "flawed" or "full" democracy


class DataError(Exception):
    """A curated table breaks a rule. Says where (file, row, column) and why."""

    def __init__(self, file, row, column, found, expected):
        self.file, self.row, self.column, self.found, self.expected = file, row, column, found, expected
        super().__init__(f"{file}, row {row}, column {column}: found {found!r}, expected {expected}")


@dataclass
class Dataset:
    """All curated tables, typed and validated."""

    sources: pd.DataFrame
    minerals: pd.DataFrame
    production: pd.DataFrame
    reserves: pd.DataFrame
    demand: pd.DataFrame
    supply_projection: pd.DataFrame
    partnerships: pd.DataFrame
    partnership_members: pd.DataFrame
    democracy_index: pd.DataFrame
    countries_of_concern: pd.DataFrame
    comparability: pd.DataFrame
    world_total_exceptions: pd.DataFrame
    changelog: str = ""


def line_of(index):
    """File line of a data row: line 1 is the header."""
    return int(index) + 2


def read_csv(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def typed(raw, table, file):
    """Check every cell of `raw` (all strings) against `table` and return typed columns."""
    missing = [c for c in table.columns if c not in raw.columns]
    extra = [c for c in raw.columns if c not in table.columns]
    if missing:
        raise DataError(file, 1, missing[0], "no such column", f"columns {table.columns}")
    if extra:
        raise DataError(file, 1, extra[0], "unknown column", f"columns {table.columns}")
    out = pd.DataFrame(index=raw.index)
    for field in table.fields:
        cells = raw[field.name].str.strip()
        for index, cell in cells.items():
            _check_cell(cell, field, file, index)
        out[field.name] = _convert(cells, field.dtype)
    _check_unique(out, table, file)
    return out


def _check_cell(cell, field, file, index):
    where = (file, line_of(index), field.name, cell)
    if cell == "":
        if field.required:
            raise DataError(*where, "a value (the column is required)")
        return
    if field.dtype == "int" and not re.fullmatch(r"-?\d+", cell):
        raise DataError(*where, "a whole number")
    if field.dtype == "float":
        try:
            number = float(cell)
        except ValueError:
            raise DataError(*where, "a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise DataError(*where, "a finite number")
    if field.dtype == "bool" and cell not in ("true", "false"):
        raise DataError(*where, "true or false")
    if field.allowed and cell not in field.allowed:
        raise DataError(*where, f"one of {list(field.allowed)}")
    if field.pattern and not re.fullmatch(field.pattern, cell):
        raise DataError(*where, f"text matching {field.pattern}")


def _convert(cells, dtype):
    if dtype == "float":
        return pd.to_numeric(cells.replace("", None), errors="raise").astype(float)
    if dtype == "int":
        return pd.to_numeric(cells.replace("", None)).astype("Int64")
    if dtype == "bool":
        return cells == "true"
    return cells.astype(object)


def _check_unique(frame, table, file):
    duplicated = frame.duplicated(list(table.primary_key), keep="first")
    if duplicated.any():
        index = duplicated.idxmax()
        key = tuple(str(frame.at[index, c]) for c in table.primary_key)
        raise DataError(file, line_of(index), ",".join(table.primary_key), key, "a key that is not already used")


PARTNERSHIP_KEYS = ("partnership", "name", "short_name", "description", "as_of", "source_id")
# Optional keys: `ended` (date the partnership stopped being current), `status_note` and
# `status_source_id` (what replaced it, and where that is published), `tie` (the short label
# a candidate country's membership reads as, e.g. "US FTA"), `headline: true` (the United
# States' closest partnership, quoted on the home page) and `eu_note`.
OPTIONAL_KEYS = ("ended", "status_note", "status_source_id", "tie", "eu_note")
MEMBER_COLUMNS = ["partnership", "country_iso3", "since", "note", "source_id"]


def read_partnerships(path):
    """partnerships.yaml → (one row per partnership, one row per listed member)."""
    file = path.name
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows, members = [], []
    for number, entry in enumerate(entries, start=1):
        for key in PARTNERSHIP_KEYS:
            if not str(entry.get(key, "")).strip():
                raise DataError(file, f"entry {number}", key, entry.get(key), "a value")
        rule = entry.get("rule", "")
        if rule not in ("", "eiu_democracy"):
            raise DataError(file, f"entry {number}", "rule", rule, "empty or 'eiu_democracy'")
        given = [key for key in ("members", "rule", "members_as_of") if entry.get(key)]
        if len(given) != 1:
            raise DataError(file, f"entry {number}", "members", given,
                            "exactly one of a members list, a rule, or members_as_of")
        rows.append({**{k: str(entry[k]) for k in PARTNERSHIP_KEYS}, "rule": rule,
                     **{k: str(entry.get(k, "") or "") for k in OPTIONAL_KEYS},
                     "headline": entry.get("headline", False) is True})
        for member in entry.get("members") or []:
            members.append({"partnership": entry["partnership"], "country_iso3": str(member.get("country", "")),
                            **{k: str(member.get(k, "") or "") for k in ("since", "note", "source_id")}})
    for number, entry in enumerate(entries, start=1):
        if entry.get("members_as_of"):
            members += _members_as_of(entry, members, file, number)
    partnerships = pd.DataFrame(rows)
    dup = partnerships["partnership"].duplicated()
    if dup.any():
        raise DataError(file, f"entry {dup.idxmax() + 1}", "partnership",
                        partnerships["partnership"][dup.idxmax()], "a slug not already used")
    if partnerships["headline"].sum() > 1:
        raise DataError(file, f"entry {partnerships['headline'][::-1].idxmax() + 1}", "headline", True,
                        "headline: true on one partnership only")
    member_frame = pd.DataFrame(members, columns=MEMBER_COLUMNS).astype(str)
    try:
        return partnerships, typed(member_frame, TABLES["partnership_members"], file)
    except DataError as error:  # say which partnership's member, not a CSV-style row
        index = error.row - 2
        where = f"'{members[index]['partnership']}' member {member_frame['country_iso3'][index]!r}"
        raise DataError(file, where, error.column, error.found, error.expected) from None


def _members_as_of(entry, members, file, number):
    """A partnership as it stood on its as_of date: the members of another with a `since` on or before it.

    Members whose joining date is not published are left out of a dated variant.
    """
    source = entry["members_as_of"]
    listed = [m for m in members if m["partnership"] == source]
    if not listed:
        raise DataError(file, f"entry {number}", "members_as_of", source, "a partnership with a members list")
    as_of = str(entry["as_of"])
    return [{**m, "partnership": entry["partnership"]} for m in listed if m["since"] and m["since"] <= as_of]


def democracies(democracy_index):
    """Members of the rule-based partnership: EIU score above 6 in the index's latest year."""
    latest = democracy_index["year"].max()
    rows = democracy_index[(democracy_index["year"] == latest)
                           & (democracy_index["democracy_score"] > DEMOCRACY_THRESHOLD)]
    return pd.DataFrame({
        "country_iso3": rows["country_iso3"].to_list(),
        "since": "",
        "note": [f"EIU score {s:g} in {latest}" for s in rows["democracy_score"]],
        "source_id": "",
    })


def in_reading_order(partnerships, members):
    """The one order partnerships appear in everywhere: the United States alone first, then by number of
    members (smallest first), then by name. Adds `member_count`."""
    counts = members.groupby("partnership").size()
    ordered = partnerships.assign(member_count=partnerships["partnership"].map(counts).fillna(0).astype(int),
                                  alone=partnerships["partnership"] != "usa")
    return ordered.sort_values(["alone", "member_count", "name"]).drop(columns="alone").reset_index(drop=True)


def load(data_dir):
    """Read, type and validate every table in `data_dir`. Raises DataError."""
    data_dir = Path(data_dir)
    frames = {}
    for name in ("sources", "minerals", "production", "reserves", "demand", "supply_projection",
                 "democracy_index", "countries_of_concern", "comparability", "world_total_exceptions"):
        table = TABLES[name]
        frames[name] = typed(read_csv(data_dir / table.file), table, table.file)
    partnerships, members = read_partnerships(data_dir / "partnerships.yaml")
    ruled = [democracies(frames["democracy_index"]).assign(partnership=slug)
             for slug in partnerships.loc[partnerships["rule"] == "eiu_democracy", "partnership"]]
    members = pd.concat([members, *ruled], ignore_index=True)[members.columns]
    frames["partnerships"] = in_reading_order(partnerships, members)
    frames["partnership_members"] = members
    changelog = data_dir / "CHANGELOG.md"
    dataset = Dataset(**frames, changelog=changelog.read_text(encoding="utf-8") if changelog.exists() else "")
    validate(dataset)
    return dataset


def validate(ds):
    """Cross-table rules. Raises DataError at the first broken rule."""
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
    for index, code in ds.partnership_members["country_iso3"].items():
        if not is_iso3(code):
            raise DataError("partnerships.yaml", f"member {index + 1} of '{ds.partnership_members.at[index, 'partnership']}'",
                            "country", code, "an ISO 3166-1 alpha-3 country code")
    for table in ("production", "reserves"):
        check_world_totals(getattr(ds, table), ds.world_total_exceptions, table)


def _check_in(frame, column, allowed, file, expected, row=line_of):
    bad = ~frame[column].isin(allowed)
    if bad.any():
        index = bad.idxmax()
        raise DataError(file, row(index), column, frame.at[index, column], expected)


def _check_countries(frame, file):
    kinds = frame["row_kind"] if "row_kind" in frame else pd.Series("country", index=frame.index)
    for index, code in frame["country_iso3"].items():
        if kinds[index] == "country" and not is_iso3(code):
            raise DataError(file, line_of(index), "country_iso3", code, "an ISO 3166-1 alpha-3 country code")
        if kinds[index] != "country" and code != "":
            raise DataError(file, line_of(index), "country_iso3", code, f"empty for a '{kinds[index]}' row")


def check_world_totals(frame, exceptions, table):
    """Countries plus "other countries" sum to the USGS world total within the tolerance."""
    file = TABLES[table].file
    rules = {(r.mineral, r.year): r.rule for r in exceptions[exceptions["table"] == table].itertuples()}
    for (mineral, year), group in frame.groupby(["mineral", "year"], sort=True):
        world = group[group["row_kind"] == "world_total"]
        rule = rules.get((mineral, year))
        if world.empty or pd.isna(world["value_t"].iloc[0]) or rule == "skip":
            continue
        parts = group[group["row_kind"] != "world_total"]
        if rule == "excludes_usa":
            parts = parts[parts["country_iso3"] != "USA"]
        total, world_t = parts["value_t"].sum(), world["value_t"].iloc[0]
        if abs(total - world_t) > WORLD_TOTAL_TOLERANCE * world_t:
            raise DataError(file, line_of(world.index[0]), "value_t", f"{world_t:g} (countries sum to {total:g})",
                            f"countries within {WORLD_TOTAL_TOLERANCE:.0%} of the world total of "
                            f"{mineral} {year}, or a reasoned entry in world_total_exceptions.csv")
