"""The facilitator's stakeholder charts as plotly figures (pure functions, no streamlit).

- :func:`power_interest_grid`: interest × influence with four quadrants, the advice
  for each, and each stakeholder coloured by its position towards the project;
- :func:`onion_diagram`: rings micro (inside), meso, macro (outside), one slice per
  group, as in the seed's Noordwijk mapping;
- :func:`relation_network`: the ties between stakeholders laid out by networkx,
  trust as line colour and width, connectors (high betweenness) and isolated
  stakeholders highlighted;
- :func:`ladder_matrix`: stakeholders × project phases on the six-step ladder;
- :func:`wijk_core.stakeholders.map.stakeholder_map` (its own module): stakeholders
  with a location, in Belgian Lambert 72 over the project's neighbourhood outlines.

Every function takes a typed inventory (see :func:`wijk_core.stakeholders.check_inventory`)
and the language of the labels. Names and other user text are HTML-escaped before
they reach plotly (hover labels and text accept a small HTML subset), so a name like
``<img src=x onerror=alert(1)>`` is shown as written. Each point carries
``customdata`` with what it stands for (quadrant, level and group, degree and
betweenness, …), which is how tests read the figures.
"""

from __future__ import annotations

import html
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from wijk_core.i18n import format_number, language, t, tn
from wijk_core.stakeholders.model import LADDER_COLUMNS, Group, LadderStep, Level, Phase
from wijk_core.stakeholders.labels import Canvas, place_labels, short_label
from wijk_core.stakeholders.network import build_graph, layout, network_measures

__all__ = ["GROUP_COLOURS", "CHART_WIDTH", "LABEL_SIDES", "ONION_RINGS", "POSITION_COLOURS", "QUADRANTS", "has_ladder_steps",
           "ladder_matrix",
           "onion_diagram", "power_interest_grid", "power_interest_table", "quadrant", "relation_network",
           "safe_text", "spread_around", "styled"]

GROUP_COLOURS = {"residents": "#1b9e77", "social": "#d95f02", "institutional": "#7570b3",
                 "expert": "#e7298a", "economic": "#66a61e", "capital": "#a6761d"}
"""One colour per stakeholder group (ColorBrewer Dark2)."""

POSITION_COLOURS = {-2: "#b2182b", -1: "#ef8a62", 0: "#9e9e9e", 1: "#67a9cf", 2: "#2166ac"}
"""Position towards the project: red against, grey neutral, blue for (colour-blind safe)."""

QUADRANTS = ("manage_closely", "keep_satisfied", "keep_informed", "monitor")
"""The four quadrants of the power/interest grid (Mendelow), in reading order."""

LABEL_SIDES = ("top center", "bottom center")
"""Where the names of markers set around one spot go, alternating."""
CHART_WIDTH = 860
"""The width the grid and the network are laid out for, in pixels (a page's main column)."""
_LADDER_COLOURS = ["#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c"]
_UNKNOWN = "#ffffff"
_FONT = dict(family="Segoe UI, Helvetica, Arial, sans-serif")


def safe_text(text: object) -> str:
    """User text for a plotly label: HTML-escaped (plotly renders a small HTML subset)."""
    return html.escape("" if text is None else str(text))


def styled(figure: go.Figure, title: str, height: int) -> go.Figure:
    """The house style of a stakeholder chart: escaped title, font, margins, white background."""
    figure.update_layout(title=dict(text=safe_text(title), x=0.01), height=height, font=_FONT,
                         margin=dict(l=10, r=10, t=60, b=10), plot_bgcolor="#ffffff", paper_bgcolor="#ffffff")
    return figure


def _legend_height(entries: int, per_row: int = 3) -> float:
    """Pixels a horizontal legend of ``entries`` takes below a chart of the page's width."""
    return 19.0 * math.ceil(entries / per_row) + 12.0


def spread_around(count: int, radius: float) -> list[tuple[float, float]]:
    """Offsets that set ``count`` markers of one spot around a small circle (one marker: none)."""
    if count <= 1:
        return [(0.0, 0.0)] * count
    return [(radius * math.cos(2 * math.pi * k / count + math.pi / 2),
             radius * math.sin(2 * math.pi * k / count + math.pi / 2)) for k in range(count)]


