"""A static, printable map as SVG: sectors coloured by an indicator, candidate perimeters.

The interactive maps (:mod:`wijk_core.maps.leaflet`) need Leaflet and a browser; a report for
the council must print, open offline and survive being mailed around. :func:`svg_map`
draws the same picture as plain SVG: no script, no link, no font or tile to fetch.

Geometry is drawn in a projected CRS (metres), scaled to ``width`` pixels with the y
axis flipped (SVG's y grows downwards) and the aspect kept, and simplified to about
one pixel so that a map of a whole municipality stays a few hundred kilobytes.
Every text (title, candidate names, legend labels) is XML-escaped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from wijk_core.maps.choropleth import NO_DATA_COLOUR

__all__ = ["MARGIN", "svg_map"]

MARGIN = 0.03
"""Empty band around the data, as a share of the larger side of its extent."""

_TITLE_BAND = 34
_FONT = "Helvetica, Arial, sans-serif"
_LABEL_SIZE = 13
_LEGEND_SIZE = 12
_LEGEND_LINE = 18
_SECTOR_STROKE = "#ffffff"
_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|rgba?\([0-9.,%\s]+\)|hsla?\([0-9.,%\s]+\))$")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    """Text content, XML-escaped, without the control characters XML 1.0 forbids."""
    return escape(_XML_ILLEGAL.sub("", str(value)))


def _attr(value: object) -> str:
    """An attribute value with its quotes, XML-escaped."""
    return quoteattr(_XML_ILLEGAL.sub("", str(value)))


def _colour(value: object, what: str) -> str:
    text = str(value).strip()
    if not _COLOUR.match(text):
        raise ValueError(f"{what}: {value!r} is not a colour; use e.g. '#1f77b4'")
    return text


def _number(value: float) -> str:
    """A pixel coordinate with one decimal, without a useless '.0'."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _check_crs(sectors: gpd.GeoDataFrame, outlines: gpd.GeoDataFrame | None) -> float:
    """Metres per CRS unit, after checking both layers share one projected CRS."""
    if sectors.crs is None:
        raise ValueError("the sectors have no CRS; declare one (e.g. sectors.set_crs(31370))")
    if not sectors.crs.is_projected:
        raise ValueError(f"the sectors are in {sectors.crs.to_string()}, in degrees; project them "
                         "first, e.g. sectors.to_crs(31370)")
    if outlines is not None and len(outlines):
        if outlines.crs is None:
            raise ValueError("the outlines have no CRS; declare the sectors' CRS "
                             f"(outlines.set_crs({sectors.crs.to_string()!r}))")
        if outlines.crs != sectors.crs:
            raise ValueError(f"the outlines are in {outlines.crs.to_string()}, the sectors in "
                             f"{sectors.crs.to_string()}; reproject the outlines with "
                             f"outlines.to_crs({sectors.crs.to_string()!r})")
    return float(sectors.crs.axis_info[0].unit_conversion_factor or 1.0)


class _Frame:
    """From data coordinates to pixels: scale, y flipped, origin at the top left."""

    def __init__(self, bounds: np.ndarray, width: int) -> None:
        minx, miny, maxx, maxy = (float(v) for v in bounds)
        span = max(maxx - minx, maxy - miny) or 1.0
        margin = MARGIN * span
        self.left, self.top = minx - margin, maxy + margin
        self.data_width = (maxx - minx) + 2 * margin
        self.data_height = (maxy - miny) + 2 * margin
        self.scale = width / self.data_width
        self.width = float(width)
        self.height = self.data_height * self.scale

    def pixels(self, coords: np.ndarray) -> np.ndarray:
        return np.column_stack(((coords[:, 0] - self.left) * self.scale,
                                (self.top - coords[:, 1]) * self.scale))


