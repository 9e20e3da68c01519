"""Candidate neighbourhoods: built from a drawing, from sectors, from a predefined
neighbourhood or from a file, and profiled against the municipality.

A candidate is a named polygon in EPSG:31370 with where it came from. Profiles use
:func:`wijk_core.areal.aggregate.aggregate` over all candidates at once, beside the
municipality's own values (:func:`wijk_core.areal.aggregate.municipality_profile`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import geopandas as gpd
import pandas as pd
from shapely import union_all
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from wijk_core.areal.aggregate import MissingValuesWarning, aggregate, municipality_profile
from wijk_core.errors import WijkError
from wijk_core.areal.overlay import perimeter_from_geojson, polygonal
from wijk_core.readers.labels import indicator_label, indicator_unit
from wijk_core.sectors.data import SectorData

__all__ = ["CandidateError", "CandidateShape", "CandidateProfiles", "candidate_layer",
           "from_drawing", "from_neighbourhood", "from_sectors", "profile_candidates",
           "MUNICIPALITY"]

Origin = Literal["drawn", "sectors", "neighbourhood", "upload"]
MUNICIPALITY = "__municipality__"


class CandidateError(WijkError):
    """A candidate that cannot be built as asked."""


@dataclass(frozen=True)
class CandidateShape:
    """A candidate before it is saved: polygon in EPSG:31370 and its origin; ``repaired`` when a drawn
    outline crossed itself and was made valid (the officer is told)."""

    geometry: Polygon | MultiPolygon
    origin: Origin
    sector_codes: tuple[str, ...] | None = None
    source_ref: str | None = None
    repaired: bool = False


def from_drawing(feature: dict) -> CandidateShape:
    """A candidate from a polygon or rectangle drawn on the map (GeoJSON in WGS84)."""
    drawn = perimeter_from_geojson(feature)
    return CandidateShape(geometry=polygonal(drawn.geometry), origin="drawn", repaired=drawn.repaired)


def from_sectors(sectors: gpd.GeoDataFrame, codes: Iterable[str]) -> CandidateShape:
    """A candidate assembled from whole sectors (the union of their polygons).

    Raises
    ------
    CandidateError
        ``errors.candidate_no_sectors`` when no code is given,
        ``errors.sector_unknown`` for codes that are not in the layer.
    """
    wanted = tuple(dict.fromkeys(str(c) for c in codes))
    if not wanted:
        raise CandidateError("errors.candidate_no_sectors")
    layer = sectors.set_index("cd_sector") if "cd_sector" in sectors.columns else sectors
    unknown = [c for c in wanted if c not in layer.index]
    if unknown:
        raise CandidateError("errors.sector_unknown",
                             count=len(unknown), examples=", ".join(unknown[:5]))
    geometry = polygonal(union_all(layer.loc[list(wanted)].geometry.to_numpy()))
    return CandidateShape(geometry=geometry, origin="sectors", sector_codes=tuple(sorted(wanted)))


def from_neighbourhood(data: SectorData, wijk_code: str) -> CandidateShape:
    """A candidate equal to a predefined neighbourhood.

    When the link table lists the neighbourhood's sectors, the candidate is their exact
    union (so its profile is exact); otherwise the neighbourhood's own polygon is used.
    """
    link = data.sector_to_wijk
    if link is not None and len(link) and wijk_code in set(link["wijk_code"]):
        codes = link.loc[link["wijk_code"] == wijk_code, "cd_sector"]
        shape = from_sectors(data.sectors, codes)
        return CandidateShape(shape.geometry, "neighbourhood", shape.sector_codes, wijk_code)
    wijken = data.wijken.set_index("wijk_code")
    if wijk_code not in wijken.index:
        raise CandidateError("errors.neighbourhood_unknown",
                             code=wijk_code)
    return CandidateShape(polygonal(wijken.loc[wijk_code].geometry), "neighbourhood", None, wijk_code)


def candidate_layer(shapes: dict[str, BaseGeometry]) -> gpd.GeoDataFrame:
    """The candidates as one layer (index: name) in EPSG:31370."""
    return gpd.GeoDataFrame(geometry=list(shapes.values()), index=pd.Index(list(shapes), name="name"),
                            crs=31370)


@dataclass(frozen=True)
class CandidateProfiles:
    """Every indicator inside every candidate, beside the municipality.

    Attributes
    ----------
    values
        Indicators × (candidates…, :data:`MUNICIPALITY`).
    coverage
        Same shape: share of each value's weight that had data.
    shares
        Per candidate, the share of each overlapping sector inside it (candidate, sector).
    areas
        Per candidate: area inside the data (ha) and share of the candidate on data.
    """

    values: pd.DataFrame
    coverage: pd.DataFrame
    shares: pd.DataFrame
    areas: pd.DataFrame = field(repr=False)

    @property
    def candidates(self) -> list[str]:
        return [c for c in self.values.columns if c != MUNICIPALITY]


def profile_candidates(data: SectorData, layer: gpd.GeoDataFrame) -> CandidateProfiles:
    """Aggregate every catalogued indicator in each candidate of ``layer`` (one pass).

    A candidate entirely outside the data gets NaN values and a data coverage of 0
    rather than stopping the others.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingValuesWarning)  # coverage says it per value
        reference = municipality_profile(data.sectors, data.indicators, data.catalogue)
        if len(layer):
            profiles = aggregate(data.sectors, data.indicators, data.catalogue, layer)
            values = profiles.wide("value")
            coverage = profiles.wide("coverage")
            shares = profiles.sectors
            areas = profiles.areas.assign(hectares=profiles.areas["area_inside_m2"] / 10_000)
        else:
            values = coverage = pd.DataFrame(index=reference.table.index)
            shares = pd.DataFrame()
            areas = pd.DataFrame()
    values = values.assign(**{MUNICIPALITY: reference.table["value"]})
    coverage = coverage.assign(**{MUNICIPALITY: reference.table["coverage"]})
    return CandidateProfiles(values=values, coverage=coverage, shares=shares, areas=areas)


