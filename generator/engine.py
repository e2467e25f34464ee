"""The whole computation: every table the site publishes, from the validated dataset."""

from dataclasses import dataclass

import pandas as pd

from .export_measures import exposure, share_under_measures
from .findings import headline_counts
from .focus import concentration, focus
from .imports import import_benchmarks, import_shares, output_benchmarks
from .metrics import latest_year, sufficiency
from .outside import element_table, summary
from .shares import shares
from .totals import excluded_from_world_totals, world_total_table
from .supply_without import gap_against_partnerships, supply_without


@dataclass
class Results:
    """Every computed table the site publishes."""

    sufficiency: pd.DataFrame
    focus: pd.DataFrame
    concentration: pd.DataFrame
    shares: pd.DataFrame
    headline_counts: pd.DataFrame
    supply_without: pd.DataFrame
    supply_without_gap: pd.DataFrame
    export_exposure: pd.DataFrame
    export_share: pd.DataFrame
    element_demand: pd.DataFrame
    outside_summary: pd.DataFrame
    world_totals: pd.DataFrame
    import_shares: pd.DataFrame = None  # issue 27: each partnership's share of US imports
    import_benchmarks: pd.DataFrame = None  # the largest source against the borrowed benchmarks
    output_benchmarks: pd.DataFrame = None


def compute(ds, target_share=1.0):
    suff = sufficiency(ds, target_share)
    conc = concentration(ds)
    excluded = excluded_from_world_totals(ds.world_total_exceptions, "production", latest_year(ds.production))
    conc["world_total_excludes"] = [excluded.get(m, ()) if s != "refining" and p == "" else ()
                                    for m, s, p in zip(conc["mineral"], conc["stage"], conc["partnership"])]
    without, exposed = supply_without(ds), exposure(ds)
    imported = import_shares(ds)
    return Results(sufficiency=suff, focus=focus(ds), concentration=conc, shares=shares(ds),
                   headline_counts=headline_counts(suff), supply_without=without,
                   supply_without_gap=gap_against_partnerships(ds, without), export_exposure=exposed,
                   export_share=share_under_measures(exposed),
                   element_demand=element_table(ds.rare_earth_elements, ds.cleantech_demand),
                   outside_summary=summary(ds.refinery_production, ds.countries_of_concern["country_iso3"]),
                   world_totals=world_total_table(ds, latest_year(ds.production), latest_year(ds.reserves)),
                   import_shares=imported,
                   import_benchmarks=import_benchmarks(imported, ds.targets),
                   output_benchmarks=output_benchmarks(conc, ds.targets))
