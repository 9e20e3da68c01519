"""The candidate file for the council: perimeters (GeoJSON), tables (XLSX), report (HTML).

Three writers that take plain tables and return bytes or text, and
:func:`council_file`, which builds all three from a project's data, candidates,
profiles and assessment:

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
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from .criteria import Direction

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .candidates import CandidateProfiles
    from .framework import Assessment, CriterionChoice
    from .sectors import SectorData

__all__ = ["OUTLINE_COLOURS", "SCORE_COLUMNS", "SHEETS", "CouncilFile", "ReportSection",
           "council_file", "html_report", "perimeters_geojson", "workbook"]

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
        Trusted SVG markup (from :func:`wijk_core.svgmap.svg_map`), written as is.
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
    from .i18n import format_number

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

    from .i18n import Language, language, t

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



# --------------------------------------------------------------------------- council file

OUTLINE_COLOURS = ("#08306b", "#6a3d9a", "#006d2c", "#111111", "#1f78b4", "#c51b7d", "#01665e",
                   "#54278f")
"""Perimeter colours on the report's map: dark, and apart from the yellow–red fills."""

SCORE_COLUMNS = ("criterion", "candidate", "score", "pro", "con")
"""Columns of the team scores given to :func:`council_file`, one row per scored pair."""


@dataclass(frozen=True)
class CouncilFile:
    """The three files of the candidate file for the council."""

    geojson: bytes
    xlsx: bytes
    html: str


def _criterion_labeller(catalogue: pd.DataFrame, lang: str) -> Callable[[str], str]:
    """Label of a criterion key: the checklist's for qualitative ones, the catalogue's otherwise."""
    from .framework import checklist

    qualitative = {c.key: c.label(lang) for c in checklist()}
    column = f"label_{lang}" if f"label_{lang}" in catalogue.columns else "label_nl"

    def label(key: str) -> str:
        if key in qualitative:
            return qualitative[key]
        if key in catalogue.index and column in catalogue.columns and pd.notna(catalogue.at[key, column]):
            return str(catalogue.at[key, column])
        return str(key)

    return label


def _unique_label(columns: Mapping[str, object], label: str, key: str) -> str:
    return label if label not in columns else f"{label} ({key})"


def _map_svg(data: SectorData, layer: gpd.GeoDataFrame, indicator: str | None, lang: str,
             label: Callable[[str], str]) -> str:
    """The report's map: ``indicator`` in quantile classes, the candidates outlined."""
    from .choropleth import NO_DATA_COLOUR, ChoroplethError, classify
    from .i18n import format_number, t
    from .svgmap import svg_map

    fills, legend, title = None, [], ""
    if indicator is not None:
        if indicator not in data.indicators.columns:
            known = ", ".join(list(data.indicators.columns)[:8])
            raise ValueError(f"no sector values for indicator {indicator!r}; pick one of {known}, …")
        entry = (data.catalogue.loc[indicator] if indicator in data.catalogue.index
                 else pd.Series(dtype=object))
        direction, unit = str(entry.get("direction", "")), entry.get("unit")
        title = label(indicator) + (f" ({unit})" if isinstance(unit, str) and unit else "")
        values = data.indicators[indicator].reindex(data.sectors["cd_sector"].astype(str).to_numpy())
        try:
            classes = classify(values, "quantiles", 5, ramp="neutral" if direction == "neutral" else "need",
                               reverse=direction == "need_if_lower")
        except ChoroplethError:  # nothing to colour: the map still shows the perimeters
            classes = None
        if classes is not None:
            fills = classes.colour_of()
            span = max(classes.upper) - min(classes.lower)
            decimals = 0 if span >= 100 else 1 if span >= 1 else 3
            legend = [(colour, " – ".join(format_number(v, lang, decimals) for v in (low, high)))
                      for low, high, colour in zip(classes.lower, classes.upper, classes.colours)]
            if classes.missing:
                legend.append((NO_DATA_COLOUR, t("selection.no_value", lang)))
    legend += [(OUTLINE_COLOURS[i % len(OUTLINE_COLOURS)], str(name)) for i, name in enumerate(layer.index)]
    return svg_map(data.sectors, fills, layer, outline_colours=list(OUTLINE_COLOURS), title=title,
                   legend=legend)


