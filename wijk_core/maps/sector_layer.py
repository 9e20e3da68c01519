"""Sector geometry for the browser: built once per data set, served as static files.

A national layer (about 20,800 sectors of some 200 vertices each) is ~90 MB as
GeoJSON: far too much to send with every map. Instead the geometry is written once
per data set as a small pyramid of files that the map fetches itself
(``static/wijk/sector-layer.js``):

- three levels of detail, each for a range of zoom levels: borders simplified
  with ``shapely.coverage_simplify`` (topology-preserving: neighbours keep one
  shared border, no gaps or overlaps appear) to a tolerance below one screen pixel
  at the level's first zoom, and the exact geometry from zoom 13 on (each coarser
  level is simplified from the finer one: on the national layer the same borders,
  at a fifth of the time and with one simplification in memory at a time);
- the coarse level is one file for the whole layer; the finer levels are cut into
  square blocks, and the map fetches only the blocks in view;
- coordinates are WGS84 rounded to 1e-5 degree (about a metre) and written as
  Google encoded polylines (delta-encoded, about 3-4 characters per vertex).

What changes with the user's choices (class per sector, tooltip texts) goes into a
separate small "style" file, named after its content, so a new indicator or
language never re-sends geometry, and a rerun that changes nothing sends nothing.
Both live under a cache directory (``static/cache/`` in the app) and are reused
across restarts: the package's name is a hash of the codes and geometry.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

__all__ = ["FORMAT_VERSION", "LEVELS", "SectorPackage", "decode_polyline", "encode_polylines",
           "prune", "sector_package", "style_file"]

FORMAT_VERSION = 1
_BATCH = 2_000  # sectors per step where a whole layer at once would double its memory
PRECISION = 5  # decimals of a degree kept: 1e-5 degree is about 1.1 m north-south


@dataclass(frozen=True)
class Level:
    """One level of detail: used up to ``max_zoom`` (None: every closer zoom)."""

    max_zoom: int | None
    tolerance: float  # metres; 0 keeps the geometry as it is
    block: float | None  # side of a block in metres; None: one file for the whole layer


# Metres per screen pixel at 50.5° N: ~99,560 / 2**zoom (778 m at zoom 7, 97 m at 10,
# 12 m at 13). Each level simplifies to about half a pixel at its most detailed zoom.
LEVELS: tuple[Level, ...] = (
    Level(max_zoom=9, tolerance=100.0, block=None),
    Level(max_zoom=12, tolerance=12.0, block=40_000.0),
    Level(max_zoom=None, tolerance=0.0, block=10_000.0),
)


@dataclass(frozen=True)
class SectorPackage:
    """The geometry files of one sector layer.

    Attributes
    ----------
    key
        Content hash; the package's folder name under the cache directory.
    directory
        Where its files are.
    codes
        Sector codes in package order (style files list their values in this order).
    bounds_wgs84
        Extent of the layer, to fit a map to it without reprojecting every vertex.
    """

    key: str
    directory: Path
    codes: tuple[str, ...]
    bounds_wgs84: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    @property
    def index_name(self) -> str:
        return f"{self.key}/index.json"


def encode_polylines(coords: np.ndarray, offsets: np.ndarray, precision: int = PRECISION) -> list[str]:
    """Google encoded polylines for many lines at once.

    Parameters
    ----------
    coords
        ``(n, 2)`` array of (lat, lon) for every vertex of every line, one after the other.
    offsets
        Start of each line in ``coords``, plus the end (length ``lines + 1``).
    """
    scaled = np.round(np.asarray(coords, dtype=float) * 10 ** precision).astype(np.int64)
    deltas = np.diff(scaled, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    starts = np.asarray(offsets[:-1])
    deltas[starts] = scaled[starts]  # each line starts from zero
    values = deltas.reshape(-1)
    zigzag = np.where(values < 0, ~(values << 1), values << 1)
    # 5-bit chunks, least significant first; all but the last get the 0x20 flag; +63
    chunks = np.zeros((len(zigzag), 7), dtype=np.int64)
    remaining = zigzag.copy()
    count = np.ones(len(zigzag), dtype=np.int64)
    for position in range(7):
        chunks[:, position] = remaining & 0x1F
        remaining >>= 5
        more = remaining > 0
        if position < 6:
            chunks[:, position] |= np.where(more, 0x20, 0)
        count += more
    count = np.minimum(count, 7)
    keep = np.arange(7)[None, :] < count[:, None]
    text = (chunks[keep] + 63).astype(np.uint8).tobytes().decode("ascii")
    # character offset of each line: sum of the chunk counts of its values
    per_value = np.concatenate([[0], np.cumsum(count)])
    bounds = per_value[np.asarray(offsets) * 2]
    return [text[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def decode_polyline(text: str, precision: int = PRECISION) -> list[tuple[float, float]]:
    """The (lat, lon) pairs of one encoded polyline (the reverse of :func:`encode_polylines`)."""
    values, shift, result = [], 0, 0
    for char in text:
        byte = ord(char) - 63
        result |= (byte & 0x1F) << shift
        shift += 5
        if byte < 0x20:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            shift, result = 0, 0
    lat = np.cumsum(values[0::2]) / 10 ** precision
    lon = np.cumsum(values[1::2]) / 10 ** precision
    return list(zip(lat.tolist(), lon.tolist(), strict=True))


def _layer_key(sectors: gpd.GeoSeries, codes: Sequence[str]) -> str:
    digest = hashlib.sha256(f"wijk-sector-layer-{FORMAT_VERSION}-{[*LEVELS]}-{sectors.crs}".encode())
    digest.update("\n".join(codes).encode())
    values = sectors.values
    for start in range(0, len(values), _BATCH):  # the same hash as the whole layer's WKB at once, in less memory
        digest.update(b"".join(shapely.to_wkb(values[start:start + _BATCH], output_dimension=2)))
    return digest.hexdigest()[:24]


def _simplified(geometry: np.ndarray, tolerance: float) -> np.ndarray:
    if tolerance <= 0:
        return geometry
    try:
        simplified = shapely.coverage_simplify(geometry, tolerance)
    except (shapely.errors.GEOSException, TypeError, ValueError):
        simplified = None
    if simplified is None or not shapely.is_valid(simplified).all():
        # not a clean coverage (overlaps, gaps): simplify each sector on its own
        simplified = shapely.simplify(geometry, tolerance, preserve_topology=True)
    return simplified


def _encoded(geometry: np.ndarray, to_wgs84: Callable) -> tuple[list[list[list[str]]], list[float]]:
    """Per sector: its polygons, each a list of encoded rings (exterior first), in WGS84; and their bounds.

    ``geometry`` is in the layer's projected CRS; only its vertices are transformed
    (``to_wgs84(x, y)`` gives longitudes and latitudes), no WGS84 copy of the geometry is made.
    The bounds are [south, west, north, east] of every vertex.
    """
    polygons, owner = shapely.get_parts(geometry, return_index=True)
    rings, ring_owner = shapely.get_rings(polygons, return_index=True)
    coords, vertex_owner = shapely.get_coordinates(rings, return_index=True)
    del polygons, rings
    lon, lat = to_wgs84(coords[:, 0], coords[:, 1])
    latlon = np.column_stack([lat, lon])  # polylines put the latitude first
    del coords, lon, lat
    offsets = np.searchsorted(vertex_owner, np.arange(len(ring_owner) + 1))
    encoded = encode_polylines(latlon, offsets)
    out: list[list[list[str]]] = [[] for _ in range(len(geometry))]
    polygon_rings: list[list[str]] = [[] for _ in range(len(owner))]
    for ring, polygon in zip(encoded, ring_owner, strict=True):
        polygon_rings[polygon].append(ring)
    for rings_of, sector in zip(polygon_rings, owner, strict=True):
        out[sector].append(rings_of)
    if not len(latlon):
        return out, [float("nan")] * 4
    (south, west), (north, east) = latlon.min(axis=0), latlon.max(axis=0)
    return out, [round(float(v), 5) for v in (south, west, north, east)]


def _json(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _write_json(path: Path, payload: object | str) -> None:
    """Write ``payload`` (or JSON text already made) so that readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(payload if isinstance(payload, str) else _json(payload))
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)  # readers never see half a file


