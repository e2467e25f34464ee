"""Importers: turn an upstream release into the curated tables in `data/`.

Each importer builds its new tables in memory, validates the whole data package with
them in a scratch copy, and only then replaces the files, so a failed import writes nothing.
A file that cannot be read is refused in one line naming it and what was expected; a
successful import that changed anything appends its entry to data/CHANGELOG.md.

The tables and the changelog entry are published as one transaction (`publish_together`): a crash at any
point leaves the old data/ or the new one, never a mix, and the next command finishes what it left
(`finish_interrupted_import`).
"""

import contextvars
import datetime
import io
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from ..csvtext import csv_text
from ..errors import DataError, working_on
from ..load import load, read_csv, rule_membership_changes, typed
from ..pipeline import signals_held
from ..plausibility import CHECKED, describe, implausible_changes
from ..schema import IMPORT_SHRINK_TOLERANCE, MAX_CHANGE, TABLES

CHANGE_REPORTED = 0.01  # a figure that moves by more than 1 % counts as changed in the changelog
LARGEST_SHOWN = 3


class ImportFailure(Exception):
    """An upstream file cannot be imported: says which file, which row and why."""


# The country series the maintainer has reviewed and accepts the import removing ("lithium:AUS", or "AUS"
# in a table without minerals): `python -m generator import … --confirm-removal lithium:AUS` sets them.
CONFIRMED_REMOVALS = contextvars.ContextVar("confirmed_removals", default=frozenset())


# Set by `--confirm-change`: the maintainer has reviewed the figures the import moves more than MAX_CHANGE times (or
# the IEA years it changes) and accepts them; each is written to change_exceptions.csv and the changelog.
CONFIRMED_CHANGES = contextvars.ContextVar("confirmed_changes", default=False)


@contextmanager
def confirmed_removals(labels, changes=False):
    tokens = CONFIRMED_REMOVALS.set(frozenset(labels)), CONFIRMED_CHANGES.set(changes)
    try:
        yield
    finally:
        CONFIRMED_REMOVALS.reset(tokens[0])
        CONFIRMED_CHANGES.reset(tokens[1])


@contextmanager
def upstream(path, expected):
    """Read an upstream file: any way it fails to parse becomes one ImportFailure naming the file and `expected`."""
    name = Path(path).name
    if not Path(path).exists():
        raise ImportFailure(f"{name}: no such file or folder")
    if Path(path).is_file() and Path(path).suffix.lower() == ".csv" and _has_no_data_rows(path):
        raise ImportFailure(f"{name}: a header and no data rows; expected {expected}")
    try:
        with working_on("reading", name):
            yield
    except (ImportFailure, DataError):
        raise
    except IsADirectoryError:
        raise ImportFailure(f"{name}: a folder; expected {expected}") from None
    except OSError as error:
        raise ImportFailure(f"{name}: cannot be read ({error.strerror}); expected {expected}") from None
    except UnicodeDecodeError as error:
        raise ImportFailure(f"{name}: not {error.encoding} text (byte {error.start}); expected {expected}") from None
    except pd.errors.EmptyDataError:
        raise ImportFailure(f"{name}: the file is empty; expected {expected}") from None
    except pd.errors.ParserError as error:
        raise ImportFailure(f"{name}: not a well-formed CSV ({str(error).strip()}); expected {expected}") from None
    except json.JSONDecodeError as error:
        raise ImportFailure(f"{name}: not valid JSON (line {error.lineno}: {error.msg}); expected {expected}") from None
    except KeyError as error:
        raise ImportFailure(f"{name}: no {error} in the file; expected {expected}") from None
    except (ValueError, TypeError, AttributeError, IndexError, StopIteration):
        raise ImportFailure(f"{name}: its rows are not laid out as expected (a partial file, or another kind of "
                            f"file?); expected {expected}") from None


def _has_no_data_rows(path):
    """A header line and nothing else (an empty file is reported as empty by the reader)."""
    with open(path, "rb") as upstream_file:
        return sum(1 for line in upstream_file if line.strip()) == 1


