"""The whole computation: every table the site publishes, from the validated dataset."""

from dataclasses import dataclass

import pandas as pd

from .focus import concentration, focus
from .metrics import sufficiency


@dataclass
class Results:
    """Every computed table the site publishes."""

    sufficiency: pd.DataFrame
    focus: pd.DataFrame
    concentration: pd.DataFrame


def compute(ds, target_share=1.0):
    return Results(sufficiency(ds, target_share), focus(ds), concentration(ds))
