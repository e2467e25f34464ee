"""The build page: a partnership of the reader's own, computed in the browser from one compact JSON.

The JSON holds the measure declarations (measures.py: formulas, bounds, formats) and exactly the figures
the engine's quantities need; build.js evaluates the same declarations, and a browser test checks it
against the Python engine for the registry partnerships and 200 random coalitions.
"""

import json
import math

from ..bounds import IEA_BASIS, usgs_basis
from ..cells import FIELD_FORMATS
from ..charts import build_bars
from ..countries import country_name, names_read_as
from ..findings import scenario_in_full
from ..formatting import CLEANTECH_MARK
from ..imports import IMPORTER, NOT_A_PARTNER_CELL, source_intervals
from ..measures import MEASURES, declarations
from ..metrics import country_rows, sufficiency_demand, world_totals
from ..schema import HISTORY_START_YEAR
from ..screen import reason_in_words, screen
from ..totals import excluded_from_world_totals, usgs_world_totals
from ..view import DEFAULT
from .imports_section import imports_period
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


def _other_countries(values, year):
    """mineral → [value_t or null, share of the world total or null] of the USGS 'other countries' row."""
    rows = values[values["year"] == year]
    world = world_totals(values, year)
    other = rows[rows["row_kind"] == "other_countries"]
    return {r.mineral: [_number(r.value_t), _number(r.value_t / world.get(r.mineral, math.nan))
                        if world.get(r.mineral, 0) else None] for r in other.itertuples()}


def screen_reasons(ds, codes):
    """country → why the candidate screen (screen.py) would not offer it, for those it would not: the build page
    warns when a chosen member is one of them. In words, without the EIU score: the page has no cell to print
    it from."""
    screened = screen(codes, ds.countries_of_concern, ds.sanctions, ds.democracy_index, ds.territories)
    failing = screened[screened["exclusion"] != ""]
    return {r.country_iso3: reason_in_words(r.exclusion, r.excluded_reason) for r in failing.itertuples()}


def build_data(site):
    """Everything build.js needs, keyed for lookups, as compact JSON text."""
    ds = site.ds
    # Per mineral and table, the world total every share divides by, and the constants a figure's upper side needs
    # (metrics.upper_side): what the listed countries without a figure hold together at most, and the bound of a
    # world total the USGS gives only as '> x'. The 'other countries' amount is in `other`.
    world = {}
    for table, year in (("production", site.base_year), ("reserves", site.reserves_year)):
        totals = usgs_world_totals(getattr(ds, table), year)
        for mineral, r in totals.iterrows():
            world.setdefault(mineral, {}).update({table: _number(r["world_t"]),
                                                  f"{table}_unassigned": _number(r["unassigned_t"]),
                                                  f"{table}_low": _number(r["world_low_t"])})
    demand = {}
    for row in sufficiency_demand(ds.demand, ds.minerals).itertuples():
        demand.setdefault(row.mineral, {}).setdefault(row.scenario, {})[str(row.year)] = float(row.demand_kt)
    iea = {}
    for row in ds.supply_projection.itertuples():
        key = row.country_iso3 if row.row_kind == "country" else "_rest"
        stage = iea.setdefault(row.stage, {}).setdefault(row.mineral, {}).setdefault(str(row.year), {})
        stage[key] = stage.get(key, 0.0) + float(row.supply_kt)
    declared = {(r.mineral, r.measure): (r.treatment, r.reason) for r in ds.comparability.itertuples()}
    scopes = sufficiency_demand(ds.demand, ds.minerals).drop_duplicates("mineral").set_index("mineral")["scope"]
    stage = ds.minerals.set_index("mineral")["stage"]
    minerals = [{
        "slug": slug, "name": name, "scope": scopes[slug],
        "iea_basis": declared.get((slug, "production_sufficiency"), ("",))[0] == "iea_mining_supply",
        "supply_basis": (IEA_BASIS if declared.get((slug, "production_sufficiency"), ("",))[0] == "iea_mining_supply"
                         else usgs_basis(stage[slug])),
        "comparable": {m.name: declared.get((slug, m.comparability), ("",))[0] != "not_comparable" for m in MEASURES},
        "notes": {m.name: declared.get((slug, m.comparability), ("", ""))[1] for m in MEASURES
                  if (slug, m.comparability) in declared},
    } for slug, name in site.names.items()]
    producers = site.usgs()
    countries = sorted(set(producers.loc[producers["row_kind"] == "country", "country_iso3"]))
    data = {
        "declarations": declarations(), "default": {"scenario": DEFAULT.scenario, "year": DEFAULT.year},
        "base_year": site.base_year, "reserves_year": site.reserves_year, "history_start": HISTORY_START_YEAR,
        "scenarios": site.scenarios, "years": site.years, "target_share": 1.0,
        "minerals": minerals,
        "producers": countries,
        "countries": {c: country_name(c) for c in sorted(set(countries) | set(ds.partnership_members["country_iso3"]))},
        "names": names_read_as(set(countries) | set(ds.partnership_members["country_iso3"]),
                               dict(zip(ds.country_names["name"], ds.country_names["country_iso3"]))),
        "concern": list(ds.countries_of_concern["country_iso3"]),
        "screen": screen_reasons(ds, sorted(set(countries) | set(ds.partnership_members["country_iso3"]))),
        "production": _figures(country_rows(ds.production, site.base_year)),
        "production_start": _figures(country_rows(ds.production, HISTORY_START_YEAR)),
        "reserves": _figures(country_rows(ds.reserves, site.reserves_year)),
        "other": {"production": _other_countries(ds.production, site.base_year),
                  "reserves": _other_countries(ds.reserves, site.reserves_year)},
        "world_excludes": excluded_from_world_totals(ds.world_total_exceptions, "production", site.base_year),
        "world": world, "demand": demand, "iea": iea,
        # Issue 27: the members' share of US imports, summed by build.js as imports.group_share sums it, and printed
        # in import_shares.csv's declared format.
        "imports": {"importer": IMPORTER, "not_a_partner": NOT_A_PARTNER_CELL,
                    "format": FIELD_FORMATS[("import_shares", "members_low")], "blocks": source_intervals(ds)},
        "partnerships": {slug: {"name": name, "members": list(ds.partnership_members.loc[
            ds.partnership_members["partnership"] == slug, "country_iso3"])} for slug, name in
            site.partnership_names.items()},
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False)


def build(site):
    context = {"title": "Build your own partnership", "scenarios": {s: scenario_in_full(s) for s in site.scenarios},
               "years": site.years, "partnerships": site.partnership_names, "cleantech": CLEANTECH_MARK,
               "legend": site.legend, "data": BUILD_DATA, "chart": f"{BUILD_CHART}.json", "base_year": site.base_year,
               "imports_period": imports_period(site),
               "citation": site.citation("Build your own partnership", "build/")}
    return Page("build.md", "build.md.j2", context, assets={BUILD_DATA: build_data(site).encode()},
                charts={BUILD_CHART: build_bars()})