def to_csv_text(frame, table):
    """Deterministic CSV text of `frame` in the column order and key order of `table`."""
    return csv_text(frame.sort_values(list(table.primary_key), kind="stable"), table.fields)


def typed_columns(frame, floats, bools=("estimated",)):
    """A curated table read as text, with the `floats` columns as numbers (empty: missing) and the `bools` as
    booleans, ready to merge with newly imported rows."""
    frame = frame.copy()
    for column in floats:
        frame[column] = pd.to_numeric(frame[column].replace("", None))
    for column in bools:
        frame[column] = frame[column] == "true"
    return frame


def read_table(data_dir, name):
    return read_csv(Path(data_dir) / TABLES[name].file)


def awaiting_imports(data_dir, writes=()):
    """The minerals of minerals.csv that lack, in `data_dir`, the rows of the other importer than the one that
    `writes` these tables: added by a maintainer, and waiting for that import (see validate). An import is never
    excused its own rows: a USGS import that finds none for a mineral is refused."""
    minerals = set(read_table(data_dir, "minerals")["mineral"])
    return {table: frozenset(minerals - set(read_table(data_dir, table)["mineral"]))
            for table in ("production", "demand") if table not in writes}


def replace_tables(data_dir, frames, what, upstream_file, guard_removals=True):
    """Validate `data_dir` with `frames` swapped in, then write them and record `what` in the changelog.
    Raises DataError or ImportFailure and writes nothing when the package would break a rule.

    `guard_removals`: refuse to remove more than IMPORT_SHRINK_TOLERANCE of a table's rows (the USGS
    importer, whose newer editions replace years, guards edition by edition instead)."""
    data_dir = Path(data_dir)
    texts = {TABLES[name].file: to_csv_text(frame, TABLES[name]) for name, frame in frames.items()}
    entry = changelog_entry(data_dir, frames, what, Path(upstream_file).name, guard_removals)
    awaiting = awaiting_imports(data_dir, frames)
    with tempfile.TemporaryDirectory() as scratch, working_on("checking the imported tables with", "data/"):
        scratch = Path(scratch) / "data"
        shutil.copytree(data_dir, scratch)
        for file, text in texts.items():
            (scratch / file).write_text(text, encoding="utf-8")
        imported = load(scratch, awaiting)
    confirmed = confirm_changes(data_dir, imported, frames, Path(upstream_file).name)
    if confirmed:
        exceptions = pd.concat([read_table(data_dir, "change_exceptions"), pd.DataFrame(confirmed)], ignore_index=True)
        texts[TABLES["change_exceptions"].file] = to_csv_text(exceptions.drop_duplicates(
            list(TABLES["change_exceptions"].primary_key), keep="first"), TABLES["change_exceptions"])
        entry = (entry or [f"- **{what}.**"]) + [
            f"  - Confirmed with --confirm-change: {r['table']} {r['mineral']} {r['country_iso3']} {r['year']}, "
            f"{r['reason']}." for r in confirmed]
    if "democracy_index" in frames:  # the table a rule derives members from (load.democracies)
        changes = rule_membership_changes(load(data_dir, awaiting).partnership_members, imported)
        entry = (entry or [f"- **{what}.**"]) + [f"  - {change}." for change in changes] if changes else entry
    if entry:
        changelog = data_dir / "CHANGELOG.md"
        texts[changelog.name] = with_entry(changelog.read_text(encoding="utf-8") if changelog.exists()
                                           else "# Data changelog\n\n", entry)
    publish_together(data_dir, texts)


# The staging folder of an import, beside data/ (inside it, it would be data): new/ holds the files to publish,
# old/ a hard link to each file they replace, and `files` lists them, each with whether it existed before. Its
# rename to `published` is the moment the import is whole.
IMPORT_STAGING = ".import-staging"
EXISTED = "existed"


