"""Tile archives: PMTiles and MBTiles read, refused when they cannot be shown, unpacked for the app."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import write

from wijk_core.maps.archive import describe_archive, is_unpacked, read_archive, unpack_stored
from wijk_core.maps.errors import MapError

from tile_server import png_tile

TILES = [(14, 8378, 5481), (14, 8379, 5481), (15, 16757, 10963)]


def make_pmtiles(path: Path, tiles=TILES, tile_type: TileType = TileType.PNG, attribution: str = "© Test") -> Path:
    with write(path) as writer:
        for z, x, y in sorted(tiles, key=lambda t: zxy_to_tileid(*t)):
            writer.write_tile(zxy_to_tileid(z, x, y), png_tile(z, x, y))
        writer.finalize({"tile_type": tile_type, "tile_compression": Compression.NONE,
                         "min_zoom": min(t[0] for t in tiles), "max_zoom": max(t[0] for t in tiles),
                         "min_lon_e7": int(4.07 * 1e7), "min_lat_e7": int(50.93 * 1e7),
                         "max_lon_e7": int(4.10 * 1e7), "max_lat_e7": int(50.95 * 1e7),
                         "center_zoom": 14, "center_lon_e7": int(4.08 * 1e7), "center_lat_e7": int(50.94 * 1e7)},
                        {"attribution": attribution, "name": "test"})
    return path


def test_pmtiles_is_read_and_unpacked_tile_for_tile(tmp_path: Path) -> None:
    path = make_pmtiles(tmp_path / "a.pmtiles")
    info = read_archive(path)
    assert (info.kind, info.extension, info.min_zoom, info.max_zoom, info.count) == ("pmtiles", "png", 14, 15, 3)
    assert info.bounds_wgs84 == pytest.approx((4.07, 50.93, 4.10, 50.95))
    local = unpack_stored(path.read_bytes(), "f" * 64, tmp_path / "root", url_prefix="/app/static/cache/basemaps")
    assert local.url == f"/app/static/cache/basemaps/{'f' * 24}/{{z}}/{{x}}/{{y}}.png"
    for z, x, y in TILES:
        assert (tmp_path / "root" / ("f" * 24) / str(z) / str(x) / f"{y}.png").read_bytes() == png_tile(z, x, y)
    assert is_unpacked("f" * 64, tmp_path / "root")
    # once laid out, the archive's bytes are not needed again
    assert unpack_stored(b"", "f" * 64, tmp_path / "root", url_prefix="/app/static/cache/basemaps") == local
    assert [p.name for p in (tmp_path / "root").iterdir()] == ["f" * 24]  # no temporary file left


def test_an_uploaded_archives_credit_is_text_not_html(tmp_path: Path) -> None:
    path = make_pmtiles(tmp_path / "a.pmtiles", attribution='<img src=x onerror="alert(1)"> © Stad')
    local = unpack_stored(path.read_bytes(), "e" * 64, tmp_path, url_prefix="/x")
    assert local.attribution == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; © Stad"


def test_vector_tiles_and_other_files_are_refused(tmp_path: Path) -> None:
    vector = make_pmtiles(tmp_path / "v.pmtiles", tile_type=TileType.MVT)
    with pytest.raises(MapError) as caught:
        read_archive(vector)
    assert caught.value.code == "errors.basemap_not_raster" and caught.value.params["format"] == "mvt"
    with pytest.raises(MapError) as caught:
        describe_archive(b"cd_sector;naam\n", tmp_path)
    assert caught.value.code == "errors.basemap_unknown_format"
    assert list(tmp_path.glob(".tmp-*")) == []


def test_an_mbtiles_file_without_tiles_or_with_vector_tiles_is_refused(tmp_path: Path) -> None:
    for name, fmt, rows in (("empty.mbtiles", "png", []), ("vector.mbtiles", "pbf", [(14, 1, 1, b"x")])):
        path = tmp_path / name
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
            connection.execute("CREATE TABLE tiles (zoom_level INT, tile_column INT, tile_row INT, tile_data BLOB)")
            connection.execute("INSERT INTO metadata VALUES ('format', ?)", (fmt,))
            connection.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", rows)
        with pytest.raises(MapError) as caught:
            read_archive(path)
        assert caught.value.code == ("errors.basemap_empty" if not rows else "errors.basemap_not_raster")
