"""The published tables are checked like inputs before they are written: unique keys, allowed values."""

import copy
import dataclasses

import pandas as pd
import pytest

from generator.errors import DataError
from generator.published import PUBLISHED, check, published_tables


def test_a_declared_column_the_engine_does_not_make_is_refused(tiny_tables_once, tiny_results_once, tiny):
    """published_tables keeps exactly the declared columns, in order: one the engine stops making is named."""
    results = copy.deepcopy(tiny_results_once)
    assert list(tiny_tables_once["sufficiency"].columns) == [f.name for f in PUBLISHED["sufficiency"]]
    results = dataclasses.replace(results, sufficiency=results.sufficiency.drop(columns="production_sufficiency"))
    with pytest.raises(DataError, match="downloads/sufficiency.csv.*production_sufficiency"):
        published_tables(tiny, results)


def test_a_duplicated_key_is_refused_with_its_row(tiny_tables):
    minerals = tiny_tables["minerals"]
    doubled = pd.concat([minerals, minerals.iloc[[0]]], ignore_index=True)
    with pytest.raises(DataError) as refused:
        check("minerals", doubled)
    assert "downloads/minerals.csv" in str(refused.value) and "a unique key" in str(refused.value)


def test_a_value_outside_its_declared_set_is_refused(tiny_tables):
    suff = tiny_tables["sufficiency"]
    suff.loc[0, "production_sufficiency_bound"] = "sideways"
    with pytest.raises(DataError) as refused:
        check("sufficiency", suff)
    assert "production_sufficiency_bound" in str(refused.value) and "'lower'" in str(refused.value)