# --------------------------------------------------------------------------- power / interest


def quadrant(interest: int, influence: int, threshold: int = 3) -> str:
    """The quadrant of a stakeholder: ``high`` means at least ``threshold`` on the 1–5 scale.

    The middle of the scale counts as high: when in doubt, involve more rather than less.
    """
    high_interest, high_influence = interest >= threshold, influence >= threshold
    if high_influence:
        return "manage_closely" if high_interest else "keep_satisfied"
    return "keep_informed" if high_interest else "monitor"


def power_interest_table(inventory: pd.DataFrame, *, threshold: int = 3) -> pd.DataFrame:
    """Stakeholders with interest and influence, and their quadrant.

    Returns
    -------
    DataFrame
        ``name``, ``interest``, ``influence``, ``position`` (or NA), ``quadrant``
        (one of :data:`QUADRANTS`), in inventory order; stakeholders without
        interest or influence are left out.
    """
    placed = inventory[inventory["interest"].notna() & inventory["influence"].notna()]
    table = placed[["name", "interest", "influence", "position"]].reset_index(drop=True)
    table["quadrant"] = [quadrant(int(i), int(p), threshold) for i, p in zip(table["interest"], table["influence"])]
    return table


def _wrapped(text: str, width: int) -> str:
    """Escaped text broken into lines of at most ``width`` characters (plotly annotations do not wrap)."""
    return "<br>".join(safe_text(line) for line in textwrap.wrap(text, width)) or ""


