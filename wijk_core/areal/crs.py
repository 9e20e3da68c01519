"""Coordinate reference systems of the areal weighting: fail loudly, name both systems.

Areas are measured only in a projected CRS (EPSG:31370, Belgian Lambert 72, or
EPSG:3812); sectors and perimeters must share one. Each check raises
:class:`CrsError` with an i18n code and a message that names the systems involved and
how to fix it, instead of guessing.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from wijk_core.errors import WijkError

__all__ = ["LAMBERT72", "CrsError", "check_layer_crs", "check_not_degrees", "check_sectors_crs"]

LAMBERT72 = "EPSG:31370"
"""Belgian Lambert 72, the CRS of the sector files and of drawn perimeters."""


class CrsError(WijkError):
    """Sectors and perimeters whose coordinate reference systems cannot be combined."""


def check_sectors_crs(sectors: gpd.GeoDataFrame) -> None:
    """Refuse sectors without a CRS or in degrees: areas need a projected CRS in metres.

    Raises
    ------
    CrsError
        ``errors.sectors_crs_missing``; ``errors.crs_geographic`` (crs).
    """
    if sectors.crs is None:
        raise CrsError("errors.sectors_crs_missing")
    if not sectors.crs.is_projected:
        crs = sectors.crs.to_string()
        raise CrsError("errors.crs_geographic",
                       crs=crs)


def check_layer_crs(sectors: gpd.GeoDataFrame, perimeters: gpd.GeoDataFrame | gpd.GeoSeries) -> None:
    """Refuse a layer of perimeters without a CRS or in another CRS than the sectors.

    Raises
    ------
    CrsError
        ``errors.perimeter_crs_missing``; ``errors.crs_mismatch`` (perimeter_crs, sectors_crs),
        naming both systems and the ``to_crs`` call that fixes it.
    """
    if perimeters.crs is None:
        raise CrsError("errors.perimeter_crs_missing")
    if perimeters.crs != sectors.crs:
        theirs, ours = perimeters.crs.to_string(), sectors.crs.to_string()
        raise CrsError("errors.crs_mismatch",
                       perimeter_crs=theirs, sectors_crs=ours)


def check_not_degrees(sectors: gpd.GeoDataFrame, geometries: np.ndarray) -> None:
    """A bare geometry has no CRS: explain one outside the data that looks like lon/lat."""
    def in_degree_range(bounds: np.ndarray) -> bool:
        minx, miny, maxx, maxy = bounds
        return bool(-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90)

    data_bounds = sectors.total_bounds
    if in_degree_range(shapely.total_bounds(geometries)) and not np.isnan(data_bounds).any() \
            and not in_degree_range(data_bounds):
        ours = sectors.crs.to_string()
        raise CrsError("errors.perimeter_in_degrees",
                       sectors_crs=ours)
