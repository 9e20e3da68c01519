"""The shared output writers: every export of every domain writes through them.

- :mod:`.values`: what a cell holds (a plain Python value, None for every kind of
  missing value) and how many decimals a quantity shows;
- :mod:`.xlsx`: XLSX sheets, with the one formula-injection guard (text that a
  spreadsheet would run as a formula is stored as text) and its CSV twin;
- :mod:`.html`: the self-contained, printable HTML report, with the one escaping
  and number-display rule;
- :mod:`.geojson`: RFC 7946 GeoJSON in WGS84.
"""

from wijk_core.writers.geojson import feature_collection, perimeters_geojson
from wijk_core.writers.html import ReportSection, display_value, html_report
from wijk_core.writers.values import MISSING_TEXT, NumbersBy, plain_value
from wijk_core.writers.xlsx import (FORMULA_PREFIXES, csv_text, looks_like_formula, new_workbook, put_value,
                                   sheet_title, workbook_bytes, write_about, write_table, write_text)

__all__ = [
    "FORMULA_PREFIXES",
    "MISSING_TEXT",
    "NumbersBy",
    "ReportSection",
    "csv_text",
    "display_value",
    "feature_collection",
    "html_report",
    "looks_like_formula",
    "new_workbook",
    "perimeters_geojson",
    "plain_value",
    "put_value",
    "sheet_title",
    "workbook_bytes",
    "write_about",
    "write_table",
    "write_text",
]
