"""Cells to numbers, the Belgian way, telling suppressed values from non-numbers.

Rules for a text cell (spaces, no-break spaces and a trailing ``%`` are ignored):

- Statbel's suppression and missing markers (:data:`SUPPRESSED`: ``C``, ``.``, ``-``,
  empty, ``-99999``, ``NA`` …) are *suppressed*: NaN, counted apart;
- both ``.`` and ``,`` present: the last one is the decimal mark (``1.234,5`` and
  ``1,234.5`` are both 1234.5);
- one ``,`` only: a decimal comma (``1234,5``); several: thousands (``1,234,567``);
- several ``.``: thousands (``1.234.567``); one ``.``: a decimal point, except in a
  column that uses decimal commas elsewhere, where ``1.234`` is 1234;
- anything else that is not a finite number is *non-numeric*: NaN, reported with
  examples.

Excel cells that are already numbers are kept (``-99999`` still counts as suppressed).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

__all__ = ["MISSING", "NON_NUMERIC", "NUMBER", "SUPPRESSED", "parse_numbers"]

SUPPRESSED = frozenset({"", "C", ".", "-", "X", "NA", "N/A", "N.A.", "NAN", "NULL", "NONE",
                        "-99999"})
NUMBER, MISSING, NON_NUMERIC = 0, 1, 2
_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_GROUPED_DOT = re.compile(r"^[+-]?\d{1,3}\.\d{3}$")
_SUPPRESSED_NUMBER = -99999.0
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")


def parse_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Numbers of a column and the status of each cell.

    Returns
    -------
    values : ndarray of float
        The numbers, NaN where the cell is suppressed or not a number.
    status : ndarray of int8
        :data:`NUMBER`, :data:`MISSING` (suppressed/empty) or :data:`NON_NUMERIC`.
    """
    cells = values.to_numpy(dtype=object)
    numbers = np.full(len(cells), np.nan)
    status = np.full(len(cells), NUMBER, dtype=np.int8)
    texts: dict[int, str] = {}
    for i, cell in enumerate(cells):
        if cell is None or isinstance(cell, bool):
            status[i] = MISSING if cell is None else NON_NUMERIC
        elif isinstance(cell, (int, float, np.integer, np.floating)):
            number = float(cell)
            if math.isnan(number) or number == _SUPPRESSED_NUMBER:
                status[i] = MISSING
            elif math.isinf(number):
                status[i] = NON_NUMERIC
            else:
                numbers[i] = number
        else:
            text = str(cell).strip()
            if text.upper() in SUPPRESSED:
                status[i] = MISSING
            else:
                texts[i] = text.translate(_SPACES).removesuffix("%")
    comma_decimal = any(_decimal_comma(text) for text in texts.values())
    for i, text in texts.items():
        number = _to_float(text, comma_decimal)
        if number is None:
            status[i] = NON_NUMERIC
        elif number == _SUPPRESSED_NUMBER:
            status[i] = MISSING
        else:
            numbers[i] = number
    return numbers, status


def _decimal_comma(text: str) -> bool:
    return text.count(",") == 1 and text.rfind(",") > text.rfind(".")


def _to_float(text: str, comma_decimal: bool) -> float | None:
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", "") if text.count(",") > 1 else text.replace(",", ".")
    elif text.count(".") > 1 or (comma_decimal and _GROUPED_DOT.match(text)):
        text = text.replace(".", "")
    if not _PLAIN.match(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None
