"""Charts of the total cost and the budget as plotly figures (pure functions, no streamlit).

- :func:`npv_bars`: net present value per category, stacked per scenario;
- :func:`extended_bars`: direct total plus monetised externalities per scenario;
- :func:`cumulative_chart`: cumulative discounted cost per year, break-even years marked;
- :func:`tornado_chart`: one-at-a-time sensitivity;
- :func:`waterfall_chart`: the project budget from income to the funding gap.

Labels arrive translated; numbers are written in Belgian notation for ``lang``.
User text (scenario names) is HTML-escaped, since plotly labels accept a small
HTML subset.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from wijk_core.costs import RESULT_CATEGORIES, Comparison
from wijk_core.i18n import format_money, plotly_separators

__all__ = ["CATEGORY_COLOURS", "cumulative_chart", "extended_bars", "npv_bars", "tornado_chart",
           "waterfall_chart"]

CATEGORY_COLOURS = {
    "investment": "#1f6f5c", "initial_extras": "#66bd63", "energy": "#e6a23c", "operation": "#4575b4",
    "maintenance": "#7b3294", "renewal": "#35978f", "end_of_life": "#8c510a", "residual_value": "#9e9e9e",
}
_EXTERNAL_COLOURS = {"co2": "#d73027", "air_pollution": "#f46d43", "noise": "#c51b7d",
                     "green_space": "#1a9850", "services": "#5e4fa2"}
_LINE_COLOURS = ["#1f6f5c", "#e6a23c", "#4575b4", "#d73027", "#7b3294", "#1a9850"]


def _safe(text: object) -> str:
    return html.escape(str(text))


def _label(labels: Mapping[str, str] | None, key: str) -> str:
    return _safe(labels.get(key, key) if labels else key)


def _layout(figure: go.Figure, title: str, lang: str | None, **extra) -> go.Figure:
    figure.update_layout(title=_safe(title), separators=plotly_separators(lang),
                         margin=dict(l=10, r=10, t=60, b=10), legend=dict(orientation="h", y=-0.15),
                         **extra)
    return figure


def npv_bars(comparison: Comparison, *, title: str, amount_label: str,
             category_labels: Mapping[str, str] | None = None, lang: str | None = None) -> go.Figure:
    """Stacked bars: the net present value of each category, per scenario.

    One bar trace per category with a non-zero value (in the order of
    :data:`~wijk_core.costs.RESULT_CATEGORIES`), stacked ``relative`` so the
    negative residual value hangs below zero; a marker trace named ``total``
    carries each scenario's total (the sum of its bars) as text.
    """
    table = comparison.npv_table()
    names = [_safe(name) for name in table.index]
    figure = go.Figure()
    for category in RESULT_CATEGORIES:
        values = table[category].to_numpy()
        if not values.any():
            continue
        _money_bar(figure, names, values, _label(category_labels, category), CATEGORY_COLOURS[category], lang)
    totals = table.sum(axis=1).to_numpy()
    return _with_totals(figure, names, totals, title, amount_label, lang)


def _money_bar(figure: go.Figure, names: list[str], values, name: str, colour: str, lang: str | None) -> None:
    """One stacked trace of amounts per scenario, the amount in Belgian notation on hover."""
    figure.add_bar(x=names, y=values, name=name, marker_color=colour,
                   customdata=[format_money(v, lang, 0) for v in values],
                   hovertemplate="%{x}<br>%{customdata}<extra>%{fullData.name}</extra>")


def _with_totals(figure: go.Figure, names: list[str], totals, title: str, amount_label: str,
                 lang: str | None) -> go.Figure:
    """The stacked bars finished: a marker trace named ``total`` with each scenario's total above it."""
    figure.add_scatter(x=names, y=totals, mode="markers+text", name="total",
                       text=[format_money(v, lang, 0) for v in totals], textposition="top center",
                       marker=dict(symbol="line-ew", size=28, color="#000000", line=dict(width=3)),
                       hoverinfo="skip", showlegend=False)
    return _layout(figure, title, lang, barmode="relative", yaxis=dict(title=_safe(amount_label)),
                   height=460)


def extended_bars(comparison: Comparison, *, title: str, amount_label: str, direct_label: str,
                  kind_labels: Mapping[str, str] | None = None, lang: str | None = None) -> go.Figure:
    """Stacked bars: the direct total cost, then each monetised externality, per scenario.

    The first trace (``direct_label``) holds the direct totals; one trace per
    externality kind with a non-zero value follows; a marker trace named
    ``total`` carries the extended total.
    """
    names = [_safe(name) for name in comparison.names]
    figure = go.Figure()
    direct = [result.total for result in comparison.results]
    _money_bar(figure, names, direct, _safe(direct_label), "#bdbdbd", lang)
    external = comparison.external_table()
    for kind in external.columns:
        values = external[kind].to_numpy()
        if not values.any():
            continue
        _money_bar(figure, names, values, _label(kind_labels, kind), _EXTERNAL_COLOURS[kind], lang)
    totals = [result.extended_total for result in comparison.results]
    return _with_totals(figure, names, totals, title, amount_label, lang)