def sector_package(sectors: gpd.GeoDataFrame, root: Path, code_column: str = "cd_sector") -> SectorPackage:
    """Write (or find) the browser files of a sector layer under ``root``.

    Parameters
    ----------
    sectors
        Sector polygons in a projected CRS in metres (EPSG:31370 as read).
    root
        Cache directory; the package is ``root / key`` with an ``index.json``.
    """
    if sectors.crs is None or not sectors.crs.is_projected:
        raise ValueError("sectors need a projected CRS in metres (e.g. EPSG:31370)")
    codes = tuple(str(c) for c in sectors[code_column])
    geometry = sectors.geometry
    key = _layer_key(geometry, codes)
    directory = Path(root) / key
    index = directory / "index.json"
    if index.is_file():
        south, west, north, east = json.loads(index.read_text(encoding="utf-8"))["bounds"]
        os.utime(index)  # recently used: pruning keeps it
        return SectorPackage(key, directory, codes, (west, south, east, north))

    _give_back_memory()  # what reading the layer freed: the worker's allocator could not reuse it
    # keep_collapsed=False: a repair yields (Multi)Polygons only, never a GeometryCollection with
    # a collapsed LineString, which coverage_simplify refuses (TypeError) and the map cannot draw
    values = (shapely.make_valid(geometry.values, method="structure", keep_collapsed=False)
              if not geometry.is_valid.all() else np.asarray(geometry.values))
    points = shapely.point_on_surface(values)
    x, y = shapely.get_x(points), shapely.get_y(points)
    del points
    to_wgs84 = pyproj.Transformer.from_crs(sectors.crs, 4326, always_xy=True).transform
    # Finest level first. Each coarser level is simplified from the previous one: the same borders at a
    # fraction of the cost, and one coverage simplification of the whole layer in memory at a time. A
    # single worker simplifies the next level while this thread writes the previous one (GEOS releases the GIL).
    finest_first = sorted(range(len(LEVELS)), key=lambda number: LEVELS[number].tolerance)

    def coarser(previous: Future | np.ndarray, tolerance: float) -> np.ndarray:
        return _simplified(previous.result() if isinstance(previous, Future) else previous, tolerance)

    levels: list[dict] = [{}] * len(LEVELS)
    with ThreadPoolExecutor(max_workers=1) as pool:
        futures: list[Future] = []
        for number in finest_first:
            futures.append(pool.submit(coarser, futures[-1] if futures else values, LEVELS[number].tolerance))
        for position, number in enumerate(finest_first):
            levels[number] = _write_level(directory, number, LEVELS[number], futures[position].result(),
                                          (x, y), to_wgs84)
            futures[position] = None  # a level written is a level dropped (the next one holds its own copy)
    del values, futures
    south, west, north, east = _union([block["b"] for block in levels[-1]["blocks"]])  # of the exact geometry
    _write_json(index, {
        "version": FORMAT_VERSION, "count": len(codes), "precision": PRECISION,
        "bounds": [south, west, north, east], "levels": levels,
    })
    _give_back_memory()
    return SectorPackage(key, directory, codes, (west, south, east, north))


