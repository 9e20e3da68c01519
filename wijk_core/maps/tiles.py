"""Preparing a base map for offline use: the tiles of an area, fetched once, kept in an MBTiles file.

:func:`plan_tiles` says which 256-pixel Web Mercator tiles cover an area at the
chosen zoom levels and how large they are likely to be, before anything is
fetched. :func:`prepare_tiles` fetches them from a service whose terms allow it
(:data:`wijk_core.maps.basemaps.BASEMAPS`, ``offline_allowed``) into an MBTiles
file (SQLite, the format most map tools read and write), committing as it goes:
when the server fails halfway the tiles fetched so far stay in the file, the error
says how far it got, and calling it again with the same file fetches only what is
missing. A tile the server does not have (404) is remembered as absent, so a
resumed run does not ask for it again.

Notes
-----
Tile columns and rows at zoom :math:`z` (:math:`n = 2^z`):
:math:`x = \\lfloor n (\\lambda + 180) / 360 \\rfloor`,
:math:`y = \\lfloor n (1 - \\operatorname{asinh}(\\tan\\varphi) / \\pi) / 2 \\rfloor`.
MBTiles rows count from the south (TMS): ``tile_row = n - 1 - y``.
"""

from __future__ import annotations

import math
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wijk_core.maps.basemaps import BASEMAPS, BaseMap, tile_url
from wijk_core.maps.errors import MapError

__all__ = ["AVERAGE_TILE_BYTES", "MAX_TILES", "TilePlan", "plan_tiles", "prepare_tiles", "tiles_across"]

MAX_TILES = 20_000
"""Largest number of tiles one preparation may fetch (about a municipality up to zoom 17)."""

AVERAGE_TILE_BYTES = 18_000
"""Rough size of one 256-pixel PNG tile of a built-up area, for the estimate shown before fetching."""

USER_AGENT = "Wijkwerf/1.0 (offline base map for a neighbourhood workshop)"
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"RIFF")

Fetch = Callable[[str], bytes | None]
"""Fetch one URL: its bytes, or None when the server has no such tile (404)."""


def tiles_across(bounds_wgs84: tuple[float, float, float, float], zoom: int) -> tuple[range, range]:
    """The column and row ranges of the tiles covering ``(min_lon, min_lat, max_lon, max_lat)`` at ``zoom``."""
    west, south, east, north = bounds_wgs84
    n = 2 ** zoom

    def column(lon: float) -> int:
        return min(n - 1, max(0, int((lon + 180.0) / 360.0 * n)))

    def row(lat: float) -> int:
        radians = math.radians(max(-85.05112878, min(85.05112878, lat)))
        return min(n - 1, max(0, int((1.0 - math.asinh(math.tan(radians)) / math.pi) / 2.0 * n)))

    return range(column(west), column(east) + 1), range(row(north), row(south) + 1)


@dataclass(frozen=True)
class TilePlan:
    """Which tiles to fetch: ``source`` (a key of ``BASEMAPS``), the area and the zoom levels."""

    source: str
    bounds_wgs84: tuple[float, float, float, float]
    min_zoom: int
    max_zoom: int
    count: int

    @property
    def estimated_bytes(self) -> int:
        """A rough size of the finished file (:data:`AVERAGE_TILE_BYTES` per tile)."""
        return self.count * AVERAGE_TILE_BYTES

    def tiles(self) -> Iterator[tuple[int, int, int]]:
        """Every ``(z, x, y)`` of the plan, zoom by zoom (coarse first: a broken run still leaves an overview)."""
        for zoom in range(self.min_zoom, self.max_zoom + 1):
            columns, rows = tiles_across(self.bounds_wgs84, zoom)
            for x in columns:
                for y in rows:
                    yield zoom, x, y


def plan_tiles(source: str, bounds_wgs84: tuple[float, float, float, float], min_zoom: int, max_zoom: int,
               *, max_tiles: int = MAX_TILES) -> TilePlan:
    """Plan the offline tiles of an area.

    Parameters
    ----------
    source : str
        A key of :data:`~wijk_core.maps.basemaps.BASEMAPS` whose terms allow offline copies.
    bounds_wgs84 : tuple of 4 floats
        ``(min_lon, min_lat, max_lon, max_lat)`` of the project's area.
    min_zoom, max_zoom : int
        Zoom levels to fetch, both included (13 shows a municipality, 17 house numbers).
    max_tiles : int, default :data:`MAX_TILES`

    Returns
    -------
    TilePlan

    Raises
    ------
    MapError
        ``errors.basemap_source_not_offline`` (source) for a service whose terms forbid
        offline copies or that does not exist; ``errors.basemap_zoom_invalid``
        (min_zoom, max_zoom, largest); ``errors.basemap_outside_source`` (source) for an
        area the service does not cover; ``errors.basemap_too_many_tiles`` (tiles, max).
    """
    base = BASEMAPS.get(source)
    if base is None or not base.offline_allowed:
        raise MapError("errors.basemap_source_not_offline", source=str(source))
    if not (0 <= min_zoom <= max_zoom <= base.max_zoom):
        raise MapError("errors.basemap_zoom_invalid", min_zoom=min_zoom, max_zoom=max_zoom, largest=base.max_zoom)
    west, south, east, north = (float(v) for v in bounds_wgs84)
    if not (west < east and south < north):
        raise ValueError(f"bounds_wgs84 {bounds_wgs84!r} must be (min_lon, min_lat, max_lon, max_lat)")
    b_west, b_south, b_east, b_north = base.bounds
    if east < b_west or west > b_east or north < b_south or south > b_north:
        raise MapError("errors.basemap_outside_source", source=base.name)
    bounds = (west, south, east, north)
    count = 0
    for zoom in range(min_zoom, max_zoom + 1):
        columns, rows = tiles_across(bounds, zoom)
        count += len(columns) * len(rows)
    if count > max_tiles:
        raise MapError("errors.basemap_too_many_tiles", tiles=count, max=max_tiles)  # always plural: above max
    return TilePlan(source, bounds, min_zoom, max_zoom, count)


