"""Preparing an offline base map against a real loopback tile server, including one that fails halfway."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from wijk_core.maps.archive import read_archive, unpack_archive
from wijk_core.maps.errors import MapError
from wijk_core.maps.tiles import TilePlan, plan_tiles, prepare_tiles, tiles_across

from tile_server import TileServer, png_tile, tile_server

# A few streets of Gent (Flanders): 2 x 2 tiles at zoom 16, 4 x 3 at 17
AREA = (3.7200, 51.0500, 3.7260, 51.0540)


def _local(server: TileServer):
    return lambda base, z, x, y: server.template.format(z=z, x=x, y=y)


def _tiles(path: Path) -> dict[tuple[int, int, int], bytes]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles").fetchall()
    return {(z, x, (1 << z) - 1 - row): bytes(data) for z, x, row, data in rows}


def test_tiles_across_known_tile() -> None:
    # Gent's Sint-Baafskathedraal (3.7267 E, 51.0530 N) lies in tile 16/33446/21924:
    # x = floor(2^16 * 183.7267 / 360) = floor(33446.43), y = floor(2^16 * (1 - ln(tan(pi/4 + phi/2)) / pi) / 2)
    # = floor(21924.64), the second written with another form of the formula than the code's asinh(tan)
    columns, rows = tiles_across((3.7267, 51.0530, 3.7267, 51.0530), 16)
    assert (list(columns), list(rows)) == ([33446], [21924])


def test_plan_counts_tiles_and_estimates_the_size() -> None:
    plan = plan_tiles("grb", AREA, 16, 17)
    per_zoom = [len(c) * len(r) for c, r in (tiles_across(AREA, 16), tiles_across(AREA, 17))]
    assert plan.count == sum(per_zoom) == len(list(plan.tiles()))
    assert plan.estimated_bytes == plan.count * 18_000
    assert [z for z, _, _ in plan.tiles()] == sorted(z for z, _, _ in plan.tiles())  # coarse first


@pytest.mark.parametrize(("source", "code"), [("osm", "basemap_source_not_offline"),
                                              ("cartoweb", "basemap_source_not_offline"),
                                              ("bing", "basemap_source_not_offline")])
def test_services_whose_terms_forbid_copies_are_refused(source: str, code: str) -> None:
    with pytest.raises(MapError) as caught:
        plan_tiles(source, AREA, 13, 16)
    assert caught.value.code == f"errors.{code}"


def test_plan_refuses_too_many_tiles_bad_zooms_and_areas_outside_the_service() -> None:
    with pytest.raises(MapError, match="20000") as caught:
        plan_tiles("grb", (3.0, 50.8, 4.5, 51.3), 12, 18)
    assert caught.value.code == "errors.basemap_too_many_tiles"
    with pytest.raises(MapError) as caught:
        plan_tiles("grb", AREA, 17, 16)
    assert caught.value.code == "errors.basemap_zoom_invalid"
    with pytest.raises(MapError) as caught:
        plan_tiles("urbis", AREA, 13, 14)  # Gent is not in Brussels
    assert caught.value.code == "errors.basemap_outside_source"


def test_prepare_fetches_every_tile_and_reports_progress(tmp_path: Path) -> None:
    plan = plan_tiles("grb", AREA, 15, 17)
    seen: list[tuple[int, int]] = []
    with tile_server() as server:
        path = prepare_tiles(plan, tmp_path / "map.mbtiles", url_of=_local(server),
                             progress=lambda done, total: seen.append((done, total)))
    tiles = _tiles(path)
    assert set(tiles) == set(plan.tiles())
    assert all(tiles[key] == png_tile(*key) for key in tiles)
    assert seen[0] == (0, plan.count) and seen[-1] == (plan.count, plan.count)
    assert len(server.requests) == plan.count
    info = read_archive(path)
    assert (info.kind, info.extension, info.min_zoom, info.max_zoom, info.count) == ("mbtiles", "png", 15, 17,
                                                                                     plan.count)
    assert info.source == "grb"


def test_a_server_failing_halfway_keeps_the_tiles_and_a_second_run_fetches_only_the_rest(tmp_path: Path) -> None:
    plan = plan_tiles("grb", AREA, 15, 17)
    half = plan.count // 2
    path = tmp_path / "map.mbtiles"
    with tile_server() as server:
        server.fail_after = half
        with pytest.raises(MapError) as caught:
            prepare_tiles(plan, path, url_of=_local(server), retries=2, pause=0.01)
        assert caught.value.code == "errors.basemap_fetch_failed"
        assert caught.value.params["done"] == half and caught.value.params["total"] == plan.count
        assert "503" in caught.value.params["reason"]
        assert "stopped answering after" in str(caught.value)
        assert len(_tiles(path)) == half  # nothing fetched is lost

        server.fail_after = None  # the service is back
        server.requests.clear()
        prepare_tiles(plan, path, url_of=_local(server), retries=2, pause=0.01)
    assert len(server.requests) == plan.count - half  # only the missing tiles
    assert set(_tiles(path)) == set(plan.tiles())


def test_a_tile_the_server_does_not_have_is_remembered_not_asked_again(tmp_path: Path) -> None:
    plan = plan_tiles("grb", AREA, 16, 16)
    absent = next(iter(plan.tiles()))
    path = tmp_path / "map.mbtiles"
    with tile_server() as server:
        server.missing.add(absent)
        prepare_tiles(plan, path, url_of=_local(server))
        server.requests.clear()
        prepare_tiles(plan, path, url_of=_local(server))
    assert server.requests == []
    assert absent not in _tiles(path) and len(_tiles(path)) == plan.count - 1


def test_an_answer_that_is_not_an_image_fails_the_run(tmp_path: Path) -> None:
    plan = TilePlan("grb", AREA, 16, 16, 4)
    with pytest.raises(MapError) as caught:
        prepare_tiles(plan, tmp_path / "m.mbtiles", fetch=lambda url: b"<ServiceException/>", retries=1)
    assert caught.value.params["reason"] == "not an image"


def test_an_unreachable_server_fails_with_the_reason(tmp_path: Path) -> None:
    plan = plan_tiles("grb", AREA, 16, 16)
    with tile_server() as server:
        dead = server.url
    with pytest.raises(MapError) as caught:
        prepare_tiles(plan, tmp_path / "m.mbtiles", url_of=lambda b, z, x, y: f"{dead}/tiles/{z}/{x}/{y}.png",
                      retries=1)
    assert caught.value.params["done"] == 0 and caught.value.params["reason"]


def test_prepared_tiles_unpack_to_files_the_map_can_ask_for(tmp_path: Path) -> None:
    plan = plan_tiles("grb", AREA, 16, 17)
    with tile_server() as server:
        path = prepare_tiles(plan, tmp_path / "map.mbtiles", url_of=_local(server))
    local = unpack_archive(path, tmp_path / "served" / "abc", url_prefix="/app/static/cache/basemaps/abc")
    assert local.url == "/app/static/cache/basemaps/abc/{z}/{x}/{y}.png"
    assert (local.min_zoom, local.max_zoom) == (16, 17)
    assert "Digitaal Vlaanderen" in local.attribution
    for z, x, y in plan.tiles():
        assert (tmp_path / "served" / "abc" / str(z) / str(x) / f"{y}.png").read_bytes() == png_tile(z, x, y)
