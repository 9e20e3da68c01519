"""XLSX sheets for every export, with the one formula-injection guard.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula, so a resident's title ``=HYPERLINK("http://…")`` could
act when the facilitator opens the file (OWASP "CSV injection"). Every export writes
its text through :func:`write_text`, which stores it as a string cell – with a quote
prefix when it looks like a formula – so it reads back as the very same text. CSV has
no cell types: :func:`csv_text` prefixes such text with an apostrophe instead.

Numbers stay numbers (full precision) with a number format fitted to their
magnitude (:func:`put_value`); :func:`write_table` writes a whole table with a bold,
frozen header, :func:`write_about` a label → text "about" sheet.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Mapping
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from wijk_core.writers.values import NumbersBy, decimal_grid, flat_frame, is_number, plain_value

__all__ = ["FORMULA_PREFIXES", "TEXT_MAX", "csv_text", "looks_like_formula", "new_workbook", "put_value",
           "sheet_title", "workbook_bytes", "write_about", "write_header", "write_table", "write_text"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP "CSV injection")."""

TEXT_MAX = 32_767
"""Longest text an Excel cell holds."""

HEADER_FILL = "E8EEF0"
"""Background of a header row."""

_SHEET_INVALID = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31
_COLUMN_WIDTH_MAX = 60


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` as a formula."""
    return text.startswith(FORMULA_PREFIXES)


def csv_text(value: object) -> object:
    """A CSV cell that a spreadsheet keeps as text: formula-like text gets a leading apostrophe."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def write_text(cell, text: str) -> str:
    """Store ``text`` in ``cell`` as text, never as a formula; return what was stored.

    Characters XLSX cannot hold (control characters) are removed and the text is cut
    to :data:`TEXT_MAX`; the cell is a string cell, with a quote prefix when the text
    starts like a formula, so a spreadsheet shows it – and a reader reads it back –
    as the same text.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", str(text))[:TEXT_MAX]
    cell.value = text
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    return text


def put_value(cell, value: object, decimals: int | None = None, percent: bool = False,
              date_format: str | None = None) -> int:
    """Write one value as its own type; return its display width in characters.

    Parameters
    ----------
    cell
        An openpyxl cell.
    value
        Any scalar; missing values (None, NaN, NA, NaT) leave the cell empty.
    decimals
        Number format of a number: ``#,##0`` with that many decimals; None leaves
        the cell's format alone.
    percent
        Format a number as a share (``0.0%``).
    date_format
        Number format of a date or time (default ``yyyy-mm-dd`` or
        ``yyyy-mm-dd hh:mm``). Times with a time zone are written as wall time.

    Returns
    -------
    int
        Characters the value takes when shown (the longest line of text).
    """
    value = plain_value(value)
    if value is None:
        return 0
    if isinstance(value, bool):
        cell.value = value
        return 5
    if is_number(value):
        cell.value = value
        if percent:
            cell.number_format = "0.0%"
            return len(f"{value * 100:.1f}%")
        if decimals is None:
            return len(str(value))
        cell.number_format = "#,##0" + ("." + "0" * decimals if decimals else "")
        return len(f"{value:,.{decimals}f}")
    if isinstance(value, (datetime, date)):
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
        cell.value = value
        cell.number_format = date_format or ("yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd")
        return 16
    text = write_text(cell, value)
    return max((len(line) for line in text.splitlines()), default=0)


def sheet_title(name: str, fallback: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no ``[]:*?/\\``, no edge apostrophe, at most 31 characters.

    ``taken`` holds the lower-cased names used so far; the new one is added to it.
    """
    text = _SHEET_INVALID.sub("", ILLEGAL_CHARACTERS_RE.sub("", str(name))).strip().strip("'")
    text = text[:_SHEET_MAX].strip() or fallback
    if text.lower() == "history":  # reserved by Excel
        text = f"{text} 1"
    title, counter = text, 2
    while title.lower() in taken:
        suffix = f" ({counter})"
        title, counter = text[:_SHEET_MAX - len(suffix)].rstrip() + suffix, counter + 1
    taken.add(title.lower())
    return title


def write_header(sheet, labels) -> list[int]:
    """A bold, shaded first row of labels (as text); return each label's width."""
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    widths = []
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=1, column=column)
        widths.append(put_value(cell, label))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return widths


def write_table(sheet, table: pd.DataFrame, by: NumbersBy = "column",
                percent_columns: Collection[str] = ()) -> None:
    """Write a table on a sheet: header row bold and frozen, numbers formatted, columns fitted.

    Parameters
    ----------
    sheet
        An empty openpyxl worksheet.
    table
        Its index is written as first column(s) unless it is a plain ``RangeIndex``;
        multi-level column labels are joined with " – ".
    by
        Whether decimals are shared along each ``column`` or each ``row``.
    percent_columns
        Column labels whose values are shares from 0 to 1 (format ``0.0%``).
    """
    frame = flat_frame(table, not isinstance(table.index, pd.RangeIndex))
    decimals = decimal_grid(frame, by)
    widths = write_header(sheet, frame.columns)
    percent = [label in percent_columns for label in frame.columns]
    for row_number, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            width = put_value(cell, value, int(decimals[row_number - 2, column - 1]), percent[column - 1])
            if width > _COLUMN_WIDTH_MAX:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[column - 1] = max(widths[column - 1], width)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width, 6), _COLUMN_WIDTH_MAX) + 2
    sheet.freeze_panes = "A2"
    if len(frame) and len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"


def write_about(sheet, metadata: Mapping[str, str]) -> None:
    """An "about" sheet: one bold label and its text per row, in order."""
    label_width, value_width = 10, 20
    for row_number, (label, value) in enumerate(metadata.items(), start=1):
        label_cell = sheet.cell(row=row_number, column=1)
        label_width = max(label_width, put_value(label_cell, label, 2))
        label_cell.font = Font(bold=True)
        label_cell.alignment = Alignment(vertical="top")
        value_cell = sheet.cell(row=row_number, column=2)
        value_width = max(value_width, put_value(value_cell, value, 2))
        value_cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = min(label_width, 40) + 2
    sheet.column_dimensions["B"].width = min(value_width, 100) + 2


def new_workbook() -> Workbook:
    """An empty workbook (one blank sheet, ``book.active``) made by Wijkwerf."""
    book = Workbook()
    book.properties.creator = "Wijkwerf"
    return book


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as XLSX file content."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