def _ring_path(ring: BaseGeometry, frame: _Frame) -> str:
    points = np.round(frame.pixels(shapely.get_coordinates(ring)), 1)
    if len(points) > 1 and np.array_equal(points[0], points[-1]):
        points = points[:-1]  # "Z" closes the ring
    if len(points) > 1:  # drop vertices that rounding made identical to the previous one
        keep = np.ones(len(points), dtype=bool)
        keep[1:] = np.any(np.diff(points, axis=0) != 0, axis=1)
        points = points[keep]
    if len(points) < 3:
        return ""
    return "M" + " ".join(f"{_number(x)} {_number(y)}" for x, y in points) + "Z"


def _path_data(geometry: BaseGeometry | None, frame: _Frame) -> str:
    """SVG path data of every polygon part: exterior and holes, for fill-rule evenodd."""
    if geometry is None or geometry.is_empty:
        return ""
    rings: list[str] = []
    for part in shapely.get_parts(geometry):
        if part.geom_type == "GeometryCollection" or part.geom_type == "MultiPolygon":
            rings.append(_path_data(part, frame))
            continue
        if part.geom_type != "Polygon":
            continue  # points and lines have no area to colour
        rings.append(_ring_path(part.exterior, frame))
        rings.extend(_ring_path(hole, frame) for hole in part.interiors)
    return "".join(rings)


