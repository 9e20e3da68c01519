"""GeoJSON for every export: RFC 7946 feature collections in WGS84, UTF-8.

:func:`perimeters_geojson` writes polygons (the candidate perimeters) from any
projected layer; :func:`feature_collection` encodes features built elsewhere (the
ideas' points). Text is JSON-encoded, never interpreted; NaN is refused, so a missing
value must already be ``null``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from wijk_core.writers.values import plain_value

__all__ = ["RESERVED_PROPERTIES", "feature_collection", "perimeters_geojson"]

RESERVED_PROPERTIES = ("name", "area_ha")
"""Properties :func:`perimeters_geojson` computes itself: no attribute may take their name."""

_COORDINATE_DECIMALS = 7  # about 1 cm: RFC 7946 §11.2 advises no more than needed


def feature_collection(features: Sequence[dict], *, compact: bool = True) -> bytes:
    """A GeoJSON FeatureCollection of ``features`` as UTF-8 bytes (no ASCII escapes, no NaN).

    ``compact`` leaves out the spaces after separators.
    """
    collection = {"type": "FeatureCollection", "features": list(features)}
    separators = (",", ":") if compact else None
    return json.dumps(collection, ensure_ascii=False, allow_nan=False, separators=separators).encode("utf-8")


def _projected_areas(layer: gpd.GeoDataFrame) -> pd.Series:
    """Area of each perimeter in hectares, measured in a projected CRS (metres)."""
    projected = layer if layer.crs.is_projected else layer.to_crs(31370)
    metres = float(projected.crs.axis_info[0].unit_conversion_factor or 1.0)
    return pd.Series(projected.geometry.area.to_numpy() * metres ** 2 / 10_000, index=layer.index)


def perimeters_geojson(layer: gpd.GeoDataFrame, *, attributes: pd.DataFrame | None = None) -> bytes:
    """The candidate perimeters as RFC 7946 GeoJSON (WGS84, UTF-8).

    Parameters
    ----------
    layer
        Candidates indexed by name, in any declared CRS (EPSG:31370 for the app's
        candidates).
    attributes
        Extra properties indexed by candidate name (origin, rank, score, indicator
        values, …). Names missing from it get ``null``; rows for other names are ignored.

    Returns
    -------
    bytes
        A FeatureCollection in UTF-8. Each feature has the properties ``name``,
        ``area_ha`` (measured in a projected CRS, 4 decimals) and the attributes;
        coordinates are longitude, latitude with 7 decimals, exterior rings
        counter-clockwise (the right-hand rule of RFC 7946 §3.1.6).

    Raises
    ------
    ValueError
        When the layer has no CRS, or ``attributes`` has a column called ``name`` or
        ``area_ha`` (rename it: those two are computed here).
    """
    if layer.crs is None:
        raise ValueError("the perimeters have no CRS; declare it, e.g. layer.set_crs(31370)")
    extra = attributes if attributes is not None else pd.DataFrame(index=layer.index)
    clash = [c for c in extra.columns if str(c) in RESERVED_PROPERTIES]
    if clash:
        raise ValueError(f"attribute columns {clash} clash with the computed properties "
                         f"{list(RESERVED_PROPERTIES)}; rename them")
    extra = extra.reindex(layer.index)
    hectares = _projected_areas(layer) if len(layer) else pd.Series(dtype=float)
    geographic = layer.to_crs(4326) if len(layer) else layer
    features = []
    for position, name in enumerate(layer.index):
        geometry = geographic.geometry.iloc[position]
        if geometry is None or geometry.is_empty:
            shape = None
        else:
            rounded = shapely.transform(geometry, lambda xy: np.round(xy, _COORDINATE_DECIMALS))
            shape = mapping(shapely.orient_polygons(rounded))
        properties: dict[str, object] = {"name": str(name),
                                         "area_ha": round(float(hectares.iloc[position]), 4)}
        for column in extra.columns:
            properties[str(column)] = _json_value(extra.iloc[position][column])
        features.append({"type": "Feature", "properties": properties, "geometry": shape})
    return feature_collection(features)


def _json_value(value: object) -> object:
    value = plain_value(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
