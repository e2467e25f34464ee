"""USGS US import sources and net import reliance → import_sources.csv and import_reliance.csv (issue 27).

Two layouts:
- the MCS 2026 long file: rows with Statistics "Import sources 2021-2024" (a share per country and product form,
  with "Other countries") and "Net import reliance" (2021–2025, each series named with its consumption basis);
- a folder of MCS 2022–2024 salient-statistics files (`mcs2023-lithi_salient.csv`), which give net import reliance
  for five years each: only the series import_basis.csv declares are read, in the column its pattern names.

Every cell is kept as the USGS gives it: a figure, a bound (">50", "<1"), or a code ("E" net exporter, "NA", "s").
Each reliance year comes from the newest edition that gives it, so editions import in any order to the same table.
"""

import re
from pathlib import Path

import pandas as pd

from ..countries import clean_name, to_iso3
from ..schema import IMPORT_CODES, LIST_SEPARATOR, TABLES
from . import ImportFailure, typed_columns

IMPORT_SOURCES = re.compile(r"Import sources (\d{4})-(\d{4})")
RELIANCE = "Net import reliance"
# A block's shares add up to 100 % within this many points: the USGS rounds each share to a whole percent.
SUM_TOLERANCE = 3.0
SALIENT_FILE = re.compile(r"mcs(\d{4})-([a-z-]+)_salient\.csv", re.IGNORECASE)


def parse_percent(cell):
    """One published percent cell → share/value, low, high (percent) and code. Codes never become numbers."""
    text = " ".join(cell.split())
    empty = {"value": None, "low_pct": None, "high_pct": None, "code": ""}
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return {**empty, "value": float(text)}
    if match := re.fullmatch(r"([<>])\s*(\d+(\.\d+)?)", text):
        return {**empty, ("low_pct" if match[1] == ">" else "high_pct"): float(match[2]), "code": match[1]}
    if text in ("—", "-", "--"):
        return {**empty, "value": 0.0, "code": "—"}
    if text == "":
        return {**empty, "code": "NA"}
    if text in IMPORT_CODES:
        return {**empty, "code": text}
    raise ValueError(f"a percentage, a bound (>50, <1) or one of the USGS codes {list(IMPORT_CODES)}")


def chapters(minerals):
    """MCS 2026 commodity name, in lower case (the sections spell it in different cases) → mineral slug."""
    return {name.lower(): m.mineral for m in minerals.itertuples() for name in m.usgs_commodity.split("|")}


def _cell(where, cell, what):
    try:
        return parse_percent(cell)
    except ValueError as error:
        raise ImportFailure(f"{where}: {what} cell {cell!r}: expected {error}") from None