def _simplified(geometries: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify to ``tolerance``; shared borders stay shared when the layer is a coverage."""
    present = np.array([g is not None and not g.is_empty for g in geometries], dtype=bool)
    result = geometries.copy()
    if not present.any():
        return result
    polygons = geometries[present]
    polygonal = all(g.geom_type in ("Polygon", "MultiPolygon") for g in polygons)
    try:
        # Coverage simplification keeps neighbouring sectors edge to edge (no slivers);
        # only meaningful, and only safe, on non-overlapping, edge-matched polygons.
        if polygonal and len(polygons) > 1 and bool(shapely.coverage_is_valid(polygons)):
            result[present] = shapely.coverage_simplify(polygons, tolerance)
            return result
    except shapely.errors.GEOSException:
        pass
    result[present] = shapely.simplify(polygons, tolerance, preserve_topology=True)
    return result


def _nice_length(target_metres: float) -> float:
    """The largest 1, 2 or 5 × 10ⁿ metres not longer than ``target_metres``."""
    exponent = math.floor(math.log10(target_metres))
    for step in (5, 2, 1):
        if step * 10 ** exponent <= target_metres:
            return step * 10 ** exponent
    return 10 ** exponent


def _distance_label(metres: float) -> str:
    if metres >= 1000:
        return f"{metres / 1000:g} km".replace(".", ",")
    return f"{metres:g} m".replace(".", ",")


def _scale_bar(frame: _Frame, metres_per_unit: float, right: float, baseline: float) -> str:
    metres = _nice_length(0.2 * frame.data_width * metres_per_unit)
    length = metres / metres_per_unit * frame.scale
    left = right - length
    half = length / 2
    parts = [
        f'<g class="scale-bar" font-size="{_LEGEND_SIZE}" fill="#222222">',
        f'<rect x="{_number(left)}" y="{_number(baseline - 6)}" width="{_number(half)}" height="6" '
        'fill="#222222" stroke="#222222" stroke-width="1"/>',
        f'<rect x="{_number(left + half)}" y="{_number(baseline - 6)}" width="{_number(half)}" '
        'height="6" fill="#ffffff" stroke="#222222" stroke-width="1"/>',
        f'<text x="{_number(left)}" y="{_number(baseline - 10)}" text-anchor="middle">0</text>',
        f'<text x="{_number(right)}" y="{_number(baseline - 10)}" text-anchor="middle">'
        f'{_text(_distance_label(metres))}</text>',
        "</g>",
    ]
    return "".join(parts)


def _legend_layout(legend: Sequence[tuple[str, str]], available: float) -> tuple[int, float]:
    """Rows per column and column width for the legend entries in ``available`` pixels."""
    longest = max(len(str(label)) for _, label in legend)
    column = 26 + 0.56 * _LEGEND_SIZE * longest
    columns = int(max(1, min(len(legend), available // column)))
    return math.ceil(len(legend) / columns), column


def _legend(legend: Sequence[tuple[str, str]], left: float, top: float, rows: int,
            column: float) -> str:
    parts = [f'<g class="legend" font-size="{_LEGEND_SIZE}" fill="#222222">']
    for position, (colour, label) in enumerate(legend):
        x = left + (position // rows) * column
        y = top + (position % rows) * _LEGEND_LINE
        parts.append(f'<rect x="{_number(x)}" y="{_number(y)}" width="16" height="11" '
                     f'fill={_attr(_colour(colour, "legend colour"))} stroke="#777777" '
                     'stroke-width="0.6"/>')
        parts.append(f'<text x="{_number(x + 22)}" y="{_number(y + 10)}">{_text(label)}</text>')
    parts.append("</g>")
    return "".join(parts)


def svg_map(sectors: gpd.GeoDataFrame, fills: pd.Series | None, outlines: gpd.GeoDataFrame | None,
            *, outline_colours: list[str], width: int = 800, title: str = "",
            legend: Sequence[tuple[str, str]] = ()) -> str:
    """Draw sectors and candidate perimeters as a static, self-contained SVG.

    Parameters
    ----------
    sectors
        Sector polygons in a projected CRS (EPSG:31370 or 3812); the key is the
        ``cd_sector`` column when there is one, else the index.
    fills
        Fill colour per sector key (e.g. :meth:`Classification.colour_of`); sectors
        without one, and every sector when ``fills`` is None, are grey.
    outlines
        Candidate perimeters in the same CRS, indexed by name; drawn as thick
        outlines with the name written at a point inside each.
    outline_colours
        Colours of the outlines, used in turn.
    width
        Width of the picture in pixels; the height follows from the data's aspect.
    title
        Written above the map (optional).
    legend
        ``(colour, label)`` pairs, drawn below the map beside the scale bar.

    Returns
    -------
    str
        An ``<svg>`` document: a title band, the map (a nested ``<svg class="map">``
        whose viewBox has the aspect of the data extent plus a :data:`MARGIN` on each
        side) and a footer with the legend and a scale bar.

    Raises
    ------
    ValueError
        When a layer has no CRS or a geographic one, the two layers' CRSs differ,
        there is nothing to draw, ``width`` is not positive, a colour is not a
        colour, or outlines are given without ``outline_colours``.

    Notes
    -----
    A point :math:`(x, y)` is drawn at
    :math:`(s (x - x_{min} + m),\\; s (y_{max} + m - y))` with the scale
    :math:`s = w / (x_{max} - x_{min} + 2m)`; geometry is simplified with a tolerance
    of :math:`1/s` (one pixel). Holes and multipolygons are drawn with
    ``fill-rule="evenodd"``.
    """
    if width <= 0:
        raise ValueError(f"width must be a positive number of pixels, not {width}")
    metres_per_unit = _check_crs(sectors, outlines)
    shown_outlines = outlines if outlines is not None and len(outlines) else None
    if shown_outlines is not None and not outline_colours:
        raise ValueError("outlines need at least one colour in outline_colours")
    extents = [layer.total_bounds for layer in (sectors, shown_outlines)
               if layer is not None and len(layer) and not layer.geometry.is_empty.all()]
    if not extents:
        raise ValueError("nothing to draw: the sectors and the outlines are empty")
    bounds = np.array([min(e[0] for e in extents), min(e[1] for e in extents),
                       max(e[2] for e in extents), max(e[3] for e in extents)])
    frame = _Frame(bounds, width)
    tolerance = 1.0 / frame.scale

    codes = (sectors["cd_sector"] if "cd_sector" in sectors.columns
             else sectors.index.to_series()).astype(str).to_numpy()
    colours = (fills.rename(index=str).reindex(codes) if fills is not None
               else pd.Series(np.nan, index=codes))
    checked = {value: _colour(value, "fill") for value in colours.dropna().unique()}
    geometries = _simplified(sectors.geometry.to_numpy(), tolerance)

    sector_paths = []
    for code, geometry, colour in zip(codes, geometries, colours.to_numpy()):
        data = _path_data(geometry, frame)
        if not data:
            continue
        fill = checked[colour] if isinstance(colour, str) else NO_DATA_COLOUR
        sector_paths.append(f'<path data-code={_attr(code)} fill={_attr(fill)} d="{data}"/>')

    outline_parts, label_parts = [], []
    if shown_outlines is not None:
        palette = [_colour(c, "outline colour") for c in outline_colours]
        simplified = shapely.simplify(shown_outlines.geometry.to_numpy(), tolerance,
                                      preserve_topology=True)
        for position, (name, original, geometry) in enumerate(
                zip(shown_outlines.index, shown_outlines.geometry, simplified)):
            data = _path_data(geometry, frame)
            if not data:
                continue
            colour = palette[position % len(palette)]
            outline_parts.append(
                f'<g class="outline" data-name={_attr(name)}>'
                f'<path d="{data}" stroke="#ffffff" stroke-width="6"/>'
                f'<path d="{data}" stroke={_attr(colour)} stroke-width="3"/></g>')
            anchor = frame.pixels(shapely.get_coordinates(original.representative_point()))[0]
            x = min(max(anchor[0], 40.0), frame.width - 40.0)
            y = min(max(anchor[1], 16.0), frame.height - 6.0)
            label_parts.append(f'<text x="{_number(x)}" y="{_number(y)}" fill={_attr(colour)}>'
                               f'{_text(name)}</text>')

    top = _TITLE_BAND if title else 0
    footer_top = top + frame.height + 10
    scale_width = 0.2 * frame.width + 40
    rows, column = (_legend_layout(legend, frame.width - scale_width - 20) if legend else (0, 0.0))
    footer = max(rows * _LEGEND_LINE, 30) + 10
    height = footer_top + footer

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_number(frame.width)}" '
        f'height="{_number(height)}" viewBox="0 0 {_number(frame.width)} {_number(height)}" '
        f'font-family={_attr(_FONT)} role="img">',
    ]
    if title:
        parts.append(f"<title>{_text(title)}</title>")
    parts.append(f'<rect class="background" width="{_number(frame.width)}" '
                 f'height="{_number(height)}" fill="#ffffff"/>')
    if title:
        parts.append(f'<text class="title" x="8" y="22" font-size="18" font-weight="bold" '
                     f'fill="#222222">{_text(title)}</text>')
    parts.append(
        f'<svg class="map" x="0" y="{_number(top)}" width="{_number(frame.width)}" '
        f'height="{_number(frame.height)}" viewBox="0 0 {_number(frame.width)} '
        f'{_number(frame.height)}">')
    parts.append(f'<g class="sectors" fill-rule="evenodd" stroke={_attr(_SECTOR_STROKE)} '
                 'stroke-width="0.7" stroke-linejoin="round">')
    parts.extend(sector_paths)
    parts.append("</g>")
    if outline_parts:
        parts.append('<g class="outlines" fill="none" fill-rule="evenodd" stroke-linejoin="round">')
        parts.extend(outline_parts)
        parts.append("</g>")
        parts.append(f'<g class="labels" font-size="{_LABEL_SIZE}" font-weight="bold" '
                     'text-anchor="middle" stroke="#ffffff" stroke-width="3" '
                     'paint-order="stroke" stroke-linejoin="round">')
        parts.extend(label_parts)
        parts.append("</g>")
    parts.append(f'<rect class="frame" width="{_number(frame.width)}" '
                 f'height="{_number(frame.height)}" fill="none" stroke="#999999" stroke-width="1"/>')
    parts.append("</svg>")
    if legend:
        parts.append(_legend(legend, 8.0, footer_top, rows, column))
    parts.append(_scale_bar(frame, metres_per_unit, frame.width - 20, footer_top + 24))
    parts.append("</svg>")
    return "\n".join(parts)
