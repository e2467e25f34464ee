"""A frame's rows as dicts: the one way the generator turns a table into rows a page or a sum reads.

`DataFrame.to_dict("records")` reads a frame with one `.iloc` per column for every call: on the sufficiency table
(94 columns) it costs about ten times one conversion of the frame's values to Python objects, and a build calls
it two thousand times. The dicts are the same, value for value and type for type.
"""

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype

NUMPY_NUMBERS = (np.integer, np.floating, np.bool_)


def records(frame):
    """Every row of `frame` as a dict column → value, in row order, as `frame.to_dict("records")` gives them."""
    columns = frame.to_numpy(object).T.tolist()
    for i, dtype in enumerate(frame.dtypes):
        # An object or extension column is handed out as pandas does: a NumPy number as a Python one, pd.NA as
        # None. A NumPy column's values are Python numbers already, and a str column's are str or NaN.
        if (dtype == object or isinstance(dtype, ExtensionDtype)) and not is_str(dtype):
            columns[i] = [None if value is pd.NA else value.item() if isinstance(value, NUMPY_NUMBERS) else value
                          for value in columns[i]]
    names = frame.columns.tolist()
    return [dict(zip(names, row)) for row in zip(*columns)]


def is_str(dtype):
    """A column of pandas' default str dtype: str values, NaN for missing."""
    return isinstance(dtype, pd.StringDtype) and dtype.na_value is np.nan


def cut(frame, by):
    """key → the rows of `frame` with that key in the columns `by` (a name, or a list of names for a tuple key),
    in their order: the rows a boolean slice per key would give, from one pass over the frame."""
    return dict(iter(frame.groupby(by, sort=False)))
