"""Ideas as a table, and the filters of the map, the list and the facilitator's view."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["IDEA_COLUMNS", "LOCAL_TIMEZONE", "filter_ideas", "ideas_frame", "local_dates"]

LOCAL_TIMEZONE = "Europe/Brussels"
"""Dates (the period filter, counts over time) are calendar days in Belgium."""

IDEA_COLUMNS = {
    "id": "int64", "project_id": "int64", "category": "object", "title": "object", "text": "object",
    "pseudonym": "object", "lon": "float64", "lat": "float64", "x": "float64", "y": "float64",
    "status": "object", "merged_into": "Int64", "created_at": "datetime64[us, UTC]",
    "updated_at": "datetime64[us, UTC]", "support": "int64", "votes": "int64", "votes_for": "int64",
    "votes_against": "int64", "comments": "int64", "reports": "int64", "open_reports": "int64",
}
"""The columns of :func:`ideas_frame` and their dtypes."""


def ideas_frame(ideas: Iterable[Any]) -> pd.DataFrame:
    """Store ``Idea`` objects (or anything with the same attributes) as a DataFrame.

    Returns
    -------
    pandas.DataFrame
        One row per idea with the columns of :data:`IDEA_COLUMNS` (an empty frame
        keeps them), index ``id``.
    """
    records = []
    for idea in ideas:
        record = dataclasses.asdict(idea) if dataclasses.is_dataclass(idea) else dict(vars(idea))
        records.append({column: record.get(column) for column in IDEA_COLUMNS})
    frame = pd.DataFrame.from_records(records, columns=list(IDEA_COLUMNS))
    for column, dtype in IDEA_COLUMNS.items():
        if column in ("created_at", "updated_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True).astype(dtype)
        elif dtype == "int64":
            frame[column] = frame[column].fillna(0).astype(dtype)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame.set_index("id", drop=False).rename_axis(None)


def local_dates(created_at: pd.Series) -> pd.Series:
    """UTC timestamps → calendar dates in Belgium (``datetime.date``)."""
    return created_at.dt.tz_convert(LOCAL_TIMEZONE).dt.date


def filter_ideas(frame: pd.DataFrame, *, categories: Sequence[str] | None = None,
                 start: date | None = None, end: date | None = None, text: str | None = None,
                 perimeter: BaseGeometry | None = None, statuses: Sequence[str] | None = None) -> pd.DataFrame:
    """The ideas that pass every given filter (a filter left at None passes everything).

    Parameters
    ----------
    frame
        :func:`ideas_frame` output.
    categories
        Keep these category keys (an empty list keeps nothing).
    start, end
        Keep ideas created on or after ``start`` and on or before ``end``: calendar
        days in Belgium, both inclusive.
    text
        Keep ideas whose title, text or pseudonym contains every word of ``text``,
        ignoring case.
    perimeter
        Keep ideas inside (or on the border of) this polygon in EPSG:31370.
    statuses
        Keep these statuses.

    Raises
    ------
    ValueError
        If ``start`` is after ``end``, or ``perimeter`` looks like longitude/latitude.
    """
    keep = np.ones(len(frame), dtype=bool)
    if categories is not None:
        keep &= frame["category"].isin(list(categories)).to_numpy()
    if statuses is not None:
        keep &= frame["status"].isin(list(statuses)).to_numpy()
    if start is not None and end is not None and start > end:
        raise ValueError(f"The period starts ({start}) after it ends ({end}); swap the dates.")
    if start is not None or end is not None:
        days = local_dates(frame["created_at"])
        if start is not None:
            keep &= (days >= start).to_numpy()
        if end is not None:
            keep &= (days <= end).to_numpy()
    if text and text.strip():
        haystack = (frame["title"].fillna("") + "\n" + frame["text"].fillna("") + "\n"
                    + frame["pseudonym"].fillna("")).str.casefold()
        for word in text.casefold().split():
            keep &= haystack.str.contains(word, regex=False).to_numpy()
    if perimeter is not None:
        minx, _, maxx, _ = perimeter.bounds
        if -180 <= minx <= maxx <= 180:
            raise ValueError("The perimeter looks like longitude/latitude; give it in EPSG:31370.")
        points = shapely.points(frame["x"].to_numpy(float), frame["y"].to_numpy(float))
        keep &= shapely.covers(perimeter, points) if len(frame) else keep
    return frame[keep]
