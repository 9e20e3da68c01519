"""Tile archives (MBTiles, PMTiles) read, checked and laid out as files the app serves.

An archive is kept with the project in the database (it is the file an officer
uploaded or the app prepared); to show it, :func:`unpack_archive` writes its tiles
once as ``<folder>/{z}/{x}/{y}.<ext>`` beside a ``tiles.json`` that describes them,
under the app's served ``static/`` folder, so Leaflet asks the app for each tile and
nothing leaves the machine. Only raster tiles (PNG, JPEG, WebP) can be shown.

This module never imports streamlit.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pmtiles.reader import MmapSource, Reader, all_tiles
from pmtiles.tile import MagicNumberNotFound, SpecVersionUnsupported, TileType

from wijk_core.maps.basemaps import BASEMAPS, LocalTiles
from wijk_core.maps.errors import MapError

__all__ = ["TileArchive", "archive_kind", "describe_archive", "is_unpacked", "read_archive", "unpack_archive",
           "unpack_stored", "unpacked_tiles"]

_EXTENSIONS = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "webp": "webp"}
_PMTILES_TYPES = {TileType.PNG: "png", TileType.JPEG: "jpg", TileType.WEBP: "webp"}
_MBTILES_MAGIC = b"SQLite format 3\x00"
MANIFEST = "tiles.json"


@dataclass(frozen=True)
class TileArchive:
    """What an archive holds: its kind, image type, zoom levels, area, attribution and tile count."""

    kind: str  # "mbtiles" or "pmtiles"
    extension: str  # "png", "jpg" or "webp"
    min_zoom: int
    max_zoom: int
    bounds_wgs84: tuple[float, float, float, float]
    attribution: str
    name: str
    count: int
    source: str = ""  # the BASEMAPS key of an archive this app prepared


def archive_kind(head: bytes) -> str | None:
    """``"mbtiles"`` or ``"pmtiles"`` from a file's first bytes, else None."""
    if head.startswith(b"PMTiles"):
        return "pmtiles"
    if head.startswith(_MBTILES_MAGIC):
        return "mbtiles"
    return None


def _bounds(text: object, default: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in str(text).split(","))
    except (TypeError, ValueError):
        return default
    return (west, south, east, north)


def _mbtiles(path: Path) -> tuple[TileArchive, Iterator[tuple[int, int, int, bytes]]]:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        metadata = dict(connection.execute("SELECT name, value FROM metadata").fetchall())
        zooms = connection.execute("SELECT MIN(zoom_level), MAX(zoom_level), COUNT(*) FROM tiles").fetchone()
    except sqlite3.DatabaseError as err:
        raise MapError("errors.basemap_unreadable", reason=str(err)[:200]) from err
    extension = _EXTENSIONS.get(str(metadata.get("format", "png")).lower())
    if extension is None:
        connection.close()
        raise MapError("errors.basemap_not_raster", format=str(metadata.get("format")))
    if not zooms or not zooms[2]:
        connection.close()
        raise MapError("errors.basemap_empty")
    info = TileArchive("mbtiles", extension, int(zooms[0]), int(zooms[1]),
                       _bounds(metadata.get("bounds"), (-180.0, -85.0, 180.0, 85.0)),
                       str(metadata.get("attribution") or ""), str(metadata.get("name") or ""), int(zooms[2]),
                       str(metadata.get("wijk_source") or ""))

    def tiles() -> Iterator[tuple[int, int, int, bytes]]:
        try:
            for z, x, row, data in connection.execute(
                    "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"):
                yield int(z), int(x), (1 << int(z)) - 1 - int(row), bytes(data)
        finally:
            connection.close()

    return info, tiles()


def _pmtiles(path: Path) -> tuple[TileArchive, Iterator[tuple[int, int, int, bytes]]]:
    handle = open(path, "rb")  # noqa: SIM115 (closed by the iterator, or below on error)
    try:
        source = MmapSource(handle)
        reader = Reader(source)
        header = reader.header()
        metadata = reader.metadata()
    except (MagicNumberNotFound, SpecVersionUnsupported, ValueError, OSError, KeyError) as err:
        handle.close()
        raise MapError("errors.basemap_unreadable", reason=str(err)[:200]) from err
    extension = _PMTILES_TYPES.get(header["tile_type"])
    if extension is None:
        handle.close()
        raise MapError("errors.basemap_not_raster", format=str(header["tile_type"].name).lower())
    bounds = (header["min_lon_e7"] / 1e7, header["min_lat_e7"] / 1e7, header["max_lon_e7"] / 1e7,
              header["max_lat_e7"] / 1e7)
    info = TileArchive("pmtiles", extension, int(header["min_zoom"]), int(header["max_zoom"]), bounds,
                       str(metadata.get("attribution") or ""), str(metadata.get("name") or ""),
                       int(header["addressed_tiles_count"]))

    def tiles() -> Iterator[tuple[int, int, int, bytes]]:
        try:
            for (z, x, y), data in all_tiles(source):
                yield z, x, y, bytes(data)
        finally:
            handle.close()

    return info, tiles()


