"""The one empty-cell test of the core: when does a table cell hold nothing?

Every reader (catalogues, stakeholder lists, cost items, budgets) and every writer
asks these two questions the same way:

- :func:`is_missing`: no value at all – None, ``pd.NA``, ``pd.NaT`` or a float NaN;
- :func:`is_empty`: missing, or text of only white space (what a spreadsheet cell
  left blank, or holding a stray space, reads as).
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["is_empty", "is_missing"]


def is_missing(value: object) -> bool:
    """Whether a cell holds no value: None, ``pd.NA``, ``pd.NaT`` or NaN (numpy's too)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def is_empty(value: object) -> bool:
    """Whether a cell is empty: :func:`is_missing`, or text of only white space."""
    return is_missing(value) or (isinstance(value, str) and not value.strip())
