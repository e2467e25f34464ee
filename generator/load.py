"""Read the curated tables in `data/` and validate them against `schema.py`.

Any failure raises DataError naming the file, row, column, the value found and what
was expected; nothing downstream runs on data that failed.
"""

import csv
import datetime
import io
import math
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .errors import DataError, line_of, working_on
from .plausibility import CHECKED, describe, implausible_changes
from .schema import DATE_PATTERN, DAY_PATTERN, MAX_CHANGE, MEMBER_KEYS, NON_EMPTY, TABLES
from .territories import with_counted_territories
from .totals import reconcile_iea
from .validate import validate

__all__ = ["DataError", "Dataset", "load", "read_csv"]

# A plain decimal number, ASCII digits only: Python's float() also takes '92_000', 'inf' and full-width
# digits, which pandas then cannot convert.
NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
DEMOCRACY_THRESHOLD = 6.0  # EIU: above 6 is a "flawed" or "full" democracy
# A spreadsheet opening a download runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters that reorder the text around them (Unicode bidirectional embeddings, overrides, isolates and marks):
# a name holding one reads differently on the page from the data, and crashes the chart renderer.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


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
    change_exceptions: pd.DataFrame
    world_total_exceptions: pd.DataFrame
    as_of: pd.DataFrame
    sanctions: pd.DataFrame
    territories: pd.DataFrame
    export_controls: pd.DataFrame
    control_notes: pd.DataFrame
    targets: pd.DataFrame
    changelog: str = ""
    notices: list = field(default_factory=list)  # what the build should tell the maintainer (one line each)
    # Issue 17: the minerals outside the engine, the rare-earth elements and their IEA demand, and the USGS
    # refinery tables of those outside minerals that have one. The engine reads none of them.
    minerals_outside: pd.DataFrame = None
    rare_earth_elements: pd.DataFrame = None
    cleantech_demand: pd.DataFrame = None
    refinery_production: pd.DataFrame = None
    # totals.reconcile_iea: the IEA's stated world totals, and where its rest of world is read as their remainder.
    iea_world_totals: pd.DataFrame = None
    # The importers' hand-kept tables: read here so that a bad row is refused by `check` and `site`, not only
    # by the next import.
    corrections: pd.DataFrame = None
    country_names: pd.DataFrame = None
    # Issue 27: where the United States buys today (USGS import sources and net import reliance).
    import_sources: pd.DataFrame = None
    import_reliance: pd.DataFrame = None
    import_basis: pd.DataFrame = None
    targets: pd.DataFrame = None


def read_csv(path):
    """Every cell of a curated CSV as text. Raises DataError for a missing, empty or non-UTF-8 file."""
    path = Path(path)
    if not path.exists():
        raise DataError(path.name, "-", "-", "no such file", f"the table {path.name} in data/")
    text = utf8_text(path)
    if not text.strip():
        raise DataError(path.name, 1, "-", "an empty file", "a header row naming the columns")
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as error:  # e.g. a file saved with carriage returns alone between its lines
        if re.search(r"\r(?!\n)", text):
            raise DataError(path.name, reader.line_num, "-", "a line ended by a carriage return alone",
                            "lines that end in a line feed (LF or CR LF): save the file with Unix or Windows line "
                            "endings") from None
        raise DataError(path.name, reader.line_num, "-", f"a malformed row ({error})", "well-formed CSV") from None
    header = rows[0]
    for line, row in enumerate(rows[1:], start=2):
        if row and len(row) != len(header):
            raise DataError(path.name, line, "-", f"a row of {len(row)} cells",
                            f"as many cells as the header has columns ({len(header)})")
    named_twice = next((name for i, name in enumerate(header) if name in header[:i]), None)
    if named_twice is not None:
        raise DataError(path.name, 1, named_twice, "a column named twice", "each column once")
    return pd.DataFrame([row for row in rows[1:] if row], columns=header, dtype=str)  # blank lines skipped


