"""Names and readers shared by the tests of the selection exports and the council file."""

from __future__ import annotations

import io
import re

import openpyxl

HOSTILE = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'
STATION = "Stationskwartier"
MIXED = "Noord & Zuid"
PLOTLY_BUNDLE = re.compile(r"\* plotly\.js v\d")


def read_book(raw: bytes) -> openpyxl.Workbook:
    """An XLSX file's bytes opened with openpyxl."""
    return openpyxl.load_workbook(io.BytesIO(raw))