def _write_level(directory: Path, number: int, level: Level, geometry: np.ndarray,
                 anchors: tuple[np.ndarray, np.ndarray], to_wgs84: Callable) -> dict:
    """Write one level's block files; return its entry of the index.

    ``anchors`` are a point inside each sector (projected x, y): its block is the one they fall in.
    """
    x, y = anchors
    if level.block is None:
        block_of = np.zeros(len(geometry), dtype=np.int64)
    else:
        columns = np.floor(x / level.block).astype(np.int64)
        rows = np.floor(y / level.block).astype(np.int64)
        block_of = pd.factorize(pd.Series(list(zip(columns, rows, strict=True))), sort=True)[0]
    blocks = []
    for block in range(int(block_of.max()) + 1 if len(geometry) else 0):
        members = np.flatnonzero(block_of == block)
        name = f"l{number}-b{block}.json"
        encoded, bounds = _encoded(geometry[members], to_wgs84)
        _write_json(directory / name, {"s": members.tolist(), "g": encoded})
        blocks.append({"f": name, "b": bounds})
    return {"maxZoom": level.max_zoom, "blocks": blocks}


def _union(bounds: list[list[float]]) -> list[float]:
    """[south, west, north, east] around blocks' bounds (NaN: a block without vertices)."""
    corners = np.array(bounds, dtype=float).reshape(-1, 4)
    corners = corners[~np.isnan(corners).any(axis=1)]
    if not len(corners):
        return [float("nan")] * 4
    lows, highs = corners.min(axis=0), corners.max(axis=0)
    return [float(lows[0]), float(lows[1]), float(highs[2]), float(highs[3])]


