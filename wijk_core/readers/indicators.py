"""Indicator tables keyed by sector code, wide or long, into one number per sector.

Shapes recognised:

- **wide**: one row per sector, one column per indicator (heat-vulnerability scores);
- **long by year**: one row per sector and year (Statbel ``CD_YEAR``, ``year``, ``jaar``,
  …): the rows of one year are kept, by default the latest, and reported;
- **long by variable**: one row per sector and variable with a value column
  (``variable``/``indicator`` + ``value``/``waarde``/``valeur``): pivoted to wide.

Columns named ``CD_*``, ``TX_*``, ``DT_*`` (Statbel's codes, texts and dates) and
columns of text (less than half of their filled cells are numbers, e.g. Fluvius'
``geolevel``) are not indicators; they are listed in the report.

Decisions (all reported, nothing dropped silently):

- rows without a valid sector code are kept in :attr:`IndicatorTable.invalid`;
- a code on several rows (after choosing the year) keeps its **first** row: values of
  two rows cannot be combined without knowing whether they are counts or rates;
- with a sector layer given, rows of codes not in it are kept in
  :attr:`IndicatorTable.unknown`, and sectors without a row are listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from wijk_core.readers.report import Issue, ValidationReport, compare_codes
from wijk_core.readers.codes import find_code_column, find_column, normalise_codes, valid_codes
from wijk_core.readers.errors import TableError
from wijk_core.readers.generations import code_match_issues
from wijk_core.readers.files import DEFAULT_MAX_BYTES, Source
from wijk_core.readers.numbers import MISSING, NON_NUMERIC, parse_numbers
from wijk_core.readers.text import read_table

__all__ = ["IndicatorTable", "read_indicators", "sector_codes_of"]

_YEAR_NAMES = ("cd_year", "year", "jaar", "annee", "année", "period", "periode", "période",
               "cd_period", "yr")
_VARIABLE_NAMES = ("variable", "indicator", "indicator_id", "indicatorcode", "indicateur",
                   "cd_variable", "var", "kenmerk")
_VALUE_NAMES = ("value", "waarde", "valeur", "ms_value", "val")
_IDENTIFIER_PREFIXES = ("cd_", "tx_", "dt_")


@dataclass(frozen=True, eq=False)
class IndicatorTable:
    """An indicator table read into numbers, with what was set aside.

    Attributes
    ----------
    data
        Float columns indexed by ``cd_sector`` (sorted); the codes known to the sector
        layer when one was given, else every valid code.
    report
        Year chosen, encoding, text columns, duplicates, suppressed and non-numeric
        values, invalid and unknown codes, sectors without data.
    unknown
        Rows (same columns as ``data``) whose code is not in the sector layer.
    invalid
        Rows, as read, without a valid sector code (column ``_row``: row in the file).
    source
        File name (inside the zip, when zipped).
    code_column
        The file's sector code column.
    year
        Year kept from a long table, or None.
    years
        Every year in the table (empty for a table without year column).
    encoding
        Encoding of a text file (None for XLSX).
    separator
        Column separator of a text file (None for XLSX).
    """

    data: pd.DataFrame
    report: ValidationReport
    unknown: pd.DataFrame
    invalid: pd.DataFrame
    source: str
    code_column: str
    year: int | None = None
    years: tuple[int, ...] = ()
    encoding: str | None = None
    separator: str | None = None


def read_indicators(source: Source, filename: str | None = None, *, year: int | None = None,
                    sectors: gpd.GeoDataFrame | Iterable[str] | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES) -> IndicatorTable:
    """Read an indicator table keyed by statistical-sector code.

    Parameters
    ----------
    source
        Path, bytes or binary upload of a Statbel ``TF_*`` txt (``|``), a CSV (``,``,
        ``;``, tab or ``|``), an XLSX, or a zip holding one.
    filename
        File name; needed when ``source`` is bytes.
    year
        Year to keep from a long table; default the latest. Ignored for a table without
        year column.
    sectors
        The sector layer (a GeoDataFrame with ``cd_sector``, a :class:`SectorLayer`) or
        its codes: rows of other codes go to ``unknown`` and missing sectors are reported.
    max_bytes
        Largest accepted file.

    Returns
    -------
    IndicatorTable

    Raises
    ------
    FileError
        The file cannot be opened (empty, oversize, corrupt zip, .xls, binary).
    TableError
        No sector code column (``errors.sector_code_column_missing``), ``year`` not in
        the table (``errors.year_not_available``), no numeric column
        (``errors.no_indicator_columns``).
    """
    raw = read_table(source, filename, max_bytes=max_bytes)
    name, frame = raw.name, raw.frame
    rows = raw.row_numbers if raw.row_numbers is not None else pd.Series(frame.index + 2)
    issues = list(raw.issues)
    if raw.encoding not in (None, "utf-8", "utf-8-sig"):
        issues.append(Issue.of("report.encoding", 1, [raw.encoding], source=name,
                               encoding=raw.encoding))
    cells = frame.where(frame.notna(), "").astype(str)
    filled = cells.apply(lambda column: column.str.strip().ne("")).any(axis=1).to_numpy()
    frame, rows = frame[filled].reset_index(drop=True), rows[filled].reset_index(drop=True)
    code_column = find_code_column(frame)
    if code_column is None:
        columns = ", ".join(map(str, frame.columns)) or "-"
        raise TableError("errors.sector_code_column_missing",
                         filename=name, columns=columns)
    frame, rows, chosen_year, years = _choose_year(frame, rows, year, name, issues)
    codes = normalise_codes(frame[code_column])
    valid = valid_codes(codes).to_numpy()
    invalid = frame[~valid].assign(_row=rows[~valid].to_numpy())
    if (~valid).any():
        shown = [f"row {r}: '{c}'" for r, c in zip(rows[~valid], frame[code_column][~valid])]
        issues.append(Issue.of("report.invalid_codes", int((~valid).sum()), shown, source=name))
    frame, rows, codes = frame[valid], rows[valid], codes[valid]
    variable_column = find_column(list(frame.columns), _VARIABLE_NAMES)
    value_column = find_column(list(frame.columns), _VALUE_NAMES)
    if variable_column is not None and value_column is not None:
        data = _pivot_long(frame, rows, codes, variable_column, value_column, name, issues)
    else:
        data = _wide(frame, rows, codes, code_column, name, issues)
    if data.shape[1] == 0:
        raise TableError("errors.no_indicator_columns", filename=name)
    known = _layer_codes(sectors)
    unknown = data.iloc[0:0]
    if known is not None:
        issues.extend(compare_codes(data.index, known, source=name))
        issues.extend(code_match_issues(data.index, known, years=years, source=name))
        in_layer = data.index.isin(list(known))
        unknown, data = data[~in_layer], data[in_layer]
    return IndicatorTable(data=data.sort_index(), report=ValidationReport(tuple(issues)),
                          unknown=unknown.sort_index(), invalid=invalid.reset_index(drop=True),
                          source=name, code_column=str(code_column), year=chosen_year,
                          years=years, encoding=raw.encoding, separator=raw.separator)


def sector_codes_of(sectors: object) -> list[str]:
    """The sector codes of a layer, a :class:`SectorLayer` or an iterable of codes."""
    layer = getattr(sectors, "sectors", sectors)
    if isinstance(layer, pd.DataFrame):
        return [str(code) for code in layer["cd_sector"]]
    return [str(code) for code in layer]  # type: ignore[union-attr]


def _layer_codes(sectors: object) -> list[str] | None:
    return None if sectors is None else sector_codes_of(sectors)


def _choose_year(frame: pd.DataFrame, rows: pd.Series, year: int | None, name: str,
                 issues: list[Issue]):
    column = find_column(list(frame.columns), _YEAR_NAMES)
    if column is None:
        return frame, rows, None, ()
    numbers, status = parse_numbers(frame[column])
    is_year = (status == 0) & (numbers == np.round(numbers)) & (numbers >= 1800) & (numbers <= 2200)
    if is_year.mean() < 0.5:
        return frame, rows, None, ()  # a column called "year" that holds no years
    if (~is_year).any():
        shown = [f"row {r} {column}='{v}'" for r, v in zip(rows[~is_year], frame[column][~is_year])]
        issues.append(Issue.of("report.non_numeric", int((~is_year).sum()), shown, source=name))
    years = tuple(sorted({int(y) for y in numbers[is_year]}))
    if year is None:
        chosen = years[-1]
    elif int(year) in years:
        chosen = int(year)
    else:
        shown = ", ".join(map(str, years))
        raise TableError("errors.year_not_available", filename=name, year=year, years=shown)
    issues.append(Issue.of("report.year_chosen", len(years), years, source=name, year=chosen))
    keep = is_year & (numbers == chosen)
    return (frame[keep].drop(columns=[column]).reset_index(drop=True),
            rows[keep].reset_index(drop=True), chosen, years)


def _wide(frame: pd.DataFrame, rows: pd.Series, codes: pd.Series, code_column: str, name: str,
          issues: list[Issue]) -> pd.DataFrame:
    first = ~codes.duplicated(keep="first").to_numpy()
    _report_duplicates(codes, name, issues)
    frame, rows, codes = frame[first], rows[first], codes[first]
    columns, statuses, ignored = {}, {}, []
    for column in frame.columns:
        if column == code_column:
            continue
        if str(column).lower().startswith(_IDENTIFIER_PREFIXES):
            ignored.append(column)
            continue
        numbers, status = parse_numbers(frame[column])
        answered = status != MISSING
        if answered.any() and (status[answered] == NON_NUMERIC).mean() > 0.5:
            ignored.append(column)
            continue
        columns[column], statuses[column] = numbers, status
    if ignored:
        issues.append(Issue.of("report.text_columns", len(ignored), ignored, source=name))
    _report_values(codes.to_numpy(), rows.to_numpy(), frame, statuses, name, issues)
    data = pd.DataFrame(columns, index=pd.Index(codes.to_numpy(), name="cd_sector"))
    return data.astype(float)


def _pivot_long(frame: pd.DataFrame, rows: pd.Series, codes: pd.Series, variable_column: str,
                value_column: str, name: str, issues: list[Issue]) -> pd.DataFrame:
    variables = frame[variable_column].map(lambda v: "" if v is None else str(v).strip())
    keys = codes + "/" + variables
    _report_duplicates(keys, name, issues)
    first = ~keys.duplicated(keep="first").to_numpy()
    numbers, status = parse_numbers(frame[value_column])
    long = pd.DataFrame({"cd_sector": codes.to_numpy()[first], "variable": variables.to_numpy()[first],
                         "value": numbers[first]})
    labels = [f"{c} {v}" for c, v in zip(codes, variables)]
    _report_values(np.array(labels), rows.to_numpy(), frame, {value_column: status}, name, issues,
                   with_column=False)
    order = list(dict.fromkeys(long["variable"]))
    data = long.pivot(index="cd_sector", columns="variable", values="value")[order]
    data.columns.name = None
    return data.astype(float)


def _report_duplicates(keys: pd.Series, name: str, issues: list[Issue]) -> None:
    repeated = keys[keys.duplicated(keep=False)]
    if not repeated.empty:
        issues.append(Issue.of("report.duplicate_codes", repeated.nunique(), repeated, source=name))


def _report_values(labels: np.ndarray, rows: np.ndarray, frame: pd.DataFrame,
                   statuses: dict[str, np.ndarray], name: str, issues: list[Issue],
                   with_column: bool = True) -> None:
    suppressed_cells, suppressed_rows = 0, np.zeros(len(labels), dtype=bool)
    bad, bad_examples, suppressed_examples = 0, [], []
    for column, status in statuses.items():
        missing, wrong = status == MISSING, status == NON_NUMERIC
        suppressed_cells += int(missing.sum())
        suppressed_rows |= missing
        where = f" {column}" if with_column else ""
        suppressed_examples += [f"{label}{where}" for label in labels[missing][:5]]
        if wrong.any():
            bad += int(wrong.sum())
            values = frame[column].to_numpy()[wrong]
            bad_examples += [f"{label}{where}='{value}' (row {row})"
                             for label, value, row in zip(labels[wrong][:5], values[:5], rows[wrong][:5])]
    if suppressed_cells:
        issues.append(Issue.of("report.suppressed_values", suppressed_cells, suppressed_examples,
                               source=name, rows=int(suppressed_rows.sum())))
    if bad:
        issues.append(Issue.of("report.non_numeric", bad, bad_examples, source=name))
