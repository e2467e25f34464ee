"""IEA Critical Minerals Data Explorer (JSON form of the workbook) → demand.csv, supply_projection.csv."""

import json
from pathlib import Path

import pandas as pd

from ..countries import to_iso3
from ..load import read_csv
from . import CONFIRMED_CHANGES, ImportFailure, read_table, replace_tables, upstream

BASE_YEAR = "2024"


def scenario_rows(series):
    """{"2024": v, "STEPS": {"2030": v, …}, …} → (scenario, year, kt) with the base year in every scenario: the
    scenarios the file names, whichever they are."""
    for scenario in (key for key in series if key != BASE_YEAR):
        yield scenario, int(BASE_YEAR), series[BASE_YEAR]
        for year, value in series[scenario].items():
            yield scenario, int(year), value


def demand_frame(explorer, minerals, source_id):
    rows = []
    for m in minerals.itertuples():
        if m.iea_demand_scope == "total":
            block = explorer["totalDemand"][m.iea_demand_name]
            series = {"total": block["totalDemand"], "cleantech": block["totalClean"]}
        else:
            series = {"cleantech": explorer["cleantechByMineral"][m.iea_demand_name]}
        for scope, values in series.items():
            rows += [(m.mineral, s, y, scope, v, source_id) for s, y, v in scenario_rows(values)]
    return pd.DataFrame(rows, columns=["mineral", "scenario", "year", "scope", "demand_kt", "source_id"])


def cleantech_frame(explorer, items, source_id):
    """Clean-technology demand of each item (slug → IEA name): the rare-earth elements and the minerals outside
    the engine."""
    rows = [(item, s, y, v, source_id) for item, name in items.items()
            for s, y, v in scenario_rows(explorer["cleantechByMineral"][name])]
    return pd.DataFrame(rows, columns=["item", "scenario", "year", "demand_kt", "source_id"])


def supply_frame(explorer, minerals, overrides, source_id):
    rows = []
    for m in minerals[minerals["iea_supply_name"] != ""].itertuples():
        for stage, block in explorer["supply"][m.iea_supply_name].items():
            for name, values in block["countries"].items():
                if all(v is None for v in values.values()):
                    continue  # the workbook's footnote lines, not data
                kind = "rest_of_world" if name == "Rest of world" else "country"
                iso3 = to_iso3(name, overrides) if kind == "country" else ""
                if iso3 is None:
                    raise ImportFailure(f"IEA supply, {m.iea_supply_name} {stage}: unknown country {name!r}; "
                                        "add it to data/country_names.csv")
                rows += [(m.mineral, stage, kind, iso3, int(y), v, source_id) for y, v in values.items()]
            # The IEA's own world total: its rest of world can hold a country it also lists (totals.reconcile_iea).
            rows += [(m.mineral, stage, "world_total", "", int(y), v, source_id)
                     for y, v in block["total"].items() if v is not None]
    return pd.DataFrame(rows, columns=["mineral", "stage", "row_kind", "country_iso3", "year", "supply_kt",
                                       "source_id"])


def import_iea(path, data_dir, source_id):
    """Rewrite demand.csv and supply_projection.csv from the explorer JSON. Returns the demand row count."""
    minerals = read_table(data_dir, "minerals")
    overrides = dict(read_csv(Path(data_dir) / "country_names.csv")[["name", "country_iso3"]].itertuples(index=False))
    with upstream(path, "the IEA Critical Minerals Data Explorer as JSON (totalDemand, supply with its totals, "
                        "cleantechByMineral), with the IEA names in minerals.csv"):
        explorer = json.loads(Path(path).read_text(encoding="utf-8"))
        demand = demand_frame(explorer, minerals, source_id)
        supply = supply_frame(explorer, minerals, overrides, source_id)
        items = {**dict(read_table(data_dir, "minerals_outside")[["mineral", "iea_demand_name"]].values),
                 **dict(read_table(data_dir, "rare_earth_elements")[["element", "iea_demand_name"]].values)}
        cleantech = cleantech_frame(explorer, items, source_id)
    years, before = sorted(demand["year"].unique()), sorted(int(y) for y in read_table(data_dir, "demand")["year"].unique())
    if before and years != before and not CONFIRMED_CHANGES.get():
        raise ImportFailure(f"{Path(path).name}: its years ({', '.join(map(str, years))}) differ from the data's "
                            f"({', '.join(map(str, before))}); expected the same years, or, for a new edition and "
                            "after reviewing it, --confirm-change. Nothing was imported")
    replace_tables(data_dir, {"demand": demand, "supply_projection": supply, "cleantech_demand": cleantech},
                   f"Imported IEA data ({Path(path).name})", path)
    return len(demand)
