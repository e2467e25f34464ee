"""Importers: turn an upstream release into the curated tables in `data/`.

Each importer builds its new tables in memory, validates the whole data package with
them in a scratch copy, and only then replaces the files, so a failed import writes nothing.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from ..load import load, read_csv
from ..schema import TABLES


class ImportFailure(Exception):
    """An upstream file cannot be imported: says which file, which row and why."""


def format_number(x):
    """Shortest text that reads back as the same float; whole numbers without '.0'."""
    if pd.isna(x):
        return ""
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e17 else repr(x)


def to_csv_text(frame, table):
    """Deterministic CSV text of `frame` in the column order and key order of `table`."""
    frame = frame[table.columns].sort_values(list(table.primary_key), kind="stable").copy()
    for field in table.fields:
        column = frame[field.name]
        if field.dtype == "float":
            frame[field.name] = column.map(format_number)
        elif field.dtype == "bool":
            frame[field.name] = column.map(lambda b: "true" if b else "false")
        else:
            frame[field.name] = column.map(lambda v: "" if pd.isna(v) else str(v))
    return frame.to_csv(index=False, lineterminator="\n")


def read_table(data_dir, name):
    return read_csv(Path(data_dir) / TABLES[name].file)


def replace_tables(data_dir, frames):
    """Validate `data_dir` with `frames` swapped in, then write them. Raises DataError, writes nothing."""
    data_dir = Path(data_dir)
    texts = {TABLES[name].file: to_csv_text(frame, TABLES[name]) for name, frame in frames.items()}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch) / "data"
        shutil.copytree(data_dir, scratch)
        for file, text in texts.items():
            (scratch / file).write_text(text, encoding="utf-8")
        load(scratch)
    for file, text in texts.items():
        target = data_dir / file
        temporary = target.with_suffix(".csv.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
