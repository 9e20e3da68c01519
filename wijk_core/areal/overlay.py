"""Perimeters: candidate neighbourhoods as polygons in Belgian Lambert 72 (EPSG:31370).

Besides reading drawings, this module lays perimeters over statistical sectors and
measures the share of each sector's area inside (:func:`sector_shares`), the geometric
half of the areal weighting in :mod:`wijk_core.areal.aggregate`:

    s_i = area(sector_i ∩ perimeter) / area(sector_i)        (0 < s_i ≤ 1)

Only the sectors a spatial index reports as intersecting are examined, with vectorised
shapely calls and no Python loop over sectors. A sector strictly inside the perimeter
(``contains_properly`` on the prepared perimeter) gets exactly ``s_i = 1.0`` without
an intersection. When the perimeter's border runs through sector vertices (a union of
sectors, a predefined wijk), one DE-9IM ``relate`` per border sector tells the sectors
it ``covers`` (``s_i = 1.0``) from those it only touches along an edge (no share), so
none of them is intersected either. Only sectors the border really cuts are.

Floating-point slivers: a perimeter rebuilt from sector borders (reprojected, redrawn,
snapped) can leave intersections of a fraction of a square millimetre with neighbours,
or shares like 0.9999999999998 for sectors it holds. Shares below
:data:`SLIVER_TOLERANCE` (relative to the sector's own area) are dropped and those
within it of 1 set to exactly 1, so a perimeter equal to a union of whole sectors
returns their exact sums. At most ``SLIVER_TOLERANCE × |x_i|`` of a sector's value
moves this way.

The coordinate-system checks every overlay starts with live in :mod:`wijk_core.areal.crs`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyproj import Transformer
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely import make_valid
from shapely.geometry import GeometryCollection, MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from wijk_core.areal.crs import LAMBERT72, CrsError, check_layer_crs, check_not_degrees, check_sectors_crs
from wijk_core.errors import WijkError

__all__ = [
    "SLIVER_TOLERANCE",
    "CrsError",  # re-exported from wijk_core.areal.crs
    "DrawnPerimeter",
    "PerimeterError",
    "SectorError",
    "SectorOverlap",
    "overlay_sectors",
    "perimeter_from_geojson",
    "polygonal",
    "sector_shares",
    "whole_sectors",
]

SLIVER_TOLERANCE = 1e-9
"""Shares closer than this to 0 or 1 (relative to the sector's area) are snapped to it."""

_TO_LAMBERT = Transformer.from_crs("EPSG:4326", LAMBERT72, always_xy=True)


class PerimeterError(WijkError):
    """A drawing or file that is not a usable perimeter."""


class SectorError(WijkError):
    """A sector layer that cannot be used as it is (e.g. repeated sector codes)."""


@dataclass(frozen=True)
class DrawnPerimeter:
    """A perimeter as received from the map.

    Attributes
    ----------
    geometry
        The polygon in EPSG:31370 (metres).
    vertices
        Number of distinct corners the user placed (closing point not counted).
    repaired
        True when the outline crossed itself and was repaired (``make_valid``): the
        geometry is not exactly what was drawn, and the user should be told.
    """

    geometry: Polygon | MultiPolygon
    vertices: int
    repaired: bool = False

    @property
    def hectares(self) -> float:
        """Area in hectares."""
        return self.geometry.area / 10_000


def _polygonal_parts(geometry: BaseGeometry) -> Polygon | MultiPolygon:
    """The polygons of ``geometry`` (lines and points of a collection dropped), repaired if invalid."""
    if not geometry.is_valid:
        geometry = make_valid(geometry)
    if isinstance(geometry, (Polygon, MultiPolygon)):
        return geometry
    parts = [part for member in getattr(geometry, "geoms", [geometry])
             if isinstance(member, (Polygon, MultiPolygon))
             for part in getattr(member, "geoms", [member])]
    if len(parts) == 1:
        return parts[0]
    merged = shapely.union_all(parts)  # members of a collection may overlap
    return merged if isinstance(merged, (Polygon, MultiPolygon)) else MultiPolygon()


def polygonal(geometry: BaseGeometry | DrawnPerimeter | None) -> Polygon | MultiPolygon:
    """Check that a perimeter is an area and repair it if its outline crosses itself.

    Parameters
    ----------
    geometry
        A shapely geometry in a projected CRS, or a :class:`DrawnPerimeter`. A
        ``GeometryCollection`` is accepted when it holds polygons; its lines and points
        (e.g. left over from a GIS operation) are dropped.

    Returns
    -------
    Polygon or MultiPolygon
        The same geometry when valid, otherwise its ``make_valid`` repair reduced to its
        polygons.

    Raises
    ------
    PerimeterError
        ``errors.perimeter_empty`` when there is no geometry or it has no area;
        ``errors.perimeter_not_polygon`` for a point or a line.
    """
    if isinstance(geometry, DrawnPerimeter):
        geometry = geometry.geometry
    if geometry is None or not isinstance(geometry, BaseGeometry) or geometry.is_empty:
        raise PerimeterError("errors.perimeter_empty")
    if isinstance(geometry, GeometryCollection) and not isinstance(geometry, MultiPolygon):
        kinds = {member.geom_type for member in geometry.geoms}
        if not kinds & {"Polygon", "MultiPolygon"}:
            raise PerimeterError("errors.perimeter_not_polygon",
                                 geom_type=geometry.geom_type)
    elif not isinstance(geometry, (Polygon, MultiPolygon)):
        raise PerimeterError("errors.perimeter_not_polygon",
                             geom_type=geometry.geom_type)
    repaired = _polygonal_parts(geometry)
    if repaired.is_empty or repaired.area <= 0:
        raise PerimeterError("errors.perimeter_empty")
    return repaired


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
        The polygon reprojected to EPSG:31370, its corner count, and whether a
        self-intersecting outline was repaired.

    Raises
    ------
    PerimeterError
        When the geometry is missing, is a point or a line, or has no area.
    """
    geometry_json = feature.get("geometry", feature) if isinstance(feature, dict) else None
    if not geometry_json or "type" not in geometry_json:
        raise PerimeterError("errors.perimeter_empty")
    try:
        geometry = shape(geometry_json)
    except (ValueError, TypeError, AttributeError, IndexError) as err:
        raise PerimeterError("errors.perimeter_empty") from err
    if not isinstance(geometry, (Polygon, MultiPolygon)):
        raise PerimeterError("errors.perimeter_not_polygon",
                             geom_type=geometry.geom_type)
    corners = _corner_count(geometry)
    projected = shapely.transform(
        geometry, lambda xy: np.column_stack(_TO_LAMBERT.transform(xy[:, 0], xy[:, 1])))
    repaired = not projected.is_valid
    projected = _polygonal_parts(projected)
    if projected.is_empty or projected.area <= 0:
        raise PerimeterError("errors.perimeter_empty")
    return DrawnPerimeter(geometry=projected, vertices=corners, repaired=repaired)


# --- perimeters over sectors -------------------------------------------------------------

PerimeterInput = Polygon | MultiPolygon | DrawnPerimeter
PerimeterLayer = gpd.GeoDataFrame | gpd.GeoSeries


@dataclass(frozen=True, eq=False)
class SectorOverlap:
    """Every (perimeter, sector) pair with a share of the sector's area inside.

    Attributes
    ----------
    perimeter_pos
        Position of each pair's perimeter (0 for a single geometry).
    codes
        Each pair's sector code.
    share, sector_area, area_inside
        Each pair's share (0, 1], sector area and area inside (m²).
    perimeter_area
        Area of each perimeter (m²).
    labels
        The perimeter layer's index, or None for a single geometry.
    """

    perimeter_pos: np.ndarray
    codes: pd.Index
    share: np.ndarray
    sector_area: np.ndarray
    area_inside: np.ndarray
    perimeter_area: np.ndarray
    labels: pd.Index | None = None

    def shares(self) -> pd.Series:
        """The shares as a Series: by ``cd_sector``, or by (perimeter label, ``cd_sector``)."""
        if self.labels is None:
            index = self.codes
        else:
            index = pd.MultiIndex.from_arrays(
                [self.labels.to_numpy()[self.perimeter_pos], self.codes],
                names=[self.labels.name or "perimeter", "cd_sector"])
        return pd.Series(self.share, index=index, name="share")


def _sector_codes(sectors: gpd.GeoDataFrame, positions: np.ndarray) -> pd.Index:
    """Codes of the sectors at ``positions``, from a ``cd_sector`` column or the index."""
    for column in ("cd_sector", "CD_SECTOR"):
        if column in sectors.columns:
            return pd.Index(sectors[column].take(positions).array, name="cd_sector")
    return sectors.index.take(positions).rename("cd_sector")


def _check_unique(codes: pd.Index) -> None:
    if codes.has_duplicates:
        repeated = codes[codes.duplicated()].unique()
        examples = ", ".join(map(str, repeated[:5]))
        raise SectorError("errors.sector_codes_duplicated", count=len(repeated), examples=examples)


def _valid(geometries: np.ndarray) -> np.ndarray:
    """Repair invalid sectors (e.g. rings crossing after coordinate rounding): GEOS cannot cut them."""
    invalid = ~shapely.is_valid(geometries)
    if invalid.any():
        geometries = geometries.copy()
        geometries[invalid] = shapely.make_valid(geometries[invalid])
    return geometries


def _perimeter_geometries(sectors: gpd.GeoDataFrame,
                          perimeter: PerimeterInput | PerimeterLayer) -> np.ndarray:
    if isinstance(perimeter, (gpd.GeoDataFrame, gpd.GeoSeries)):
        check_layer_crs(sectors, perimeter)
        if len(perimeter) == 0:
            raise PerimeterError("errors.perimeter_empty")
        if not perimeter.index.is_unique:
            raise ValueError("the perimeters' index labels the results and must be unique; "
                             "use reset_index() or set a name column as index")
        return np.array([polygonal(geometry) for geometry in perimeter.geometry], dtype=object)
    return np.array([polygonal(perimeter)], dtype=object)


def _follows_sectors(perimeters: np.ndarray, sectors: np.ndarray) -> np.ndarray:
    """Per perimeter: are most of its vertices also vertices of the given sectors?"""
    def as_complex(xy: np.ndarray) -> np.ndarray:
        return xy[:, 0] + 1j * xy[:, 1]

    corners, owner = shapely.get_coordinates(perimeters, return_index=True)
    shared = np.isin(as_complex(corners), as_complex(shapely.get_coordinates(sectors)))
    counts = np.bincount(owner, minlength=len(perimeters))
    return np.bincount(owner, weights=shared, minlength=len(perimeters)) > 0.5 * counts


def _shares(sectors: gpd.GeoDataFrame, perimeters: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(perimeter position, sector position, share, sector area, area inside) per pair kept."""
    perimeter_pos, sector_pos = sectors.sindex.query(perimeters, predicate="intersects")
    touched, pair_of = np.unique(sector_pos, return_inverse=True)  # a sector may meet many perimeters
    geometries = _valid(np.asarray(sectors.geometry.values[touched], dtype=object))
    candidates = geometries[pair_of]
    sector_area = shapely.area(geometries)[pair_of]
    cutters = perimeters[perimeter_pos]
    shapely.prepare(perimeters)
    inside = sector_area.copy()
    rest = np.flatnonzero(~shapely.contains_properly(cutters, candidates))
    # Along a border drawn through sector vertices (a union of sectors), most remaining
    # sectors are held whole or only touch: one relate tells which, and spares their
    # intersection. Along any other border nearly all are cut: intersect them directly.
    along_sectors = (_follows_sectors(perimeters, geometries)[perimeter_pos[rest]] if rest.size
                     else np.zeros(0, dtype=bool))
    related, cut = rest[along_sectors], rest[~along_sectors]
    if related.size:
        matrix = (shapely.relate(cutters[related], candidates[related]).astype("S9")
                  .view(np.uint8).reshape(-1, 9))  # DE-9IM: II IB IE BI BB BE EI EB EE
        covered = (matrix[:, 6] == ord("F")) & (matrix[:, 7] == ord("F"))
        interiors_apart = matrix[:, 0] == ord("F")
        inside[related[interiors_apart]] = 0.0
        cut = np.concatenate([cut, related[~covered & ~interiors_apart]])
    if cut.size:
        inside[cut] = shapely.area(shapely.intersection(candidates[cut], cutters[cut]))
    share = np.divide(inside, sector_area, out=np.zeros_like(inside), where=sector_area > 0)
    whole = share >= 1.0 - SLIVER_TOLERANCE
    share[whole], inside[whole] = 1.0, sector_area[whole]
    kept = share >= SLIVER_TOLERANCE
    return perimeter_pos[kept], sector_pos[kept], share[kept], sector_area[kept], inside[kept]


def overlay_sectors(sectors: gpd.GeoDataFrame,
                    perimeter: PerimeterInput | PerimeterLayer) -> SectorOverlap:
    """Lay one perimeter or a layer of them over the sectors in one spatial-index pass.

    Parameters
    ----------
    sectors
        Sector polygons in a projected CRS (EPSG:31370 or EPSG:3812), codes in a
        ``cd_sector`` column or the index.
    perimeter
        A Polygon/MultiPolygon in the sectors' CRS (or a :class:`DrawnPerimeter`), or a
        GeoDataFrame/GeoSeries of perimeters whose CRS equals the sectors'.

    Returns
    -------
    SectorOverlap
        The pairs with a share of at least :data:`SLIVER_TOLERANCE`; none when the
        perimeter lies outside the data.

    Raises
    ------
    CrsError
        Sectors without a CRS or in degrees; perimeters without a CRS or in another
        CRS; a bare geometry outside the data whose coordinates look like degrees.
    PerimeterError
        An empty perimeter (layer), a point or a line.
    SectorError
        Two overlapping sectors with the same code.

    Notes
    -----
    ``s_i = area(sector_i ∩ perimeter) / area(sector_i)``; see the module docstring for
    the short cuts and the sliver tolerance.
    """
    check_sectors_crs(sectors)
    geometries = _perimeter_geometries(sectors, perimeter)
    perimeter_pos, sector_pos, share, sector_area, inside = _shares(sectors, geometries)
    if len(share) == 0:
        check_not_degrees(sectors, geometries)
    _check_unique(_sector_codes(sectors, np.unique(sector_pos)))
    labels = perimeter.index if isinstance(perimeter, (gpd.GeoDataFrame, gpd.GeoSeries)) else None
    return SectorOverlap(perimeter_pos, _sector_codes(sectors, sector_pos), share, sector_area,
                         inside, shapely.area(geometries), labels)


def whole_sectors(sectors: gpd.GeoDataFrame) -> SectorOverlap:
    """Every sector with share 1, as if the perimeter were their union (no geometry work).

    Raises
    ------
    CrsError, SectorError
        As :func:`overlay_sectors`.
    """
    check_sectors_crs(sectors)
    codes = _sector_codes(sectors, np.arange(len(sectors)))
    _check_unique(codes)
    area = shapely.area(_valid(np.asarray(sectors.geometry.values, dtype=object)))
    return SectorOverlap(np.zeros(len(codes), dtype=np.intp), codes, np.ones(len(codes)), area,
                         area.copy(), np.array([area.sum()]))


def sector_shares(sectors: gpd.GeoDataFrame, perimeter: PerimeterInput | PerimeterLayer) -> pd.Series:
    """Share of each sector's area that lies inside the perimeter.

    Parameters
    ----------
    sectors, perimeter
        As :func:`overlay_sectors`.

    Returns
    -------
    pandas.Series
        ``share`` in (0, 1] for each overlapping sector, indexed by ``cd_sector``; for a
        layer of perimeters indexed by (perimeter label, ``cd_sector``). Sectors that
        only touch the perimeter along an edge are absent; a perimeter outside the
        data gives an empty Series.

    Raises
    ------
    CrsError, PerimeterError, SectorError
        As :func:`overlay_sectors`.

    Notes
    -----
    ``s_i = area(sector_i ∩ perimeter) / area(sector_i)``, exactly 1.0 for sectors the
    perimeter covers; shares within :data:`SLIVER_TOLERANCE` of 0 or 1 snap to 0
    (dropped) or 1.
    """
    return overlay_sectors(sectors, perimeter).shares()
