"""EIU Democracy Index, as exported by Our World in Data → democracy_index.csv."""

import pandas as pd

from ..countries import is_iso3
from . import ImportFailure, replace_tables


def import_eiu(path, data_dir, source_id):
    """Keep the rows with a real ISO3 country code (OWID regions have none). Returns the row count."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    expected = ["Entity", "Code", "Year", "Democracy score"]
    if list(raw.columns) != expected:
        raise ImportFailure(f"{path}: columns {list(raw.columns)}, expected {expected}")
    countries = raw[raw["Code"].map(is_iso3)]
    frame = pd.DataFrame({
        "country_iso3": countries["Code"],
        "year": countries["Year"].astype(int),
        "democracy_score": countries["Democracy score"].astype(float),
        "source_id": source_id,
    })
    replace_tables(data_dir, {"democracy_index": frame})
    return len(frame)
