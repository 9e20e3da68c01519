"""The stakeholders on a map: plain Lambert 72 axes, no tiles, so it works offline.

:func:`stakeholder_map` draws every stakeholder with a location over the outlines
of the project's neighbourhoods, in the style of the other stakeholder charts
(:mod:`wijk_core.stakeholders.charts`): names HTML-escaped, one colour per group,
and usable in the self-contained HTML handout.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from pyproj import Transformer
from shapely.geometry import box

from wijk_core.i18n import language, t, tn
from wijk_core.stakeholders.charts import GROUP_COLOURS, LABEL_SIDES, safe_text, spread_around, styled
from wijk_core.stakeholders.model import Group

__all__ = ["stakeholder_map"]


def _to_lambert72(longitudes: Sequence[float], latitudes: Sequence[float]) -> tuple[list[float], list[float]]:
    transformer = Transformer.from_crs(4326, 31370, always_xy=True)
    xs, ys = transformer.transform(list(longitudes), list(latitudes))
    return [float(x) for x in xs], [float(y) for y in ys]


def stakeholder_map(inventory: pd.DataFrame, lang: str, *, background=None, label_column: str | None = None,
                    margin_m: float = 2_000.0) -> go.Figure:
    """Stakeholders with a location, over the outlines of the neighbourhoods, without tiles.

    Parameters
    ----------
    inventory : DataFrame
        Typed inventory; stakeholders without latitude/longitude are not drawn
        (the title counts them).
    lang : str
        Language of the labels.
    background : GeoDataFrame, optional
        Polygons to draw as grey outlines (e.g. the project's wijken), in any
        declared CRS; only those within ``margin_m`` of a stakeholder are drawn.
    label_column : str, optional
        Column of ``background`` whose text is written at each polygon.
    margin_m : float, default 2000
        Metres around the stakeholders within which background polygons count.

    Returns
    -------
    plotly.graph_objects.Figure
        Plain x/y axes in EPSG:31370 (Belgian Lambert 72, metres) with equal
        scale and a 1 km scale bar; one marker trace per group, each point's
        ``customdata`` = ``[x, y, group]`` (its true place: stakeholders at one
        address are drawn around it).
    """
    code = language(lang)
    located = inventory[inventory["latitude"].notna() & inventory["longitude"].notna()]
    figure = go.Figure()
    xs, ys = _to_lambert72(located["longitude"].astype(float), located["latitude"].astype(float)) \
        if len(located) else ([], [])
    located = located.assign(x=xs, y=ys, shown_x=xs, shown_y=ys, side="top center")
    extent = [min(xs), min(ys), max(xs), max(ys)] if xs else None
    if xs:  # stakeholders at one address (a town hall) are set around it, names on alternating sides
        radius = 0.03 * max(extent[2] - extent[0], extent[3] - extent[1], 2_000.0)
        spots = located.groupby([(located["x"] / 25).round(), (located["y"] / 25).round()]).groups
        for rows in spots.values():
            for k, (row, (dx, dy)) in enumerate(zip(rows, spread_around(len(rows), radius))):
                located.loc[row, ["shown_x", "shown_y"]] = located.loc[row, "x"] + dx, located.loc[row, "y"] + dy
                located.loc[row, "side"] = LABEL_SIDES[k % len(LABEL_SIDES)] if len(rows) > 1 else "top center"
    if background is not None and len(located) and background.crs is not None:
        shapes = background.to_crs(31370)
        area = box(min(xs) - margin_m, min(ys) - margin_m, max(xs) + margin_m, max(ys) + margin_m)
        shapes = shapes[shapes.intersects(area)]
        line_x, line_y = [], []
        for geometry in shapes.geometry:
            for polygon in getattr(geometry, "geoms", [geometry]):
                bx, by = polygon.exterior.xy
                line_x += [*bx, None]
                line_y += [*by, None]
        if line_x:
            figure.add_scatter(x=line_x, y=line_y, mode="lines", line=dict(color="#9aa5a8", width=1),
                               hoverinfo="skip", showlegend=False, name="")
        if label_column and label_column in shapes and len(shapes):
            points = shapes.geometry.representative_point()
            figure.add_scatter(x=points.x, y=points.y, mode="text", text=[safe_text(v) for v in shapes[label_column]],
                               textfont=dict(color="#8a9597", size=12), hoverinfo="skip", showlegend=False, name="")
    for group, members in located.groupby("group", sort=False):
        figure.add_scatter(
            x=members["shown_x"], y=members["shown_y"], mode="markers+text",
            name=safe_text(t(Group.label_key(group), code)), text=[safe_text(n) for n in members["name"]],
            textposition=list(members["side"]), textfont=dict(size=11, color="#222222"),
            marker=dict(size=13, color=GROUP_COLOURS[group], line=dict(width=1, color="#333333")),
            customdata=members[["x", "y", "group"]].astype(object).to_numpy(),
            hovertext=[f"{safe_text(n)}<br>{safe_text(o)}" for n, o in zip(members["name"], members["organisation"])],
            hovertemplate="%{hovertext}<extra></extra>")
    view = {}
    if len(located):
        # the view frames the stakeholders (the outlines go on beyond it), so close ones stand apart
        pad = max(500.0, 0.15 * max(extent[2] - extent[0], extent[3] - extent[1]))
        view = dict(x=[extent[0] - pad, extent[2] + pad], y=[extent[1] - pad, extent[3] + pad])
        x0, y0 = extent[0] - 0.7 * pad, extent[1] - 0.7 * pad
        figure.add_shape(type="line", x0=x0, x1=x0 + 1000, y0=y0, y1=y0, line=dict(color="#333333", width=3))
        figure.add_annotation(x=x0 + 500, y=y0, text="1 km", showarrow=False, yshift=10)
    else:
        figure.add_annotation(x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                              text=safe_text(t("stakeholders.map_empty", code)))
    hidden = dict(showgrid=False, zeroline=False, showticklabels=False, title=None)
    figure.update_xaxes(range=view.get("x"), **hidden)
    figure.update_yaxes(range=view.get("y"), scaleanchor="x", scaleratio=1, **hidden)
    figure.update_layout(legend=dict(orientation="h", y=-0.05))
    title = t("stakeholders.chart_map", code)
    left_out = len(inventory) - len(located)
    if left_out:
        title += " – " + tn("stakeholders.chart_left_out_location", left_out, code)
    return styled(figure, title, 620)