@dataclass
class _Parts:
    """What council_file assembles: workbook tables, report sections, GeoJSON attributes."""

    tr: Callable[..., str]
    lang: str
    label: Callable[[str], str]
    col: dict[str, str]
    attributes: pd.DataFrame
    ranking_table: pd.DataFrame | None = None
    criteria_table: pd.DataFrame | None = None
    sections: list[ReportSection] = field(default_factory=list)


def _assessment_parts(parts: _Parts, assessment: Assessment,
                      choices: Sequence[CriterionChoice] | None) -> None:
    """Ranking and criteria tables, the ranking and robustness sections, rank/score attributes."""
    from .charts import contributions_chart, leave_one_out_chart, robustness_chart
    from .i18n import format_percent_value

    tr, col, label, lang = parts.tr, parts.col, parts.label, parts.lang
    ranking = assessment.ranking
    order = list(ranking.ranks.sort_values(kind="stable").index)
    ranks = ranking.ranks[order].astype(int).to_numpy()
    p_first = assessment.robustness["p_first"].reindex(order)
    columns: dict[str, object] = {col["rank"]: ranks, col["candidate"]: order,
                                  col["total"]: ranking.scores[order].to_numpy(),
                                  col["p_first"]: p_first.to_numpy()}
    for key in assessment.matrix.columns:  # the criterion values behind the score
        columns[_unique_label(columns, label(key), key)] = assessment.matrix.loc[order, key].to_numpy()
    parts.ranking_table = pd.DataFrame(columns)
    index = parts.attributes.index
    parts.attributes["rank"] = ranking.ranks.reindex(index).to_numpy()
    parts.attributes["score"] = ranking.scores.reindex(index).to_numpy()
    parts.attributes["p_first"] = assessment.robustness["p_first"].reindex(index).to_numpy()
    if choices:
        parts.criteria_table = pd.DataFrame({
            col["criterion"]: [label(c.key) for c in choices],
            col["direction"]: [tr(f"selection.direction_{Direction(c.direction).value}") for c in choices],
            col["weight"]: [float(c.weight) for c in choices]})
    else:
        parts.criteria_table = pd.DataFrame({col["criterion"]: [label(k) for k in ranking.weights.index],
                                             col["weight"]: ranking.weights.to_numpy()})

    dropped = assessment.leave_one_out
    summary = dropped["summary"] if len(dropped) else pd.DataFrame(columns=["winner", "winner_changed"])
    changed = summary[summary["winner_changed"].astype(bool)]
    stability = ([tr("selection.winner_changes", criterion=label(key), name=row["winner"])
                  for key, row in changed.iterrows()] or [tr("selection.winner_stable")])
    labels = {key: label(key) for key in assessment.matrix.columns}
    shown = pd.DataFrame({col["rank"]: ranks, col["candidate"]: order,
                          col["total"]: [_display(v, lang, 3) for v in ranking.scores[order]],
                          col["p_first"]: [format_percent_value(v, lang, 0) for v in p_first]})
    parts.sections += [
        ReportSection(tr("selection.tab_framework"), table=parts.criteria_table),
        ReportSection(tr("selection.ranking_title"), paragraphs=[
            tr("selection.winner_robust", name=order[0], share=format_percent_value(p_first.iloc[0], lang, 0)),
            tr("selection.normalisation_note")], table=shown,
            figure=contributions_chart(ranking.contributions, ranking.scores,
                                       title=tr("selection.contributions_title"), score_label=col["total"],
                                       criterion_labels=labels, baseline=ranking.baseline)),
        ReportSection(tr("selection.robustness_title"), paragraphs=stability,
                      figure=robustness_chart(assessment.robustness, title=tr("selection.robustness_title"),
                                              probability_label=col["p_first"])),
    ]
    if len(dropped):
        parts.sections.append(ReportSection(tr("selection.loo_title"), figure=leave_one_out_chart(
            dropped["ranks"], title=tr("selection.loo_title"), dropped_label=tr("selection.loo_dropped"),
            criterion_labels=labels)))


