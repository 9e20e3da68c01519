"""wijk_core.writers.xlsx: the one formula guard and the typed cell writer."""

import io
from datetime import datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest

from wijk_core.writers.xlsx import (FORMULA_PREFIXES, csv_text, looks_like_formula, new_workbook, put_value,
                                   sheet_title, workbook_bytes, write_table)

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tTAB", "\rCR"]


def _read_back(write) -> openpyxl.worksheet.worksheet.Worksheet:
    book = new_workbook()
    write(book.active)
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(book))).active


def test_formula_like_text_is_stored_and_read_back_as_the_same_text():
    def write(sheet):
        for row, text in enumerate(FORMULAS, start=1):
            put_value(sheet.cell(row=row, column=1), text)

    sheet = _read_back(write)
    cells = [sheet.cell(row=r, column=1) for r in range(1, len(FORMULAS) + 1)]
    # XML folds a carriage return into a line feed on reading; the cell is still text
    assert [c.value for c in cells] == [*FORMULAS[:-1], "\nCR"]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert all(looks_like_formula(text) for text in FORMULAS) and set(FORMULA_PREFIXES) == {t[0] for t in FORMULAS}


def test_numbers_stay_numbers_and_missing_values_leave_the_cell_empty():
    def write(sheet):
        for column, value in enumerate([np.int64(3), 2.5, None, np.nan, pd.NA, True, "plain"], start=1):
            put_value(sheet.cell(row=1, column=column), value, decimals=1)

    row = [c for c in _read_back(write)[1]]
    assert [c.value for c in row] == [3, 2.5, None, None, None, True, "plain"]
    assert row[0].data_type == "n" and row[0].number_format == "#,##0.0"
    assert row[6].quotePrefix is False


def test_times_with_a_zone_are_written_as_wall_time():
    moment = pd.Timestamp("2026-03-02 00:30", tz="Europe/Brussels")

    def write(sheet):
        put_value(sheet["A1"], moment, date_format="yyyy-mm-dd hh:mm:ss")

    cell = _read_back(write)["A1"]
    assert cell.value == datetime(2026, 3, 2, 0, 30) and cell.number_format == "yyyy-mm-dd hh:mm:ss"


def test_control_characters_are_dropped_rather_than_breaking_the_file():
    def write(sheet):
        put_value(sheet["A1"], "a\x01b\x07c")

    assert _read_back(write)["A1"].value == "abc"


def test_write_table_guards_labels_and_cells():
    table = pd.DataFrame({"=label": ["=cell", "ok"], "n": [1.25, 2.5]})
    sheet = _read_back(lambda s: write_table(s, table))
    assert sheet["A1"].value == "=label" and sheet["A1"].quotePrefix
    assert sheet["A2"].value == "=cell" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 1.25 and sheet["B2"].number_format == "#,##0.00"
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize(("value", "expected"), [("=1+1", "'=1+1"), ("-3", "'-3"), ("ok", "ok"), (4, 4)])
def test_csv_text_prefixes_formula_like_text(value, expected):
    assert csv_text(value) == expected


def test_sheet_titles_are_valid_and_unique():
    taken: set[str] = set()
    assert sheet_title("a/b:c*?[d]", "x", taken) == "abcd"
    assert sheet_title("ABCD", "x", taken) == "ABCD (2)"
    assert sheet_title("History", "x", taken) == "History 1"
    assert sheet_title("'''", "fallback", taken) == "fallback"
    assert len(sheet_title("x" * 40, "x", taken)) == 31
