"""Read a stakeholder list from CSV or XLSX and check every cell, keeping nothing.

Headings are recognised in Dutch, French and English (as :mod:`.export` writes
them), by their canonical keys (``name``, ``interest``, …) and by a few common
spellings, ignoring case and accents. An XLSX file may hold a second sheet with
relations (columns ``source``, ``target``, ``trust``, ``note``). A leading
apostrophe that guarded a formula in an exported CSV is removed again.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from wijk_core.i18n import LANGUAGES, catalogue
from wijk_core.stakeholders.errors import StakeholderError
from wijk_core.stakeholders.model import COLUMNS, normalise_text
from wijk_core.stakeholders.validation import RELATION_COLUMNS, InventoryCheck, RelationCheck, check_inventory, check_relations

__all__ = ["MAX_FILE_MB", "InventoryImport", "read_inventory"]

MAX_FILE_MB = 10
"""Largest stakeholder file accepted, in MiB (a list of thousands of rows is far smaller)."""

_DELIMITERS = (";", ",", "\t", "|")
_HEADER_ALIASES = {
    "name": ("naam", "nom", "stakeholder", "actor", "acteur", "belanghebbende"),
    "organisation": ("organisatie", "organization", "organisme", "org"),
    "group": ("groep", "groupe", "actorgroep", "category", "categorie"),
    "level": ("niveau", "schaal", "echelle", "scale"),
    "interest": ("belang", "interesse", "interet"),
    "influence": ("invloed", "macht", "power", "pouvoir"),
    "position": ("positie", "standpunt", "houding", "attitude", "stance"),
    "knows_project": ("kentproject", "kenthetproject", "connaitleprojet", "knowsproject", "bekend"),
    "governance": ("rol", "role", "bestuursrol", "governancerole"),
    "contact": ("contactgegevens", "email", "telefoon", "coordonnees"),
    "latitude": ("lat", "breedtegraad", "breedte"),
    "longitude": ("lon", "lng", "long", "lengtegraad", "lengte"),
    "suggested_by": ("voorgestelddoor", "suggerepar", "proposepar", "suggestedby", "referredby"),
    "source": ("van", "from", "actor1", "stakeholder1", "acteur1"),
    "target": ("naar", "to", "cible", "actor2", "stakeholder2", "acteur2"),
    "trust": ("vertrouwen", "confiance"),
    "note": ("opmerking", "notitie", "remarque", "notes", "comment"),
}


@dataclass(frozen=True)
class InventoryImport:
    """What :func:`read_inventory` found in a file.

    Attributes
    ----------
    inventory
        The check of the stakeholder rows: good rows and an issue per problem.
    relations
        The check of the relations sheet, None when the file has none.
    ignored_columns
        Headings that match no column (their cells are not read).
    filename
        As uploaded.
    """

    inventory: InventoryCheck
    relations: RelationCheck | None
    ignored_columns: tuple[str, ...]
    filename: str


def _header_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for key in (*COLUMNS, *RELATION_COLUMNS):
        table[normalise_text(key)] = key
        for code in LANGUAGES:
            label = catalogue(code).get(f"stakeholders.col_{key}")
            if label:
                table.setdefault(normalise_text(label), key)
    for key, aliases in _HEADER_ALIASES.items():
        for alias in aliases:
            table.setdefault(normalise_text(alias), key)
    return table


def _refuse(code: str, **params: Any) -> StakeholderError:
    return StakeholderError(code, **params)


def _csv_rows(content: bytes, filename: str) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse("errors.stakeholders_file_encoding", filename=filename) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=first.count) if first else ";"
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _refuse("errors.stakeholders_file_unreadable",
                      filename=filename, detail=str(exc)) from None


def _xlsx_sheets(content: bytes, filename: str) -> list[list[list[Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _refuse("errors.stakeholders_file_unreadable",
                      filename=filename, detail=type(exc).__name__) from None
    try:
        return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]
    finally:
        book.close()


def _table(rows: list[list[Any]], headings: dict[str, str]
           ) -> tuple[pd.DataFrame, int, dict[str, str], list[str]] | None:
    """The rows under the first non-empty row as a frame with canonical keys.

    Returns (frame, first data row number, key → heading, ignored headings), or
    None for a sheet without any content.
    """
    start = next((i for i, row in enumerate(rows) if any(_filled(v) for v in row)), None)
    if start is None:
        return None
    header = rows[start]
    keys: dict[int, str] = {}
    found: dict[str, str] = {}
    ignored: list[str] = []
    for position, heading in enumerate(header):
        if not _filled(heading):
            continue
        key = headings.get(normalise_text(str(heading)))
        if key is None or key in found:
            ignored.append(str(heading).strip())
            continue
        keys[position] = key
        found[key] = str(heading).strip()
    data = [{key: (row[pos] if pos < len(row) else None) for pos, key in keys.items()}
            for row in rows[start + 1:]]
    frame = pd.DataFrame(data, columns=list(keys.values()), dtype=object)
    return frame, start + 2, found, ignored


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def read_inventory(content: bytes, filename: str, *, known_names: Iterable[str] = (),
                   max_mb: float = MAX_FILE_MB) -> InventoryImport:
    """Read and check a stakeholder list (CSV or XLSX), without keeping anything.

    Parameters
    ----------
    content : bytes
        The uploaded file.
    filename : str
        Its name; the extension (``.csv``, ``.txt``, ``.xlsx``, ``.xlsm``) decides the reader.
    known_names : iterable of str
        Stakeholders already in the project (``suggested_by`` and relations may name them).
    max_mb : float, default 10
        Largest accepted size in MiB.

    Returns
    -------
    InventoryImport
        The good rows and one issue per bad cell, with the spreadsheet row number
        and the heading as written in the file; the same for a relations sheet.

    Raises
    ------
    StakeholderError
        ``errors.stakeholders_file_too_large`` (max_mb), ``errors.stakeholders_file_type``
        (filename), ``errors.stakeholders_file_encoding`` (filename; CSV not in UTF-8),
        ``errors.stakeholders_file_unreadable`` (filename, detail),
        ``errors.stakeholders_file_no_name`` (columns: no name column) or
        ``errors.stakeholders_file_empty`` (filename: no stakeholder row).

    Notes
    -----
    CSV: UTF-8 (with or without byte-order mark); the separator (``;``, ``,``, tab
    or ``|``) is the one that occurs most in the first line. Decimal commas are
    accepted in numbers (``51,03``). XLSX: the first sheet with a name column
    holds the stakeholders, the first with ``source`` and ``target`` the relations.
    """
    if len(content) > max_mb * 1024 * 1024:
        raise _refuse("errors.stakeholders_file_too_large",
                      max_mb=max_mb)
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in ("csv", "txt"):
        sheets = [_csv_rows(content, filename)]
    elif suffix in ("xlsx", "xlsm"):
        sheets = _xlsx_sheets(content, filename)
    else:
        raise _refuse("errors.stakeholders_file_type",
                      filename=filename)
    headings = _header_table()
    inventory = relations = None
    for rows in sheets:
        table = _table(rows, headings)
        if table is None:
            continue
        frame, first_row, found, ignored = table
        if inventory is None and "name" in found:
            # a relation heading (trust, note, ...) in the stakeholder sheet is not an inventory column
            extra = [key for key in found if key not in COLUMNS]
            ignored = [*ignored, *(found.pop(key) for key in extra)]
            inventory = (frame.drop(columns=extra), first_row, found, ignored)
        elif relations is None and {"source", "target"} <= set(found):
            relations = (frame, first_row, found)
    if inventory is None:
        columns = ", ".join(_headings_of(sheets)) or "–"
        raise _refuse("errors.stakeholders_file_no_name",
                      columns=columns)
    frame, first_row, found, ignored = inventory
    checked = check_inventory(frame, first_row=first_row, known_names=known_names, headers=found)
    if checked.rows == 0:
        raise _refuse("errors.stakeholders_file_empty", filename=filename)
    relation_check = None
    if relations is not None:
        rel_frame, rel_first, rel_found = relations
        names = [*checked.valid["name"], *known_names]
        relation_check = check_relations(rel_frame, names, first_row=rel_first, headers=rel_found)
    return InventoryImport(checked, relation_check, tuple(ignored), filename)


def _headings_of(sheets: Sequence[list[list[Any]]]) -> list[str]:
    for rows in sheets:
        for row in rows:
            if any(_filled(v) for v in row):
                return [str(v).strip() for v in row if _filled(v)]
    return []
