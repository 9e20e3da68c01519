"""Charts of the idea map for the facilitator, as plotly figures (pure functions, no streamlit).

Inputs are the tables of :mod:`wijk_core.ideas.stats`; labels come translated from the
caller. Residents' titles and project-defined category labels are user text: they are
HTML-escaped before plotly gets them, because plotly renders a small HTML subset in
labels and hover text (``<b>``, ``<a href>``, …). Only ``&``, ``<`` and ``>`` are
escaped: plotly decodes ``&amp;``, ``&lt;`` and ``&gt;`` but not ``&quot;``, which would
show as typed, and a quote cannot open a tag.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_skeleton

from wijk_core.i18n import Language, format_date, language, plotly_separators
from wijk_core.ideas.cards import format_support
from wijk_core.ideas.text import shorten

__all__ = ["category_chart", "timeline_chart", "top_ideas_chart"]

_NEUTRAL = "#5f6368"


def _safe(text: object) -> str:
    return html.escape(str(text), quote=False)


def _category(categories: Mapping[str, tuple[str, str]], key: str) -> tuple[str, str]:
    label, colour = categories.get(key, (key, _NEUTRAL))
    return _safe(label), colour


def category_chart(counts: pd.DataFrame, categories: Mapping[str, tuple[str, str]], *, title: str,
                   ideas_label: str, support_label: str, ideas_text: Callable[[int], str],
                   lang: str | None = None) -> go.Figure:
    """Horizontal bars: ideas per category in the category colour, total support in the hover.

    Parameters
    ----------
    counts
        :func:`wijk_core.ideas.counts_per_category` output.
    categories
        Category key → ``(label, "#rrggbb")``.
    ideas_label
        The axis title ("ideas").
    ideas_text
        A number of ideas with its noun in the reader's language ("1 idee", "3 ideeën").
    """
    keys = list(counts.index)[::-1]  # plotly draws the first bar at the bottom
    labels = [_category(categories, key)[0] for key in keys]
    figure = go.Figure(go.Bar(
        y=labels, x=counts.loc[keys, "ideas"].to_numpy(), orientation="h",
        marker_color=[_category(categories, key)[1] for key in keys],
        customdata=[[format_support(support), _safe(ideas_text(int(ideas)))]
                    for support, ideas in zip(counts.loc[keys, "support"], counts.loc[keys, "ideas"])],
        text=counts.loc[keys, "ideas"].to_numpy(), textposition="auto",
        hovertemplate=f"%{{y}}: %{{customdata[1]}}<br>{_safe(support_label)}: %{{customdata[0]}}"
                      "<extra></extra>",
    ))
    figure.update_layout(title=_safe(title), height=120 + 40 * max(len(keys), 1), showlegend=False,
                         margin=dict(l=10, r=20, t=50, b=10), separators=plotly_separators(lang),
                         xaxis=dict(title=_safe(ideas_label), rangemode="tozero", **_whole_numbers(counts["ideas"])))
    return figure


def _whole_numbers(values) -> dict:
    """Axis settings that never show fractions of an idea or a vote."""
    largest = max([0, *[int(v) for v in values]])
    return {"dtick": 1} if largest <= 10 else {"tickformat": "d"}


def timeline_chart(over_time: pd.DataFrame, categories: Mapping[str, tuple[str, str]], *, title: str,
                   ideas_label: str, lang: str | None = None, period: str = "day") -> go.Figure:
    """Stacked bars: new ideas per period, one colour per category.

    ``over_time`` is :func:`wijk_core.ideas.counts_over_time` output (its ``total`` column is not drawn).
    Dates are written by Babel in ``lang`` ("4 dec 2026", "déc. 2026"), never plotly's English
    "Dec 4, 2026" with a time of day; at most about a dozen are written under the axis.
    """
    figure = go.Figure()
    periods = pd.to_datetime(pd.Series(over_time.index, dtype="object")).to_list()
    days = [stamp.date() for stamp in periods]
    if period == "month":
        names = [format_skeleton("yMMM", day, locale=Language(language(lang)).locale) for day in days]
    else:
        names = [format_date(day, lang) for day in days]
    for key in [column for column in over_time.columns if column != "total"]:
        label, colour = _category(categories, key)
        figure.add_bar(x=periods, y=over_time[key].to_numpy(), name=label, marker_color=colour,
                       customdata=names, hovertemplate="%{customdata}: %{y}<extra>%{fullData.name}</extra>")
    step = max(1, math.ceil(len(periods) / 12))
    figure.update_layout(barmode="stack", title=_safe(title), height=360, legend=dict(orientation="h", y=-0.25),
                         margin=dict(l=10, r=20, t=50, b=10), separators=plotly_separators(lang),
                         yaxis=dict(title=_safe(ideas_label), rangemode="tozero",
                                    **_whole_numbers(over_time.get("total", []))),
                         xaxis=dict(type="date", tickmode="array", tickvals=periods[::step], ticktext=names[::step]))
    return figure


def top_ideas_chart(top: pd.DataFrame, categories: Mapping[str, tuple[str, str]], *, title: str,
                    support_label: str, votes_text: Callable[[int], str], lang: str | None = None) -> go.Figure:
    """Horizontal bars of the top ideas' support, coloured by category, best on top.

    ``top`` is :func:`wijk_core.ideas.top_ideas` output; titles are shortened to 60
    characters and escaped. ``votes_text`` writes a number of votes with its noun in the
    reader's language ("1 stem", "3 stemmen"; :meth:`IdeaLabels.tally`'s plural forms).
    """
    rows = top.iloc[::-1]
    names = [f"#{int(row.id)} {_safe(shorten(str(row.title), 60))}" for row in rows.itertuples()]
    figure = go.Figure(go.Bar(
        y=names, x=rows["support"].to_numpy(), orientation="h",
        marker_color=[_category(categories, key)[1] for key in rows["category"]],
        customdata=[[format_support(support), _safe(votes_text(int(votes)))]
                    for support, votes in zip(rows["support"], rows["votes"])],
        hovertemplate=f"%{{y}}<br>{_safe(support_label)}: %{{customdata[0]}} (%{{customdata[1]}})"
                      "<extra></extra>",
    ))
    figure.update_layout(title=_safe(title), height=120 + 36 * max(len(rows), 1), showlegend=False,
                         margin=dict(l=10, r=20, t=50, b=10), separators=plotly_separators(lang),
                         xaxis=dict(title=_safe(support_label), **_whole_numbers(rows["support"].abs())))
    return figure
