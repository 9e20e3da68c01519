"""Where ideas may be pinned, and counting ideas per candidate neighbourhood.

The *idea area* of a project is the perimeter a resident's tap must fall in. The page
builds it (see ``wijk_app/ideas/common.py``) from the union of the project's candidate
neighbourhoods when it has any, else from the union of the statistical sectors it
works on (the demo municipality by default). Geometry is in EPSG:31370 (Belgian
Lambert 72, metres); taps arrive as WGS84 longitude/latitude and are stored in both.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import MultiPolygon, Polygon, mapping

from wijk_core.ideas.errors import IdeaError

__all__ = ["LAMBERT72", "IdeaArea", "IdeaPlace", "ideas_per_candidate", "to_lambert", "to_wgs84", "wgs84_geojson"]

LAMBERT72 = "EPSG:31370"
_TO_LAMBERT = Transformer.from_crs("EPSG:4326", LAMBERT72, always_xy=True)
_TO_WGS84 = Transformer.from_crs(LAMBERT72, "EPSG:4326", always_xy=True)

AreaSource = Literal["candidates", "sectors"]


@dataclass(frozen=True)
class IdeaPlace:
    """A checked place for an idea: WGS84 ``lon``/``lat`` and Lambert 72 ``x``/``y`` (metres)."""

    lon: float
    lat: float
    x: float
    y: float


def to_lambert(lon: float, lat: float) -> tuple[float, float]:
    """WGS84 longitude/latitude → EPSG:31370 ``(x, y)`` in metres."""
    x, y = _TO_LAMBERT.transform(lon, lat)
    return float(x), float(y)


def to_wgs84(x: float, y: float) -> tuple[float, float]:
    """EPSG:31370 ``(x, y)`` → WGS84 ``(lon, lat)``."""
    lon, lat = _TO_WGS84.transform(x, y)
    return float(lon), float(lat)


def wgs84_geojson(geometry) -> dict:
    """A shapely geometry in EPSG:31370 as a GeoJSON geometry in WGS84."""
    def transform(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(_TO_WGS84.transform(xy[:, 0], xy[:, 1]))

    return mapping(shapely.transform(geometry, transform))


def _check_crs(layer: gpd.GeoDataFrame | gpd.GeoSeries, what: str) -> None:
    if layer.crs is None:
        raise ValueError(f"The {what} have no CRS; set the one they are in, e.g. .set_crs(31370) "
                         "for Belgian Lambert 72.")
    if CRS.from_user_input(layer.crs) != CRS.from_user_input(LAMBERT72):
        raise ValueError(f"The {what} are in {layer.crs}, the ideas in {LAMBERT72}: reproject them first "
                         "with .to_crs(31370).")


@dataclass(frozen=True, eq=False)
class IdeaArea:
    """The perimeter inside which residents may pin ideas.

    Attributes
    ----------
    geometry
        Polygon or MultiPolygon in EPSG:31370.
    source
        ``candidates`` (the union of the project's candidate neighbourhoods) or
        ``sectors`` (the union of the statistical sectors: the whole municipality).
    names
        The candidate names when ``source`` is ``candidates``.
    """

    geometry: Polygon | MultiPolygon
    source: AreaSource
    names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.geometry, (Polygon, MultiPolygon)) or self.geometry.is_empty:
            raise ValueError(f"An idea area is a non-empty (multi)polygon, got {self.geometry.geom_type}.")
        minx, miny, maxx, maxy = self.geometry.bounds
        if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
            raise ValueError("The idea area looks like longitude/latitude; give it in EPSG:31370.")
        shapely.prepare(self.geometry)

    @classmethod
    def from_layer(cls, layer: gpd.GeoDataFrame | gpd.GeoSeries, source: AreaSource,
                   names: Sequence[str] = ()) -> "IdeaArea":
        """The union of a layer's polygons (candidates or sectors), which must be in EPSG:31370.

        Raises
        ------
        ValueError
            If the layer has no CRS or another CRS than EPSG:31370, or holds no polygon.
        """
        _check_crs(layer, "perimeters")
        geometries = np.asarray(layer.geometry.values if hasattr(layer, "geometry") else layer.values)
        geometries = geometries[~shapely.is_empty(geometries) & ~shapely.is_missing(geometries)]
        union = shapely.make_valid(shapely.union_all(shapely.make_valid(geometries)))
        polygons = [g for g in getattr(union, "geoms", [union]) if isinstance(g, (Polygon, MultiPolygon))]
        if not polygons:
            raise ValueError("The layer holds no polygon to pin ideas in.")
        merged = shapely.union_all(polygons)
        if isinstance(merged, shapely.GeometryCollection):  # pragma: no cover - defensive
            merged = MultiPolygon([p for g in merged.geoms for p in getattr(g, "geoms", [g])])
        return cls(merged, source, tuple(str(name) for name in names))

    @cached_property
    def bounds_wgs84(self) -> tuple[float, float, float, float]:
        """``(min_lon, min_lat, max_lon, max_lat)`` of the area."""
        minx, miny, maxx, maxy = self.geometry.bounds
        lons, lats = _TO_WGS84.transform([minx, maxx, minx, maxx], [miny, miny, maxy, maxy])
        return min(lons), min(lats), max(lons), max(lats)

    @cached_property
    def outline_wgs84(self) -> dict:
        """The area as GeoJSON geometry in WGS84, simplified to 1 m (what the map draws)."""
        return wgs84_geojson(self.geometry.simplify(1.0, preserve_topology=True))

    def contains(self, x: float, y: float) -> bool:
        """Whether the Lambert 72 point is inside the area or on its border."""
        return bool(shapely.covers(self.geometry, shapely.Point(x, y)))

    def locate(self, lon: object, lat: object) -> IdeaPlace:
        """Check a tapped point and return it in both coordinate systems.

        Parameters
        ----------
        lon, lat
            WGS84 degrees, as the map reports a tap.

        Returns
        -------
        IdeaPlace

        Raises
        ------
        IdeaError
            ``errors.ideas_location_invalid`` when the values are not finite degrees;
            ``errors.ideas_outside_perimeter`` when the point is outside the area.
        """
        try:
            lon_value, lat_value = float(lon), float(lat)
        except (TypeError, ValueError):
            lon_value = lat_value = math.nan
        if not (math.isfinite(lon_value) and math.isfinite(lat_value)
                and -180 <= lon_value <= 180 and -90 <= lat_value <= 90):
            raise IdeaError("errors.ideas_location_invalid")
        x, y = to_lambert(lon_value, lat_value)
        if not self.contains(x, y):
            raise IdeaError("errors.ideas_outside_perimeter")
        return IdeaPlace(lon=lon_value, lat=lat_value, x=x, y=y)


def _points(ideas: pd.DataFrame | Sequence[Any], statuses: Sequence[str]) -> np.ndarray:
    if isinstance(ideas, pd.DataFrame):
        frame = ideas
    else:
        frame = pd.DataFrame([{"x": i.x, "y": i.y, "status": i.status} for i in ideas],
                             columns=["x", "y", "status"])
    missing = {"x", "y", "status"} - set(frame.columns)
    if missing:
        raise ValueError(f"ideas need columns x, y (EPSG:31370) and status; missing {sorted(missing)}")
    frame = frame[frame["status"].isin(list(statuses))]
    return shapely.points(frame["x"].to_numpy(float), frame["y"].to_numpy(float))


def ideas_per_candidate(ideas: pd.DataFrame | Sequence[Any],
                        candidates: gpd.GeoDataFrame | Sequence[Any], *,
                        statuses: Sequence[str] = ("visible",)) -> pd.Series:
    """How many ideas lie in each candidate neighbourhood: a count the framework can score.

    Parameters
    ----------
    ideas
        :func:`ideas_frame` output or store ``Idea`` objects: Lambert 72 ``x``, ``y``
        and ``status`` are used.
    candidates
        A GeoDataFrame in EPSG:31370 whose index names the candidates, or store
        ``Candidate`` objects (``name``, ``geometry`` in EPSG:``srid`` = 31370).
    statuses
        Which ideas count; by default the visible ones (merged duplicates count
        through the idea they were merged into, hidden and pending ones not at all).

    Returns
    -------
    pandas.Series
        Integer counts indexed by candidate name, in the candidates' order, named
        ``ideas``. An idea on the border of a candidate counts for it; an idea in two
        overlapping candidates counts for both.

    Raises
    ------
    ValueError
        If the candidates have no CRS or another one than EPSG:31370 (reproject with
        ``.to_crs(31370)``), or the ideas lack ``x``/``y``/``status``.

    Notes
    -----
    :math:`n_c = |\\{ i : \\text{status}_i \\in S,\\ \\text{covers}(c, (x_i, y_i)) \\}|`,
    one vectorised ``shapely.covers`` per candidate on the prepared polygon.
    """
    if isinstance(candidates, (gpd.GeoDataFrame, gpd.GeoSeries)):
        _check_crs(candidates, "candidates")
        names = [str(name) for name in candidates.index]
        geometries = list(candidates.geometry.values if hasattr(candidates, "geometry") else candidates.values)
    else:
        names, geometries = [], []
        for candidate in candidates:
            srid = getattr(candidate, "srid", 31370)
            if srid != 31370:
                raise ValueError(f"Candidate {candidate.name!r} is in EPSG:{srid}; reproject it to EPSG:31370.")
            names.append(str(candidate.name))
            geometries.append(candidate.geometry)
    points = _points(ideas, statuses)
    counts = []
    for geometry in geometries:
        if geometry is None or geometry.is_empty or len(points) == 0:
            counts.append(0)
            continue
        shapely.prepare(geometry)
        counts.append(int(np.count_nonzero(shapely.covers(geometry, points))))
    return pd.Series(counts, index=pd.Index(names, name="candidate"), name="ideas", dtype="int64")