def profile_table(profiles: CandidateProfiles, catalogue: pd.DataFrame, lang: str,
                  municipality_label: str) -> pd.DataFrame:
    """A display table: label and unit per indicator, one column per candidate and the municipality."""
    table = profiles.values.rename(columns={MUNICIPALITY: municipality_label})
    units = [indicator_unit(catalogue, indicator, lang) for indicator in table.index]
    table.insert(0, "unit", units)
    table.insert(0, "indicator", [indicator_label(catalogue, indicator, lang) for indicator in table.index])
    return table


__all__.append("profile_table")


def sector_at(sectors: gpd.GeoDataFrame, lon: float, lat: float) -> str | None:
    """The code of the sector under a clicked point (WGS84), or None outside every sector."""
    from pyproj import Transformer
    from shapely.geometry import Point

    transformer = Transformer.from_crs(4326, sectors.crs, always_xy=True)
    point = Point(transformer.transform(lon, lat))
    hits = sectors.sindex.query(point, predicate="intersects")
    if len(hits) == 0:
        return None
    layer = sectors.iloc[hits]
    codes = layer["cd_sector"] if "cd_sector" in layer.columns else layer.index.to_series()
    return str(codes.iloc[0])


__all__.append("sector_at")


_NAME_COLUMNS = ("name", "naam", "nom", "wijk_naam", "name_dut", "name_fre", "tx_sector_descr_nl",
                 "label", "title", "titel")


def from_upload(found) -> list[tuple[str, CandidateShape]]:
    """Candidates from an uploaded polygon file (:func:`wijk_core.readers.read_polygons`).

    Each polygon feature becomes a candidate named after its name-like attribute
    (``name``, ``naam``, ``wijk_naam``, ``NAME_DUT`` …) or, failing that, the file name
    and the feature's position. Features without a polygon are skipped.

    Raises
    ------
    CandidateError
        ``errors.upload_no_polygons`` when no feature is a polygon.
    """
    frame = found.frame
    lower = {str(c).lower(): c for c in frame.columns}
    name_column = next((lower[c] for c in _NAME_COLUMNS if c in lower), None)
    stem = found.name.rsplit(".", 1)[0]
    shapes: list[tuple[str, CandidateShape]] = []
    for position, row in frame.iterrows():
        if row.get("_empty", False) or row.geometry is None or row.geometry.is_empty:
            continue
        if row.geometry.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        label = row[name_column] if name_column is not None else None
        name = str(label).strip() if isinstance(label, str) and label.strip() else (
            f"{stem} {row.get('_feature', position + 1)}")
        shapes.append((name, CandidateShape(polygonal(row.geometry), "upload", None,
                                            f"{found.name}#{row.get('_feature', position + 1)}")))
    if not shapes:
        raise CandidateError("errors.upload_no_polygons",
                             filename=found.name)
    return shapes


__all__.append("from_upload")


def neighbourhood_names(data: SectorData) -> dict[str, str]:
    """The predefined neighbourhoods, code → name (``""`` where the data give none), in the data's order."""
    if not len(data.wijken):
        return {}
    wijken = data.wijken.set_index("wijk_code")
    if "wijk_naam" not in wijken:
        return {code: "" for code in wijken.index}
    return wijken["wijk_naam"].fillna("").to_dict()


__all__.append("neighbourhood_names")
