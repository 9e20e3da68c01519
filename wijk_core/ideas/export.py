"""Exports of the idea map: CSV, GeoJSON and XLSX.

Spreadsheets execute cells that start with ``=``, ``+``, ``-`` or ``@`` as formulas,
so a resident's title ``=HYPERLINK("http://…")`` could act when the facilitator opens
the file ("CSV injection"). In the CSV such text gets a leading apostrophe (OWASP's
advice); in the XLSX every text cell is written as a string cell, never a formula.
GeoJSON carries the text unchanged (it is data, not a sheet).
"""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import pandas as pd

from wijk_core.ideas.table import LOCAL_TIMEZONE

__all__ = ["COMMENT_EXPORT_COLUMNS", "IDEA_EXPORT_COLUMNS", "LOG_EXPORT_COLUMNS", "comments_frame",
           "export_table", "ideas_csv", "ideas_geojson", "ideas_xlsx", "log_frame"]

IDEA_EXPORT_COLUMNS = ("id", "category", "title", "text", "pseudonym", "status", "merged_into", "support",
                       "votes", "votes_for", "votes_against", "comments", "reports", "created_at", "lon", "lat",
                       "x", "y")
COMMENT_EXPORT_COLUMNS = ("id", "idea_id", "stance", "text", "pseudonym", "status", "created_at")
LOG_EXPORT_COLUMNS = ("id", "created_at", "action", "actor", "idea_id", "comment_id", "target_id",
                      "previous_status", "note")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _records(items: Iterable[Any]) -> list[dict]:
    return [dataclasses.asdict(item) if dataclasses.is_dataclass(item) else dict(vars(item)) for item in items]


def comments_frame(comments: Iterable[Any]) -> pd.DataFrame:
    """Store ``Comment`` objects as a table with :data:`COMMENT_EXPORT_COLUMNS`."""
    return pd.DataFrame.from_records(_records(comments), columns=list(COMMENT_EXPORT_COLUMNS))


def log_frame(entries: Iterable[Any]) -> pd.DataFrame:
    """Store ``ModerationEntry`` objects as a table with :data:`LOG_EXPORT_COLUMNS`."""
    return pd.DataFrame.from_records(_records(entries), columns=list(LOG_EXPORT_COLUMNS))


def _local_time(values: pd.Series) -> pd.Series:
    """UTC timestamps → naive local (Belgian) times, to the second: what a spreadsheet shows."""
    stamps = pd.to_datetime(values, utc=True)
    return stamps.dt.tz_convert(LOCAL_TIMEZONE).dt.tz_localize(None).dt.floor("s")


def export_table(frame: pd.DataFrame, columns: Iterable[str] = IDEA_EXPORT_COLUMNS, *,
                 category_labels: Mapping[str, str] | None = None,
                 headers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The columns to export, categories as labels, times in Belgian local time, headers translated."""
    table = frame.reindex(columns=list(columns)).reset_index(drop=True)
    if category_labels and "category" in table:
        table["category"] = table["category"].map(lambda key: category_labels.get(key, key))
    if "created_at" in table:
        table["created_at"] = _local_time(table["created_at"])
    return table.rename(columns=dict(headers or {}))


def _neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def ideas_csv(frame: pd.DataFrame, *, category_labels: Mapping[str, str] | None = None,
              headers: Mapping[str, str] | None = None) -> bytes:
    """The ideas as CSV for a Belgian spreadsheet: ``;``-separated, UTF-8 with BOM, decimal comma.

    Text that a spreadsheet would run as a formula starts with an apostrophe.
    """
    table = export_table(frame, category_labels=category_labels, headers=headers)
    table = table.map(_neutralise)
    buffer = io.StringIO()
    table.to_csv(buffer, sep=";", index=False, decimal=",", date_format="%Y-%m-%d %H:%M:%S", lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def _json_value(value: object) -> object:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return pd.Timestamp(value).tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def ideas_geojson(frame: pd.DataFrame, *, category_labels: Mapping[str, str] | None = None) -> bytes:
    """The ideas as a GeoJSON FeatureCollection of WGS84 points (RFC 7946), UTF-8.

    Properties use the stable English column names; ``category_label`` is added when
    labels are given. Times are UTC ISO 8601.
    """
    features = []
    for row in frame.reindex(columns=list(IDEA_EXPORT_COLUMNS)).itertuples(index=False):
        record = row._asdict()
        properties = {key: _json_value(value) for key, value in record.items() if key not in ("lon", "lat")}
        if category_labels:
            properties["category_label"] = category_labels.get(record["category"], record["category"])
        features.append({"type": "Feature", "id": int(record["id"]),
                         "geometry": {"type": "Point", "coordinates": [float(record["lon"]), float(record["lat"])]},
                         "properties": properties})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, allow_nan=False).encode("utf-8")


def _cell(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def ideas_xlsx(frame: pd.DataFrame, comments: pd.DataFrame | None = None, log: pd.DataFrame | None = None, *,
               category_labels: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None,
               sheet_names: Mapping[str, str] | None = None) -> bytes:
    """A workbook with the ideas, and optionally the comments and the moderation log, one sheet each.

    Parameters
    ----------
    sheet_names
        Titles for the sheets ``ideas``, ``comments``, ``log`` (at most 31 characters each).
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    names = {"ideas": "ideas", "comments": "comments", "log": "log", **dict(sheet_names or {})}
    tables = {"ideas": export_table(frame, category_labels=category_labels, headers=headers)}
    if comments is not None:
        tables["comments"] = export_table(comments, COMMENT_EXPORT_COLUMNS, headers=headers)
    if log is not None:
        tables["log"] = export_table(log, LOG_EXPORT_COLUMNS, headers=headers)
    book = Workbook()
    book.remove(book.active)
    for key, table in tables.items():
        sheet = book.create_sheet(names[key][:31])
        sheet.append([str(column) for column in table.columns])
        for row in table.itertuples(index=False):
            sheet.append([_cell(value) for value in row])
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                elif isinstance(cell.value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
        for position, column in enumerate(table.columns, start=1):
            widest = max([len(str(column)), *(len(str(v)) for v in table.iloc[:200, position - 1])], default=8)
            sheet.column_dimensions[get_column_letter(position)].width = min(60, max(8, widest + 2))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
