"""Cells to numbers: Belgian and English notations, suppression markers, non-numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wijk_core.readers.numbers import MISSING, NON_NUMERIC, NUMBER, parse_numbers


@pytest.mark.parametrize(("cell", "number"), [
    ("1234", 1234.0), ("-12", -12.0), ("1234.5", 1234.5), ("1234,5", 1234.5),
    ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("1.234.567", 1234567.0),
    ("1,234,567", 1234567.0), ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("12,5%", 12.5),
    ("1e3", 1000.0), (" 7 ", 7.0), (3, 3.0), (2.5, 2.5), (np.int64(4), 4.0),
])
def test_numbers(cell, number):
    values, status = parse_numbers(pd.Series([cell], dtype=object))
    assert status[0] == NUMBER and values[0] == pytest.approx(number)


@pytest.mark.parametrize("cell", ["C", "c", ".", "-", "", "  ", "-99999", "-99999,0", -99999,
                                  None, float("nan"), "NA", "n/a"])
def test_suppression_markers(cell):
    values, status = parse_numbers(pd.Series([cell], dtype=object))
    assert status[0] == MISSING and np.isnan(values[0])


@pytest.mark.parametrize("cell", ["abc", "12a", "1_000", "inf", "--3", "1.2.3,4,5", True])
def test_non_numbers(cell):
    values, status = parse_numbers(pd.Series([cell], dtype=object))
    assert status[0] == NON_NUMERIC and np.isnan(values[0])


def test_dot_is_a_thousands_separator_in_a_decimal_comma_column():
    values, _ = parse_numbers(pd.Series(["1.234", "2,5", "10"], dtype=object))
    assert values.tolist() == [1234.0, 2.5, 10.0]


def test_dot_is_a_decimal_point_elsewhere():
    values, _ = parse_numbers(pd.Series(["1.234", "2.5", "10"], dtype=object))
    assert values.tolist() == [1.234, 2.5, 10.0]
