import math

import numpy as np
import pandas as pd

from generator.frames import cut, records


def test_records_are_the_rows_pandas_gives():
    """The same dicts as to_dict("records"), Python types and missing values included."""
    frame = pd.DataFrame({"mineral": ["lithium", None], "year": [2030, 2040], "share": [0.25, float("nan")],
                          "comparable": [True, False], "count": pd.array([3, None], dtype="Int64")})
    rows = records(frame)
    assert rows == [{"mineral": "lithium", "year": 2030, "share": 0.25, "comparable": True, "count": 3},
                    {"mineral": rows[1]["mineral"], "year": 2040, "share": rows[1]["share"], "comparable": False,
                     "count": None}]
    assert math.isnan(rows[1]["share"]) and math.isnan(rows[1]["mineral"])
    expected = frame.to_dict("records")
    assert [[type(v) for v in r.values()] for r in rows] == [[type(v) for v in r.values()] for r in expected]
    assert [type(v) for v in rows[0].values()] == [str, int, float, bool, int]


def test_records_box_what_an_object_column_holds():
    """NumPy numbers as Python ones and pd.NA as None, as pandas does; other objects as they are."""
    frame = pd.DataFrame({"held": pd.Series([np.int64(2), np.float64(0.5), np.bool_(True), pd.NA, ("AUS",)],
                                            dtype=object),
                          "code": pd.array(["AUS", "CAN", None, "USA", "CHL"], dtype="string")})
    assert records(frame) == frame.to_dict("records")
    held = [r["held"] for r in records(frame)]
    assert held == [2, 0.5, True, None, ("AUS",)]
    assert [type(v) for v in held] == [int, float, bool, type(None), tuple]
    assert records(frame)[2]["code"] is None


def test_records_of_an_empty_frame():
    assert records(pd.DataFrame({"mineral": []})) == []


def test_cut_gives_the_rows_of_each_key_in_order():
    frame = pd.DataFrame({"mineral": ["lithium", "zinc", "lithium"], "year": [2030, 2030, 2040], "t": [1, 2, 3]})
    pieces = cut(frame, "mineral")
    assert list(pieces) == ["lithium", "zinc"]
    assert pieces["lithium"].equals(frame[frame["mineral"] == "lithium"])
    assert list(cut(frame, ["mineral", "year"])) == [("lithium", 2030), ("zinc", 2030), ("lithium", 2040)]
