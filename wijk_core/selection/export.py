"""The candidate file for the council: perimeters (GeoJSON), tables (XLSX), report (HTML).

Three writers that take plain tables and return bytes or text
(:func:`wijk_core.selection.council.council_file` builds all three from a project's work):

- :func:`perimeters_geojson`: the perimeters in WGS84 as RFC 7946 GeoJSON;
- :func:`workbook`: one sheet per table after an "about" sheet; numbers stay numbers,
  user text never becomes a formula;
- :func:`html_report`: one self-contained, printable HTML file (maps as inline SVG,
  plotly charts with plotly.js inlined once), readable offline.

User text (candidate names, pros and cons, project name) is escaped wherever it is
written: HTML-escaped in the report, stored as text (never as a formula) in the
workbook, JSON-encoded in the GeoJSON.
"""

from __future__ import annotations

import html
import io
import json
import math
import numbers
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["SHEETS", "ReportSection", "html_report", "perimeters_geojson", "workbook"]

SHEETS = ("about", "profiles", "ranking", "scores", "shares", "criteria")
"""Sheet keys of :func:`workbook`, in workbook order."""

_COORDINATE_DECIMALS = 7  # about 1 cm: RFC 7946 §11.2 advises no more than needed
_RESERVED_PROPERTIES = ("name", "area_ha")
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # OWASP "CSV injection" triggers
_SHEET_INVALID = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31
_EXCEL_TEXT_MAX = 32_767
_COLUMN_WIDTH_MAX = 60
_MISSING_TEXT = "–"


# --------------------------------------------------------------------------- values

def _plain(value: object) -> object:
    """A Python scalar for a pandas/numpy one; None for every kind of missing value."""
    if isinstance(value, np.datetime64):  # before .item(), which gives nanoseconds
        value = pd.Timestamp(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _decimals(values: Sequence[object]) -> int:
    """Decimals worth showing for values of one quantity (a column, or a profile row).

    Whole numbers get none; otherwise the largest magnitude decides: 0 decimals from
    100, 1 from 10, 2 from 1, and three significant digits below 1.
    """
    present = [float(v) for v in values if _is_number(v) and math.isfinite(float(v))]
    if not present or all(v.is_integer() for v in present):
        return 0
    magnitude = max(abs(v) for v in present)
    if magnitude >= 100:
        return 0
    if magnitude >= 10:
        return 1
    if magnitude >= 1:
        return 2
    return min(6, max(3, 2 - math.floor(math.log10(magnitude)))) if magnitude > 0 else 3


NumbersBy = Literal["column", "row"]


def _decimal_grid(table: pd.DataFrame, by: NumbersBy) -> np.ndarray:
    """Decimals per cell, shared along each column (one quantity) or each row."""
    values = table.map(_plain).to_numpy(dtype=object) if table.size else np.empty(table.shape, object)
    grid = np.zeros(values.shape, dtype=int)
    if by == "row":
        for row in range(values.shape[0]):
            grid[row, :] = _decimals(values[row, :])
    else:
        for column in range(values.shape[1]):
            grid[:, column] = _decimals(values[:, column])
    return grid


def _flat_label(label: object) -> str:
    if isinstance(label, tuple):
        return " – ".join(str(part) for part in label if str(part))
    return "" if label is None else str(label)


# --------------------------------------------------------------------------- GeoJSON

def _projected_areas(layer: gpd.GeoDataFrame) -> pd.Series:
    """Area of each perimeter in hectares, measured in a projected CRS (metres)."""
    projected = layer if layer.crs.is_projected else layer.to_crs(31370)
    metres = float(projected.crs.axis_info[0].unit_conversion_factor or 1.0)
    return pd.Series(projected.geometry.area.to_numpy() * metres ** 2 / 10_000, index=layer.index)


def perimeters_geojson(layer: gpd.GeoDataFrame, *, attributes: pd.DataFrame | None = None) -> bytes:
    """The candidate perimeters as RFC 7946 GeoJSON (WGS84, UTF-8).

    Parameters
    ----------
    layer
        Candidates indexed by name, in any declared CRS (EPSG:31370 for the app's
        candidates).
    attributes
        Extra properties indexed by candidate name (origin, rank, score, indicator
        values, …). Names missing from it get ``null``; rows for other names are ignored.

    Returns
    -------
    bytes
        A FeatureCollection in UTF-8. Each feature has the properties ``name``,
        ``area_ha`` (measured in a projected CRS, 4 decimals) and the attributes;
        coordinates are longitude, latitude with 7 decimals, exterior rings
        counter-clockwise (the right-hand rule of RFC 7946 §3.1.6).

    Raises
    ------
    ValueError
        When the layer has no CRS, or ``attributes`` has a column called ``name`` or
        ``area_ha`` (rename it: those two are computed here).
    """
    if layer.crs is None:
        raise ValueError("the perimeters have no CRS; declare it, e.g. layer.set_crs(31370)")
    extra = attributes if attributes is not None else pd.DataFrame(index=layer.index)
    clash = [c for c in extra.columns if str(c) in _RESERVED_PROPERTIES]
    if clash:
        raise ValueError(f"attribute columns {clash} clash with the computed properties "
                         f"{list(_RESERVED_PROPERTIES)}; rename them")
    extra = extra.reindex(layer.index)
    hectares = _projected_areas(layer) if len(layer) else pd.Series(dtype=float)
    geographic = layer.to_crs(4326) if len(layer) else layer
    features = []
    for position, name in enumerate(layer.index):
        geometry = geographic.geometry.iloc[position]
        if geometry is None or geometry.is_empty:
            shape = None
        else:
            rounded = shapely.transform(geometry, lambda xy: np.round(xy, _COORDINATE_DECIMALS))
            shape = mapping(shapely.orient_polygons(rounded))
        properties: dict[str, object] = {"name": str(name),
                                         "area_ha": round(float(hectares.iloc[position]), 4)}
        for column in extra.columns:
            properties[str(column)] = _json_value(extra.iloc[position][column])
        features.append({"type": "Feature", "properties": properties, "geometry": shape})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, allow_nan=False,
                      separators=(",", ":")).encode("utf-8")


