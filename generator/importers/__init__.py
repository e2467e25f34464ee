"""Importers: turn an upstream release into the curated tables in `data/`.

Each importer builds its new tables in memory, validates the whole data package with
them in a scratch copy, and only then replaces the files, so a failed import writes nothing.
"""

import os
import shutil
import tempfile
from pathlib import Path


from ..csvtext import csv_text
from ..load import load, read_csv
from ..schema import TABLES


class ImportFailure(Exception):
    """An upstream file cannot be imported: says which file, which row and why."""


def to_csv_text(frame, table):
    """Deterministic CSV text of `frame` in the column order and key order of `table`."""
    return csv_text(frame.sort_values(list(table.primary_key), kind="stable"), table.fields)


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
