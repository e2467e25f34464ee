"""EIU Democracy Index, as exported by Our World in Data → democracy_index.csv."""

from pathlib import Path

import pandas as pd

from ..countries import is_iso3
from . import ImportFailure, replace_tables, upstream


def import_eiu(path, data_dir, source_id):
    """Keep the rows with a real ISO3 country code (OWID regions have none). Returns the row count."""
    expected = ["Entity", "Code", "Year", "Democracy score"]
    with upstream(path, f"Our World in Data's EIU Democracy Index CSV with the columns {expected}"):
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if list(raw.columns) != expected:
            raise ImportFailure(f"{Path(path).name}: columns {list(raw.columns)}, expected {expected}")
        for column in ("Year", "Democracy score"):
            bad = pd.to_numeric(raw[column], errors="coerce").isna()
            if bad.any():
                raise ImportFailure(f"{Path(path).name}, row {bad.idxmax() + 2}: {column} {raw.at[bad.idxmax(), column]!r} "
                                    "is not a number (a truncated file?); nothing was imported")
        countries = raw[raw["Code"].map(is_iso3)]
        frame = pd.DataFrame({
            "country_iso3": countries["Code"],
            "year": countries["Year"].astype(int),
            "democracy_score": countries["Democracy score"].astype(float),
            "source_id": source_id,
        })
    if frame.empty:
        raise ImportFailure(f"{Path(path).name}: no rows with a country code; expected {expected}")
    replace_tables(data_dir, {"democracy_index": frame}, f"Imported the EIU Democracy Index ({Path(path).name})", path)
    return len(frame)