def _scores_table(scores: pd.DataFrame, names: list[str], col: dict[str, str],
                  label: Callable[[str], str]) -> pd.DataFrame:
    missing = [c for c in SCORE_COLUMNS if c not in scores.columns]
    if missing:
        raise ValueError(f"scores lack the columns {missing}; expected {list(SCORE_COLUMNS)}")
    position = {name: i for i, name in enumerate(names)}
    ordered = scores.assign(_order=scores["candidate"].map(position)).sort_values(
        ["criterion", "_order"], kind="stable")
    return pd.DataFrame({col["criterion"]: ordered["criterion"].map(label).to_numpy(),
                         col["candidate"]: ordered["candidate"].to_numpy(),
                         col["score"]: ordered["score"].to_numpy(),
                         col["pro"]: ordered["pro"].to_numpy(), col["con"]: ordered["con"].to_numpy()})


def _shares_table(data: SectorData, profiles: CandidateProfiles, lang: str, col: dict[str, str],
                  name_label: str) -> pd.DataFrame | None:
    if not len(profiles.shares):
        return None
    shares = profiles.shares.reset_index()
    table = {col["candidate"]: shares[shares.columns[0]].to_numpy(),
             col["sector"]: shares["cd_sector"].to_numpy()}
    name_column = "tx_sector_descr_fr" if lang == "fr" else "tx_sector_descr_nl"
    if name_column in data.sectors.columns:
        sector_names = data.sectors.set_index("cd_sector")[name_column]
        table[name_label] = sector_names.reindex(shares["cd_sector"]).to_numpy()
    table[col["share"]] = shares["share"].to_numpy()
    return pd.DataFrame(table)