def publish_together(data_dir, texts):
    """Write `texts` (file name → text) into `data_dir` as one transaction: all staged first (every byte written
    before any file moves), then moved in with signals held; a crash before `published` is rolled back by the
    next command, one after it rolled forward."""
    data_dir = Path(data_dir)
    staging = data_dir.parent / IMPORT_STAGING
    shutil.rmtree(staging, ignore_errors=True)  # the command finished any earlier import before it came here
    (staging / "new").mkdir(parents=True)
    (staging / "old").mkdir()
    listed = []
    for file, text in texts.items():
        (staging / "new" / file).write_text(text, encoding="utf-8")
        existed = (data_dir / file).exists()
        if existed:
            os.link(data_dir / file, staging / "old" / file)
        listed.append(f"{file}\t{EXISTED if existed else 'new'}")
    (staging / "files.tmp").write_text("\n".join(listed) + "\n", encoding="utf-8")
    os.replace(staging / "files.tmp", staging / "files")  # from here a crash is rolled back
    with signals_held():
        for file in texts:
            os.replace(staging / "new" / file, data_dir / file)
        os.replace(staging / "files", staging / "published")  # from here a crash is rolled forward
    shutil.rmtree(staging)


def finish_interrupted_import(data_dir):
    """Take data/ back to what it was before an import that was interrupted while publishing (or keep it whole,
    when every file had moved in), and remove what it left: its staging folder, and the `.tmp` files an import
    wrote beside the tables before imports were staged. Returns a line for the maintainer, or '' when there was
    nothing to do."""
    data_dir = Path(data_dir)
    staging = data_dir.parent / IMPORT_STAGING
    strays = sorted(data_dir.glob("*.tmp"))
    for stray in strays:
        stray.unlink()
    if not staging.exists():
        return f"note: removed {', '.join(p.name for p in strays)} left in data/ by an interrupted import" \
            if strays else ""
    if (staging / "published").exists():
        outcome = "had published every file: data/ keeps it"
    elif (staging / "files").exists():
        with signals_held():
            for line in (staging / "files").read_text(encoding="utf-8").splitlines():
                file, existed = line.split("\t")
                if existed == EXISTED and (staging / "old" / file).exists():
                    os.replace(staging / "old" / file, data_dir / file)
                elif existed != EXISTED and not (staging / "new" / file).exists():  # it had moved in
                    (data_dir / file).unlink(missing_ok=True)
        outcome = "was rolled back: data/ is as it was before it"
    else:
        outcome = "had not moved any file: data/ is as it was before it"
    shutil.rmtree(staging)
    return f"note: an interrupted import (its staging folder {IMPORT_STAGING}/ was left) {outcome}"


def compare(data_dir, name, frame):
    """The import's effect on one table: (old row count, rows added, rows removed, rows whose figure moved by
    more than 1 % with their relative change, largest first)."""
    table = TABLES[name]
    keys, value = list(table.primary_key), next(f.name for f in table.fields if f.dtype == "float")
    old = read_table(data_dir, name)
    new = pd.read_csv(io.StringIO(to_csv_text(frame, table)), dtype=str, keep_default_na=False)
    joined = old.merge(new, on=keys, how="outer", suffixes=("_old", "_new"), indicator=True)
    both = joined[joined["_merge"] == "both"]
    before = pd.to_numeric(both[f"{value}_old"].replace("", None))
    after = pd.to_numeric(both[f"{value}_new"].replace("", None))
    change = ((after - before).abs() / before.abs()).where(before != 0)
    moved = both.assign(change=change)[change > CHANGE_REPORTED].sort_values("change", ascending=False)
    moved = [(" ".join(str(r[k]) for k in keys if r[k]), r[f"{value}_old"], r[f"{value}_new"])
             for _, r in moved.iterrows()]
    return len(old), (joined["_merge"] == "right_only").sum(), (joined["_merge"] == "left_only").sum(), moved


