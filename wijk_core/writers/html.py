"""The self-contained, printable HTML report, with the one escaping and number-display rule.

:func:`html_report` writes one HTML file with no external reference (CSS inline, maps
as inline SVG, plotly.js inlined once with the first chart), readable offline and
printable on A4 with a page break between sections. User text – titles, paragraphs,
table labels and cells – is HTML-escaped wherever it is written; numbers read in the
report's language (:func:`display_value`), with the decimals of one quantity shared.
Used by the council file of the selection and the stakeholders' handout.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd
from babel.dates import format_date

from wijk_core.i18n import Language, format_number, language, t
from wijk_core.writers.values import MISSING_TEXT, NumbersBy, decimal_grid, flat_frame, is_number, plain_value

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["ReportSection", "display_value", "html_report"]


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


def display_value(value: object, lang: str, decimals: int) -> str:
    """A value as a report shows it: numbers in the language's notation, missing as "–".

    Parameters
    ----------
    value
        Any scalar.
    lang
        ``nl``, ``fr`` or ``en``.
    decimals
        Decimals of a number.

    Returns
    -------
    str
        Plain text (escape it before writing it into HTML).
    """
    value = plain_value(value)
    if value is None:
        return MISSING_TEXT
    if is_number(value):
        return format_number(value, lang, decimals)
    return str(value)


def _table_html(table: pd.DataFrame, lang: str, index: bool, by: NumbersBy,
                number: int) -> tuple[str, str]:
    """The table as escaped HTML, and the CSS that right-aligns its number columns."""
    frame = flat_frame(table, index)
    decimals = decimal_grid(frame, by)
    shown = pd.DataFrame([[display_value(value, lang, int(decimals[r, c])) for c, value in enumerate(row)]
                          for r, row in enumerate(frame.itertuples(index=False, name=None))],
                         columns=frame.columns, dtype=object)
    plain = frame.map(plain_value) if frame.size else frame
    numeric = [column + 1 for column in range(len(frame.columns))
               if plain.iloc[:, column].notna().any()
               and plain.iloc[:, column].dropna().map(is_number).all()]
    css_class = f"table-{number}"
    rules = ",".join(f".{css_class} td:nth-child({p})" for p in numeric)
    css = f"{rules} {{ text-align: right; font-variant-numeric: tabular-nums; }}" if rules else ""
    markup = shown.to_html(escape=True, index=False, border=0, na_rep=MISSING_TEXT,
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
