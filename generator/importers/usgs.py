"""USGS Mineral Commodity Summaries world tables → production.csv and reserves.csv.

Reads the three layouts the USGS has shipped:
- MCS 2023 and 2024: a folder of per-commodity files `mcs<edition>-<code>_world.csv`;
- MCS 2025: one wide file with a row per commodity × country (`MCS2025_World_Data.csv`);
- MCS 2026: one long cp1252 file (`MCS2026_Commodities_Data.csv`).

Production for a mineral-year is replaced only by an edition at least as new as the
one already in the table, so importing editions in any order gives the same tables.

A mineral whose production pattern matches more than one USGS series (the platinum-group metals: platinum and
palladium, each on its own row) gets their sum, country by country, with both published cells kept in
`reported_as`.
"""

import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..countries import clean_name, to_iso3
from ..load import read_csv
from ..schema import IMPORT_SHRINK_TOLERANCE, MAX_CHANGE, TABLES, USGS_CODES
from . import ImportFailure, read_table, replace_tables, typed_columns, upstream
from .usgs_imports import merge_reliance, read_long_2026 as read_imports_2026, read_salient_folder

TABLES_WRITTEN = ("production", "reserves", "refinery_production")
EXPECTED = ("a USGS Mineral Commodity Summaries world-data release: the 2026 long CSV, the 2025 wide CSV, "
            "or a 2023/2024 folder of per-commodity CSVs (world or salient statistics)")

UNIT_FACTORS = {"t": "1", "metric tons": "1", "kt": "1000", "thousand metric tons": "1000",
                "kg": "0.001", "kilograms": "0.001"}
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
# MCS 2023/2024 production columns: "Prod_kt_est_2023", and for titanium "Prod_Sponge_t_Est_2022".
PRODUCTION_COLUMN = r"Prod_(?:Sponge_)?(t|kt|kg)(_est)?_(\d{4})"


def parse_cell(cell, unit):
    """One published cell → value_t, low_t, high_t and code. Codes never become numbers."""
    factor = Decimal(UNIT_FACTORS[unit])

    def tonnes(text):
        return float(Decimal(text.replace(",", "")) * factor)

    text = " ".join(cell.replace("\u2013", "-").split())
    empty = {"value_t": None, "low_t": None, "high_t": None, "code": ""}
    if match := re.fullmatch(rf"e\s*({_NUMBER})", text):  # "e20,000": an estimate marked in the cell
        return {**empty, "value_t": tonnes(match[1]), "estimated": True}
    if re.fullmatch(_NUMBER, text):
        return {**empty, "value_t": tonnes(text)}
    if text in ("—", "-", "--"):  # the USGS dash: zero by the MCS metadata; the code keeps it traceable
        return {**empty, "value_t": 0.0, "code": "—"}
    if text == "":
        return {**empty, "code": "NA"}
    if match := re.fullmatch(rf"([<>])\s*({_NUMBER})", text):
        bound = "low_t" if match[1] == ">" else "high_t"
        return {**empty, bound: tonnes(match[2]), "code": match[1]}
    if match := re.fullmatch(rf"({_NUMBER})\s*-\s*({_NUMBER})", text):
        return {**empty, "low_t": tonnes(match[1]), "high_t": tonnes(match[2]), "code": "range"}
    code = text.rstrip(".")
    code = code.lower() if code.lower() == "included in world total" else code
    if code in USGS_CODES:
        return {**empty, "code": code}
    raise ValueError(f"a number, a range, a bound or one of the USGS codes {list(USGS_CODES)}")


def says_estimated(note, year):
    """USGS notes mark earlier years as estimates: "Also estimated in 2022", "estimated 2023"."""
    return re.search(rf"estimated\D{{0,5}}{year}", note, re.IGNORECASE) is not None


def row_kind(name):
    lowered = clean_name(name).lower()
    if lowered.startswith("world total"):
        return "world_total"
    if lowered.startswith("other countries") or lowered == "other":
        return "other_countries"
    return "country"