def http_fetch(url: str, timeout: float = 20.0) -> bytes | None:
    """GET ``url`` with the app's User-Agent; None on 404, :class:`OSError` on anything else that fails."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) of the catalogue)
            return response.read()
    except urllib.error.HTTPError as err:
        if err.code in (204, 404):
            return None
        raise OSError(f"HTTP {err.code}") from err


def _open(path: Path, plan: TilePlan, base: BaseMap) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.executescript("""
        CREATE TABLE IF NOT EXISTS metadata (name TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
                                          tile_data BLOB, PRIMARY KEY (zoom_level, tile_column, tile_row));
        CREATE TABLE IF NOT EXISTS wijk_absent (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
                                                PRIMARY KEY (zoom_level, tile_column, tile_row));
    """)
    west, south, east, north = plan.bounds_wgs84
    metadata = {"name": base.name, "format": base.image_format, "type": "baselayer", "version": "1.1",
                "bounds": f"{west:.6f},{south:.6f},{east:.6f},{north:.6f}", "minzoom": str(plan.min_zoom),
                "maxzoom": str(plan.max_zoom), "attribution": base.attribution, "wijk_source": base.key}
    connection.executemany("INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)", metadata.items())
    connection.commit()
    return connection


def _done(connection: sqlite3.Connection) -> set[tuple[int, int, int]]:
    found = set()
    for table in ("tiles", "wijk_absent"):
        for z, x, row in connection.execute(f"SELECT zoom_level, tile_column, tile_row FROM {table}"):
            found.add((z, x, (1 << z) - 1 - row))
    return found


def prepare_tiles(plan: TilePlan, path: Path, *, fetch: Fetch | None = None,
                  progress: Callable[[int, int], None] | None = None, retries: int = 3, pause: float = 1.0,
                  url_of: Callable[[BaseMap, int, int, int], str] = tile_url) -> Path:
    """Fetch the tiles of ``plan`` into the MBTiles file ``path``, resuming what is already there.

    Parameters
    ----------
    plan : TilePlan
    path : Path
        The MBTiles file; made if missing. A file left by a failed run is continued.
    fetch : callable, optional
        ``fetch(url) -> bytes | None`` (None: the server has no such tile); :func:`http_fetch` by default.
    progress : callable, optional
        ``progress(done, total)`` after every tile.
    retries : int, default 3
        Attempts per tile before giving up.
    pause : float, default 1.0
        Seconds before the second attempt, doubled for each further one.
    url_of : callable
        The tile address; :func:`~wijk_core.maps.basemaps.tile_url` by default (tests point it elsewhere).

    Returns
    -------
    Path
        ``path``, holding every tile of the plan the server has.

    Raises
    ------
    MapError
        ``errors.basemap_fetch_failed`` (done, total, reason) when a tile still fails
        after ``retries`` attempts or is not an image; the tiles fetched so far stay in
        ``path`` and a new call continues from there.
    """
    base = BASEMAPS[plan.source]
    fetch = fetch or http_fetch
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = _open(path, plan, base)
    try:
        done = _done(connection)
        finished = sum(1 for tile in plan.tiles() if tile in done)
        if progress:
            progress(finished, plan.count)
        for z, x, y in plan.tiles():
            if (z, x, y) in done:
                continue
            data = _fetch_one(fetch, url_of(base, z, x, y), retries, pause, finished, plan.count)
            row = (1 << z) - 1 - y
            if data is None:
                connection.execute("INSERT OR REPLACE INTO wijk_absent VALUES (?, ?, ?)", (z, x, row))
            else:
                connection.execute("INSERT OR REPLACE INTO tiles VALUES (?, ?, ?, ?)", (z, x, row, data))
            connection.commit()  # each tile is kept as soon as it is here
            finished += 1
            if progress:
                progress(finished, plan.count)
    finally:
        connection.close()
    return path


def _fetch_one(fetch: Fetch, url: str, retries: int, pause: float, done: int, total: int) -> bytes | None:
    reason = ""
    for attempt in range(max(1, retries)):
        if attempt:
            time.sleep(pause * 2 ** (attempt - 1))
        try:
            data = fetch(url)
        except OSError as err:  # URLError, timeouts, refused connections and HTTP errors all are
            reason = str(getattr(err, "reason", None) or err)
            continue
        if data is None:
            return None
        if data.startswith(_IMAGE_MAGIC):
            return data
        reason = "not an image"
    raise MapError("errors.basemap_fetch_failed", done=done, total=total, reason=reason[:200])
