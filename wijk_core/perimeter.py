"""Perimeters: candidate neighbourhoods as polygons in Belgian Lambert 72 (EPSG:31370)."""

from __future__ import annotations

from dataclasses import dataclass

from pyproj import Transformer
import numpy as np
import shapely
from shapely import make_valid
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from .errors import WijkError

__all__ = ["DrawnPerimeter", "PerimeterError", "perimeter_from_geojson"]

LAMBERT72 = "EPSG:31370"
_TO_LAMBERT = Transformer.from_crs("EPSG:4326", LAMBERT72, always_xy=True)


class PerimeterError(WijkError):
    """A drawing or file that is not a usable perimeter."""


@dataclass(frozen=True)
class DrawnPerimeter:
    """A perimeter as received from the map.

    Attributes
    ----------
    geometry
        The polygon in EPSG:31370 (metres).
    vertices
        Number of distinct corners the user placed (closing point not counted).
    """

    geometry: Polygon | MultiPolygon
    vertices: int

    @property
    def hectares(self) -> float:
        """Area in hectares."""
        return self.geometry.area / 10_000


def _corner_count(geometry: BaseGeometry) -> int:
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    return sum(len(poly.exterior.coords) - 1 for poly in polygons)


def perimeter_from_geojson(feature: dict) -> DrawnPerimeter:
    """Turn a GeoJSON Feature or geometry in WGS84 (as Leaflet sends it) into a perimeter.

    Parameters
    ----------
    feature
        A GeoJSON ``Feature`` or bare geometry with lon/lat coordinates.

    Returns
    -------
    DrawnPerimeter
        The polygon reprojected to EPSG:31370 and its corner count.

    Raises
    ------
    PerimeterError
        When the geometry is missing, is a point or a line, or has no area.
    """
    geometry_json = feature.get("geometry", feature) if isinstance(feature, dict) else None
    if not geometry_json or "type" not in geometry_json:
        raise PerimeterError("errors.drawing_invalid", "no geometry in the drawing",
                             detail="no geometry")
    try:
        geometry = shape(geometry_json)
    except (ValueError, TypeError, AttributeError, IndexError) as err:
        raise PerimeterError("errors.drawing_invalid", f"unreadable geometry: {err}",
                             detail=str(err)) from err
    if not isinstance(geometry, (Polygon, MultiPolygon)):
        raise PerimeterError("errors.drawing_invalid",
                             f"a perimeter must be a polygon, not a {geometry.geom_type}",
                             detail=geometry.geom_type)
    corners = _corner_count(geometry)
    projected = shapely.transform(
        geometry, lambda xy: np.column_stack(_TO_LAMBERT.transform(xy[:, 0], xy[:, 1])))
    if not projected.is_valid:
        projected = make_valid(projected)
        parts = [g for g in getattr(projected, "geoms", [projected]) if isinstance(g, (Polygon, MultiPolygon))]
        projected = parts[0] if len(parts) == 1 else MultiPolygon(
            [p for g in parts for p in getattr(g, "geoms", [g])])
    if projected.is_empty or projected.area <= 0:
        raise PerimeterError("errors.drawing_invalid", "the drawing has no area",
                             detail="0 m²")
    return DrawnPerimeter(geometry=projected, vertices=corners)
