"""Tables as they come: Statbel ``TF_*`` txt, CSV in any Belgian flavour, XLSX, or a zip.

:func:`read_table` returns every cell untouched (text from text files, Excel's own
types from XLSX) so that the caller decides what is a number. It recognises:

- encodings: UTF-8 (with or without BOM), UTF-16 with BOM (Excel "Unicode text"), and
  otherwise Windows-1252 (Excel's "CSV" on a Belgian Windows), Latin-1 as last resort;
  the encoding used is returned so the app can say so;
- separators: ``|`` (Statbel), ``;`` (Excel in Belgium), tab and ``,``, sniffed from
  the header line;
- XLSX: the first sheet with a sector code column (else the first sheet), its header
  being the first of the top 20 rows that names a sector code column;
- a .zip holding such a file (Statbel ships ``TF_*.zip``): the largest table in it.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import pandas as pd

from wijk_core.readers.report import Issue
from wijk_core.readers.codes import SECTOR_COLUMN_NAMES, find_code_column, find_column
from wijk_core.readers.errors import FileError, TableError
from wijk_core.readers.files import DEFAULT_MAX_BYTES, UNZIP_FACTOR, Loaded, Source, load, open_zip, zip_members

__all__ = ["RawTable", "decode", "read_table", "sniff_separator"]

_TABLE_EXTENSIONS = (".txt", ".csv", ".tsv", ".tab", ".xlsx", ".xlsm")
_SEPARATORS = ("|", ";", "\t", ",")
_HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True, eq=False)
class RawTable:
    """A table with its cells as read (text, or Excel values) and how it was read.

    ``row_numbers`` gives, for each row of ``frame``, its row number in the file (the
    header being row 1 in a text file), for examples in the report.
    """

    frame: pd.DataFrame
    name: str
    format: str
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    row_numbers: pd.Series | None = None
    issues: list[Issue] = field(default_factory=list)


def read_table(source: Source, filename: str | None = None, *,
               max_bytes: int = DEFAULT_MAX_BYTES,
               key_names: Sequence[str] = SECTOR_COLUMN_NAMES) -> RawTable:
    """Read a CSV/TXT/XLSX table (or a zip holding one) without interpreting values.

    Parameters
    ----------
    source, filename, max_bytes
        As for :func:`wijk_core.readers.files.load`.
    key_names
        Column names that mark the header row and the sheet to read in an XLSX.

    Raises
    ------
    FileError
        Empty, oversize, corrupt zip, a zip without table, an old .xls file, binary data.
    TableError
        The text cannot be split into columns (``errors.table_unreadable``).
    """
    loaded = load(source, filename, max_bytes)
    issues: list[Issue] = []
    data = loaded.read_bytes()
    name = loaded.name
    xlsx = _is_xlsx(data)
    if loaded.is_zip and not xlsx:
        name, data = _table_from_zip(loaded, max_bytes, issues)
        xlsx = _is_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileError("errors.xls_unsupported", filename=name)
    if xlsx:
        return _read_xlsx(data, name, key_names, issues)
    text, encoding = decode(data, name)
    separator = sniff_separator(text)
    frame = _parse_text(text, separator, name)
    rows = pd.Series(range(2, len(frame) + 2), index=frame.index)
    return RawTable(frame=frame, name=name, format="text", encoding=encoding, separator=separator,
                    row_numbers=rows, issues=issues)


def decode(data: bytes, name: str = "") -> tuple[str, str]:
    """The text of ``data`` and the encoding used (``utf-8``, ``utf-8-sig``, ``cp1252``, …)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise FileError("errors.not_a_table",
                        filename=name)
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def sniff_separator(text: str) -> str:
    """The column separator: the one of ``| ; tab ,`` most frequent in the header line."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: _count_outside_quotes(header, sep) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, separator: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            count += 1
    return count


def _parse_text(text: str, separator: str, name: str) -> pd.DataFrame:
    last_error: Exception | None = None
    for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_NONE):
        try:
            frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False,
                                skip_blank_lines=False, quoting=quoting, engine="c")
            break
        except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as err:
            last_error = err
    else:
        raise TableError("errors.table_unreadable", filename=name, detail=str(last_error))
    frame.columns = _clean_header(frame.columns)
    return frame.fillna("").astype(object)


def _clean_header(columns: Sequence[object]) -> list[str]:
    cleaned, seen = [], set()
    for position, column in enumerate(columns, start=1):
        text = "" if column is None or (isinstance(column, float) and column != column) else str(column)
        text = text.replace("\ufeff", "").strip().strip('"').strip()
        if not text or text.startswith("Unnamed: "):
            text = f"column_{position}"
        base, suffix = text, 1
        while text in seen:
            suffix += 1
            text = f"{base}_{suffix}"
        seen.add(text)
        cleaned.append(text)
    return cleaned


def _is_xlsx(data: bytes) -> bool:
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return "xl/workbook.xml" in names


def _table_from_zip(loaded: Loaded, max_bytes: int, issues: list[Issue]) -> tuple[str, bytes]:
    with open_zip(loaded) as archive:
        members = zip_members(archive)
        tables = [m for m in members if PurePosixPath(m.filename).suffix.lower() in _TABLE_EXTENSIONS]
        if not tables:
            shown = ", ".join(PurePosixPath(m.filename).name for m in members[:10]) or "-"
            raise FileError("errors.zip_no_table", filename=loaded.name, files=shown)
        tables.sort(key=lambda m: m.file_size, reverse=True)
        chosen = tables[0]
        name = PurePosixPath(chosen.filename).name
        if len(tables) > 1:
            issues.append(Issue.of("report.file_chosen", len(tables),
                                   [PurePosixPath(m.filename).name for m in tables[1:]],
                                   source=loaded.name, file=name))
        limit = max_bytes * UNZIP_FACTOR
        try:
            with archive.open(chosen) as member:
                data = member.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as err:
            raise FileError("errors.zip_corrupt",
                            filename=loaded.name, detail=str(err)) from None
    if len(data) > limit:
        raise FileError("errors.file_too_large",
                        filename=loaded.name, size_mb=f">{limit // 1024 // 1024}",
                        max_mb=str(limit // 1024 // 1024))
    if not data:
        raise FileError("errors.file_empty", filename=name)
    return name, data


def _read_xlsx(data: bytes, name: str, key_names: Sequence[str], issues: list[Issue]) -> RawTable:
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=object,
                               engine="openpyxl")
    except Exception as err:  # openpyxl raises many types for damaged workbooks
        raise FileError("errors.table_unreadable", filename=name, detail=str(err)) from None
    chosen: tuple[str, pd.DataFrame, int] | None = None
    for sheet, cells in sheets.items():
        cells = cells.dropna(how="all").dropna(axis=1, how="all")
        if cells.empty:
            continue
        header = _header_row(cells, key_names)
        frame = _sheet_frame(cells, header)
        if chosen is None:
            chosen = (str(sheet), frame, header)
        if find_code_column(frame, key_names) is not None:
            chosen = (str(sheet), frame, header)
            break
    if chosen is None:
        raise FileError("errors.table_empty", filename=name)
    sheet, frame, _ = chosen
    rows = pd.Series([int(label) + 1 for label in frame.index])  # sheet rows count from 1
    return RawTable(frame=frame.reset_index(drop=True), name=name, format="xlsx", sheet=sheet,
                    row_numbers=rows, issues=issues)


def _header_row(cells: pd.DataFrame, key_names: Sequence[str]) -> int:
    """Label of the row naming a key column among the first rows, else the first row."""
    for label in cells.index[:_HEADER_SEARCH_ROWS]:
        values = [str(v) for v in cells.loc[label].tolist() if v is not None and v == v]
        if find_column(values, key_names) is not None:
            return label
    return cells.index[0]


def _sheet_frame(cells: pd.DataFrame, header: int) -> pd.DataFrame:
    frame = cells.loc[cells.index > header].copy()
    frame.columns = _clean_header(cells.loc[header].tolist())
    return frame.astype(object).where(frame.notna(), None)
