"""What an exported cell holds, and how many decimals a quantity shows.

Shared by the XLSX and HTML writers so a number reads the same in the workbook and
in the report: values of one quantity (a column, or a profile's row) share their
decimals, chosen from the largest magnitude.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from wijk_core.readers.cells import is_missing

__all__ = ["MISSING_TEXT", "NumbersBy", "decimal_grid", "decimals_for", "flat_frame", "flat_label",
           "is_number", "plain_value"]

MISSING_TEXT = "–"
"""How a missing value reads in a report or an about sheet."""

NumbersBy = Literal["column", "row"]
"""Whether decimals are shared along each column (one quantity per column) or each row."""


def plain_value(value: object) -> object:
    """A Python scalar for a pandas/numpy one; None for every kind of missing value and infinity."""
    if isinstance(value, np.datetime64):  # before .item(), which gives nanoseconds
        value = pd.Timestamp(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if is_missing(value):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def is_number(value: object) -> bool:
    """Whether a plain value is a real number (booleans are not)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def decimals_for(values: Sequence[object]) -> int:
    """Decimals worth showing for values of one quantity (a column, or a profile row).

    Whole numbers get none; otherwise the largest magnitude decides: 0 decimals from
    100, 1 from 10, 2 from 1, and three significant digits below 1.
    """
    present = [float(v) for v in values if is_number(v) and math.isfinite(float(v))]
    if not present or all(v.is_integer() for v in present):
        return 0
    magnitude = max(abs(v) for v in present)
    if magnitude >= 100:
        return 0
    if magnitude >= 10:
        return 1
    if magnitude >= 1:
        return 2
    return min(6, max(3, 2 - math.floor(math.log10(magnitude)))) if magnitude > 0 else 3


def decimal_grid(table: pd.DataFrame, by: NumbersBy) -> np.ndarray:
    """Decimals per cell, shared along each column (one quantity) or each row."""
    values = table.map(plain_value).to_numpy(dtype=object) if table.size else np.empty(table.shape, object)
    grid = np.zeros(values.shape, dtype=int)
    if by == "row":
        for row in range(values.shape[0]):
            grid[row, :] = decimals_for(values[row, :])
    else:
        for column in range(values.shape[1]):
            grid[:, column] = decimals_for(values[:, column])
    return grid


def flat_label(label: object) -> str:
    """A column label as one line of text: the levels of a multi-level label joined by " – "."""
    if isinstance(label, tuple):
        return " – ".join(str(part) for part in label if str(part))
    return "" if label is None else str(label)


def flat_frame(table: pd.DataFrame, with_index: bool) -> pd.DataFrame:
    """The table with one-level string column labels and, if asked, its index as first column(s)."""
    frame = table.copy()
    frame.columns = [flat_label(c) for c in frame.columns]
    if with_index:
        levels = frame.index.nlevels
        frame.index = frame.index.set_names(
            [flat_label(n) if n is not None else ("" if levels == 1 else f"level_{i}")
             for i, n in enumerate(frame.index.names)])
        frame = frame.reset_index(allow_duplicates=True)
    return frame