def changelog_entry(data_dir, frames, what, upstream_name, guard_removals=True):
    """Markdown lines saying what the import changed (rows added, removed, changed by more than 1 %, the
    largest changes named), or [] when it changed nothing. Refuses an import that would remove more than
    IMPORT_SHRINK_TOLERANCE of a table's rows: a truncated upstream file must not delete data."""
    lines = []
    for name, frame in frames.items():
        count, added, removed, moved = compare(data_dir, name, frame)
        if guard_removals and count and removed > IMPORT_SHRINK_TOLERANCE * count:
            raise ImportFailure(f"{upstream_name}: the import would remove {removed} of the {count} rows of {TABLES[name].file} "
                                f"(more than {IMPORT_SHRINK_TOLERANCE:.0%}): a truncated or partial file? "
                                "Nothing was imported")
        refuse_dropped_countries(read_table(data_dir, name), frame, TABLES[name], upstream_name)
        if added or removed or moved:
            largest = "; ".join(f"{key}: {before} → {after}" for key, before, after in moved[:LARGEST_SHOWN])
            lines.append(f"- `{TABLES[name].file}`: {added} rows added, {removed} removed, {len(moved)} changed by "
                         f"more than {CHANGE_REPORTED:.0%}" + (f" (largest: {largest})" if largest else "") + ".")
    return [f"- **{what}.**", *[f"  {line}" for line in lines]] if lines else []


def refuse_dropped_countries(old, new, table, upstream_name):
    """Refuse an import that removes every figure of a named country for a mineral (a series: the table's
    key but the year), however few rows that is, unless the maintainer confirmed that removal by name."""
    if "country_iso3" not in table.columns:
        return
    series = [c for c in table.primary_key if c != "year"]
    named = [c for c in ("mineral", "country_iso3") if c in table.columns]
    had = {tuple(str(v) for v in key) for key in old[series].itertuples(index=False) if key[series.index(
        "country_iso3")]}
    kept = {tuple(str(v) for v in key) for key in new[series].astype(str).itertuples(index=False)}
    dropped = sorted(had - kept)
    labels = [":".join(key[series.index(c)] for c in named) for key in dropped]
    unconfirmed = [(key, label) for key, label in zip(dropped, labels) if label not in CONFIRMED_REMOVALS.get()]
    if unconfirmed:
        shown = "; ".join(" ".join(key) for key, _ in unconfirmed[:LARGEST_SHOWN])
        more = f" and {len(unconfirmed) - LARGEST_SHOWN} more" if len(unconfirmed) > LARGEST_SHOWN else ""
        raise ImportFailure(f"{upstream_name}: the import would remove every figure of {shown}{more} from "
                            f"{table.file}; expected the same countries as before, or, after reviewing why, "
                            f"--confirm-removal {unconfirmed[0][1]} (one per country). Nothing was imported")


def with_entry(changelog, entry):
    """The changelog with `entry` under today's heading (added at the top when it is not there yet)."""
    heading = f"## {datetime.date.today().isoformat()}"
    head, _, rest = changelog.partition("\n\n")
    if rest.startswith(heading + "\n"):
        title_end = rest.index("\n") + 1
        return f"{head}\n\n{rest[:title_end]}" + "\n".join(entry) + "\n" + rest[title_end:]
    return f"{head}\n\n{heading}\n" + "\n".join(entry) + "\n\n" + rest


def confirm_changes(data_dir, imported, frames, upstream_name):
    """change_exceptions.csv rows for the figures the import moves more than MAX_CHANGE times, when the maintainer
    confirmed them (--confirm-change); ImportFailure naming the first one when not."""
    rows = []
    exceptions = imported.change_exceptions
    for name in (n for n in frames if n in CHECKED):
        table = TABLES[name]
        before = typed(read_table(data_dir, name), table, table.file)
        after = typed(pd.read_csv(io.StringIO(to_csv_text(frames[name], table)), dtype=str, keep_default_na=False),
                      table, table.file)
        for _, row in implausible_changes(before, after, name, exceptions).iterrows():
            if not CONFIRMED_CHANGES.get():
                raise ImportFailure(f"{upstream_name}: the import would change {table.file} {describe(row, name)} from "
                                    f"{row['old']:g} to {row['new']:g}; expected a change of at most {MAX_CHANGE:g}× "
                                    "(a unit slip?), or, after reviewing it, --confirm-change. Nothing was imported")
            rows.append({"table": name, "mineral": row[CHECKED[name][1]], "country_iso3": row.get("country_iso3", "")
                         if isinstance(row.get("country_iso3", ""), str) else "", "year": int(row["year"]),
                         "reason": f"{row['old']:g} to {row['new']:g}, confirmed at the import of {upstream_name}"})
    return rows