def power_interest_grid(inventory: pd.DataFrame, lang: str, *, threshold: int = 3) -> go.Figure:
    """The power/interest grid: quadrants with their advice, stakeholders coloured by position.

    Parameters
    ----------
    inventory : DataFrame
        Typed inventory; stakeholders without interest or influence are not drawn
        (the title counts them).
    lang : str
        Language of titles, quadrant names and advice.
    threshold : int, default 3
        Interest or influence counts as high from this value on; the quadrant
        lines are drawn half a step below it.

    Returns
    -------
    plotly.graph_objects.Figure
        One scatter trace per position (−2 … +2, then unknown), each point's
        ``customdata`` = ``[quadrant, interest, influence]``. Stakeholders on the
        same spot are set around a small circle, their names on alternating sides.
        Each quadrant's name and advice sit in a band above (high influence) or
        below (low influence) the points, so they never cover one.
    """
    code = language(lang)
    table = power_interest_table(inventory, threshold=threshold)
    table["x"], table["y"] = table["interest"].astype(float), table["influence"].astype(float)
    for _, spot in table.groupby(["interest", "influence"]).groups.items():
        for row, (dx, dy) in zip(spot, spread_around(len(spot), 0.22)):
            table.loc[row, "x"] += dx
            table.loc[row, "y"] += dy
    line = threshold - 0.5
    low_edge, high_edge = -0.9, 6.6  # bands for the quadrant texts below 1 and above 5
    table["label"] = [short_label(name) for name in table["name"]]
    height = 760 - 70 - 40 - _legend_height(table["position"].nunique(dropna=False))  # 40: the axis title
    table["textposition"] = place_labels(table["x"], table["y"], table["label"],
                                         Canvas((0.4, 5.6), (low_edge, high_edge), CHART_WIDTH - 60, height))
    figure = go.Figure()
    corners = {"manage_closely": (line, 5.6, line, high_edge), "keep_satisfied": (0.4, line, line, high_edge),
               "keep_informed": (line, 5.6, low_edge, line), "monitor": (0.4, line, low_edge, line)}
    fills = {"manage_closely": "#fde0dd", "keep_satisfied": "#fff7d6", "keep_informed": "#e0f0fb",
             "monitor": "#f2f2f2"}
    for key, (x0, x1, y0, y1) in corners.items():
        figure.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, fillcolor=fills[key], line_width=0,
                         layer="below")
        upper = y1 == high_edge
        width = max(int((x1 - x0) * 21), 24)  # characters that fit the quadrant's width, roughly
        figure.add_annotation(x=x0 + 0.06, y=y1 - 0.06 if upper else y0 + 0.06, xanchor="left",
                              yanchor="top" if upper else "bottom", showarrow=False, align="left",
                              font=dict(size=11, color="#333333"),
                              text=f"<b>{safe_text(t(f'stakeholders.quadrant_{key}', code))}</b><br>"
                                   f"{_wrapped(t(f'stakeholders.advice_{key}', code), width)}")
    positions = [*POSITION_COLOURS, None]
    for position in positions:
        chosen = table[table["position"].isna()] if position is None else table[table["position"] == position]
        if chosen.empty:
            continue
        label = t("stakeholders.position_unknown", code) if position is None else _position_label(position, code)
        figure.add_scatter(
            x=chosen["x"], y=chosen["y"], mode="markers+text", name=safe_text(label),
            text=[safe_text(n) for n in chosen["label"]], textposition=list(chosen["textposition"]),
            textfont=dict(size=11, color="#333333"),
            marker=dict(size=14, color=POSITION_COLOURS.get(position, _UNKNOWN),
                        line=dict(width=1.5, color="#333333")),
            customdata=chosen[["quadrant", "interest", "influence"]].astype(object).to_numpy(),
            hovertext=[safe_text(n) for n in chosen["name"]],
            hovertemplate=(f"%{{hovertext}}<br>{safe_text(t('stakeholders.col_interest', code))}: %{{customdata[1]}}"
                           f"<br>{safe_text(t('stakeholders.col_influence', code))}: %{{customdata[2]}}"
                           f"<br>{safe_text(label)}<extra></extra>"))
    figure.add_vline(x=line, line=dict(color="#555555", width=1.5, dash="dot"))
    figure.add_hline(y=line, line=dict(color="#555555", width=1.5, dash="dot"))
    axis = dict(tickvals=[1, 2, 3, 4, 5], zeroline=False, showgrid=False)
    figure.update_xaxes(title=safe_text(t("stakeholders.col_interest", code)), range=[0.4, 5.6], **axis)
    figure.update_yaxes(title=safe_text(t("stakeholders.col_influence", code)), range=[low_edge, high_edge], **axis)
    left_out = len(inventory) - len(table)
    title = t("stakeholders.chart_grid", code)
    if left_out:
        title += " – " + tn("stakeholders.chart_left_out", left_out, code)
    figure.update_layout(legend=dict(title=safe_text(t("stakeholders.col_position", code)), orientation="h", y=-0.1))
    return styled(figure, title, 760)


def _position_label(position: int, code: str) -> str:
    sign = "+" if position > 0 else ""
    return f"{sign}{position} {t(f'stakeholders.position_{position + 2}', code)}"


# --------------------------------------------------------------------------- onion


ONION_RINGS = {"micro": (0.0, 1.6), "meso": (1.6, 2.5), "macro": (2.5, 3.2)}
"""Radius of each ring of the onion diagram; the inner ring is widest, it usually holds most stakeholders."""

_RING_OPACITY = {"micro": 0.30, "meso": 0.17, "macro": 0.07}
_RING_DEPTHS = {1: (0.55,), 2: (0.38, 0.78), 3: (0.3, 0.56, 0.84)}
_SLICE = 360 / len(Group)


def _slice_centre(group: str) -> float:
    return (list(GROUP_COLOURS).index(group) + 0.5) * _SLICE


def _cell_places(count: int, group: str, level: str) -> list[tuple[float, float, str]]:
    """(radius, angle, label side) for ``count`` stakeholders in one ring of one slice.

    They fill up to three arcs inside the ring, round robin, each arc spread evenly
    over the slice (6° from its edges), labels alternately above and below.
    """
    inner, outer = ONION_RINGS[level]
    depths = _RING_DEPTHS[1 if count <= 3 else 2 if count <= 8 else 3]
    rows = [list(range(count))[r::len(depths)] for r in range(len(depths))]
    places: dict[int, tuple[float, float, str]] = {}
    for depth, members in zip(depths, rows):
        for position, k in enumerate(members):
            angle = _slice_centre(group) - _SLICE / 2 + 6 + (position + 0.5) * (_SLICE - 12) / len(members)
            places[k] = (inner + depth * (outer - inner), angle, "top center" if k % 2 == 0 else "bottom center")
    return [places[k] for k in range(count)]


