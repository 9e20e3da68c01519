"""Typed inventories from and to plain rows: what the store gives and takes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from wijk_core.stakeholders.cells import is_missing
from wijk_core.stakeholders.model import COLUMNS
from wijk_core.stakeholders.validation import check_inventory

__all__ = ["inventory_frame", "records"]


def inventory_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A typed inventory from stored rows (mappings with the canonical keys and ``id``).

    Rows that come from the store are valid already; this only types them, in
    the given order, indexed 0…n-1. A row that does not validate raises ``ValueError``.
    """
    rows = list(rows)
    raw = pd.DataFrame(rows, columns=[*COLUMNS, "id"]) if rows else pd.DataFrame(columns=[*COLUMNS, "id"])
    checked = check_inventory(raw, first_row=1)
    if checked.errors:
        raise ValueError(f"stored stakeholders do not validate: {checked.errors}")
    return checked.valid.reset_index(drop=True)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a typed inventory or relation list as plain Python values (None for empty).

    What the store takes: ints, floats, bools and strings, never ``pd.NA`` or numpy scalars.
    """
    plain = []
    for row in frame.to_dict("records"):
        plain.append({key: None if is_missing(value) and not isinstance(value, str)
                      else value.item() if hasattr(value, "item") else value for key, value in row.items()})
    return plain
