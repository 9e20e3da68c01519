"""Exports of the idea map: CSV, GeoJSON and XLSX.

Spreadsheets execute cells that start with ``=``, ``+``, ``-`` or ``@`` as formulas,
so a resident's title ``=HYPERLINK("http://…")`` could act when the facilitator opens
the file ("CSV injection"). The shared guard of :mod:`wijk_core.writers.xlsx` handles
both files: in the CSV such text gets a leading apostrophe (OWASP's advice); in the
XLSX every text cell is written as a string cell, never a formula. GeoJSON
(:mod:`wijk_core.writers.geojson`) carries the text unchanged (it is data, not a sheet).
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from wijk_core.i18n import catalogue, language
from wijk_core.ideas.categories import IdeaStatus, ModerationAction, Stance
from wijk_core.ideas.frames import LOCAL_TIMEZONE
from wijk_core.writers.geojson import feature_collection
from wijk_core.writers.values import plain_value
from wijk_core.writers.xlsx import csv_text, new_workbook, put_value, workbook_bytes

__all__ = ["COMMENT_EXPORT_COLUMNS", "IDEA_EXPORT_COLUMNS", "LOG_EXPORT_COLUMNS", "comments_frame",
           "export_table", "export_value_labels", "ideas_csv", "ideas_geojson", "ideas_xlsx", "log_frame"]

IDEA_EXPORT_COLUMNS = ("id", "category", "title", "text", "pseudonym", "status", "merged_into", "support",
                       "votes", "votes_for", "votes_against", "comments", "reports", "created_at", "lon", "lat",
                       "x", "y")
COMMENT_EXPORT_COLUMNS = ("id", "idea_id", "stance", "text", "pseudonym", "status", "created_at")
LOG_EXPORT_COLUMNS = ("id", "created_at", "action", "actor", "idea_id", "comment_id", "target_id",
                      "previous_status", "note")


def _records(items: Iterable[Any]) -> list[dict]:
    return [dataclasses.asdict(item) if dataclasses.is_dataclass(item) else dict(vars(item)) for item in items]


def comments_frame(comments: Iterable[Any]) -> pd.DataFrame:
    """Store ``Comment`` objects as a table with :data:`COMMENT_EXPORT_COLUMNS`."""
    return pd.DataFrame.from_records(_records(comments), columns=list(COMMENT_EXPORT_COLUMNS))


def log_frame(entries: Iterable[Any]) -> pd.DataFrame:
    """Store ``ModerationEntry`` objects as a table with :data:`LOG_EXPORT_COLUMNS`."""
    return pd.DataFrame.from_records(_records(entries), columns=list(LOG_EXPORT_COLUMNS))


def export_value_labels(lang: str | None) -> dict[str, dict[str, str]]:
    """The words of the closed sets in the exports, in ``lang``: column → {stored value: label}.

    Statuses (``visible`` → "zichtbaar"), previous statuses, stances and moderation
    actions; a value without a catalogue message keeps its stored name.
    """
    messages = catalogue(language(lang))

    def labels(prefix: str, values: Iterable[str]) -> dict[str, str]:
        return {value: messages[f"{prefix}{value}"] for value in values if f"{prefix}{value}" in messages}

    statuses = labels("ideas.status_", (status.value for status in IdeaStatus))
    return {"status": statuses, "previous_status": statuses,
            "stance": labels("ideas.stance_", (stance.value for stance in Stance)),
            "action": labels("ideas.action_", (action.value for action in ModerationAction))}


def _local_time(values: pd.Series) -> pd.Series:
    """UTC timestamps → naive local (Belgian) times, to the second: what a spreadsheet shows."""
    stamps = pd.to_datetime(values, utc=True)
    return stamps.dt.tz_convert(LOCAL_TIMEZONE).dt.tz_localize(None).dt.floor("s")


def export_table(frame: pd.DataFrame, columns: Iterable[str] = IDEA_EXPORT_COLUMNS, *,
                 category_labels: Mapping[str, str] | None = None,
                 headers: Mapping[str, str] | None = None,
                 value_labels: Mapping[str, Mapping[str, str]] | None = None) -> pd.DataFrame:
    """The columns to export, categories and closed-set values as labels (``value_labels``: column →
    {value: label}, see :func:`export_value_labels`), times in Belgian local time, headers translated."""
    table = frame.reindex(columns=list(columns)).reset_index(drop=True)
    if category_labels and "category" in table:
        table["category"] = table["category"].map(lambda key: category_labels.get(key, key))
    for column, words in (value_labels or {}).items():
        if column in table:
            table[column] = table[column].map(lambda value, words=words: words.get(value, value))
    if "created_at" in table:
        table["created_at"] = _local_time(table["created_at"])
    return table.rename(columns=dict(headers or {}))


def ideas_csv(frame: pd.DataFrame, *, category_labels: Mapping[str, str] | None = None,
              headers: Mapping[str, str] | None = None,
              value_labels: Mapping[str, Mapping[str, str]] | None = None) -> bytes:
    """The ideas as CSV for a Belgian spreadsheet: ``;``-separated, UTF-8 with BOM, decimal comma.

    Text that a spreadsheet would run as a formula starts with an apostrophe.
    """
    table = export_table(frame, category_labels=category_labels, headers=headers, value_labels=value_labels)
    table = table.map(csv_text)
    buffer = io.StringIO()
    table.to_csv(buffer, sep=";", index=False, decimal=",", date_format="%Y-%m-%d %H:%M:%S", lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def _json_value(value: object) -> object:
    value = plain_value(value)
    if isinstance(value, datetime):
        return pd.Timestamp(value).tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
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
    return feature_collection(features, compact=False)


def ideas_xlsx(frame: pd.DataFrame, comments: pd.DataFrame | None = None, log: pd.DataFrame | None = None, *,
               category_labels: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None,
               sheet_names: Mapping[str, str] | None = None,
               value_labels: Mapping[str, Mapping[str, str]] | None = None) -> bytes:
    """A workbook with the ideas, and optionally the comments and the moderation log, one sheet each.

    Parameters
    ----------
    sheet_names
        Titles for the sheets ``ideas``, ``comments``, ``log`` (at most 31 characters each).
    value_labels
        Column → {stored value: label} for statuses, stances and actions (:func:`export_value_labels`).
    """
    names = {"ideas": "ideas", "comments": "comments", "log": "log", **dict(sheet_names or {})}
    tables = {"ideas": export_table(frame, category_labels=category_labels, headers=headers,
                                    value_labels=value_labels)}
    if comments is not None:
        tables["comments"] = export_table(comments, COMMENT_EXPORT_COLUMNS, headers=headers, value_labels=value_labels)
    if log is not None:
        tables["log"] = export_table(log, LOG_EXPORT_COLUMNS, headers=headers, value_labels=value_labels)
    book = new_workbook()
    book.remove(book.active)
    for key, table in tables.items():
        sheet = book.create_sheet(names[key][:31])
        for position, column in enumerate(table.columns, start=1):
            put_value(sheet.cell(row=1, column=position), str(column))
        for row_number, row in enumerate(table.itertuples(index=False, name=None), start=2):
            for position, value in enumerate(row, start=1):  # text never a formula, whatever it starts with
                put_value(sheet.cell(row=row_number, column=position), value, date_format="yyyy-mm-dd hh:mm:ss")
        for position, column in enumerate(table.columns, start=1):
            widest = max([len(str(column)), *(len(str(v)) for v in table.iloc[:200, position - 1])], default=8)
            sheet.column_dimensions[get_column_letter(position)].width = min(60, max(8, widest + 2))
        sheet.freeze_panes = "A2"
    return workbook_bytes(book)