def council_file(data: SectorData, layer: gpd.GeoDataFrame, profiles: CandidateProfiles, *,
                 project_name: str, lang: str = "nl", assessment: Assessment | None = None,
                 scores: pd.DataFrame | None = None, choices: Sequence[CriterionChoice] | None = None,
                 indicator: str | None = None, generated_at: datetime | None = None) -> CouncilFile:
    """Build the candidate file for the council: GeoJSON, XLSX and HTML report.

    Parameters
    ----------
    data
        The project's sector data.
    layer
        The candidates (:func:`~wijk_core.candidates.candidate_layer`), indexed by
        name; an ``origin`` column, when present, goes into the GeoJSON.
    profiles
        :func:`~wijk_core.candidates.profile_candidates` of ``layer``.
    project_name
        Shown in the report's title and the workbook's about sheet.
    lang
        ``nl``, ``fr`` or ``en``: labels, sheet names, number notation.
    assessment
        The outcome of :func:`~wijk_core.framework.assess`, or None before criteria
        are chosen (the file then holds the perimeters and profiles only).
    scores
        The team's scores, one row per (criterion, candidate) with the columns
        :data:`SCORE_COLUMNS` (score 1–5, written pro and con), or None.
    choices
        The criteria (direction and weight as entered) for the criteria sheet;
        without them it shows the assessment's normalised weights.
    indicator
        Indicator coloured on the report's map (quantiles); None draws the perimeters
        over grey sectors.
    generated_at
        Date of the file (default now).

    Returns
    -------
    CouncilFile
        ``geojson`` (perimeters with name, area, origin, data coverage, rank, score,
        probability of ranking first and the map indicator), ``xlsx`` (about,
        profiles, ranking, scores, shares, criteria) and ``html`` (the report).

    Raises
    ------
    ValueError
        For an ``indicator`` without sector values, or ``scores`` without the
        :data:`SCORE_COLUMNS`.
    """
    from babel.dates import format_date

    from .candidates import profile_table
    from .i18n import Language, format_percent_value, language, t

    code = language(lang)

    def tr(key: str, **params: object) -> str:
        return t(key, code, **params)

    moment = generated_at or datetime.now()
    names = list(profiles.candidates)
    col = {key: tr(f"selection.col_{key}") for key in
           ("candidate", "rank", "total", "p_first", "criterion", "direction", "weight", "score",
            "pro", "con", "sector", "share", "indicator", "unit")}
    parts = _Parts(tr=tr, lang=code, label=_criterion_labeller(data.catalogue, code), col=col,
                   attributes=pd.DataFrame(index=pd.Index(layer.index)))

    profile = profile_table(profiles, data.catalogue, code, tr("selection.municipality")).rename(
        columns={"indicator": col["indicator"], "unit": col["unit"]})
    profile.index.name = "id"
    areas = profiles.areas.reindex(names) if len(profiles.areas) else pd.DataFrame(index=names)
    hectares = areas.get("hectares", pd.Series(np.nan, index=names))
    coverage = areas.get("data_coverage", pd.Series(np.nan, index=names))
    overview = pd.DataFrame({
        col["candidate"]: names, f"{tr('selection.area_inside')} (ha)": hectares.to_numpy(),
        f"{tr('selection.data_coverage')} (%)": [format_percent_value(v, code, 0) for v in coverage]})
    if "origin" in layer.columns:
        parts.attributes["origin"] = layer["origin"].to_numpy()
    parts.attributes["data_coverage"] = coverage.reindex(layer.index).round(6).to_numpy()
    if indicator is not None and indicator in profiles.values.index:
        key = indicator if indicator not in _RESERVED_PROPERTIES else f"{indicator}_value"
        parts.attributes[key] = profiles.values.loc[indicator].reindex(layer.index).to_numpy()

    parts.sections = [
        ReportSection(tr("selection.tab_candidates"),
                      paragraphs=[tr("selection.export_intro"),
                                  tr("selection.data_current", label=data.label, sectors=len(data.sectors),
                                     indicators=len(data.catalogue), wijken=len(data.wijken)
                                     ).replace("**", ""),  # markdown bold in the catalogue text
                                  *([tr("selection.data_demo_note")] if data.synthetic else [])],
                      svg=_map_svg(data, layer, indicator, code, parts.label), table=overview),
        ReportSection(tr("selection.profiles"), paragraphs=[tr("selection.profiles_help")],
                      table=profile, numbers_by="row"),
    ]
    if assessment is not None:
        _assessment_parts(parts, assessment, choices)
    scores_table = (_scores_table(scores, names, col, parts.label)
                    if scores is not None and len(scores) else None)
    if scores_table is not None:
        parts.sections.append(ReportSection(tr("selection.scores_title"), table=scores_table))

    when = format_date(moment, format="long", locale=Language(code).locale)
    metadata = {
        tr("project.label"): project_name,
        tr("selection.tab_data"): (f"{data.label} – {tr('selection.data_demo_note')}" if data.synthetic
                                   else data.label),
        tr("selection.method"): (tr(f"selection.method_{assessment.ranking.method}")
                                 if assessment is not None else _MISSING_TEXT),
        tr("selection.profiles"): tr("selection.profiles_help"),  # the areal-weighting assumption
        tr("app.name"): tr("selection.report_generated", date=when),
    }
    xlsx = workbook(
        profiles_table=profile, ranking_table=parts.ranking_table, scores_table=scores_table,
        shares_table=_shares_table(data, profiles, code, col, tr("selection.sector_tooltip_name")),
        criteria_table=parts.criteria_table, metadata=metadata,
        percent_columns=(col["p_first"], col["share"]),
        sheet_names={"about": tr("app.name"), "profiles": tr("selection.profiles"),
                     "ranking": tr("selection.ranking_title"), "scores": tr("selection.scores_title"),
                     "shares": col["share"], "criteria": tr("selection.tab_framework")})
    report = html_report(title=tr("selection.report_heading", project=project_name), lang=code,
                         sections=parts.sections, generated_at=moment)
    return CouncilFile(geojson=perimeters_geojson(layer, attributes=parts.attributes), xlsx=xlsx,
                       html=report)
