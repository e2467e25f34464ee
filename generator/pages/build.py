"""The build page: a partnership of the reader's own, computed in the browser from one compact JSON.

The JSON holds exactly what the engine's definitions need (metrics.py, bounds.py); build.js applies
them, and a browser test checks it against sufficiency.csv for every registry partnership.
"""

import json
import math

from ..charts import build_bars
from ..countries import country_name
from ..findings import scenario_in_full
from ..formatting import CLEANTECH_MARK
from ..metrics import HISTORY_START_YEAR, country_rows, sufficiency_demand
from ..schema import MILESTONE_YEARS, SCENARIOS
from .site import Page

BUILD_DATA = "downloads/build.json"
BUILD_CHART = "assets/charts/build"


def _number(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _figures(frame):
    """mineral → ISO3 → [value_t or null, code] for the country rows of one table-year."""
    out = {}
    for row in frame.itertuples():
        out.setdefault(row.mineral, {})[row.country_iso3] = [_number(row.value_t), row.code]
    return out


def build_data(site):
    """Everything build.js needs, keyed for lookups, as compact JSON text."""
    ds = site.ds
    world = {}
    for table, year in (("production", site.base_year), ("reserves", site.reserves_year)):
        rows = getattr(ds, table)
        rows = rows[(rows["year"] == year) & (rows["row_kind"] == "world_total")]
        for row in rows.itertuples():
            world.setdefault(row.mineral, {})[table] = _number(row.value_t)
    demand = {}
    for row in sufficiency_demand(ds.demand, ds.minerals).itertuples():
        demand.setdefault(row.mineral, {}).setdefault(row.scenario, {})[str(row.year)] = float(row.demand_kt)
    iea = {}
    for row in ds.supply_projection.itertuples():
        key = row.country_iso3 if row.row_kind == "country" else "_rest"
        stage = iea.setdefault(row.stage, {}).setdefault(row.mineral, {}).setdefault(str(row.year), {})
        stage[key] = stage.get(key, 0.0) + float(row.supply_kt)
    comparability = ds.comparability
    minerals = [{
        "slug": m.mineral, "name": site.names[m.mineral], "scope": m.iea_demand_scope,
        "iea_basis": bool(((comparability["mineral"] == m.mineral) & (comparability["treatment"] == "iea_mining_supply")
                           & (comparability["measure"] == "production_sufficiency")).any()),
        "not_comparable": sorted(comparability.loc[(comparability["mineral"] == m.mineral)
                                                   & (comparability["treatment"] == "not_comparable"), "measure"]),
    } for m in ds.minerals.itertuples()]
    order = {slug: i for i, slug in enumerate(site.names)}
    minerals.sort(key=lambda m: order[m["slug"]])
    producers = site.usgs()
    countries = sorted(set(producers.loc[producers["row_kind"] == "country", "country_iso3"]))
    data = {
        "base_year": site.base_year, "reserves_year": site.reserves_year, "history_start": HISTORY_START_YEAR,
        "scenarios": list(SCENARIOS), "years": list(MILESTONE_YEARS), "target_share": 1.0,
        "minerals": minerals,
        "producers": countries,
        "countries": {c: country_name(c) for c in sorted(set(countries) | set(ds.partnership_members["country_iso3"]))},
        "concern": list(ds.countries_of_concern["country_iso3"]),
        "production": _figures(country_rows(ds.production, site.base_year)),
        "production_start": _figures(country_rows(ds.production, HISTORY_START_YEAR)),
        "reserves": _figures(country_rows(ds.reserves, site.reserves_year)),
        "world": world, "demand": demand, "iea": iea,
        "partnerships": {slug: {"name": name, "members": list(ds.partnership_members.loc[
            ds.partnership_members["partnership"] == slug, "country_iso3"])} for slug, name in
            site.partnership_names.items()},
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False)


def build(site):
    context = {"title": "Build your own partnership", "scenarios": {s: scenario_in_full(s) for s in SCENARIOS},
               "years": MILESTONE_YEARS, "partnerships": site.partnership_names, "cleantech": CLEANTECH_MARK,
               "legend": site.legend, "data": BUILD_DATA, "chart": f"{BUILD_CHART}.json", "base_year": site.base_year,
               "citation": site.citation("Build your own partnership", "build/")}
    return Page("build.md", "build.md.j2", context, assets={BUILD_DATA: build_data(site).encode()},
                charts={BUILD_CHART: build_bars()})