def read_long_2026(path, minerals, overrides, edition):
    """Import-source and reliance rows of the MCS 2026 long file for the minerals named. Returns two frames."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="cp1252")
    names, name = chapters(minerals), Path(path).name
    sources, reliance = [], []
    for index, row in raw.iterrows():
        mineral = names.get(row["Commodity"].strip().lower())
        statistic = row["Statistics"].strip()
        if mineral is None or not (statistic.startswith("Import sources") or statistic == RELIANCE):
            continue
        where = f"{name}, row {index + 2}"
        if row["Unit"].strip() != "percent":
            raise ImportFailure(f"{where}: unit {row['Unit']!r} for {statistic!r}; expected 'percent'")
        note = " ".join(row["Notes"].split())
        if statistic == RELIANCE:
            value = _cell(where, row["Value"], "net import reliance")
            reliance.append({"mineral": mineral, "series": " ".join(row["Statistics_detail"].split()),
                             "year": int(row["Year"]), "value_pct": value.pop("value"), **value,
                             "estimated": note.startswith("Estimated"), "edition": edition,
                             "source_id": f"usgs-mcs-{edition}", "reported_as": row["Value"].strip(), "note": note})
            continue
        period = IMPORT_SOURCES.fullmatch(statistic)
        if period is None:
            raise ImportFailure(f"{where}: statistic {statistic!r}; expected 'Import sources <first>-<last year>'")
        country = clean_name(row["Country"])
        kind = "other_countries" if country.lower().startswith("other") else "country"
        iso3 = to_iso3(country, overrides) if kind == "country" else ""
        if iso3 is None:
            raise ImportFailure(f"{where}: unknown country name {country!r}; add it to data/country_names.csv "
                                "with its ISO3 code and a reason")
        share = _cell(where, row["Value"], "import share")
        sources.append({"mineral": mineral, "edition": edition, "period": f"{period[1]}-{period[2]}",
                        "form": " ".join(row["Statistics_detail"].split()), "row_kind": kind, "country_iso3": iso3,
                        "share_pct": share.pop("value"), **share, "source_id": f"usgs-mcs-{edition}",
                        "reported_as": row["Value"].strip(), "note": note, "where": where})
    sources = pd.DataFrame(sources, columns=[*TABLES["import_sources"].columns, "where"])
    check_blocks(sources, name)
    return sources.drop(columns="where"), pd.DataFrame(reliance, columns=TABLES["import_reliance"].columns)


def check_blocks(sources, name):
    """Each mineral × form block of shares must be whole: its figures and bounds admit a total of 100 %. A block
    cut short (a truncated file) or a row relabelled into another block is refused in one line."""
    for (mineral, form), block in sources.groupby(["mineral", "form"], sort=False):
        duplicated = block.duplicated(["row_kind", "country_iso3"])
        if duplicated.any():
            row = block[duplicated].iloc[0]
            raise ImportFailure(f"{row['where']}: a second {row['country_iso3'] or 'other countries'} row in the "
                                f"{mineral} import sources ({form!r}); expected one row a country")
        low = block["share_pct"].fillna(block["low_pct"]).fillna(0).sum()
        high = block["share_pct"].fillna(block["high_pct"]).fillna(100).sum()
        if low > 100 + SUM_TOLERANCE or high < 100 - SUM_TOLERANCE:
            total = f"{low:g} %" if low == high else f"{low:g}-{high:g} %"
            raise ImportFailure(f"{name}: the {mineral} import sources ({form!r}, {len(block)} rows from "
                                f"{block['where'].iloc[0].split(', ')[-1]}) add up to {total}; expected 100 % within "
                                f"{SUM_TOLERANCE:g} points: a truncated or relabelled block? Nothing was imported")


def read_salient_folder(folder, minerals, basis):
    """Net import reliance of the series import_basis.csv declares, from a folder of one edition's salient files.
    A file without the declared column gives nothing for that series (MCS 2024's cobalt file is a world table)."""
    files = {}
    for path in sorted(Path(folder).glob("*.csv")):
        if match := SALIENT_FILE.search(path.name):
            files[match[2].lower()] = (int(match[1]), path)
    if not files:
        raise ImportFailure(f"{Path(folder).name}: no salient-statistics files (mcs<edition>-<code>_salient.csv)")
    edition = max(e for e, _ in files.values())
    codes = dict(zip(minerals["mineral"], minerals["usgs_file_code"]))
    rows = []
    for b in basis.itertuples():
        if not b.salient_columns:
            continue
        found = [files[c] for c in codes.get(b.mineral, "").split() if c in files]
        for _, path in found:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            if "Year" not in raw.columns:
                continue
            for series, pattern in zip(b.reliance_series.split(LIST_SEPARATOR),
                                       b.salient_columns.split(LIST_SEPARATOR)):
                columns = [c for c in raw.columns if re.fullmatch(pattern, c.strip(), re.IGNORECASE)]
                if len(columns) > 1:
                    raise ImportFailure(f"{path.name}: columns {columns} all match {pattern!r} "
                                        f"(data/import_basis.csv, {b.mineral}); expected one")
                for index, row in raw.iterrows() if columns else ():
                    if not row["Year"].strip():
                        continue
                    value = _cell(f"{path.name}, row {index + 2}", row[columns[0]], columns[0])
                    rows.append({"mineral": b.mineral, "series": series, "year": int(row["Year"]),
                                 "value_pct": value.pop("value"), **value,
                                 "estimated": int(row["Year"]) == edition - 1, "edition": edition,
                                 "source_id": f"usgs-mcs-{edition}",
                                 "reported_as": f"{row[columns[0]].strip()} ({columns[0].strip()})", "note": ""})
    return edition, pd.DataFrame(rows, columns=TABLES["import_reliance"].columns)


def merge_reliance(existing, new):
    """Each mineral, series and year from the newest edition that gives it; an edition re-imported replaces its
    own rows."""
    edition = int(new["edition"].max()) if len(new) else None
    kept = existing[existing["edition"].astype(int) != edition].astype({"year": int, "edition": int})
    combined = pd.concat([typed_columns(kept, ("value_pct", "low_pct", "high_pct")), new], ignore_index=True)
    newest = combined.groupby(["mineral", "series", "year"])["edition"].transform("max")
    return combined[combined["edition"] == newest]