def is_production(mineral, row_type):
    """Whether a USGS row is the production series minerals.csv names for the mineral (its `usgs_production`
    pattern: mine output for most, refinery or smelter output where the USGS has no mine table)."""
    return re.search(mineral.usgs_production, row_type, re.IGNORECASE) is not None


def commodities(name):
    """The MCS 2026 commodity names of one mineral: one, or several joined by '|' where the chapter lists its
    series as commodities of their own (Platinum, Palladium, Platinum-Group Metals)."""
    return name.split("|")


def check_critical_list(path, minerals):
    """The MCS 2026 long file says, per chapter, whether the mineral is on the USGS 2025 critical-minerals list:
    minerals.csv's `critical_2025` must say the same."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="cp1252",
                      usecols=["Commodity", "Is critical mineral 2025"])
    flags = raw.groupby("Commodity")["Is critical mineral 2025"].agg(lambda v: set(v) & {"Yes", "No"})
    for m in minerals.itertuples():
        published = set().union(*(flags.get(name, set()) for name in commodities(m.usgs_commodity)))
        if len(published) == 1 and (published == {"Yes"}) != (m.critical_2025 == "true"):
            raise ImportFailure(f"data/minerals.csv, {m.mineral}, critical_2025: found {m.critical_2025}, expected "
                                f"{'true' if published == {'Yes'} else 'false'} as {Path(path).name} says "
                                "('Is critical mineral 2025')")


# Each reader yields raw cells: (line, mineral, country name, table, year, cell, unit, estimated, note, series),
# `series` being the row's production type as the USGS writes it ("Mine production: Platinum").

def read_per_commodity_folder(folder, minerals):
    files = {p.name.lower(): p for p in Path(folder).glob("*.csv")}
    edition = int(re.search(r"mcs(\d{4})", next(iter(sorted(files)))).group(1))
    for m in minerals.itertuples():
        # A chapter's code can change between editions (zirco-hafni in 2023, zirco in 2024): any listed code.
        path = next((files[f] for code in m.usgs_file_code.split() if (f := f"mcs{edition}-{code}_world.csv") in files),
                    None)
        if path is None:
            raise ImportFailure(f"{folder}: no file for {m.mineral} (code {m.usgs_file_code})")
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        production = [c for c in raw.columns if re.fullmatch(PRODUCTION_COLUMN, c, re.IGNORECASE)]
        notes = "Prod_notes" if "Prod_notes" in raw.columns else "Prod_note"  # MCS 2024 chromium says Prod_note
        reserves = [c for c in raw.columns if re.fullmatch(r"Reserves_(t|kt|kg)(_\d{4})?", c)]  # "Reserves_kt_2023"
        for index, row in raw.iterrows():
            if not row["Country"].strip() or not is_production(m, row["Type"]):
                continue
            where = (f"{path.name}, row {index + 2}", m.mineral, row["Country"])
            for column in production:
                unit, est, year = re.fullmatch(PRODUCTION_COLUMN, column, re.IGNORECASE).groups()
                yield (*where, "production", int(year), row[column], unit,
                       bool(est) or says_estimated(row[notes], year), row[notes], row["Type"])
            for column in reserves:
                unit = column.split("_")[1]
                yield (*where, "reserves", edition - 1, row[column], unit, False, row["Reserves_notes"], row["Type"])


def read_wide_2025(path, minerals):
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.columns = [c.replace(" ", "") for c in raw.columns]
    edition = int(raw["SOURCE"].iloc[0].removeprefix("MCS"))
    chapters = {m.usgs_commodity_2025: m for m in minerals.itertuples()}
    years = sorted(int(c[-4:]) for c in raw.columns if re.fullmatch(r"PROD_(EST_)?\d{4}", c))
    for index, row in raw.iterrows():
        m = chapters.get(row["COMMODITY"].strip())
        if m is None or not is_production(m, row["TYPE"]):
            continue
        where = (f"{Path(path).name}, row {index + 2}", m.mineral, row["COUNTRY"])
        unit, notes = row["UNIT_MEAS"].strip(), row["PROD_NOTES"]
        for year in years:
            column = f"PROD_{year}" if f"PROD_{year}" in raw.columns else f"PROD_EST_{year}"
            estimated = "EST" in column or "estimated" in row["TYPE"].lower() or says_estimated(notes, year)
            yield (*where, "production", year, row[column], unit, estimated, notes, row["TYPE"])
        yield (*where, "reserves", edition - 1, row[f"RESERVES_{edition - 1}"], unit, False, row["RESERVE_NOTES"],
               row["TYPE"])


def read_long_2026(path, minerals):
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="cp1252")
    chapters = {name: m for m in minerals.itertuples() for name in commodities(m.usgs_commodity)}
    world = raw["Section"].str.startswith("World")
    for index, row in raw[world].iterrows():
        m = chapters.get(row["Commodity"])
        detail = row["Statistics_detail"]
        if m is None:
            continue
        if row["Statistics"] == "Production" and is_production(m, detail):
            table = "production"
        elif row["Statistics"] == "Reserves" and re.search(m.usgs_reserves, detail, re.IGNORECASE):
            table = "reserves"
        else:
            continue
        yield (f"{Path(path).name}, row {index + 2}", m.mineral, row["Country"], table, int(row["Year"]),
               row["Value"], row["Unit"], row["Notes"].startswith("Estimated"), row["Notes"], detail)


def read_release(path, minerals):
    """Pick the reader by layout. Returns (edition, list of raw cells); reserves are stated for edition − 1."""
    path = Path(path)
    minerals = minerals.assign(usgs_reserves=minerals["usgs_reserves"].replace("", "."))
    if path.is_dir():
        reader = read_per_commodity_folder
    elif path.read_bytes()[:200].decode("latin-1").startswith("MCS chapter"):
        reader = read_long_2026
        check_critical_list(path, minerals)
    else:
        reader = read_wide_2025
    cells = list(reader(path, minerals))
    reserves_years = [c[4] for c in cells if c[3] == "reserves"]
    if not reserves_years:
        raise ImportFailure(f"{path.name}: no reserves rows for any mineral in minerals.csv; expected {EXPECTED}")
    return max(reserves_years) + 1, cells


def tidy(cells, edition, overrides, corrections, outside=(), no_reserves=()):
    """Raw cells → rows of production.csv / reserves.csv, and of refinery_production.csv for the minerals
    `outside` the engine. A refinery or smelter table has no reserves (reserves are ore in the ground, not the
    metal it counts): for those minerals (`no_reserves`, and every one outside) a stray reserves cell, "NA" in
    MCS 2023 for gallium, or selenium and tellurium reserves of earlier editions, is left out."""
    fixes = {(r.mineral, clean_name(r.country), r.column): r.value
             for r in corrections[corrections["edition"] == str(edition)].itertuples()}
    rows = {table: [] for table in TABLES_WRITTEN}
    for where, mineral, country, table, year, cell, unit, estimated, note, series in cells:
        if mineral in no_reserves and table == "reserves":
            continue
        if mineral in outside:
            if table == "reserves":
                continue
            table = "refinery_production"
        kind = row_kind(country)
        iso3 = to_iso3(country, overrides) if kind == "country" else ""
        if iso3 is None:
            raise ImportFailure(f"{where}: unknown country name {clean_name(country)!r}; "
                                "add it to data/country_names.csv with its ISO3 code and a reason")
        column = f"{table} {year}" if table != "reserves" else table
        published = f"{cell.strip()} {unit.strip()}".strip()
        fixed = fixes.get((mineral, clean_name(country), column))
        if fixed is not None:
            published = f"{published} (corrected to {fixed}: data/corrections.csv)".lstrip()
            cell = fixed
        unit = fixes.get((mineral, "*", f"{table} unit"), unit.strip())
        try:
            value = parse_cell(cell, unit)
        except (ValueError, KeyError) as error:
            raise ImportFailure(f"{where}: {table} {year} cell {cell!r} (unit {unit!r}): expected {error}") from None
        estimated = estimated or value.pop("estimated", False)
        rows[table].append({
            "mineral": mineral, "row_kind": kind, "country_iso3": iso3, "year": year, **value,
            "estimated": bool(estimated), "edition": edition, "source_id": f"usgs-mcs-{edition}",
            "reported_as": published, "note": " ".join(note.split()), "where": where, "series": series.strip(),
        })
    return {table: pd.DataFrame(add_series(r, table), columns=TABLES[table].columns) for table, r in rows.items()}


KEY = ("mineral", "row_kind", "country_iso3", "year")


def add_series(rows, table):
    """One row per mineral, country and year of `table`. Production where a mineral's pattern matched several
    series (platinum and palladium) is their sum, and every series must give a figure: a withheld, unavailable or
    bounded half would pass the other alone for the whole. Reserves are given on one series' row only (the USGS
    prints the PGM reserves once, and "NA" or nothing on the other row); two figures are refused, not added."""
    groups = {}
    for row in rows:
        groups.setdefault(tuple(row[k] for k in KEY), []).append(row)
    summed = []
    for parts in groups.values():
        if len({p["series"] for p in parts}) < len(parts):
            raise ImportFailure(f"{parts[-1]['where']}: a second {parts[-1]['series']!r} row for the same country and "
                                "year; expected one row a series")
        note = " -- ".join(dict.fromkeys(p["note"] for p in parts if p["note"]))
        if table == "reserves" and len(parts) > 1:
            given = [p for p in parts if p["code"] != "NA"]
            if len(given) > 1:
                raise ImportFailure(f"{given[-1]['where']}: reserves given on two rows ({given[0]['series']}, "
                                    f"{given[-1]['series']}); expected them on one")
            parts = given or [{**parts[0], "note": note}]  # the row with the figure, with its own note
        if len(parts) > 1:
            missing = [p for p in parts if p["value_t"] is None]
            # Every series unavailable (NA) is one unavailable row; any other gap would hide in the sum.
            if missing and (len(missing) < len(parts) or missing[0]["code"] != "NA"):
                odd = missing[0]
                raise ImportFailure(f"{odd['where']}: {odd['series']} cell {odd['reported_as']!r} is not a figure, "
                                    "so it cannot be added to the other series of the mineral; expected a number")
            # Added as decimals: 16.1 + 5.17 t is 21.27 t, not 21.270000000000003.
            total = None if missing else float(sum(Decimal(repr(p["value_t"])) for p in parts))
            parts = [{**parts[0], "value_t": total, "code": "NA" if missing else "" if total else "—",
                      "estimated": any(p["estimated"] for p in parts),
                      "reported_as": " + ".join(f"{p['reported_as']} ({p['series']})" for p in parts),
                      "note": note}]
        summed.append(parts[0])
    return summed


def merge(existing, new):
    """Keep, for each mineral-year, only the rows of the newest edition."""
    combined = pd.concat([existing.astype({"edition": int, "year": int}), new], ignore_index=True)
    newest = combined.groupby(["mineral", "year"])["edition"].transform("max")
    return combined[combined["edition"] == newest]


def chapters_to_read(data_dir):
    """minerals.csv and the minerals outside the engine that have a USGS country table, in one frame the readers
    take; the slugs of the latter; and the slugs of the minerals whose table is a refinery or smelter stage's,
    which has no reserves."""
    minerals, outside = read_table(data_dir, "minerals"), read_table(data_dir, "minerals_outside")
    outside = outside[outside["usgs_production"] != ""].assign(usgs_reserves="")
    no_reserves = set(minerals.loc[minerals["stage"] != "mine", "mineral"])
    return (pd.concat([minerals, outside[[c for c in minerals.columns if c in outside.columns]]],
                      ignore_index=True).fillna(""), set(outside["mineral"]), no_reserves)


def import_usgs(path, data_dir):
    """Import one USGS MCS release into `data_dir`. Returns the edition imported."""
    data_dir = Path(data_dir)
    minerals, outside, no_reserves = chapters_to_read(data_dir)
    overrides = dict(read_csv(data_dir / "country_names.csv")[["name", "country_iso3"]].itertuples(index=False))
    if is_salient_folder(path):
        return import_salient(path, data_dir, minerals)
    with upstream(path, EXPECTED):
        edition, cells = read_release(path, minerals)
        if not Path(path).is_dir() and edition >= 2026:
            check_critical_list(path, read_table(data_dir, "minerals_outside"))
    if f"usgs-mcs-{edition}" not in set(read_table(data_dir, "sources")["source_id"]):
        raise ImportFailure(f"data/sources.csv has no entry 'usgs-mcs-{edition}': add the edition's source first")
    new = tidy(cells, edition, overrides, read_table(data_dir, "corrections"), outside, no_reserves)
    frames = {}
    for table in TABLES_WRITTEN:
        existing = read_table(data_dir, table)
        check_nothing_lost(existing, new[table], edition, table, Path(path).name)
        check_revisions(existing, new[table], read_table(data_dir, "change_exceptions"), table, Path(path).name)
        frames[table] = merge(_typed_for_merge(existing[existing["edition"] != str(edition)]), new[table])
    if not Path(path).is_dir() and edition >= 2026:  # the long file carries US import sources and reliance too
        with upstream(path, EXPECTED):
            frames.update(imports_of_release(path, data_dir, overrides, edition))
    replace_tables(data_dir, frames, f"Imported USGS MCS {edition} ({Path(path).name})", path,
                   guard_removals=False)
    return edition


def check_nothing_lost(existing, new, edition, table, name):
    """Refuse an import that would lose data: a mineral or country the last import of this edition had, or more
    than IMPORT_SHRINK_TOLERANCE of its rows. A first import of an edition is held to the edition before it."""
    same = existing[existing["edition"] == str(edition)]
    older = existing[existing["edition"].astype(int) < edition]
    before = same if len(same) else older[older["edition"] == older["edition"].max()] if len(older) else same
    what = f"the previous import of MCS {edition}" if len(same) else f"MCS {before['edition'].max()}"
    missing = sorted(set(before["mineral"]) - set(new["mineral"]))
    if missing:
        raise ImportFailure(f"{name}: {table} for {', '.join(missing)} is missing, which {what} had: "
                            f"a truncated or partial file? Nothing was imported")
    if len(same):
        had = set(zip(same["mineral"], same["country_iso3"]))
        lost = sorted(had - set(zip(new["mineral"], new["country_iso3"])))
        if lost:
            raise ImportFailure(f"{name}: {table} rows for {len(lost)} mineral-country pairs that {what} had are "
                                f"missing (first: {lost[0][0]}, {lost[0][1] or 'aggregate'}): a truncated or "
                                f"partial file? Nothing was imported")
    if len(new) < (1 - IMPORT_SHRINK_TOLERANCE) * len(before):
        raise ImportFailure(f"{name}: {len(new)} {table} rows against {len(before)} in {what}, more than "
                            f"{IMPORT_SHRINK_TOLERANCE:.0%} fewer: a truncated or partial file? Nothing was imported")


def check_revisions(existing, new, exceptions, table, name):
    """A newer edition's figure for a year an older edition covered moves at most MAX_CHANGE times,
    unless change_exceptions.csv explains it."""
    explained = set(zip(exceptions["table"], exceptions["mineral"], exceptions["country_iso3"],
                        exceptions["year"].astype(int)))
    older = _typed_for_merge(existing).astype({"year": int, "edition": int})
    older = older[older["row_kind"] == "country"]
    joined = new[new["row_kind"] == "country"].merge(older, on=["mineral", "country_iso3", "year"],
                                                     suffixes=("", "_old"))
    joined = joined[(joined["edition_old"] < joined["edition"]) & (joined["value_t"] > 0)
                    & (joined["value_t_old"] > 0)]
    ratio = (joined["value_t"] / joined["value_t_old"]).map(lambda r: max(r, 1 / r))
    for _, row in joined[ratio > MAX_CHANGE].iterrows():
        if (table, row["mineral"], row["country_iso3"], int(row["year"])) not in explained:
            raise ImportFailure(f"{name}: {table} of {row['mineral']}, {row['country_iso3']} {row['year']} is "
                                f"{row['value_t']:g} t against {row['value_t_old']:g} t in MCS {row['edition_old']}, "
                                f"more than {MAX_CHANGE:g}× apart: a unit slip? Explain it in "
                                "data/change_exceptions.csv to import it")


def _typed_for_merge(frame):
    return typed_columns(frame, ("value_t", "low_t", "high_t"))


def is_salient_folder(path):
    """A folder of per-commodity salient-statistics files and no world tables: net import reliance only."""
    path = Path(path)
    return path.is_dir() and any(path.glob("*_salient.csv")) and not any(path.glob("*_world.csv"))


def imports_of_release(path, data_dir, overrides, edition):
    """import_sources.csv and import_reliance.csv with this MCS long file's rows: its import sources beside those
    of other editions, and its reliance years replacing older editions' (issue 27)."""
    named = pd.concat([read_table(data_dir, t)[["mineral", "usgs_commodity"]] for t in ("minerals", "minerals_outside")])
    sources, reliance = read_imports_2026(path, named, overrides, edition)
    existing = read_table(data_dir, "import_sources")
    kept = existing[existing["edition"] != str(edition)]
    check_shrink(existing[existing["edition"] == str(edition)], sources, "import_sources", Path(path).name)
    old_reliance = read_table(data_dir, "import_reliance")
    check_shrink(old_reliance[old_reliance["edition"] == str(edition)], reliance, "import_reliance", Path(path).name)
    kept = typed_columns(kept, ("share_pct", "low_pct", "high_pct"), bools=())
    return {"import_sources": pd.concat([kept.astype({"edition": int}), sources], ignore_index=True),
            "import_reliance": merge_reliance(old_reliance, reliance)}


