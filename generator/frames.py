"""A frame's rows as dicts: the one way the generator turns a table into rows a page or a sum reads.

`DataFrame.to_dict("records")` reads a frame with one `.iloc` per column for every call: on the sufficiency table
(94 columns) it costs about ten times one conversion of the frame's values to Python objects, and a build calls
it two thousand times. The dicts are the same, value for value and type for type.
"""

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype


def records(frame):
    """Every row of `frame` as a dict column → value, in row order, as `frame.to_dict("records")` gives them."""
    columns = frame.to_numpy(object).T.tolist()
    for i, dtype in enumerate(frame.dtypes):
        if dtype == object or isinstance(dtype, ExtensionDtype):
            columns[i] = [native(value) for value in columns[i]]
    names = frame.columns.tolist()
    return [dict(zip(names, row)) for row in zip(*columns)]


def native(value):
    """A value of an object or extension column as pandas hands it out: a NumPy number as a Python one, pd.NA as
    None (NumPy columns are Python numbers already, and never hold pd.NA)."""
    if value is pd.NA:
        return None
    return value.item() if isinstance(value, (np.integer, np.floating, np.bool_)) else value


def cut(frame, by):
    """key → the rows of `frame` with that key in the columns `by` (a name, or a list of names for a tuple key),
    in their order: the rows a boolean slice per key would give, from one pass over the frame."""
    return dict(iter(frame.groupby(by, sort=False)))
