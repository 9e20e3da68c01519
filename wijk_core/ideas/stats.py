"""What the facilitator reads off the ideas: counts per category, over time, top ideas."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from wijk_core.ideas.frames import LOCAL_TIMEZONE

__all__ = ["Period", "TopBy", "counts_over_time", "counts_per_category", "top_ideas"]

Period = Literal["day", "week", "month"]
TopBy = Literal["support", "votes", "comments"]
_FREQUENCIES = {"day": "D", "week": "W-SUN", "month": "M"}  # W-SUN: weeks Monday–Sunday


def counts_per_category(frame: pd.DataFrame, categories: Sequence[str]) -> pd.DataFrame:
    """Ideas, support, voters and comments per category.

    Parameters
    ----------
    frame
        :func:`wijk_core.ideas.ideas_frame` output (already filtered as wanted).
    categories
        Category keys in display order; each gets a row, with zeros when it has no idea.
        Categories found in ``frame`` but not listed are added at the end.

    Returns
    -------
    pandas.DataFrame
        Index: category key; columns ``ideas``, ``support`` (sum of votes),
        ``votes`` (voters), ``comments``. Columns sum to the frame's totals.
    """
    order = list(dict.fromkeys([*categories, *frame["category"].dropna().unique()]))
    grouped = frame.groupby("category").agg(ideas=("id", "size"), support=("support", "sum"),
                                            votes=("votes", "sum"), comments=("comments", "sum"))
    return grouped.reindex(order, fill_value=0).astype("int64").rename_axis("category")


def counts_over_time(frame: pd.DataFrame, period: Period = "day",
                     categories: Sequence[str] = ()) -> pd.DataFrame:
    """New ideas per day, week or month, one column per category (calendar in Belgium).

    Returns
    -------
    pandas.DataFrame
        Index: first day of each period (``datetime.date``), every period between the
        first and the last idea present, so gaps show as zeros; one column per
        category (those of ``categories`` first) plus ``total``. Empty with those
        columns when there are no ideas.

    Raises
    ------
    ValueError
        If ``period`` is not ``day``, ``week`` or ``month``.
    """
    if period not in _FREQUENCIES:
        raise ValueError(f"period must be one of {sorted(_FREQUENCIES)}, got {period!r}")
    columns = list(dict.fromkeys([*categories, *frame["category"].dropna().unique()]))
    if frame.empty:
        return pd.DataFrame(columns=[*columns, "total"], dtype="int64").rename_axis("period")
    local = frame["created_at"].dt.tz_convert(LOCAL_TIMEZONE).dt.tz_localize(None)
    starts = local.dt.to_period(_FREQUENCIES[period]).dt.start_time.dt.normalize()
    table = pd.crosstab(starts, frame["category"]).reindex(columns=columns, fill_value=0)
    every = pd.period_range(starts.min(), starts.max(), freq=_FREQUENCIES[period]).start_time.normalize()
    table = table.reindex(every, fill_value=0)
    table["total"] = table.sum(axis=1)
    table.index = pd.Index([stamp.date() for stamp in table.index], name="period")
    table.columns.name = None
    return table.astype("int64")


def top_ideas(frame: pd.DataFrame, n: int = 10, by: TopBy = "support") -> pd.DataFrame:
    """The ``n`` ideas ranked first by support (or voters, or comments).

    Ties are broken by more voters, then more comments, then the older idea first, so
    the order is stable between runs.

    Raises
    ------
    ValueError
        If ``n`` is below 1 or ``by`` is unknown.
    """
    if by not in ("support", "votes", "comments"):
        raise ValueError(f"by must be 'support', 'votes' or 'comments', got {by!r}")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive int, got {n!r}")
    keys = list(dict.fromkeys([by, "votes", "comments", "created_at", "id"]))
    ascending = [False if key not in ("created_at", "id") else True for key in keys]
    return frame.sort_values(keys, ascending=ascending, kind="mergesort").head(n)