def _open(path: Path) -> tuple[TileArchive, Iterator[tuple[int, int, int, bytes]]]:
    with open(path, "rb") as handle:
        kind = archive_kind(handle.read(16))
    if kind == "pmtiles":
        return _pmtiles(path)
    if kind == "mbtiles":
        return _mbtiles(path)
    raise MapError("errors.basemap_unknown_format")


def read_archive(path: Path) -> TileArchive:
    """What the MBTiles or PMTiles file at ``path`` holds, without reading its tiles.

    Raises
    ------
    MapError
        ``errors.basemap_unknown_format`` (neither kind), ``errors.basemap_unreadable``
        (reason), ``errors.basemap_not_raster`` (format: vector tiles cannot be shown
        here) or ``errors.basemap_empty``.
    """
    info, tiles = _open(Path(path))
    tiles.close()
    return info


def unpack_archive(path: Path, folder: Path, *, url_prefix: str, attribution: str = "") -> LocalTiles:
    """Write the tiles of an archive as files under ``folder`` (once) and describe them for the map.

    Parameters
    ----------
    path : Path
        The MBTiles or PMTiles file.
    folder : Path
        Where the tiles go, inside the app's served ``static/`` folder; one folder per
        archive (name it after the file's hash). Kept as is when already complete.
    url_prefix : str
        The URL path at which ``folder`` is served, e.g. ``/app/static/cache/basemaps/<hash>``.
    attribution : str, optional
        Credit to show when the archive names none (plain text).

    Notes
    -----
    The credit of an archive made elsewhere is shown as plain text (escaped), never
    as HTML; an archive this app prepared gets its service's credit from the catalogue.

    Returns
    -------
    LocalTiles

    Raises
    ------
    MapError
        As :func:`read_archive`.
    """
    folder = Path(folder)
    manifest = folder / MANIFEST
    if not manifest.is_file():
        info, tiles = _open(Path(path))
        folder.parent.mkdir(parents=True, exist_ok=True)
        credit = (BASEMAPS[info.source].attribution if info.source in BASEMAPS
                  else html.escape(info.attribution or attribution))
        building = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-tiles-"))
        try:
            for z, x, y, data in tiles:
                target = building / str(z) / str(x)
                target.mkdir(parents=True, exist_ok=True)
                (target / f"{y}.{info.extension}").write_bytes(data)
            (building / MANIFEST).write_text(json.dumps({
                "extension": info.extension, "min_zoom": info.min_zoom, "max_zoom": info.max_zoom,
                "bounds": list(info.bounds_wgs84), "attribution": credit,
                "name": info.name, "count": info.count}), encoding="utf-8")
            for directory, _, _ in os.walk(building):
                os.chmod(directory, 0o755)
            try:
                os.replace(building, folder)  # readers never see half a folder
            except OSError:  # another process finished it first
                if not manifest.is_file():
                    raise
        finally:
            shutil.rmtree(building, ignore_errors=True)
    return unpacked_tiles(folder, url_prefix=url_prefix)


def unpacked_tiles(folder: Path, *, url_prefix: str) -> LocalTiles:
    """The :class:`LocalTiles` of a folder written by :func:`unpack_archive`."""
    described = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    west, south, east, north = (float(v) for v in described["bounds"])
    return LocalTiles(url=f"{url_prefix.rstrip('/')}/{{z}}/{{x}}/{{y}}.{described['extension']}",
                      attribution=described["attribution"] or "", min_zoom=int(described["min_zoom"]),
                      max_zoom=int(described["max_zoom"]), bounds=(west, south, east, north),
                      name=described.get("name") or "offline")


def _with_file(content: bytes, root: Path):
    root.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=root, prefix=".tmp-archive-")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    return Path(name)


def describe_archive(content: bytes, scratch: Path) -> TileArchive:
    """:func:`read_archive` of an archive held in memory (an upload); ``scratch`` is a folder for a moment's copy."""
    path = _with_file(bytes(content), Path(scratch))
    try:
        return read_archive(path)
    finally:
        path.unlink(missing_ok=True)


def unpack_stored(content: bytes, sha256: str, root: Path, *, url_prefix: str) -> LocalTiles:
    """:func:`unpack_archive` of a stored archive into ``root / <hash>``, served at ``url_prefix/<hash>``.

    Once the folder is complete the bytes are not read again (pass ``b""`` then; see
    :func:`is_unpacked`).
    """
    key = sha256[:24]
    folder = Path(root) / key
    prefix = f"{url_prefix.rstrip('/')}/{key}"
    if (folder / MANIFEST).is_file():
        return unpacked_tiles(folder, url_prefix=prefix)
    path = _with_file(bytes(content), Path(root))
    try:
        return unpack_archive(path, folder, url_prefix=prefix)
    finally:
        path.unlink(missing_ok=True)


def is_unpacked(sha256: str, root: Path) -> bool:
    """Whether the stored archive with this hash is already laid out under ``root``."""
    return (Path(root) / sha256[:24] / MANIFEST).is_file()