def import_salient(path, data_dir, minerals):
    """Net import reliance from one edition's salient-statistics folder (MCS 2022-2024): the series
    import_basis.csv declares, each year kept only where no newer edition gives it. Returns the edition."""
    with upstream(path, EXPECTED):
        edition, reliance = read_salient_folder(path, minerals, read_table(data_dir, "import_basis"))
    if f"usgs-mcs-{edition}" not in set(read_table(data_dir, "sources")["source_id"]):
        raise ImportFailure(f"data/sources.csv has no entry 'usgs-mcs-{edition}': add the edition's source first")
    existing = read_table(data_dir, "import_reliance")
    check_shrink(existing[existing["edition"] == str(edition)], reliance, "import_reliance", Path(path).name)
    replace_tables(data_dir, {"import_reliance": merge_reliance(existing, reliance)},
                   f"Imported USGS MCS {edition} net import reliance ({Path(path).name})", path, guard_removals=False)
    return edition


def check_shrink(before, new, table, name):
    """A re-import of an edition may not lose a mineral, or more than IMPORT_SHRINK_TOLERANCE of its rows."""
    missing = sorted(set(before["mineral"]) - set(new["mineral"]))
    if missing:
        raise ImportFailure(f"{name}: {table} for {', '.join(missing)} is missing, which the previous import of "
                            "this edition had: a truncated or partial file? Nothing was imported")
    if len(new) < (1 - IMPORT_SHRINK_TOLERANCE) * len(before):
        raise ImportFailure(f"{name}: {len(new)} {table} rows against {len(before)} in the previous import of this "
                            f"edition, more than {IMPORT_SHRINK_TOLERANCE:.0%} fewer: a truncated or partial file? "
                            "Nothing was imported")
