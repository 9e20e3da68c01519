"""The browser files of a sector layer: encoded polylines, level pyramid, style files."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from real_data import REAL
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, box

from wijk_core.maps.sector_layer import (FORMAT_VERSION, LEVELS, SectorPackage, _simplified, prune,
                                    decode_polyline, encode_polylines, sector_package, style_file)

HALF_UNIT = 0.5e-5  # largest rounding error of a coordinate at 1e-5 degree


def real(name: str) -> Path:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"real test data {path} not present (see shared/data/real/README.md)")
    return path


# --- helpers --------------------------------------------------------------------------------


def _reference_encode(points: list[tuple[float, float]]) -> str:
    """Google's algorithm written out value by value, as on the format's documentation page."""
    out, previous = [], (0, 0)
    for point in points:
        scaled = tuple(int(round(v * 1e5)) for v in point)
        for value in (scaled[0] - previous[0], scaled[1] - previous[1]):
            value = ~(value << 1) if value < 0 else value << 1
            while value >= 0x20:
                out.append(chr((0x20 | (value & 0x1F)) + 63))
                value >>= 5
            out.append(chr(value + 63))
        previous = scaled
    return "".join(out)


def _encode_lines(lines: list[list[tuple[float, float]]]) -> list[str]:
    coords = np.array([p for line in lines for p in line], dtype=float).reshape(-1, 2)
    offsets = np.concatenate([[0], np.cumsum([len(line) for line in lines])])
    return encode_polylines(coords, offsets)


def _read(directory: Path, name: str) -> dict:
    return json.loads((directory / name).read_text(encoding="utf-8"))


def _lonlat_ring(text: str) -> list[tuple[float, float]]:
    return [(lon, lat) for lat, lon in decode_polyline(text)]


def _decoded_level(package: SectorPackage, level: int) -> tuple[list[list], dict[int, str]]:
    """Per sector (package order): its polygons as lists of (lon, lat) rings; and its block file.

    Fails when a sector is missing from the level or appears twice.
    """
    index = _read(package.directory, "index.json")
    polygons: list[list | None] = [None] * index["count"]
    file_of: dict[int, str] = {}
    for block in index["levels"][level]["blocks"]:
        content = _read(package.directory, block["f"])
        assert len(content["s"]) == len(content["g"])
        for position, shape in zip(content["s"], content["g"], strict=True):
            assert polygons[position] is None, f"sector {position} twice at level {level}"
            polygons[position] = [[_lonlat_ring(ring) for ring in polygon] for polygon in shape]
            file_of[position] = block["f"]
    assert all(p is not None for p in polygons), f"sectors missing at level {level}"
    return polygons, file_of


def _shape(polygons: list) -> MultiPolygon:
    return MultiPolygon([(rings[0], rings[1:]) for rings in polygons])


def _level_geometry(package: SectorPackage, level: int) -> np.ndarray:
    """The decoded sectors of one level as shapely geometry in WGS84 (lon, lat)."""
    return np.array([_shape(p) for p in _decoded_level(package, level)[0]])


def _grid() -> gpd.GeoDataFrame:
    """A hand-made coverage of 4 km cells around Brussels (EPSG:31370) spanning several blocks.

    ``A`` is a MultiPolygon (two opposite corner cells), ``M`` the middle cell with a hole
    that the island sector ``I`` fills exactly; the other six cells are plain squares.
    """
    x0, y0, cell = 144_000.0, 164_000.0, 4_000.0
    cells = {(i, j): box(x0 + i * cell, y0 + j * cell, x0 + (i + 1) * cell, y0 + (j + 1) * cell)
             for i in range(3) for j in range(3)}
    island = box(x0 + cell + 500, y0 + cell + 500, x0 + cell + 1500, y0 + cell + 1500)
    codes = ["A", "M", "I"]
    geometry = [MultiPolygon([cells[0, 0], cells[2, 2]]), cells[1, 1].difference(island), island]
    for (i, j), square in cells.items():
        if (i, j) not in {(0, 0), (2, 2), (1, 1)}:
            codes.append(f"C{i}{j}")
            geometry.append(square)
    return gpd.GeoDataFrame({"cd_sector": codes}, geometry=geometry, crs=31370)


@pytest.fixture
def grid() -> gpd.GeoDataFrame:
    return _grid()


@pytest.fixture
def package(grid, tmp_path) -> SectorPackage:
    return sector_package(grid, tmp_path)


# --- encode_polylines / decode_polyline -----------------------------------------------------


def test_encoding_matches_googles_reference_example():
    points = [(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)]
    assert _encode_lines([points]) == ["_p~iF~ps|U_ulLnnqC_mqNvxq`@"]
    assert decode_polyline("_p~iF~ps|U_ulLnnqC_mqNvxq`@") == points


def test_encoding_of_a_single_value_from_the_documentation():
    # Google's worked example: -179.9832104 encodes as "`~oia@"; zero as "?"
    assert _encode_lines([[(-179.9832104, 0.0)]]) == ["`~oia@?"]


def test_several_lines_at_once_each_start_from_zero():
    example = [(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)]
    other = [(50.84, 4.35), (50.85, 4.36)]
    single = [(-12.5, 7.25)]
    encoded = _encode_lines([example, other, single, example])
    assert encoded == [_reference_encode(line) for line in (example, other, single, example)]
    assert encoded[0] == encoded[3] == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
    assert encoded[2] == "~khkAo_gk@"  # a single vertex: its absolute value (worked by hand)


def test_negative_values_and_large_jumps():
    line = [(0.0, 0.0), (89.99999, -179.99999), (-89.99999, 179.99999), (-0.00001, 0.00001)]
    [encoded] = _encode_lines([line])
    assert encoded == _reference_encode(line)
    assert decode_polyline(encoded) == line


def test_decoding_returns_the_rounded_coordinates():
    [encoded] = _encode_lines([[(50.123456, 4.987654), (50.123449, 4.987651)]])
    assert decode_polyline(encoded) == [(50.12346, 4.98765), (50.12345, 4.98765)]


latitude = st.floats(-90, 90, allow_nan=False)
longitude = st.floats(-180, 180, allow_nan=False)
lines_strategy = st.lists(st.lists(st.tuples(latitude, longitude), min_size=1, max_size=12),
                          min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(lines_strategy)
def test_round_trip_within_half_a_unit(lines):
    encoded = _encode_lines(lines)
    assert len(encoded) == len(lines)
    for line, text in zip(lines, encoded, strict=True):
        assert text == _reference_encode(line)
        decoded = np.array(decode_polyline(text))
        assert decoded.shape == (len(line), 2)
        assert np.abs(decoded - np.array(line)).max() <= HALF_UNIT + 1e-9


# --- sector_package on a hand-made coverage -------------------------------------------------


def test_index_describes_the_levels_and_bounds(grid, package):
    index = _read(package.directory, "index.json")
    assert index["version"] == FORMAT_VERSION
    assert index["count"] == len(grid) == len(package.codes)
    assert index["precision"] == 5
    assert [level["maxZoom"] for level in index["levels"]] == [9, 12, None]
    assert len(index["levels"][0]["blocks"]) == 1  # the coarse level is one file
    assert len(index["levels"][2]["blocks"]) > 1  # 12 km of sectors across 10 km blocks
    for level in index["levels"]:
        for block in level["blocks"]:
            assert (package.directory / block["f"]).is_file()
    south, west, north, east = index["bounds"]
    assert package.bounds_wgs84 == (west, south, east, north)
    assert package.index_name == f"{package.key}/index.json"
    # the sectors themselves (before rounding) lie inside, up to the rounding of the bounds
    lon_min, lat_min, lon_max, lat_max = grid.to_crs(4326).total_bounds
    assert 50.5 < south < north < 51 and 4 < west < east < 4.6  # around Brussels, lat before lon
    assert south - HALF_UNIT <= lat_min and lat_max <= north + HALF_UNIT
    assert west - HALF_UNIT <= lon_min and lon_max <= east + HALF_UNIT
    assert abs(south - lat_min) < 1e-5 and abs(east - lon_max) < 1e-5  # and they are tight


def test_bounds_contain_every_decoded_vertex(package):
    index = _read(package.directory, "index.json")
    south, west, north, east = index["bounds"]
    for number, level in enumerate(index["levels"]):
        polygons, file_of = _decoded_level(package, number)
        block_bounds = {block["f"]: block["b"] for block in level["blocks"]}
        for position, shape in enumerate(polygons):
            lon, lat = np.array([p for rings in shape for ring in rings for p in ring]).T
            b_south, b_west, b_north, b_east = block_bounds[file_of[position]]
            for s, w, n, e in ((south, west, north, east), (b_south, b_west, b_north, b_east)):
                assert s - 1e-9 <= lat.min() and lat.max() <= n + 1e-9
                assert w - 1e-9 <= lon.min() and lon.max() <= e + 1e-9


@pytest.mark.parametrize("level", range(len(LEVELS)))
def test_every_sector_appears_once_per_level_with_its_holes_and_parts(package, level):
    polygons, _ = _decoded_level(package, level)  # fails on a missing or repeated sector
    rings = {code: [len(p) for p in shape] for code, shape in zip(package.codes, polygons, strict=True)}
    assert rings["A"] == [1, 1]  # two parts, no holes
    assert rings["M"] == [2]  # exterior and the hole
    assert all(rings[code] == [1] for code in package.codes if code not in {"A", "M"})
    for shape in polygons:
        for polygon in shape:
            exterior = shapely.Polygon(polygon[0])
            assert exterior.area > 0 and all(len(ring) >= 4 for ring in polygon)
            assert all(ring[0] == ring[-1] for ring in polygon)  # closed rings


def test_finest_level_gives_back_the_exact_geometry(grid, package):
    decoded = gpd.GeoSeries(_level_geometry(package, len(LEVELS) - 1), crs=4326).to_crs(31370)
    for code, original, back in zip(package.codes, grid.geometry, decoded, strict=True):
        # 1e-5 degree rounding moves a vertex at most ~0.66 m here (0.56 m N-S, 0.35 m E-W)
        assert shapely.hausdorff_distance(original, back) < 1.5, code
        assert original.symmetric_difference(back).area < 0.7 * original.length, code
        assert abs(original.area - back.area) < 0.7 * original.length, code
    hole = decoded.iloc[package.codes.index("M")].geoms[0].interiors[0]
    island = decoded.iloc[package.codes.index("I")].geoms[0].exterior
    assert shapely.Polygon(hole).equals(shapely.Polygon(island))  # shared border, same rounding


def test_package_order_follows_the_input_and_the_code_column(grid, tmp_path):
    frame = grid.rename(columns={"cd_sector": "CD_SECTOR"}).iloc[::-1]
    package = sector_package(frame, tmp_path, code_column="CD_SECTOR")
    assert package.codes == tuple(frame["CD_SECTOR"])
    polygons, _ = _decoded_level(package, len(LEVELS) - 1)
    assert [len(shape) for shape in polygons] == [2 if c == "A" else 1 for c in package.codes]


def test_key_is_stable_and_follows_codes_and_geometry(grid, tmp_path):
    first = sector_package(grid, tmp_path / "a")
    assert sector_package(_grid(), tmp_path / "b").key == first.key  # another call, another root
    assert first.directory == tmp_path / "a" / first.key

    def corner_moved(coords: np.ndarray) -> np.ndarray:  # one vertex (A's outer corner) by 0.5 m
        return np.where((coords == [144_000.0, 164_000.0]).all(axis=1)[:, None], coords - [0.5, 0], coords)

    moved = grid.set_geometry(shapely.transform(grid.geometry.values, corner_moved))
    assert (shapely.get_num_coordinates(moved.geometry.values) == shapely.get_num_coordinates(
        grid.geometry.values)).all() and not moved.geom_equals(grid).iloc[0]
    assert moved.geom_equals(grid).iloc[1:].all()
    assert sector_package(moved, tmp_path / "c").key != first.key

    renamed = grid.copy()
    renamed.loc[3, "cd_sector"] = "C99"
    assert sector_package(renamed, tmp_path / "d").key != first.key


def test_a_second_call_reuses_the_files(grid, tmp_path):
    first = sector_package(grid, tmp_path)
    files = sorted(first.directory.iterdir())
    for path in files:
        os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))  # long ago
    contents = {path.name: path.read_bytes() for path in files}
    again = sector_package(_grid(), tmp_path)
    assert again == first
    assert sorted(first.directory.iterdir()) == files
    assert {path.name: path.read_bytes() for path in files} == contents  # nothing rewritten
    assert all(path.stat().st_mtime_ns == 1_000_000_000_000_000_000 for path in files
               if path.name != "index.json")
    # only the index is touched: it records that the package was used (see prune)
    assert (first.directory / "index.json").stat().st_mtime_ns > 1_000_000_000_000_000_000


def test_files_are_world_readable(grid, tmp_path):
    previous = os.umask(0o077)  # a strict umask must not make the files private
    try:
        package = sector_package(grid, tmp_path)
        style = style_file(package, pd.Series(dtype=float), pd.DataFrame(index=list(package.codes)))
    finally:
        os.umask(previous)
    files = list(package.directory.iterdir())
    levels = _read(package.directory, "index.json")["levels"]
    assert package.directory / style.split("/")[1] in files
    assert len(files) == 2 + sum(len(level["blocks"]) for level in levels)  # + index and style
    assert {oct(stat.S_IMODE(path.stat().st_mode)) for path in files} == {oct(0o644)}
    assert not [path for path in files if path.name.startswith(".tmp-")]


@pytest.mark.parametrize("crs", [4326, None])
def test_a_crs_in_degrees_or_none_is_refused(grid, tmp_path, crs):
    frame = grid.to_crs(4326) if crs else grid.set_crs(None, allow_override=True)
    with pytest.raises(ValueError, match="projected CRS"):
        sector_package(frame, tmp_path)
    assert not list(tmp_path.iterdir())


# --- real sector layers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def zennevallei() -> gpd.GeoDataFrame:
    return gpd.read_file(real("zennevallei_sectors_statbel_20240101.geojson")).to_crs(31370)


def test_simplified_levels_remain_a_coverage(zennevallei):
    values = zennevallei.geometry.values
    assert shapely.coverage_is_valid(values)  # the premise
    for level in LEVELS:
        simplified = _simplified(values, level.tolerance)
        assert shapely.coverage_is_valid(simplified), level
        assert shapely.is_valid(simplified).all() and not shapely.is_empty(simplified).any(), level


def test_real_package_keeps_every_sector_and_drops_vertices(zennevallei, tmp_path):
    package = sector_package(zennevallei, tmp_path)
    original = int(shapely.get_num_coordinates(zennevallei.geometry.values).sum())
    counts = []
    for level in range(len(LEVELS)):
        geometry = _level_geometry(package, level)
        assert len(geometry) == len(zennevallei)
        assert (shapely.area(geometry) > 0).all()
        counts.append(int(shapely.get_num_coordinates(geometry).sum()))
        if level < len(LEVELS) - 1:
            # rounded to 1e-5 degree, shared borders still match: no gaps or overlaps
            assert shapely.coverage_is_valid(geometry), level
    assert counts[0] < 0.3 * original
    assert counts[0] < counts[1] < 0.6 * original
    assert counts[2] == original
    finest = gpd.GeoSeries(_level_geometry(package, 2), crs=4326).to_crs(31370)
    assert finest.area.sum() == pytest.approx(zennevallei.area.sum(), rel=1e-4)


@pytest.mark.parametrize("name", ["brussels_sectors_statbel_20220101.gpkg",
                                  "gent_sectors_2025codes_stadgent.geojson"])
def test_other_real_layers_build_and_keep_every_sector(name, tmp_path):
    sectors = gpd.read_file(real(name)).to_crs(31370)
    package = sector_package(sectors, tmp_path)
    assert package.codes == tuple(sectors["cd_sector"].astype(str))
    areas = sectors.area.to_numpy()
    for level in range(len(LEVELS)):
        geometry = _level_geometry(package, level)
        assert len(geometry) == len(sectors)
        back = gpd.GeoSeries(geometry, crs=4326).to_crs(31370).area.to_numpy()
        assert (back > 0).all(), level
        # no sector shrinks to nothing or grows into its neighbours, even simplified
        assert np.all(np.abs(back - areas) < 0.25 * areas + 2e4), level
    assert back.sum() == pytest.approx(areas.sum(), rel=1e-3)


# --- style_file -----------------------------------------------------------------------------


def _style(package: SectorPackage, name: str) -> dict:
    key, file = name.split("/")
    assert key == package.key
    return _read(package.directory, file)


def test_style_lists_classes_and_texts_in_package_order(package):
    codes = list(package.codes)  # A, M, I, C01, C02, C10, C12, C20, C21
    classes = pd.Series({"C21": 4, "A": 0, "M": 2.0, "I": np.nan, "elsewhere": 3, "C01": -1})
    texts = pd.DataFrame({"name": [f"sector {c}" for c in codes], "value": list(map(str, range(9)))},
                         index=codes).iloc[::-1]
    texts.loc["M", "name"] = np.nan
    texts = texts.drop(index="C10")
    style = _style(package, style_file(package, classes, texts))
    assert style["c"] == [0, 2, -1, -1, -1, -1, -1, -1, 4]
    assert all(type(value) is int for value in style["c"])
    expected = [["sector A", "0"], ["", "1"], ["sector I", "2"], ["sector C01", "3"],
                ["sector C02", "4"], ["", ""], ["sector C12", "6"], ["sector C20", "7"],
                ["sector C21", "8"]]
    assert codes[5] == "C10" and style["t"] == expected


def test_style_name_follows_content(package):
    codes = list(package.codes)
    classes = pd.Series(range(len(codes)), index=codes)
    texts = pd.DataFrame({"value": [f"{i} kWh" for i in range(len(codes))]}, index=codes)
    name = style_file(package, classes, texts)
    path = package.directory / name.split("/")[1]
    assert path.name == f"style-{hashlib.sha256(path.read_bytes()).hexdigest()[:24]}.json"
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))

    shuffled = style_file(package, classes.iloc[::-1], texts.iloc[::-1])
    assert shuffled == name and path.stat().st_mtime_ns == 1_000_000_000_000_000_000

    other_class = style_file(package, classes.replace({0: 1}), texts)
    other_text = style_file(package, classes, texts.replace({"0 kWh": "0,0 kWh"}))
    assert len({name, other_class, other_text}) == 3
    assert _style(package, other_class)["c"][0] == 1
    assert _style(package, other_text)["t"][0] == ["0,0 kWh"]
    assert _style(package, name)["c"][0] == 0  # the first file is untouched


def test_hostile_text_is_stored_verbatim(package):
    hostile = ['<img src=x onerror=alert(1)>', '"quoted" \\ back\\slash', "line\nbreak\u2028sep",
               "</script><script>alert('x')</script>", "€ – ‘Zenne’ é ✓", "{\"c\": [1]}"]
    codes = list(package.codes)
    texts = pd.DataFrame({"a": [hostile[i % len(hostile)] for i in range(len(codes))],
                          "b": [hostile[(i + 1) % len(hostile)] for i in range(len(codes))]},
                         index=codes)
    name = style_file(package, pd.Series(0, index=codes), texts)
    style = _style(package, name)
    assert style["t"] == texts.values.tolist()
    assert style["t"][0][0] == "<img src=x onerror=alert(1)>"
    raw = (package.directory / name.split("/")[1]).read_text(encoding="utf-8")
    assert "<img src=x onerror=alert(1)>" in raw and "&lt;" not in raw  # not escaped into HTML


# --- prune ------------------------------------------------------------------------------------


def _size(package: SectorPackage) -> int:
    return sum(f.stat().st_size for f in package.directory.iterdir())


def test_prune_deletes_least_recently_used_packages_first(grid, tmp_path):
    moved = [grid.assign(geometry=grid.translate(1_000.0 * shift, 0.0)) for shift in range(3)]
    old, middle, new = (sector_package(layer, tmp_path) for layer in moved)
    for age, package in ((3_000, old), (2_000, middle), (1_000, new)):
        stamp = 1_700_000_000 - age
        os.utime(package.directory / "index.json", (stamp, stamp))
    sector_package(moved[0], tmp_path)  # used again: now the most recent
    room = _size(old) + _size(new) + 1
    assert prune(tmp_path, room) == [middle.key]
    assert {p.name for p in tmp_path.iterdir()} == {old.key, new.key}
    assert prune(tmp_path, room) == []  # under the limit: nothing to do


def test_prune_never_deletes_the_package_in_use(grid, tmp_path):
    first = sector_package(grid, tmp_path)
    second = sector_package(grid.assign(geometry=grid.translate(500.0, 0.0)), tmp_path)
    os.utime(first.directory / "index.json", (1_600_000_000, 1_600_000_000))
    assert prune(tmp_path, 1, keep=first.key) == [second.key]
    assert (first.directory / "index.json").is_file()
    assert prune(tmp_path / "absent", 1) == []
