"""Reading any polygon layer into Belgian Lambert 72: formats, layers, CRS, repairs.

Used for sector layers (:mod:`.sectors`) and neighbourhood layers (:mod:`.neighbourhoods`).
Accepted: GeoJSON, GeoPackage, Shapefile (as a .zip of its parts, or a .shp path with
its siblings), Spatialite/FlatGeobuf, and a .zip of any of them (possibly in a
subfolder). Files are read with pyogrio from a temporary folder.

CRS rules ("fail loudly"):

- a declared CRS (EPSG:31370, EPSG:3812, WGS84, …) is converted to EPSG:31370;
- a GeoJSON without ``crs`` member is WGS84 by RFC 7946 (GDAL says so) and accepted;
- no CRS at all (a Shapefile without .prj) is refused: ``errors.no_crs``;
- coordinates in degrees (all within ±180/±90) under a metric CRS, or coordinates in
  metres under a geographic CRS, are refused: ``errors.crs_degrees_in_metric`` /
  ``errors.crs_metres_in_degrees``;
- after conversion every polygon must lie in a box around Belgium
  (:data:`BELGIUM_BOUNDS`), else ``errors.outside_belgium`` (typically a file in
  EPSG:3812 that declares EPSG:31370, or swapped longitude/latitude).

Invalid polygons are repaired with ``shapely.make_valid`` (keeping only the polygonal
parts) and flagged in the private column ``_repaired``; features without a polygon
(null, empty, points, lines) are flagged in ``_empty`` for the caller to set aside.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from wijk_core.readers.report import Issue
from wijk_core.readers.errors import FileError, GeometryError
from wijk_core.readers.files import DEFAULT_MAX_BYTES, UNZIP_FACTOR, Loaded, Source, copy_to, extract, load, open_zip, zip_members

__all__ = ["BELGIUM_BOUNDS", "LAMBERT72", "PolygonFile", "read_polygons"]

LAMBERT72 = "EPSG:31370"
BELGIUM_BOUNDS = (0.0, 0.0, 320_000.0, 270_000.0)
"""A box around Belgium in EPSG:31370 (minx, miny, maxx, maxy), with a margin."""

# Extensions of geodata files, in order of preference inside a zip.
_GEODATA = (".gpkg", ".shp", ".geojson", ".json", ".sqlite", ".fgb")
_SHAPEFILE_PARTS = (".shx", ".dbf", ".prj", ".cpg")


@dataclass(frozen=True, eq=False)
class PolygonFile:
    """A polygon layer read into EPSG:31370 with flags for the caller.

    Attributes
    ----------
    frame
        All features in EPSG:31370 with their attributes, plus ``_feature`` (1-based
        position in the file), ``_empty`` (no polygon) and ``_repaired`` (was invalid).
    issues
        Notes made while reading (layer or file chosen, CRS converted).
    name
        File name as the user knows it.
    layer
        Name of the layer read.
    source_crs
        The CRS declared by the file, as text.
    """

    frame: gpd.GeoDataFrame
    issues: list[Issue]
    name: str
    layer: str | None
    source_crs: str


def read_polygons(source: Source, filename: str | None = None, *, layer: str | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> PolygonFile:
    """Read the polygon layer of a geodata file into EPSG:31370.

    Parameters
    ----------
    source
        Path, bytes or binary upload of a GeoJSON, GeoPackage, zipped Shapefile, … file.
    filename
        File name (needed for bytes: its extension helps recognise the format).
    layer
        Layer to read from a multi-layer file; default the first polygon layer.
    max_bytes
        Largest accepted file; a zip may unpack to ``UNZIP_FACTOR`` times as much.

    Returns
    -------
    PolygonFile

    Raises
    ------
    FileError
        Empty, oversize, corrupt zip, not a geodata file, unreadable.
    GeometryError
        No CRS, a CRS that contradicts the coordinates, outside Belgium, no polygon
        layer, unknown layer, no features.
    """
    loaded = load(source, filename, max_bytes)
    issues: list[Issue] = []
    with tempfile.TemporaryDirectory(prefix="wijk-geo-") as tmp:
        path = _materialise(loaded, Path(tmp), max_bytes, issues)
        chosen = _choose_layer(path, loaded.name, layer, issues)
        try:
            frame = pyogrio.read_dataframe(path, layer=chosen)
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
                pyogrio.errors.FieldTypeError, pyogrio.errors.GeometryError) as err:
            raise FileError("errors.geodata_unreadable",
                            filename=loaded.name, detail=str(err)) from None
    if not isinstance(frame, gpd.GeoDataFrame) or len(frame) == 0:
        raise GeometryError("errors.no_features",
                            filename=loaded.name)
    source_crs = frame.crs.to_string() if frame.crs is not None else ""
    frame = _to_lambert(frame.reset_index(drop=True), loaded.name, path.suffix.lower(), issues)
    return PolygonFile(frame=frame, issues=issues, name=loaded.name, layer=chosen,
                       source_crs=source_crs)


def _materialise(loaded: Loaded, folder: Path, max_bytes: int, issues: list[Issue]) -> Path:
    """The path of the dataset to open: the file itself, a copy, or members of a zip."""
    if loaded.is_zip or loaded.suffix == ".zip":
        return _from_zip(loaded, folder, max_bytes, issues)
    suffix = _geodata_suffix(loaded)
    if suffix is None:
        raise FileError("errors.not_geodata", filename=loaded.name)
    if suffix == ".shp":
        if loaded.path is None:
            raise FileError("errors.shapefile_incomplete",
                            filename=loaded.name, missing=".shx, .dbf, .prj")
        _check_shapefile(loaded.name, [p.name for p in loaded.path.parent.iterdir()], loaded.path.name)
        return loaded.path
    if loaded.path is not None and loaded.suffix == suffix:
        return loaded.path
    return copy_to(Loaded(name=PurePosixPath(loaded.name).stem + suffix, path=loaded.path,
                          data=loaded.data), folder)


def _geodata_suffix(loaded: Loaded) -> str | None:
    head = loaded.head(64)
    if head.startswith(b"SQLite format 3\x00"):
        return ".sqlite" if loaded.suffix == ".sqlite" else ".gpkg"
    if head[:4] == b"\x00\x00\x27\x0a":
        return ".shp"
    if head[:8] == b"fgb\x03fgb\x00" or loaded.suffix == ".fgb":
        return ".fgb"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return ".geojson"
    return None


def _from_zip(loaded: Loaded, folder: Path, max_bytes: int, issues: list[Issue]) -> Path:
    with open_zip(loaded) as archive:
        members = zip_members(archive)
        names = [m.filename for m in members]
        datasets = [m for ext in _GEODATA for m in members
                    if PurePosixPath(m.filename).suffix.lower() == ext]
        if not datasets:
            shown = ", ".join(PurePosixPath(n).name for n in names[:10]) or "-"
            raise FileError("errors.zip_no_geodata", filename=loaded.name, files=shown)
        chosen = datasets[0]
        if len(datasets) > 1:
            others = [PurePosixPath(m.filename).name for m in datasets[1:]]
            issues.append(Issue.of("report.file_chosen", len(datasets), others, source=loaded.name,
                                   file=PurePosixPath(chosen.filename).name))
        wanted = [chosen]
        chosen_path = PurePosixPath(chosen.filename)
        if chosen_path.suffix.lower() == ".shp":
            siblings = [m for m in members
                        if PurePosixPath(m.filename).parent == chosen_path.parent
                        and PurePosixPath(m.filename).stem == chosen_path.stem
                        and PurePosixPath(m.filename).suffix.lower() in _SHAPEFILE_PARTS]
            _check_shapefile(loaded.name, [PurePosixPath(m.filename).name for m in siblings]
                             + [chosen_path.name], chosen_path.name)
            wanted += siblings
        paths = extract(archive, wanted, folder, loaded.name, max_bytes * UNZIP_FACTOR)
    return paths[0]


def _check_shapefile(name: str, present: list[str], shp: str) -> None:
    stem = PurePosixPath(shp).stem.lower()
    have = {PurePosixPath(p).suffix.lower() for p in present if PurePosixPath(p).stem.lower() == stem}
    missing = [ext for ext in (".shx", ".dbf") if ext not in have]
    if missing:
        raise FileError("errors.shapefile_incomplete",
                        filename=name, missing=", ".join(missing))


def _choose_layer(path: Path, name: str, layer: str | None, issues: list[Issue]) -> str | None:
    try:
        layers = [(str(n), str(t) if t is not None else "") for n, t in pyogrio.list_layers(path)]
    except (pyogrio.errors.DataSourceError, OSError) as err:
        raise FileError("errors.geodata_unreadable",
                        filename=name, detail=str(err)) from None
    described = ", ".join(f"{n} ({t or 'no geometry'})" for n, t in layers) or "-"
    if layer is not None:
        if layer not in [n for n, _ in layers]:
            raise GeometryError("errors.layer_not_found", filename=name, layer=layer, layers=described)
        return layer
    polygonal = [n for n, t in layers if "polygon" in t.lower() or "surface" in t.lower()
                 or t.lower() in ("unknown", "geometry", "geometrycollection")]
    if not polygonal:
        raise GeometryError("errors.no_polygon_layer", filename=name, layers=described)
    if len(layers) > 1:
        others = [n for n, _ in layers if n != polygonal[0]]
        issues.append(Issue.of("report.layer_chosen", len(layers), others, source=name,
                               layer=polygonal[0]))
    return polygonal[0]


def _to_lambert(frame: gpd.GeoDataFrame, name: str, suffix: str,
                issues: list[Issue]) -> gpd.GeoDataFrame:
    geoms = frame.geometry.values
    polygon_type = shapely.get_type_id(geoms)
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms) | ~np.isin(polygon_type, (3, 6, 7))
    frame["_feature"] = np.arange(1, len(frame) + 1)
    frame["_empty"] = empty
    if frame.crs is None:
        raise GeometryError("errors.no_crs_shapefile" if suffix == ".shp" else "errors.no_crs", filename=name)
    if empty.all():
        raise GeometryError("errors.no_features", filename=name)
    crs = CRS.from_user_input(frame.crs)
    minx, miny, maxx, maxy = shapely.total_bounds(geoms[~empty])
    in_degrees = -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90
    label = crs.to_string()
    if crs.is_projected and in_degrees:
        raise GeometryError("errors.crs_degrees_in_metric", filename=name, crs=label)
    if crs.is_geographic and not in_degrees:
        raise GeometryError("errors.crs_metres_in_degrees", filename=name, crs=label)
    if crs.to_epsg() != 31370:
        try:
            frame = frame.to_crs(LAMBERT72)
        except (CRSError, ValueError):
            raise GeometryError("errors.crs_unsupported", filename=name, crs=label) from None
        issues.append(Issue.of("report.crs_converted", len(frame), source=name, crs=label))
    else:
        frame = frame.set_crs(LAMBERT72, allow_override=True)
    _check_in_belgium(frame, name, label)
    return _repair(frame)


def _check_in_belgium(frame: gpd.GeoDataFrame, name: str, label: str) -> None:
    bounds = shapely.total_bounds(frame.geometry.values[~frame["_empty"].to_numpy()])
    minx, miny, maxx, maxy = BELGIUM_BOUNDS
    inside = (np.isfinite(bounds).all() and bounds[0] >= minx and bounds[1] >= miny
              and bounds[2] <= maxx and bounds[3] <= maxy)
    if not inside:
        shown = ", ".join(f"{value:.0f}" for value in bounds)
        raise GeometryError("errors.outside_belgium",
                            filename=name, crs=label, bounds=shown)


def _repair(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    geoms = frame.geometry.values
    empty = frame["_empty"].to_numpy()
    invalid = ~empty & ~shapely.is_valid(geoms)
    frame["_repaired"] = invalid
    if invalid.any():
        fixed = shapely.make_valid(np.asarray(geoms[invalid]), method="structure",
                                   keep_collapsed=False)
        fixed = np.array([_polygonal(g) for g in fixed], dtype=object)
        frame.loc[invalid, frame.geometry.name] = fixed
        frame.loc[invalid, "_empty"] = shapely.is_empty(fixed)
    return frame


def _polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """The polygonal part of a repaired geometry (a collection may hold lines too)."""
    if geometry is None or geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [part for part in shapely.get_parts(geometry)
             if part.geom_type in ("Polygon", "MultiPolygon")]
    polygons = [p for part in parts for p in shapely.get_parts(part)]
    if not polygons:
        return shapely.Polygon()
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
