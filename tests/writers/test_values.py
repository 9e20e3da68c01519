"""wijk_core.writers.values and wijk_core.readers.cells: one rule for a missing value."""

import math

import numpy as np
import pandas as pd
import pytest

from wijk_core.readers.cells import is_empty, is_missing
from wijk_core.writers.values import decimals_for, plain_value


@pytest.mark.parametrize("value", [None, pd.NA, pd.NaT, float("nan"), np.float64("nan")])
def test_missing_values(value):
    assert is_missing(value) and is_empty(value) and plain_value(value) is None


@pytest.mark.parametrize("value", ["", "  ", "\t\n"])
def test_blank_text_is_empty_but_not_missing(value):
    assert is_empty(value) and not is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, False, "0", " x ", "nan"])
def test_values_that_are_not_empty(value):
    assert not is_empty(value) and not is_missing(value)


def test_plain_values_and_decimals():
    assert plain_value(np.int64(4)) == 4 and type(plain_value(np.int64(4))) is int
    assert plain_value(math.inf) is None
    assert plain_value(np.datetime64("2026-01-02")) == pd.Timestamp("2026-01-02")
    assert [decimals_for(v) for v in ([1, 2], [150.5], [12.5], [1.5], [0.01234], [])] == [0, 0, 1, 2, 4, 0]