def _give_back_memory() -> None:
    """Return freed memory to the system (glibc keeps it otherwise, per thread's arena).

    Building a national layer's files allocates and frees a few hundred megabytes, partly in a
    worker thread whose allocator arena would keep them for the life of the server; and what the
    calling thread freed before (reading the files) cannot be reused by that worker.
    """
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


def prune(root: Path, max_bytes: int, keep: str | None = None) -> list[str]:
    """Delete the least recently used packages until ``root`` holds at most ``max_bytes``.

    A package counts as used when :func:`sector_package` last found or built it (the
    mtime of its ``index.json``). ``keep`` (a package key) is never deleted. Returns the
    keys deleted, oldest first.
    """
    root = Path(root)
    if not root.is_dir():
        return []
    packages = []
    for folder in root.iterdir():
        index = folder / "index.json"
        if folder.is_dir() and index.is_file():
            size = sum(entry.stat().st_size for entry in folder.iterdir() if entry.is_file())
            packages.append((index.stat().st_mtime, folder.name, size))
    total = sum(size for _, _, size in packages)
    deleted = []
    for _, key, size in sorted(packages):
        if total <= max_bytes:
            break
        if key == keep:
            continue
        shutil.rmtree(root / key, ignore_errors=True)
        total -= size
        deleted.append(key)
    return deleted


def style_file(package: SectorPackage, classes: pd.Series, texts: pd.DataFrame) -> str:
    """Write the per-sector style of a map (class and tooltip texts); return its name.

    Parameters
    ----------
    classes
        Class index per sector code (-1: no value), as in :class:`~wijk_core.maps.choropleth.Classification`.
    texts
        Tooltip lines per sector code (already formatted, not escaped: the map sets them
        as text, never as HTML).

    The name is a hash of the content, so the same choices reuse the same file and
    the browser's cache.
    """
    order = pd.Index(package.codes)
    klass = pd.to_numeric(classes.reindex(order), errors="coerce").fillna(-1).astype(int)
    lines = texts.reindex(order).astype(object)
    lines = lines.where(lines.notna(), "")
    body = _json({"c": klass.tolist(), "t": [list(map(str, row)) for row in lines.itertuples(index=False)]})
    name = f"style-{hashlib.sha256(body.encode()).hexdigest()[:24]}.json"
    path = package.directory / name
    if not path.is_file():
        _write_json(path, body)
    return f"{package.key}/{name}"