def onion_diagram(inventory: pd.DataFrame, lang: str) -> go.Figure:
    """The onion diagram: micro (inner ring), meso, macro (outer ring), one slice per group.

    Parameters
    ----------
    inventory : DataFrame
        Typed inventory; stakeholders without a level are not drawn (the title counts them).
    lang : str
        Language of the labels.

    Returns
    -------
    plotly.graph_objects.Figure
        Polar axes; each level's ring spans the radii of :data:`ONION_RINGS`
        (micro 0–1.6, meso 1.6–2.5, macro 2.5–3.2), group *g* the angles
        ``[60·g, 60·(g+1))`` in the order of :class:`~wijk_core.stakeholders.Group`.
        One marker trace per group; each point's ``customdata`` = ``[level, group]``.
    """
    code = language(lang)
    figure = go.Figure()
    for level, (inner, outer) in ONION_RINGS.items():
        figure.add_barpolar(r=[outer - inner] * len(GROUP_COLOURS), base=[inner] * len(GROUP_COLOURS),
                            theta=[_slice_centre(g) for g in GROUP_COLOURS], width=[_SLICE] * len(GROUP_COLOURS),
                            marker=dict(color=list(GROUP_COLOURS.values()), opacity=_RING_OPACITY[level],
                                        line=dict(color="#ffffff", width=2)),
                            hoverinfo="skip", showlegend=False, name="")
    placed = inventory[inventory["level"].notna()]
    for group, members in placed.groupby("group", sort=False):
        cells = [(level, cell) for level, cell in members.groupby("level", sort=False)]
        places = [p for level, cell in cells for p in _cell_places(len(cell), group, level)]
        ordered = pd.concat([cell for _, cell in cells])
        figure.add_scatterpolar(
            r=[p[0] for p in places], theta=[p[1] for p in places], mode="markers+text",
            name=safe_text(t(Group.label_key(group), code)), text=[safe_text(n) for n in ordered["name"]],
            textposition=[p[2] for p in places], textfont=dict(size=10, color="#333333"),
            marker=dict(size=12, color=GROUP_COLOURS[group], line=dict(width=1, color="#333333")),
            customdata=ordered[["level", "group"]].to_numpy(),
            hovertext=[safe_text(n) for n in ordered["name"]],
            hovertemplate="%{hovertext}<extra></extra>")
    # ring names on the white line at the top, between the first and the last slice
    figure.add_scatterpolar(r=[(inner + outer) / 2 for inner, outer in ONION_RINGS.values()], theta=[0, 0, 0],
                            mode="text", text=[f"<b>{safe_text(t(Level.label_key(level), code))}</b>"
                                               for level in ONION_RINGS],
                            textfont=dict(size=11, color="#222222"), hoverinfo="skip", showlegend=False, name="")
    title = t("stakeholders.chart_onion", code)
    left_out = len(inventory) - len(placed)
    if left_out:
        title += " – " + tn("stakeholders.chart_left_out_level", left_out, code)
    figure.update_layout(
        polar=dict(
            hole=0.1,
            radialaxis=dict(range=[0, ONION_RINGS["macro"][1]], showline=False, showticklabels=False,
                            ticks="", showgrid=False),
            angularaxis=dict(tickvals=[_slice_centre(g) for g in GROUP_COLOURS], direction="clockwise",
                             rotation=90, ticktext=[safe_text(t(Group.label_key(g), code)) for g in GROUP_COLOURS],
                             showgrid=False, tickfont=dict(size=12)),
            bgcolor="#ffffff"),
        legend=dict(orientation="h", y=-0.08))
    return styled(figure, title, 720)


