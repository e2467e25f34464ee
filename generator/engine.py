"""The whole computation: every table the site publishes, from the validated dataset."""

from dataclasses import dataclass

import pandas as pd

from .findings import headline_counts
from .focus import concentration, focus
from .metrics import latest_year, sufficiency
from .shares import excluded_from_world_totals, shares


@dataclass
class Results:
    """Every computed table the site publishes."""

    sufficiency: pd.DataFrame
    focus: pd.DataFrame
    concentration: pd.DataFrame
    shares: pd.DataFrame
    headline_counts: pd.DataFrame


def compute(ds, target_share=1.0):
    suff = sufficiency(ds, target_share)
    conc = concentration(ds)
    excluded = excluded_from_world_totals(ds.world_total_exceptions, "production", latest_year(ds.production))
    conc["world_total_excludes"] = [excluded.get(m, ()) if s == "mining" and p == "" else ()
                                    for m, s, p in zip(conc["mineral"], conc["stage"], conc["partnership"])]
    return Results(suff, focus(ds), conc, shares(ds), headline_counts(suff))
