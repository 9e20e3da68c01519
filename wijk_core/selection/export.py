"""The selection's workbook: the tables of the candidate file for the council.

:func:`workbook` writes an "about" sheet and one sheet per table (profiles, ranking,
scores, shares, criteria) through the shared XLSX writer
(:mod:`wijk_core.writers.xlsx`): numbers stay numbers, user text never becomes a
formula. The perimeters (GeoJSON) and the report (HTML) are written by
:mod:`wijk_core.writers.geojson` and :mod:`wijk_core.writers.html`;
:func:`wijk_core.selection.council.council_file` builds all three from a project's work.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd

from wijk_core.writers.xlsx import new_workbook, sheet_title, workbook_bytes, write_about, write_table

__all__ = ["SHEETS", "workbook"]

SHEETS = ("about", "profiles", "ranking", "scores", "shares", "criteria")
"""Sheet keys of :func:`workbook`, in workbook order."""


def workbook(*, profiles_table: pd.DataFrame, ranking_table: pd.DataFrame | None,
             scores_table: pd.DataFrame | None, shares_table: pd.DataFrame | None,
             criteria_table: pd.DataFrame | None, sheet_names: Mapping[str, str],
             metadata: Mapping[str, str], percent_columns: Collection[str] = ()) -> bytes:
    """An XLSX workbook: an "about" sheet, then one sheet per given table.

    Parameters
    ----------
    profiles_table, ranking_table, scores_table, shares_table, criteria_table
        The tables, already with translated column labels; ``None`` leaves the sheet
        out. A table's index is written as its first column unless it is a plain
        ``RangeIndex``; multi-level column labels are joined with " – ". The rows of
        ``profiles_table`` are indicators, so its number formats are fitted per row;
        the other tables' per column.
    sheet_names
        Translated sheet name per key of :data:`SHEETS`; cleaned of the characters
        Excel refuses, cut to 31 characters and made unique. A missing key falls back
        to the key itself.
    metadata
        Label → text rows of the "about" sheet (project, data source, date, method,
        the areal-weighting assumption, …), in order.
    percent_columns
        Column labels (in any table) whose values are shares from 0 to 1: they get
        the format ``0.0%``.

    Returns
    -------
    bytes
        The XLSX file. Numbers are stored as numbers (full precision) with a number
        format fitted to their magnitude (``#,##0``, ``#,##0.0``, ``#,##0.00``, …; the
        spreadsheet shows them in the reader's locale), missing values as empty cells, the header row bold and
        frozen. Text starting with ``=``, ``+``, ``-`` or ``@`` is stored as text.
    """
    book = new_workbook()
    taken: set[str] = set()
    about = book.active
    about.title = sheet_title(sheet_names.get("about", "about"), "about", taken)
    write_about(about, metadata)
    tables = {"profiles": profiles_table, "ranking": ranking_table, "scores": scores_table,
              "shares": shares_table, "criteria": criteria_table}
    for key in SHEETS[1:]:
        table = tables[key]
        if table is None:
            continue
        sheet = book.create_sheet(sheet_title(sheet_names.get(key, key), key, taken))
        write_table(sheet, table, "row" if key == "profiles" else "column", set(percent_columns))
    return workbook_bytes(book)