def cumulative_chart(comparison: Comparison, *, title: str, year_label: str, amount_label: str,
                     break_even_label: str, baseline: str | None = None, extended: bool = False,
                     lang: str | None = None) -> go.Figure:
    """Lines: cumulative discounted cost by year, one per scenario, break-even years marked.

    For every scenario that breaks even against ``baseline`` (default the
    first) after year 0, a dashed vertical line is drawn at that year
    (``layout.shapes``) with an annotation ``break_even_label`` formatted with
    ``year`` and ``name``.
    """
    curves = comparison.cumulative(extended=extended)
    figure = go.Figure()
    for position, name in enumerate(curves.columns):
        values = curves[name].to_numpy()
        figure.add_scatter(x=curves.index.to_numpy(), y=values, mode="lines", name=_safe(name),
                           line=dict(color=_LINE_COLOURS[position % len(_LINE_COLOURS)], width=3),
                           customdata=[format_money(v, lang, 0) for v in values],
                           hovertemplate=f"%{{x}}: %{{customdata}}<extra>{_safe(name)}</extra>")
    base = baseline if baseline is not None else comparison.names[0]
    for position, (name, year) in enumerate(comparison.break_even(base, extended=extended).items()):
        if year is None or year == 0:
            continue
        colour = _LINE_COLOURS[comparison.names.index(name) % len(_LINE_COLOURS)]
        figure.add_vline(x=year, line=dict(color=colour, dash="dash", width=2))
        figure.add_annotation(x=year, y=1 - 0.08 * position, yref="paper", showarrow=False, xanchor="left",
                              text=_safe(break_even_label.format(year=year, name=name)),
                              font=dict(color=colour), bgcolor="rgba(255,255,255,0.8)")
    return _layout(figure, title, lang, xaxis=dict(title=_safe(year_label)),
                   yaxis=dict(title=_safe(amount_label)), height=460, hovermode="x unified")


def tornado_chart(table: pd.DataFrame, *, title: str, value_label: str, low_label: str, high_label: str,
                  factor_labels: Mapping[str, str] | None = None, lang: str | None = None) -> go.Figure:
    """Horizontal bars from the base value to the value at the low and at the high input.

    ``table`` is :func:`~wijk_core.costs.sensitivity`'s output. Two traces
    (``low_label``, ``high_label``); bar ``i`` starts at ``base`` and its length
    is ``low - base`` (or ``high - base``). The largest swing is drawn on top.
    """
    ordered = table.iloc[::-1]  # plotly draws the first category at the bottom
    factors = [_label(factor_labels, key) for key in ordered.index]
    base = ordered["base"].to_numpy()
    figure = go.Figure()
    for column, name, colour in (("low", low_label, "#4575b4"), ("high", high_label, "#d73027")):
        values = ordered[column].to_numpy()
        figure.add_bar(y=factors, x=values - base, base=base, orientation="h", name=_safe(name),
                       marker_color=colour, customdata=[format_money(v, lang, 0) for v in values],
                       hovertemplate="%{y}: %{customdata}<extra>%{fullData.name}</extra>")
    if len(base):
        figure.add_vline(x=float(base[0]), line=dict(color="#000000", width=1))
    return _layout(figure, title, lang, barmode="overlay", xaxis=dict(title=_safe(value_label)),
                   height=140 + 60 * len(factors))


def waterfall_chart(steps: pd.DataFrame, *, title: str, step_labels: Mapping[str, str] | None = None,
                    lang: str | None = None) -> go.Figure:
    """A waterfall from income (up) through expenses (down) to the balance (total bar).

    ``steps`` is :func:`~wijk_core.costs.budget.waterfall_steps`'s output; the figure's
    one trace has ``measure`` and ``y`` taken from its ``measure`` and ``amount``
    columns, so ``y`` sums (over relative steps) to the balance.
    """
    labels = [_label(step_labels, key) for key in steps["step"]]
    amounts = steps["amount"].to_numpy()
    figure = go.Figure(go.Waterfall(
        x=labels, y=amounts, measure=steps["measure"].tolist(), orientation="v",
        text=[format_money(v, lang, 0) for v in amounts], textposition="outside",
        increasing=dict(marker=dict(color="#1a9850")), decreasing=dict(marker=dict(color="#d73027")),
        totals=dict(marker=dict(color="#d73027" if len(amounts) and amounts[-1] < 0 else "#1f6f5c")),
        connector=dict(line=dict(color="#9e9e9e")),
        hovertemplate="%{x}: %{text}<extra></extra>",
    ))
    return _layout(figure, title, lang, showlegend=False, height=440,
                   yaxis=dict(title="€", zeroline=True, zerolinecolor="#000000"))

