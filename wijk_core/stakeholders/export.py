"""Write the inventory to XLSX and CSV in the user's language, readable again by :mod:`.reading`.

User text never becomes a formula (the shared guard of :mod:`wijk_core.writers.xlsx`):
in XLSX a text cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage
return is stored as text with a quote prefix; in CSV such a cell gets a leading
apostrophe, which :func:`~.reading.read_inventory` removes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pandas as pd
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from wijk_core.i18n import language, t
from wijk_core.readers.cells import is_missing
from wijk_core.stakeholders.model import CHOICE_COLUMNS, COLUMNS
from wijk_core.stakeholders.validation import RELATION_COLUMNS, empty_relations
from wijk_core.writers.xlsx import csv_text, new_workbook, put_value, workbook_bytes, write_header

__all__ = ["NOTE_COLUMNS", "display_inventory", "inventory_csv", "inventory_xlsx"]

NOTE_COLUMNS = ("name", "question", "answer")
"""Columns of the interview notes given to :func:`inventory_xlsx`."""


def _label(key: str, value: Any, code: str) -> Any:
    """The value as the user reads it: choices and yes/no translated, numbers as numbers."""
    if is_missing(value):
        return None
    if key in CHOICE_COLUMNS:
        enum = CHOICE_COLUMNS[key]
        return t(enum.label_key(value), code)
    if key == "knows_project":
        return t("stakeholders.yes" if bool(value) else "stakeholders.no", code)
    if hasattr(value, "item"):
        return value.item()
    return value


def display_inventory(inventory: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The inventory with translated headings and values, as exported and shown.

    Parameters
    ----------
    inventory : DataFrame
        Typed inventory (the ``valid`` frame of a check, or one built from the store).
    lang : str
        ``nl``, ``fr`` or ``en``.

    Returns
    -------
    DataFrame
        One column per inventory column in :data:`~.model.COLUMNS` order, headed
        by its label; choices, ladder steps and yes/no as words; empty cells None.
        :func:`read_inventory` reads this table back to the same inventory.
    """
    code = language(lang)
    return pd.DataFrame({t(f"stakeholders.col_{key}", code): [_label(key, v, code) for v in inventory[key]]
                         for key in COLUMNS}, dtype=object)


def _display_relations(relations: pd.DataFrame, code: str) -> pd.DataFrame:
    relations = relations if relations is not None else empty_relations()
    return pd.DataFrame({t(f"stakeholders.col_{key}", code): [_label(key, v, code) for v in relations[key]]
                         for key in RELATION_COLUMNS}, dtype=object)


def _display_notes(notes: pd.DataFrame | None, code: str) -> pd.DataFrame:
    notes = notes if notes is not None else pd.DataFrame(columns=list(NOTE_COLUMNS))
    return pd.DataFrame({t(f"stakeholders.col_note_{key}", code): list(notes[key]) for key in NOTE_COLUMNS},
                        dtype=object)


def inventory_csv(inventory: pd.DataFrame, lang: str) -> bytes:
    """The inventory as CSV: UTF-8 with byte-order mark, ``;``-separated (as Belgian Excel expects).

    Text that a spreadsheet would run as a formula gets a leading apostrophe;
    :func:`read_inventory` removes it. Decimals use a point.
    """
    table = display_inventory(inventory, lang).map(csv_text)
    buffer = io.StringIO()
    table.to_csv(buffer, sep=";", index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def _write_sheet(sheet, table: pd.DataFrame, wide: Sequence[str] = ()) -> None:
    write_header(sheet, [str(heading) for heading in table.columns])
    for column, heading in enumerate(table.columns, start=1):
        width = 60 if heading in wide else min(max(len(str(heading)), 10), 40)
        sheet.column_dimensions[get_column_letter(column)].width = width + 2
    for row_number, row in enumerate(table.itertuples(index=False, name=None), start=2):
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=row_number, column=column)
            put_value(cell, value)  # text never a formula, even when it starts with "="
            if isinstance(value, str) and "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _add_choice_lists(book, sheet, code: str) -> None:
    """A sheet of allowed values, and drop-down lists on the inventory's choice columns."""
    lists = book.create_sheet(t("stakeholders.sheet_values", code))
    yes_no = [t("stakeholders.yes", code), t("stakeholders.no", code)]
    columns = {**{key: [t(enum.label_key(m.value), code) for m in enum] for key, enum in CHOICE_COLUMNS.items()},
               "knows_project": yes_no}
    for position, (key, labels) in enumerate(columns.items(), start=1):
        letter = get_column_letter(position)
        lists.cell(row=1, column=position, value=t(f"stakeholders.col_{key}", code))
        for row, label in enumerate(labels, start=2):
            lists.cell(row=row, column=position, value=label)
        lists.column_dimensions[letter].width = 28
        target = get_column_letter(COLUMNS.index(key) + 1)
        quoted = lists.title.replace("'", "''")
        validation = DataValidation(type="list", formula1=f"'{quoted}'!${letter}$2:${letter}${len(labels) + 1}",
                                    allow_blank=True)
        validation.add(f"{target}2:{target}1000")
        sheet.add_data_validation(validation)


def inventory_xlsx(inventory: pd.DataFrame, lang: str, *, relations: pd.DataFrame | None = None,
                   notes: pd.DataFrame | None = None) -> bytes:
    """The inventory as an XLSX workbook that :func:`read_inventory` reads back.

    Parameters
    ----------
    inventory : DataFrame
        Typed inventory.
    lang : str
        Language of headings, values and sheet names.
    relations : DataFrame, optional
        ``source``, ``target``, ``trust``, ``note``: written on a second sheet.
    notes : DataFrame, optional
        Interview notes, ``name``, ``question`` (already translated), ``answer``:
        written on a third sheet.

    Returns
    -------
    bytes
        Sheets: stakeholders (with drop-down lists on the choice columns),
        relations, interviews, allowed values. Text is stored as text, never as a formula.
    """
    code = language(lang)
    book = new_workbook()
    sheet = book.active
    sheet.title = t("stakeholders.sheet_inventory", code)
    _write_sheet(sheet, display_inventory(inventory, code), wide=[t("stakeholders.col_expertise", code)])
    _add_choice_lists(book, sheet, code)
    _write_sheet(book.create_sheet(t("stakeholders.sheet_relations", code), 1),
                 _display_relations(relations, code))
    _write_sheet(book.create_sheet(t("stakeholders.sheet_interviews", code), 2),
                 _display_notes(notes, code), wide=[t("stakeholders.col_note_answer", code)])
    return workbook_bytes(book)