def _json_value(value: object) -> object:
    value = _plain(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


# --------------------------------------------------------------------------- XLSX

def _sheet_title(name: str, fallback: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no ``[]:*?/\\``, no edge apostrophe, at most 31 characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

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


def _put(cell, value: object, decimals: int = 2, percent: bool = False) -> int:
    """Write one value as its own type; return its display width in characters.

    Text that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, tab,
    carriage return at the start) is stored as a text cell with a quote prefix.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _plain(value)
    if value is None:
        return 0
    if isinstance(value, bool):
        cell.value = value
        return 5
    if _is_number(value):
        cell.value = value
        if percent:
            cell.number_format = "0.0%"
            return len(f"{value * 100:.1f}%")
        cell.number_format = "#,##0" + ("." + "0" * decimals if decimals else "")
        return len(f"{value:,.{decimals}f}")
    if isinstance(value, (datetime, date)):
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        cell.value = value
        cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd"
        return 16
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:_EXCEL_TEXT_MAX]
    cell.value = text
    if text.startswith(_FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True
    return max((len(line) for line in text.splitlines()), default=0)


def _flat_frame(table: pd.DataFrame, with_index: bool) -> pd.DataFrame:
    """The table with one-level string column labels and, if asked, its index as first column(s)."""
    frame = table.copy()
    frame.columns = [_flat_label(c) for c in frame.columns]
    if with_index:
        levels = frame.index.nlevels
        frame.index = frame.index.set_names(
            [_flat_label(n) if n is not None else ("" if levels == 1 else f"level_{i}")
             for i, n in enumerate(frame.index.names)])
        frame = frame.reset_index(allow_duplicates=True)
    return frame


def _write_table(sheet, table: pd.DataFrame, by: NumbersBy = "column",
                 percent_columns: Collection[str] = ()) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    frame = _flat_frame(table, not isinstance(table.index, pd.RangeIndex))
    decimals = _decimal_grid(frame, by)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF0")
    widths = [0] * len(frame.columns)
    for column, label in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=1, column=column)
        widths[column - 1] = _put(cell, label)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    percent = [label in percent_columns for label in frame.columns]
    for row_number, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            width = _put(cell, value, int(decimals[row_number - 2, column - 1]), percent[column - 1])
            if width > _COLUMN_WIDTH_MAX:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[column - 1] = max(widths[column - 1], width)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width, 6), _COLUMN_WIDTH_MAX) + 2
    sheet.freeze_panes = "A2"
    if len(frame) and len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"


def _write_about(sheet, metadata: Mapping[str, str]) -> None:
    from openpyxl.styles import Alignment, Font

    label_width, value_width = 10, 20
    for row_number, (label, value) in enumerate(metadata.items(), start=1):
        label_cell = sheet.cell(row=row_number, column=1)
        label_width = max(label_width, _put(label_cell, label))
        label_cell.font = Font(bold=True)
        label_cell.alignment = Alignment(vertical="top")
        value_cell = sheet.cell(row=row_number, column=2)
        value_width = max(value_width, _put(value_cell, value))
        value_cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = min(label_width, 40) + 2
    sheet.column_dimensions["B"].width = min(value_width, 100) + 2


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
    from openpyxl import Workbook

    book = Workbook()
    book.properties.creator = "Wijkwerf"
    taken: set[str] = set()
    about = book.active
    about.title = _sheet_title(sheet_names.get("about", "about"), "about", taken)
    _write_about(about, metadata)
    tables = {"profiles": profiles_table, "ranking": ranking_table, "scores": scores_table,
              "shares": shares_table, "criteria": criteria_table}
    for key in SHEETS[1:]:
        table = tables[key]
        if table is None:
            continue
        sheet = book.create_sheet(_sheet_title(sheet_names.get(key, key), key, taken))
        _write_table(sheet, table, "row" if key == "profiles" else "column", set(percent_columns))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- HTML

@dataclass(frozen=True)
class ReportSection:
    """One section of the report; it starts a new page when printed.

    Attributes
    ----------
    heading
        Plain text.
    paragraphs
        Plain text, escaped when written.
    table
        Written with escaped labels and cells; numbers in Belgian notation.
    svg
        Trusted SVG markup (from :func:`wijk_core.maps.svg.svg_map`), written as is.
    figure
        A plotly figure.
    index
        Whether the table's index is shown (as first column(s)).
    numbers_by
        Whether the decimals of numbers are shared along each ``column`` (one
        quantity per column) or each ``row`` (a profile: one indicator per row).
    """

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: pd.DataFrame | None = None
    svg: str | None = None
    figure: go.Figure | None = None
    index: bool = False
    numbers_by: NumbersBy = "column"


_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; font-size: 11pt; line-height: 1.45;
       color: #1d1d1d; margin: 0 auto; padding: 16px; max-width: 190mm; background: #fff; }
header { border-bottom: 2px solid #1f6f5c; margin-bottom: 12px; }
h1 { font-size: 20pt; margin: 0 0 4px; color: #1f6f5c; }
h2 { font-size: 14pt; margin: 18px 0 8px; color: #1f6f5c; break-after: avoid; page-break-after: avoid; }
.generated { color: #555; font-size: 9.5pt; margin: 0 0 8px; }
figure { margin: 8px 0; }
figure.map svg { width: 100%; height: auto; max-height: 235mm; display: block; }
.chart { width: 100%; margin: 8px 0; break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 8px 0; }
th, td { border: 1px solid #c9d3d6; padding: 3px 6px; vertical-align: top; text-align: left; }
thead th { background: #e8eef0; }
tbody th { font-weight: normal; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 10pt; }
  section + section { break-before: page; page-break-before: always; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _display(value: object, lang: str, decimals: int) -> str:
    from wijk_core.i18n import format_number

    value = _plain(value)
    if value is None:
        return _MISSING_TEXT
    if _is_number(value):
        return format_number(value, lang, decimals)
    return str(value)


def _table_html(table: pd.DataFrame, lang: str, index: bool, by: NumbersBy,
                number: int) -> tuple[str, str]:
    """The table as escaped HTML, and the CSS that right-aligns its number columns."""
    frame = _flat_frame(table, index)
    decimals = _decimal_grid(frame, by)
    shown = pd.DataFrame([[_display(value, lang, int(decimals[r, c])) for c, value in enumerate(row)]
                          for r, row in enumerate(frame.itertuples(index=False, name=None))],
                         columns=frame.columns, dtype=object)
    plain = frame.map(_plain) if frame.size else frame
    numeric = [column + 1 for column in range(len(frame.columns))
               if plain.iloc[:, column].notna().any()
               and plain.iloc[:, column].dropna().map(_is_number).all()]
    css_class = f"table-{number}"
    rules = ",".join(f".{css_class} td:nth-child({p})" for p in numeric)
    css = f"{rules} {{ text-align: right; font-variant-numeric: tabular-nums; }}" if rules else ""
    markup = shown.to_html(escape=True, index=False, border=0, na_rep=_MISSING_TEXT,
                           classes=["data", css_class])
    return markup, css


def _figure_html(figure: go.Figure, first: bool) -> str:
    height = getattr(getattr(figure, "layout", None), "height", None) or 450
    return figure.to_html(full_html=False, include_plotlyjs=bool(first), include_mathjax=False,
                          config={"displaylogo": False, "displayModeBar": False,
                                  "responsive": True, "staticPlot": False},
                          default_width="100%", default_height=f"{int(height)}px")


def html_report(*, title: str, lang: str, sections: Sequence[ReportSection],
                generated_at: datetime | None = None) -> str:
    """One self-contained, printable HTML report.

    Parameters
    ----------
    title
        Plain text, written as the page title and the first heading.
    lang
        Language of the report (``nl``, ``fr``, ``en``): the ``lang`` attribute, the
        generated-on line and the number notation.
    sections
        The sections in order; each starts a new page in print.
    generated_at
        When the report was made (default: now), for the generated-on line.

    Returns
    -------
    str
        An HTML document with no external reference: CSS inline, maps as inline
        SVG, plotly.js inlined once (with the first figure). Print CSS for A4 puts a
        page break between sections and repeats table headers.
    """
    from babel.dates import format_date

    from wijk_core.i18n import Language, language, t

    code = language(lang)
    moment = generated_at or datetime.now()
    generated = t("selection.report_generated", code,
                  date=format_date(moment, format="long", locale=Language(code).locale))
    body, styles = [], [_CSS]
    plotly_included = False
    for number, section in enumerate(sections, start=1):
        parts = [f'<section id="section-{number}">', f"<h2>{html.escape(section.heading)}</h2>"]
        parts.extend(f"<p>{html.escape(text)}</p>" for text in section.paragraphs)
        if section.svg:
            parts.append(f'<figure class="map">{section.svg}</figure>')
        if section.table is not None:
            markup, css = _table_html(section.table, code, section.index, section.numbers_by, number)
            parts.append(markup)
            styles.append(css)
        if section.figure is not None:
            parts.append(f'<div class="chart">{_figure_html(section.figure, not plotly_included)}</div>')
            plotly_included = True
        parts.append("</section>")
        body.append("\n".join(parts))
    return "\n".join([
        "<!doctype html>",
        f'<html lang="{html.escape(code)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="Wijkwerf">',
        f"<title>{html.escape(title)}</title>",
        "<style>" + "\n".join(s for s in styles if s) + "</style>",
        "</head>",
        "<body>",
        f"<header><h1>{html.escape(title)}</h1>",
        f'<p class="generated">{html.escape(generated)}</p></header>',
        "<main>",
        *body,
        "</main>",
        "</body>",
        "</html>",
    ])