def typed(raw, table, file):
    """Check every cell of `raw` (all strings) against `table` and return typed columns."""
    missing = [c for c in table.columns if c not in raw.columns]
    extra = [c for c in raw.columns if c not in table.columns]
    if missing:
        raise DataError(file, 1, missing[0], "no such column", f"columns {table.columns}")
    if extra:
        raise DataError(file, 1, extra[0], "unknown column", f"columns {table.columns}")
    columns = {}
    # Cell by cell in Python: the tables are small, and a pandas call per column costs more than the column.
    for field in table.fields:
        cells = [cell.strip() for cell in raw[field.name]]
        first_row = {}
        for index, cell in zip(raw.index, cells):
            first_row.setdefault(cell, index)
        for cell, index in first_row.items():  # each value once, at its first row: the first bad row
            _check_cell(cell, field, file, index)
        columns[field.name] = _convert(cells, field.dtype, raw.index)
    out = pd.DataFrame(columns, index=raw.index)
    _check_unique(out, table, file)
    return out


def _check_cell(cell, field, file, index):
    where = (file, line_of(index), field.name, cell)
    if cell == "":
        if field.required:
            raise DataError(*where, "a value (the column is required)")
        return
    if field.dtype == "int" and not re.fullmatch(r"-?[0-9]+", cell):
        raise DataError(*where, "a whole number (digits 0-9 only)")
    if field.dtype == "float" and not NUMBER.fullmatch(cell):
        raise DataError(*where, "a number (digits 0-9, one '.', no '_' or ',' between digits)")
    if field.dtype == "float" and not math.isfinite(float(cell)):  # 1e400 reads as infinity
        raise DataError(*where, "a number of ordinary size (is the exponent mistyped?)")
    if field.dtype == "float" and float(cell) == 0 and re.search(r"[1-9]", cell.lower().split("e")[0]):
        raise DataError(*where, "a number of ordinary size (it is too small to hold: is the exponent mistyped?)")
    if field.dtype == "bool" and cell not in ("true", "false"):
        raise DataError(*where, "true or false")
    if field.allowed and cell not in field.allowed:
        raise DataError(*where, f"one of {list(field.allowed)}")
    if field.pattern and not re.fullmatch(field.pattern, cell):
        raise DataError(*where, f"text matching {field.pattern}")
    if field.pattern in (DATE_PATTERN, DAY_PATTERN) and not is_date(cell):
        raise DataError(*where, "a real calendar date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if field.dtype == "str" and (problem := text_problem(cell)):
        raise DataError(*where, problem)
    if field.minimum is not None and float(cell) < field.minimum:
        raise DataError(*where, f"a value of at least {field.minimum:g} (rule: plausible {field.name})")
    if field.maximum is not None and float(cell) > field.maximum:
        raise DataError(*where, f"a value of at most {field.maximum:g} (rule: plausible {field.name})")


def text_problem(text):
    """What a curated text value must not be, as the `expected` of an error, or '' when it is fine: one that a
    spreadsheet runs as a formula (unless the whole value is a number), or one holding a control character or a
    bidirectional override."""
    if text.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(text):
        return ("text that does not start with =, +, -, @, a tab or a carriage return (a spreadsheet opening the "
                "download would run it as a formula)")
    unprintable = next((c for c in text if unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS), None)
    if unprintable:
        return (f"text without control characters or bidirectional overrides (found U+{ord(unprintable):04X} at "
                f"character {text.index(unprintable) + 1})")
    return ""


def is_date(text):
    """A real calendar date, to the year, month or day: '2022-02-30' is not, nor is 'yesterday'."""
    if not re.fullmatch(DATE_PATTERN, text):
        return False
    parts = [int(p) for p in text.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _convert(cells, dtype, index):
    """A column of checked cells (a list of text) in its type; an empty cell is missing."""
    if dtype == "float":
        return pd.Series([float(cell) if cell else math.nan for cell in cells], index, dtype=float)
    if dtype == "int":
        return pd.Series([int(cell) if cell else None for cell in cells], index, dtype="Int64")
    if dtype == "bool":
        return pd.Series([cell == "true" for cell in cells], index, dtype=bool)
    return pd.Series(cells, index, dtype=object)


def _check_unique(frame, table, file):
    duplicated = frame.duplicated(list(table.primary_key), keep="first")
    if duplicated.any():
        index = duplicated.idxmax()
        key = tuple(str(frame.at[index, c]) for c in table.primary_key)
        raise DataError(file, line_of(index), ",".join(table.primary_key), key, "a key that is not already used")


ENTRY = TABLES["partnerships"]
PARTNERSHIP_KEYS = tuple(f.name for f in ENTRY.fields if f.required)
OPTIONAL_KEYS = tuple(f.name for f in ENTRY.fields if not f.required and f.dtype == "str"
                      and f.name not in ("rule", "members_as_of"))
MEMBER_COLUMNS = ["partnership", "country_iso3", "since", "note", "source_id"]


class StrictYamlError(Exception):
    """partnerships.yaml uses YAML the project does not accept (a repeated key, an alias or anchor)."""

    def __init__(self, mark, found, expected):
        super().__init__(found)
        self.line, self.column, self.found, self.expected = mark.line + 1, mark.column + 1, found, expected


class Located(dict):
    """A YAML mapping that remembers the line of each key (and its own), for error messages."""

    def __init__(self, line):
        super().__init__()
        self.line, self.lines, self.spelled = line, {}, {}


# The deepest a value sits in partnerships.yaml is 4 (the list, a partnership, its members, a member): far deeper
# nesting is a mistake, and past about 300 levels Python itself cannot read it.
MAX_YAML_DEPTH = 8
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class StrictLoader(yaml.SafeLoader):
    """Safe YAML, stricter: a repeated key is refused (plain YAML keeps the last one silently), and so are
    anchors and aliases, before anything is expanded (an alias bomb never grows), and nesting deeper than
    MAX_YAML_DEPTH. An unquoted date stays text, checked like a quoted one (plain YAML turns it into a date
    object, and fails in Python's words on 2022-02-30)."""

    yaml_implicit_resolvers = {first: [(tag, pattern) for tag, pattern in resolvers if tag != TIMESTAMP_TAG]
                               for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise StrictYamlError(event.start_mark, f"*{event.anchor}" if isinstance(event, yaml.AliasEvent)
                                  else f"&{event.anchor}", "no anchors (&) or aliases (*): write each value out")
        depth = getattr(self, "depth", 0)
        if depth >= MAX_YAML_DEPTH:
            raise StrictYamlError(event.start_mark, f"a value nested more than {MAX_YAML_DEPTH} levels deep",
                                  "a list of partnerships, each a mapping whose members are a list of mappings")
        self.depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth = depth

    def construct_mapping(self, node, deep=False):
        mapping = Located(node.start_mark.line + 1)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # `? [a, b]`: a list or mapping as a key
                raise StrictYamlError(key_node.start_mark, "a list or mapping as a key",
                                      "keys that are plain words, such as name")
            key = self.construct_object(key_node, deep=deep)
            if key in mapping:
                raise StrictYamlError(key_node.start_mark, key, f"each key once in a mapping ('{key}' is already "
                                      f"given on line {mapping.lines[key]})")
            mapping[key] = self.construct_object(value_node, deep=deep)
            mapping.lines[key] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode):  # as written: `~`, `no`, `0x1F`, not Python's None, False, 31
                mapping.spelled[key] = value_node.value if value_node.tag.startswith("tag:yaml.org,2002:") and \
                    value_node.tag != "tag:yaml.org,2002:binary" else f"{value_node.tag} {value_node.value}"
        return mapping


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, StrictLoader.construct_mapping)


def _check_keys(mapping, allowed, file, what):
    """Every key of `mapping` is one the schema declares: a misspelt or unknown key is an error, never ignored."""
    for key, line in mapping.lines.items():
        if key not in allowed:
            raise DataError(file, line, key, f"an unknown key on {what}", f"one of the keys {', '.join(allowed)}")


def _check_values(mapping, table, file, where):
    """Each key of `mapping` holds a value of the type `table` declares for it: a text field takes text and
    nothing else (YAML reads `~` as null, `no` as false, `0x1F` and `.inf` as numbers, `!!binary` as bytes, each
    of which would be published as its Python spelling), free of formula starts, control characters and
    bidirectional overrides; a true/false field takes true or false."""
    for key, value in mapping.items():
        field = table.field(key)
        if isinstance(value, (dict, list)) and field.dtype != "list":
            raise DataError(file, where, key, value, "a single value (text), not a list or a mapping")
        if field.dtype == "str" and not isinstance(value, str):
            raise DataError(file, where, key, mapping.spelled.get(key, value),
                            "text (in quotes where YAML would read it as something else: null, true/false, a number)")
        if field.dtype == "str" and (problem := text_problem(value.strip())):
            raise DataError(file, where, key, value, problem)
        if field.dtype == "bool" and value not in (True, False):
            raise DataError(file, where, key, mapping.spelled.get(key, value), "true or false (unquoted)")


def read_partnerships(path):
    """partnerships.yaml → (one row per partnership, one row per listed member)."""
    file = path.name
    entries = read_yaml(path)
    rows, members = [], []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise DataError(file, f"entry {number}", "-", entry, "a partnership: keys such as partnership, name")
        _check_keys(entry, ENTRY.columns, file, f"partnership entry {number}")
        _check_values(entry, ENTRY, file, f"entry {number}")
        for key in PARTNERSHIP_KEYS:
            if not str(entry.get(key, "")).strip():
                raise DataError(file, f"entry {number}", key, entry.get(key), "a value")
        _check_partnership(entry, file, number)
        rule = entry.get("rule", "")
        if rule not in ("", *ENTRY.field("rule").allowed):
            raise DataError(file, f"entry {number}", "rule", rule, "empty or 'eiu_democracy'")
        given = [key for key in ("members", "rule", "members_as_of") if entry.get(key)]
        if len(given) != 1:
            raise DataError(file, f"entry {number}", "members", given,
                            "exactly one of a members list, a rule, or members_as_of")
        if "members" in entry and not isinstance(entry["members"], list):
            raise DataError(file, entry.lines["members"], "members", entry["members"],
                            "a list of members, each starting with '- '")
        rows.append({**{k: str(entry[k]) for k in PARTNERSHIP_KEYS}, "rule": rule,
                     **{k: str(entry.get(k, "") or "") for k in OPTIONAL_KEYS},
                     "headline": entry.get("headline", False) is True,
                     "finding": entry.get("finding", False) is True})
        for position, member in enumerate(entry.get("members") or [], start=1):
            if not isinstance(member, dict):
                raise DataError(file, f"'{entry['partnership']}' member {position}", "country", member,
                                "a member such as {country: AUS, since: \"2022-06-14\"}")
            _check_keys(member, tuple(MEMBER_KEYS), file, f"a member of {entry['partnership']}")
            _check_values(member, TABLES["partnership_member"], file, f"'{entry['partnership']}' member {position}")
            members.append({"partnership": entry["partnership"], **{column: str(member.get(key, "") or "")
                                                                    for key, column in MEMBER_KEYS.items()}})
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


def read_yaml(path):
    """The partnership entries, or a DataError naming the line and column of a YAML syntax error, a repeated
    key, an anchor or an alias."""
    try:
        entries = yaml.load(utf8_text(path), Loader=StrictLoader)  # noqa: S506 - a SafeLoader, stricter
    except StrictYamlError as error:
        raise DataError(path.name, error.line, f"character {error.column}", error.found, error.expected) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = (mark.line + 1, mark.column + 1) if mark else ("-", "-")
        raise DataError(path.name, where[0], f"character {where[1]}", getattr(error, "problem", str(error)),
                        "valid YAML (check the indentation and quotes)") from None
    if not isinstance(entries, list) or not entries:
        kind = "dict" if isinstance(entries, dict) else type(entries).__name__  # not the loader's own Located
        raise DataError(path.name, 1, "-", kind, "a list of partnerships, each starting with '- '")
    return entries


def _check_partnership(entry, file, number):
    """The slug is URL-safe; as_of is a real date; member and end dates are real and on or before as_of."""
    where = f"entry {number}"
    slug, as_of = str(entry.get("partnership")), str(entry.get("as_of"))
    if not re.fullmatch(r"[a-z0-9-]+", slug):
        raise DataError(file, where, "partnership", slug, "a slug of lower-case letters, digits and '-'")
    if not re.fullmatch(DAY_PATTERN, as_of) or not is_date(as_of):
        raise DataError(file, where, "as_of", as_of, "a real date, YYYY-MM-DD")
    if entry.get("ended") and not (is_date(str(entry["ended"])) and str(entry["ended"]) <= as_of):
        raise DataError(file, where, "ended", entry["ended"], f"a real date on or before as_of ({as_of})")
    if entry.get("ended") and not entry.get("status_source_id"):  # the page cites where the end is published
        raise DataError(file, where, "status_source_id", "", "the source that says it ended (an id in sources.csv), "
                        "as ended is given")
    for member in entry.get("members") or []:
        since = str((member or {}).get("since", "") or "") if isinstance(member, dict) else ""
        if since and re.fullmatch(DATE_PATTERN, since) and (not is_date(since) or since > as_of):
            raise DataError(file, f"'{slug}' member {member.get('country')!r}", "since", since,
                            f"a real date on or before as_of ({as_of})")


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


def democracy_year(democracy_index):
    """The year the Democracies are read from, and what the build should say about it: the latest year that
    covers at least as many countries as the year before it, so a year just begun (one new row) or a year
    that lost a country does not silently shrink the partnership (the earliest year always qualifies)."""
    counts = democracy_index.groupby("year").size().sort_index()
    file = TABLES["democracy_index"].file
    for year, count in counts[::-1].items():
        before = counts[counts.index < year]
        if before.empty or count >= before.iloc[-1]:
            if year == counts.index[-1]:
                return int(year), ""
            later = ", ".join(f"{y} ({n} countries)" for y, n in counts[counts.index > year].items())
            return int(year), (f"note: {file}: the Democracies use {year} ({count} countries), the latest year that "
                               f"covers as many countries as the year before; {later} cover fewer")


def democracies(democracy_index):
    """Members of the rule-based partnership: EIU score above 6 in `democracy_year`. Returns (members, notice)."""
    latest, notice = democracy_year(democracy_index)
    rows = democracy_index[(democracy_index["year"] == latest)
                           & (democracy_index["democracy_score"] > DEMOCRACY_THRESHOLD)]
    return pd.DataFrame({
        "country_iso3": rows["country_iso3"].to_list(),
        "since": "",
        "note": [f"EIU score {s:g} in {latest}" for s in rows["democracy_score"]],
        "source_id": "",
    }), notice


def read_changelog(path):
    """data/CHANGELOG.md as text ('' when absent)."""
    return utf8_text(path) if path.exists() else ""


def utf8_text(path):
    """A data file's text; a DataError naming the line of a byte that is not UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError(path.name, raw[:error.start].count(b"\n") + 1, "-", f"the byte {raw[error.start]:#x}",
                        "UTF-8 text (was the file saved as Windows-1252? save it as UTF-8)") from None


def rule_member_changes(before, ds):
    """Who left and who joined each rule-derived partnership against `before` (rows of partnership, country_iso3,
    as the last build published them; None when there is none): (slug, codes that left, codes that joined) for
    each partnership that changed, both sets sorted."""
    if before is None:
        return []
    changes = []
    for slug in ds.partnerships.loc[ds.partnerships["rule"] != "", "partnership"]:
        was = set(before.loc[before["partnership"] == slug, "country_iso3"])
        now = set(ds.partnership_members.loc[ds.partnership_members["partnership"] == slug, "country_iso3"])
        if was and was != now:
            changes.append((slug, sorted(was - now), sorted(now - was)))
    return changes


def rule_membership_changes(before, ds):
    """What changed in each rule-derived partnership against `before` (see `rule_member_changes`): one phrase per
    partnership, who left and who joined."""
    return [f"{slug} (members by rule): " + "; ".join(f"{', '.join(codes)} {verb}" for codes, verb in
                                                     ((left, "left"), (joined, "joined")) if codes)
            for slug, left, joined in rule_member_changes(before, ds)]


def check_leavers_recorded(before, ds):
    """A member who left a rule-derived partnership since the last build (`before`, as in `rule_member_changes`)
    is named in data/CHANGELOG.md: a line that names the country (its ISO3 code or its name), the partnership (its
    slug, name or short name) and the word "left", as the EIU import writes. Otherwise the build is refused, so the
    changelog stays maintainer-written and the build a function of data/ alone. Raises DataError for the first
    leaver no line names."""
    from .countries import country_name
    lines = ds.changelog.splitlines()
    for slug, left, _ in rule_member_changes(before, ds):
        entry = ds.partnerships.loc[ds.partnerships["partnership"] == slug].iloc[0]
        partnership = [slug.lower(), entry["name"].lower(), entry["short_name"].lower()]
        for code in left:
            if not any(_names_leaver(line, code, country_name(code), partnership) for line in lines):
                raise DataError("CHANGELOG.md", "-", "-", f"no line naming {code} ({country_name(code)}) leaving "
                                f"{slug}, which it has left since the last build",
                                f"a line in data/CHANGELOG.md that says so, e.g. '- {code} left {slug} (members by "
                                f"rule): <why, from {TABLES['democracy_index'].file}>'")


def _names_leaver(line, code, name, partnership):
    """The changelog line names the country, the partnership and its leaving, each as whole words."""
    def says(words, text):
        return re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", text)
    text = line.lower()
    return ((says(code, line) or says(name.lower(), text)) and any(says(p, text) for p in partnership)
            and says("left", text))


# Hand-edited tables other results depend on: a row that goes is named in the build output, and a table that
# loses every row is refused.
REFERENCE_TABLES = ("countries_of_concern", "comparability")


def reference_rows_removed(before, ds):
    """One phrase per row of a reference table that `before` (name → rows as the last build published them, or
    None) had and `ds` lacks, named by its key. A table the last build had rows of and that now has none is
    refused: DataError naming the rows it lost."""
    lines = []
    for name, published in before.items():
        if published is None:
            continue
        table = TABLES[name]
        key = list(table.primary_key)
        now = set(getattr(ds, name)[key].astype(str).itertuples(index=False, name=None))
        gone = [" ".join(row) for row in published[key].itertuples(index=False, name=None) if row not in now]
        if gone and not now:
            shown = "; ".join(gone[:3]) + (f" and {len(gone) - 3} more" if len(gone) > 3 else "")
            raise DataError(table.file, 2, "-", f"no data rows (the last build had {len(gone)}: {shown})",
                            "the rows that still hold: a table other results depend on is never emptied (remove "
                            "only the rows that no longer hold; each is named in the build output)")
        lines += [f"{table.file}: the row {row} was removed" for row in gone]
    return lines


def in_reading_order(partnerships, members):
    """The one order partnerships appear in everywhere: the United States alone first, then by number of
    members (smallest first), then by name. Adds `member_count`."""
    counts = members.groupby("partnership").size()
    ordered = partnerships.assign(member_count=partnerships["partnership"].map(counts).fillna(0).astype(int),
                                  alone=partnerships["partnership"] != "usa")
    return ordered.sort_values(["alone", "member_count", "name"]).drop(columns="alone").reset_index(drop=True)


def load(data_dir, awaiting=None):
    """Read, type and validate every table in `data_dir` (`awaiting`: see validate). Raises DataError."""
    data_dir = Path(data_dir)
    frames = {}
    for name in ("sources", "minerals", "production", "reserves", "demand", "supply_projection",
                 "democracy_index", "countries_of_concern", "comparability", "change_exceptions",
                 "world_total_exceptions", "as_of", "sanctions", "territories", "export_controls", "control_notes",
                 "targets", "minerals_outside", "rare_earth_elements", "cleantech_demand", "refinery_production",
                 "corrections", "country_names", "import_sources", "import_reliance", "import_basis"):
        table = TABLES[name]
        with working_on("reading", f"data/{table.file}"):
            frames[name] = typed(read_csv(data_dir / table.file), table, table.file)
        if name in NON_EMPTY and frames[name].empty:
            raise DataError(table.file, 2, "-", "no data rows", "at least one row below the header")
    with working_on("reading", "data/partnerships.yaml"):
        partnerships, members = read_partnerships(data_dir / "partnerships.yaml")
    ruled, notices = [], []
    for slug in partnerships.loc[partnerships["rule"] == "eiu_democracy", "partnership"]:
        derived, notice = democracies(frames["democracy_index"])
        ruled.append(derived.assign(partnership=slug))
        notices += [notice] if notice else []
    members = pd.concat([members, *ruled], ignore_index=True)[members.columns]
    members = with_counted_territories(members, partnerships, frames["territories"])
    frames["partnerships"] = in_reading_order(partnerships, members)
    frames["partnership_members"] = members
    changelog = data_dir / "CHANGELOG.md"
    dataset = Dataset(**frames, changelog=read_changelog(changelog), notices=notices)
    validate(dataset, awaiting)
    check_against_last_commit(data_dir, dataset)
    dataset.supply_projection, dataset.iea_world_totals = reconcile_iea(dataset.supply_projection)
    return dataset


def repository_top(data_dir):
    """The top folder of the git repository data_dir is in, or None (no repository, or no git)."""
    try:
        return Path(subprocess.run(["git", "-C", str(data_dir), "rev-parse", "--show-toplevel"], capture_output=True,
                                   text=True, check=True).stdout.strip()).resolve()
    except (OSError, subprocess.CalledProcessError):
        return None


def committed_text(top, path):
    """The text of `path` at the last commit of the repository at `top`, or None (the file is new since)."""
    try:
        relative = path.resolve().relative_to(top).as_posix()
        shown = subprocess.run(["git", "-C", str(top), "show", f"HEAD:{relative}"], capture_output=True, check=True)
    except (OSError, ValueError, subprocess.CalledProcessError):
        return None
    return shown.stdout.decode("utf-8", errors="replace")


def check_against_last_commit(data_dir, ds):
    """Every figure of the tables plausibility.CHECKED moves at most MAX_CHANGE times since the last commit, unless
    change_exceptions.csv explains it: DataError naming the file, row, key, old and new value."""
    top = repository_top(data_dir)
    if top is None:
        return
    for name in CHECKED:
        table = TABLES[name]
        path = Path(data_dir) / table.file
        text = committed_text(top, path)
        # Unchanged since the last commit (the usual case): nothing to compare, no table to type again.
        if text is None or not text.strip() or text == path.read_text(encoding="utf-8"):
            continue
        try:
            before = typed(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False), table, table.file)
        except (DataError, ValueError):
            continue  # the committed version was itself refused: nothing plausible to compare with
        changed = implausible_changes(before, getattr(ds, name), name, ds.change_exceptions)
        if len(changed):
            row = changed.iloc[0]
            value = CHECKED[name][0]
            raise DataError(table.file, line_of(row["row"]), value,
                            f"{row['new']:g} for {describe(row, name)} (it was {row['old']:g} at the last commit)",
                            f"a change of at most {MAX_CHANGE:g}× since the last commit (a unit slip?), or a row in "
                            "change_exceptions.csv that explains it")
