"""The whole computation: every table the site publishes, from the validated dataset."""

from dataclasses import dataclass

import pandas as pd

from .export_measures import exposure, share_under_measures
from .focus import concentration, focus
from .metrics import sufficiency
from .supply_without import gap_against_partnerships, supply_without


@dataclass
class Results:
    """Every computed table the site publishes."""

    sufficiency: pd.DataFrame
    focus: pd.DataFrame
    concentration: pd.DataFrame
    supply_without: pd.DataFrame
    supply_without_gap: pd.DataFrame
    export_exposure: pd.DataFrame
    export_share: pd.DataFrame


def compute(ds, target_share=1.0):
    without, exposed = supply_without(ds), exposure(ds)
    return Results(sufficiency=sufficiency(ds, target_share), focus=focus(ds), concentration=concentration(ds),
                   supply_without=without, supply_without_gap=gap_against_partnerships(ds, without),
                   export_exposure=exposed, export_share=share_under_measures(exposed))
