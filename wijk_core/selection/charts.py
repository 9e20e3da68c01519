"""Charts of the assessment framework as plotly figures (pure functions, no streamlit).

Every function takes the result of :mod:`wijk_core.criteria` plus display labels
already translated by the caller, and returns a ``plotly.graph_objects.Figure``.
Numbers are written in ``lang``'s notation (``0,831`` in Dutch and French), as in the tables.
Plotly sets user text (candidate and criterion names) as text nodes, not HTML, but
names are escaped anyway because hover templates accept a small HTML subset.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from wijk_core.i18n import format_number, format_percent_value, plotly_separators

__all__ = ["contributions_chart", "leave_one_out_chart", "profile_radar", "robustness_chart", "trend_chart"]

_PALETTE = ["#1f6f5c", "#e6a23c", "#4575b4", "#d73027", "#7b3294", "#1a9850", "#8c510a",
            "#c51b7d", "#35978f", "#5e4fa2", "#f46d43", "#66bd63"]


_AXIS_WIDTH = 18


def _safe(text: object) -> str:
    return html.escape(str(text))


def _lines(escaped: str) -> str:
    """An escaped label broken into lines of at most :data:`_AXIS_WIDTH` characters."""
    lines = textwrap.wrap(html.unescape(escaped), _AXIS_WIDTH, break_long_words=False)
    return "<br>".join(_safe(line) for line in lines) or escaped


def _label(labels: Mapping[str, str] | None, key: object) -> str:
    return _safe(labels.get(key, key) if labels else key)


def contributions_chart(contributions: pd.DataFrame, scores: pd.Series, *, title: str,
                        score_label: str, criterion_labels: Mapping[str, str] | None = None,
                        baseline: float = 0.0, lang: str | None = None) -> go.Figure:
    """Stacked horizontal bars: how much each criterion adds to each candidate's score.

    Candidates are sorted best first; the bars of a candidate add up to its score
    (minus ``baseline``, 0.5 for TOPSIS).
    """
    order = scores.sort_values(ascending=True).index  # plotly draws the first bar at the bottom
    figure = go.Figure()
    for position, criterion in enumerate(contributions.columns):
        figure.add_bar(
            y=[_safe(c) for c in order], x=contributions.loc[order, criterion].to_numpy(),
            name=_label(criterion_labels, criterion), orientation="h",
            marker_color=_PALETTE[position % len(_PALETTE)],
            hovertemplate="%{y}: %{x:.3f}<extra>%{fullData.name}</extra>",
        )
    figure.add_scatter(
        y=[_safe(c) for c in order], x=(scores.loc[order] - baseline).to_numpy(), mode="markers+text",
        text=[format_number(v, lang, 3) for v in scores.loc[order]], textposition="middle right",
        marker=dict(symbol="line-ns", size=14, color="#000000", line=dict(width=2)),
        name=_safe(score_label), hoverinfo="skip",
    )
    figure.update_layout(barmode="relative", title=_safe(title), height=120 + 48 * len(order),
                         legend=dict(orientation="h", y=-0.2), margin=dict(l=10, r=60, t=50, b=10),
                         separators=plotly_separators(lang))
    return figure


def profile_radar(normalised: pd.DataFrame, *, title: str,
                  criterion_labels: Mapping[str, str] | None = None, lang: str | None = None) -> go.Figure:
    """Radar of the normalised criterion values (0 = worst, 1 = best) per candidate.

    Axis names are broken into lines of at most 18 characters (plotly does not wrap
    them and cuts them at the chart's edge); the hover shows the whole name.
    """
    names = [_label(criterion_labels, c) for c in normalised.columns]
    axes = [_lines(name) for name in names]
    figure = go.Figure()
    for position, (candidate, row) in enumerate(normalised.iterrows()):
        values = row.to_list()
        figure.add_scatterpolar(r=values + values[:1], theta=axes + axes[:1], name=_safe(candidate),
                                fill="toself", opacity=0.55, line_color=_PALETTE[position % len(_PALETTE)],
                                customdata=names + names[:1],
                                hovertemplate="%{customdata}: %{r:.2f}<extra>%{fullData.name}</extra>")
    figure.update_layout(title=_safe(title), polar=dict(radialaxis=dict(range=[0, 1]),
                                                        angularaxis=dict(tickfont=dict(size=11))),
                         margin=dict(l=90, r=90, t=70, b=50), separators=plotly_separators(lang))
    return figure


def robustness_chart(robustness: pd.DataFrame, *, title: str, probability_label: str,
                     lang: str | None = None) -> go.Figure:
    """Bars: probability of ranking first under perturbed weights, per candidate."""
    ordered = robustness.sort_values("p_first", ascending=False)
    figure = go.Figure(go.Bar(
        x=[_safe(c) for c in ordered.index], y=ordered["p_first"].to_numpy(),
        text=[format_percent_value(p, lang, 0) for p in ordered["p_first"]], textposition="outside",
        marker_color=_PALETTE[0],
        customdata=ordered[["mean_rank", "rank_low", "rank_high"]].to_numpy(),
        hovertemplate="%{x}: %{y:.1%}<br>⌀ %{customdata[0]:.2f} [%{customdata[1]}–%{customdata[2]}]"
                      "<extra></extra>",
    ))
    figure.update_layout(title=_safe(title), yaxis=dict(range=[0, 1.1], tickformat=".0%",
                                                        title=_safe(probability_label)),
                         margin=dict(l=10, r=10, t=50, b=10), separators=plotly_separators(lang))
    return figure


def leave_one_out_chart(ranks: pd.DataFrame, *, title: str, dropped_label: str,
                        criterion_labels: Mapping[str, str] | None = None, lang: str | None = None) -> go.Figure:
    """Heat map of each candidate's rank when one criterion is left out (rows: dropped)."""
    figure = go.Figure(go.Heatmap(
        z=ranks.to_numpy(), x=[_safe(c) for c in ranks.columns],
        y=[_label(criterion_labels, r) for r in ranks.index], text=ranks.to_numpy(),
        texttemplate="%{text}", colorscale="Greens_r", showscale=False,
        hovertemplate=f"{_safe(dropped_label)}: %{{y}}<br>%{{x}}: %{{z}}<extra></extra>",
    ))
    figure.update_layout(title=_safe(title), margin=dict(l=10, r=10, t=50, b=10),
                         height=120 + 36 * len(ranks.index), separators=plotly_separators(lang))
    return figure


def trend_chart(values: pd.Series, reference: pd.Series | None = None, *, title: str, name: str,
                reference_name: str = "", unit: str = "", own_axis: bool = False, chosen: int | None = None,
                lang: str | None = None) -> go.Figure:
    """A small line chart of one indicator per year: a candidate's value, and a reference's beside it.

    Parameters
    ----------
    values
        The candidate's value per year (index: year).
    reference
        The municipality's value per year, drawn dashed; None for none.
    title, name, reference_name, unit
        Display texts, already translated (escaped here).
    own_axis
        Draw the reference on a scale of its own, without tick labels (sums of a whole
        municipality dwarf a candidate's): the shapes compare, the hover gives the values.
    chosen
        The year loaded in the profiles, marked by a dotted line.
    lang
        Number notation (``43.796,9`` in Dutch).
    """
    years = [int(year) for year in values.index]
    hover = "%{x}: %{y:,.2~f}" + (f" {_safe(unit)}" if unit else "") + "<extra>%{fullData.name}</extra>"
    figure = go.Figure()
    figure.add_scatter(x=years, y=values.to_numpy(float), mode="lines+markers", name=_safe(name),
                       line=dict(color=_PALETTE[0], width=2), hovertemplate=hover)
    if reference is not None:
        figure.add_scatter(x=years, y=reference.reindex(values.index).to_numpy(float), mode="lines+markers",
                           name=_safe(reference_name), yaxis="y2" if own_axis else "y",
                           line=dict(color="#7f7f7f", width=1.5, dash="dash"), marker=dict(size=5),
                           hovertemplate=hover)
    if chosen is not None and chosen in years:
        figure.add_vline(x=chosen, line=dict(color="#b0b0b0", width=1, dash="dot"))
    layout = dict(title=dict(text=_safe(title), font=dict(size=13)), height=230, showlegend=reference is not None,
                  legend=dict(orientation="h", y=-0.25, font=dict(size=11)), margin=dict(l=10, r=10, t=40, b=10),
                  xaxis=dict(tickmode="array", tickvals=years, tickformat="d"),
                  yaxis=dict(title=dict(text=_safe(unit)), tickformat=",~r"),
                  separators=plotly_separators(lang))
    if reference is not None and own_axis:
        layout["yaxis2"] = dict(overlaying="y", side="right", showticklabels=False, showgrid=False,
                                zeroline=False)
    figure.update_layout(**layout)
    return figure