# --------------------------------------------------------------------------- network


def _trust_colour(trust: int | None) -> str:
    return {1: "#b2182b", 2: "#ef8a62", 3: "#bababa", 4: "#67a9cf", 5: "#2166ac"}.get(trust, "#999999")


def relation_network(inventory: pd.DataFrame, relations: pd.DataFrame, lang: str, *,
                     include_suggestions: bool = True, connector_threshold: float = 0.2) -> go.Figure:
    """The relation network: ties by trust, nodes sized by degree, connectors and isolated highlighted.

    Parameters
    ----------
    inventory : DataFrame
        Typed inventory.
    relations : DataFrame
        ``source``, ``target``, ``trust``, ``note``.
    lang : str
        Language of the labels.
    include_suggestions : bool, default True
        Draw "suggested by" ties (dashed) and count them in the measures.
    connector_threshold : float, default 0.2
        Least normalised betweenness of a connector (see
        :func:`wijk_core.stakeholders.network_measures`).

    Returns
    -------
    plotly.graph_objects.Figure
        Edge traces (one per trust level, plus suggestions), then three node
        traces: connectors (large, thick dark outline), isolated (hollow) and the
        others; node colour is the group, size grows with the degree. Each node's
        ``customdata`` = ``[name, degree, betweenness, connector, isolated]``
        (name escaped).
    """
    code = language(lang)
    graph = build_graph(inventory, relations, include_suggestions=include_suggestions)
    measures = network_measures(graph, connector_threshold=connector_threshold)
    positions = layout(graph)
    figure = go.Figure()
    by_kind: dict[object, list] = {}
    for a, b, data in graph.edges(data=True):
        key = "suggestion" if data["kind"] == "suggestion" else data["trust"]
        by_kind.setdefault(key, []).append((a, b))
    for key in [1, 2, 3, 4, 5, None, "suggestion"]:
        edges = by_kind.get(key)
        if not edges:
            continue
        xs, ys = [], []
        for a, b in edges:
            xs += [positions[a][0], positions[b][0], None]
            ys += [positions[a][1], positions[b][1], None]
        if key == "suggestion":
            name, style = t("stakeholders.tie_suggestion", code), dict(color="#777777", width=1.2, dash="dash")
        elif key is None:
            name, style = t("stakeholders.trust_unknown", code), dict(color="#999999", width=1.5)
        else:
            name = t("stakeholders.trust_level", code, trust=key)
            style = dict(color=_trust_colour(key), width=1 + 0.8 * key)
        figure.add_scatter(x=xs, y=ys, mode="lines", line=style, name=safe_text(name), hoverinfo="skip")
    xs, ys = [x for x, _ in positions.values()] or [0], [y for _, y in positions.values()] or [0]
    entries = len(by_kind) + 3 + inventory["group"].nunique()  # the legend below: ties, node kinds, groups
    canvas = Canvas((min(xs) - 0.4, max(xs) + 0.4), (min(ys) - 0.2, max(ys) + 0.15), CHART_WIDTH,
                    720 - 70 - _legend_height(entries))
    order = list(positions)
    degree = measures["degree"].reindex(order).fillna(0)
    sides = dict(zip(order, place_labels([positions[n][0] for n in order], [positions[n][1] for n in order],
                                         [short_label(n) for n in order], canvas,
                                         markers=[14 + 4 * d for d in degree])))
    kinds = [("connector", measures["connector"]), ("isolated", measures["isolated"]),
             ("other", ~measures["connector"] & ~measures["isolated"])]
    groups = dict(zip(inventory["name"], inventory["group"]))
    for kind, mask in kinds:
        names = list(measures.index[mask.to_numpy()])
        if not names:
            continue
        chosen = measures.loc[names]
        colours = [GROUP_COLOURS.get(groups.get(n), "#999999") for n in names]
        marker = dict(size=[14 + 4 * d for d in chosen["degree"]], color=colours,
                      line=dict(width=1, color="#333333"))
        if kind == "connector":
            marker["line"] = dict(width=4, color="#111111")
        elif kind == "isolated":
            marker.update(color="#ffffff", line=dict(width=2.5, color=colours))
        hover = [f"{safe_text(n)}<br>{safe_text(t(Group.label_key(groups[n]), code))}<br>"
                 f"{safe_text(t('stakeholders.col_degree', code))}: {int(d)}<br>"
                 f"{safe_text(t('stakeholders.col_betweenness', code))}: {format_number(b, code, 2)}"
                 for n, d, b in zip(names, chosen["degree"], chosen["betweenness"])]
        figure.add_scatter(
            x=[positions[n][0] for n in names], y=[positions[n][1] for n in names], mode="markers+text",
            name=safe_text(t(f"stakeholders.node_{kind}", code)), marker=marker,
            text=[safe_text(short_label(n)) for n in names], textposition=[sides[n] for n in names],
            textfont=dict(size=11),
            customdata=[[safe_text(n), int(d), float(b), bool(c), bool(i)] for n, d, b, c, i in
                        zip(names, chosen["degree"], chosen["betweenness"], chosen["connector"],
                            chosen["isolated"])],
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")
    for group in dict.fromkeys(inventory["group"]):  # what the node colours mean
        figure.add_scatter(x=[None], y=[None], mode="markers", name=safe_text(t(Group.label_key(group), code)),
                           marker=dict(size=12, color=GROUP_COLOURS[group]), hoverinfo="skip")
    hidden = dict(showgrid=False, zeroline=False, showticklabels=False, title=None)
    figure.update_xaxes(range=list(canvas.x_range), **hidden)  # room for the names at the edges
    figure.update_yaxes(range=list(canvas.y_range), **hidden)
    figure.update_layout(legend=dict(orientation="h", y=-0.05))
    return styled(figure, t("stakeholders.chart_network", code), 720)


# --------------------------------------------------------------------------- ladder


def has_ladder_steps(inventory: pd.DataFrame) -> bool:
    """True when some stakeholder has a participation step for some phase: else the ladder
    chart would be an empty grid, and the page says why instead (``stakeholders.ladder_empty``)."""
    if inventory.empty:
        return False
    return any(isinstance(value, str) for value in inventory[list(LADDER_COLUMNS)].to_numpy().ravel())


def ladder_matrix(inventory: pd.DataFrame, lang: str) -> go.Figure:
    """Stakeholders × project phases, each cell the step on the six-step participation ladder.

    Returns
    -------
    plotly.graph_objects.Figure
        One heat map: rows are stakeholders in inventory order (top first),
        columns the phases diagnosis … evaluation; ``z`` is the step's rank
        (1 = information … 6 = co-management), empty where none is set; the
        cell text is the step's name.
    """
    code = language(lang)
    steps = list(LadderStep)
    z = [[LadderStep(v).rank if isinstance(v, str) else None for v in row]
         for row in inventory[list(LADDER_COLUMNS)].itertuples(index=False)]
    text = [[safe_text(t(LadderStep.label_key(v), code)) if isinstance(v, str) else "" for v in row]
            for row in inventory[list(LADDER_COLUMNS)].itertuples(index=False)]
    scale = []
    for rank, colour in enumerate(_LADDER_COLOURS):
        scale += [[rank / 6, colour], [(rank + 1) / 6, colour]]
    figure = go.Figure(go.Heatmap(
        z=z, x=[safe_text(t(Phase.label_key(p.value), code)) for p in Phase], y=[safe_text(n) for n in inventory["name"]],
        text=text, texttemplate="%{text}", textfont=dict(size=11), zmin=0.5, zmax=6.5, colorscale=scale,
        xgap=2, ygap=2, hoverongaps=False,
        colorbar=dict(tickvals=[s.rank for s in steps], ticktext=[safe_text(t(LadderStep.label_key(s.value), code))
                                                                  for s in steps],
                      title=safe_text(t("stakeholders.ladder_title", code))),
        hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>"))
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(side="top")
    return styled(figure, t("stakeholders.chart_ladder", code), 160 + 30 * max(len(inventory), 1))
