"""Where the names go on a scatter chart so that they neither cover each other nor a marker.

Plotly writes a marker's text at one of nine places around it and never moves it out
of another's way. :func:`place_labels` picks, for every point, the side whose label
box overlaps least with the labels placed so far, with every marker and with the
chart's edges, in the chart's pixels (the text's size estimated from its length).
The most crowded points choose first. :func:`short_label` keeps a name short enough
for the chart; the full name stays in the hover text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Canvas", "SIDES", "label_box", "place_labels", "short_label"]

SIDES = ("top center", "bottom center", "middle right", "middle left", "top right", "top left", "bottom right",
         "bottom left")
"""The places tried, in order of preference."""

GLYPH_EM = 0.6  # average width of a character of a sans-serif font, in font sizes (a little generous)
LINE_EM = 1.3
LABEL_MAX = 30
_MARGIN = 2.0  # room kept around a label, in pixels


@dataclass(frozen=True)
class Canvas:
    """The plotting area: its axis ranges and its size in pixels."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    width: float
    height: float

    def pixels(self, x: float, y: float) -> tuple[float, float]:
        """The point's place in pixels from the top-left corner."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return (x - x0) / (x1 - x0) * self.width, (y1 - y) / (y1 - y0) * self.height


Box = tuple[float, float, float, float]  # left, top, right, bottom (pixels)


def short_label(name: str, limit: int = LABEL_MAX) -> str:
    """``name`` cut at a word before ``limit`` characters, with an ellipsis, when longer."""
    text = " ".join(str(name).split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0] if " " in text[:limit - 1] else text[:limit - 1]
    return cut.rstrip(" ,;:-–") + "…"


def label_box(point: tuple[float, float], side: str, text: str, marker: float, font: float) -> Box:
    """The box of ``text`` written at ``side`` of a marker of diameter ``marker`` at ``point`` (pixels)."""
    x, y = point
    width, height = GLYPH_EM * font * max(len(text), 1), LINE_EM * font
    gap = marker / 2 + 3
    vertical, horizontal = side.split()
    if horizontal == "center":
        left = x - width / 2
    elif horizontal == "right":
        left = x + (gap if vertical == "middle" else gap * 0.6)
    else:
        left = x - (gap if vertical == "middle" else gap * 0.6) - width
    if vertical == "middle":
        top = y - height / 2
    elif vertical == "top":
        top = y - (gap if horizontal == "center" else gap * 0.6) - height
    else:
        top = y + (gap if horizontal == "center" else gap * 0.6)
    return left - _MARGIN, top - _MARGIN, left + width + _MARGIN, top + height + _MARGIN


def _overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _outside(box: Box, canvas: Canvas) -> float:
    inside = _overlap(box, (0.0, 0.0, canvas.width, canvas.height))
    return (box[2] - box[0]) * (box[3] - box[1]) - inside


def place_labels(xs: Sequence[float], ys: Sequence[float], texts: Sequence[str], canvas: Canvas, *,
                 markers: Sequence[float] | float = 14.0, font: float = 11.0) -> list[str]:
    """A Plotly ``textposition`` for every point, chosen so that labels collide as little as possible.

    Parameters
    ----------
    xs, ys : sequence of float
        The points, in axis units.
    texts : sequence of str
        Their labels as drawn (one line each).
    canvas : Canvas
        The plotting area the points are drawn on.
    markers : float or sequence of float, default 14
        Marker diameters in pixels (one for all, or one per point).
    font : float, default 11
        Font size of the labels in pixels.

    Returns
    -------
    list of str
        One of :data:`SIDES` per point, in the order given.
    """
    count = len(texts)
    sizes = [float(markers)] * count if isinstance(markers, (int, float)) else [float(m) for m in markers]
    points = [canvas.pixels(x, y) for x, y in zip(xs, ys)]
    dots = [(px - s / 2, py - s / 2, px + s / 2, py + s / 2) for (px, py), s in zip(points, sizes)]
    reach = 4 * font

    def crowd(i: int) -> int:
        return sum(abs(points[i][0] - p[0]) < reach * 3 and abs(points[i][1] - p[1]) < reach for p in points)

    placed: list[Box] = []
    sides = ["top center"] * count
    for i in sorted(range(count), key=lambda i: (-crowd(i), i)):
        best: tuple[float, int] | None = None
        for rank, side in enumerate(SIDES):
            box = label_box(points[i], side, texts[i], sizes[i], font)
            cost = (sum(_overlap(box, other) for other in placed)
                    + sum(_overlap(box, dot) for j, dot in enumerate(dots) if j != i)
                    + 2 * _outside(box, canvas))
            if best is None or cost < best[0] - 1e-9:
                best = (cost, rank)
            if cost == 0:
                break
        sides[i] = SIDES[best[1]]
        placed.append(label_box(points[i], sides[i], texts[i], sizes[i], font))
    return sides
