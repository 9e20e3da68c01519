"""Statistical-sector codes and the columns that hold them.

A Statbel sector code has 9 characters: the 5-digit NIS code of the municipality, the
letter of the sub-municipality and 3 characters of the sector (digits, capitals or
``-``): ``23003A001``, ``44021A00-``, ``21004A12-``. Codes ending in ``ZZZZ`` are valid
in form but are not sectors ("unknown sector" in Statbel and Fluvius tables).

Column names differ between files (``cd_sector``, ``CD_SECTOR``, ``CD_REFNIS_SECTOR``,
``nis9_code``, ``CS01012020``, …). :func:`find_code_column` tries the known names
case-insensitively and keeps the first whose values are mostly valid codes, then any
other text column that is; a column of the right name but the wrong content (Gent's
``sectorcode`` holds only the last four characters) is passed over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

__all__ = ["SECTOR_CODE", "SECTOR_COLUMN_NAMES", "find_column", "find_code_column",
           "normalise_codes", "valid_codes"]

SECTOR_CODE = re.compile(r"^\d{5}[A-Z][0-9A-Z-]{3}$")

SECTOR_COLUMN_NAMES: tuple[str, ...] = (
    "cd_sector", "cd_refnis_sector", "nis9_code", "nis9", "nis_9", "sector_nis9",
    "sectorcode", "sector_code", "code_sector", "cd_secteur", "code_secteur", "secteur",
    "statsec", "stat_sector", "statistische_sector", "sector_id", "sectorid", "geoitem",
    "cd_stat_sector", "sector",
)
_CENSUS_COLUMN = re.compile(r"^cs0101\d{4}$")  # CS01012020: sector code in older Statbel files
_MIN_VALID = 0.5


def normalise_codes(values: Iterable[object]) -> pd.Series:
    """Codes as upper-case text without surrounding spaces; missing values become ""."""
    series = pd.Series(list(values) if not isinstance(values, pd.Series) else values)
    text = series.map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v))
    return text.str.strip().str.upper().astype(object)


def valid_codes(codes: pd.Series) -> pd.Series:
    """Boolean mask: which (normalised) codes have the 9-character sector form."""
    return codes.map(lambda code: bool(SECTOR_CODE.match(code))).astype(bool)


def find_column(columns: Sequence[object], names: Sequence[str]) -> str | None:
    """The first of ``columns`` whose name matches one of ``names`` case-insensitively.

    ``names`` are tried in order, so the first name has priority over later ones.
    """
    by_lower = {}
    for column in columns:
        by_lower.setdefault(str(column).strip().lower(), column)
    for name in names:
        if name.lower() in by_lower:
            return by_lower[name.lower()]
    return None


def find_code_column(frame: pd.DataFrame, names: Sequence[str] = SECTOR_COLUMN_NAMES) -> str | None:
    """The column holding sector codes, or None.

    Known names come first (in the order of ``names``), then columns named like
    ``CS01012020``: the first holding any valid sector code wins (bad codes in it are
    reported by the caller). Failing that, the first other column where at least half
    of the non-empty values are valid sector codes.
    """
    lower = {str(column).strip().lower(): column for column in frame.columns}
    named = [lower[name] for name in names if name in lower]
    named += [column for key, column in lower.items() if _CENSUS_COLUMN.match(key)]
    for column in named:
        if _share_valid(frame[column]) > 0:
            return column
    for column in frame.columns:
        if column not in named and _share_valid(frame[column]) >= _MIN_VALID:
            return column
    return None


def _share_valid(values: pd.Series) -> float:
    sample = values.head(2000)
    if pd.api.types.is_numeric_dtype(sample.dtype) and not pd.api.types.is_object_dtype(sample.dtype):
        return 0.0
    codes = normalise_codes(sample)
    codes = codes[codes != ""]
    if codes.empty:
        return 0.0
    return float(valid_codes(codes).mean())
