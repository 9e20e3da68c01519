"""Formats, layers and CRS rules shared by every polygon reader (through read_sectors)."""

from __future__ import annotations

import io
import json
import zipfile

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from wijk_core.readers import FileError, GeometryError, read_polygons, read_sectors


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _shapefile_parts(frame: gpd.GeoDataFrame, folder) -> dict[str, bytes]:
    # Statbel's Shapefiles use 10-character field names
    frame = frame.rename(columns={"CD_SECTOR": "CS01012024", "TX_SECTOR_DESCR_NL": "T_SEC_NL",
                                  "TX_SECTOR_DESCR_FR": "T_SEC_FR"})
    frame["CNIS5_2024"] = "23003"
    frame["T_MUN_NL"] = "Beersel"
    frame.to_file(folder / "sectors.shp")
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.stem == "sectors"}


def _geojson(features: list[tuple[str, object]], crs: str | None = None) -> bytes:
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"cd_sector": code},
         "geometry": None if geometry is None else json.loads(gpd.GeoSeries([geometry]).to_json())
         ["features"][0]["geometry"]} for code, geometry in features]}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(collection).encode()


def test_geojson_without_crs_member_is_wgs84_and_converted():
    data = _geojson([("23003A001", box(4.30, 50.76, 4.31, 50.77))])
    layer = read_sectors(data, "sectors.geojson")
    assert layer.sectors.crs.to_epsg() == 31370
    assert layer.source_crs == "EPSG:4326"
    assert layer.report.get("report.crs_converted").params["crs"] == "EPSG:4326"
    assert 140_000 < layer.sectors.geometry.centroid.x[0] < 160_000
    # 0.01° × 0.01° at 50.76° N: 705 m × 1112 m
    assert layer.sectors["area_ha"][0] == pytest.approx(78.4, rel=0.01)


def test_lambert_2008_is_converted(squares):
    buffer = io.BytesIO()
    squares.to_crs(3812).to_file(buffer, driver="GPKG")
    layer = read_sectors(buffer.getvalue(), "sectors.gpkg")
    assert layer.sectors.crs.to_epsg() == 31370
    assert layer.sectors["area_ha"].tolist() == pytest.approx([1.0] * 4, rel=1e-3)
    assert layer.sectors.total_bounds == pytest.approx(squares.total_bounds, abs=1.5)


def test_metres_in_a_geojson_without_crs_are_refused():
    data = _geojson([("23003A001", box(150_000, 160_000, 150_100, 160_100))])
    with pytest.raises(GeometryError) as caught:
        read_sectors(data, "lambert.geojson")
    assert caught.value.code == "errors.crs_metres_in_degrees"


def test_declared_metric_crs_with_degree_coordinates_is_refused():
    data = _geojson([("23003A001", box(4.30, 50.76, 4.31, 50.77))], crs="urn:ogc:def:crs:EPSG::31370")
    with pytest.raises(GeometryError) as caught:
        read_sectors(data, "wrong_crs.geojson")
    assert caught.value.code == "errors.crs_degrees_in_metric"
    assert caught.value.params["filename"] == "wrong_crs.geojson"
    assert "31370" in caught.value.params["crs"]


def test_coordinates_outside_belgium_are_refused(squares):
    # Lambert 2008 coordinates declared as Lambert 72 land 500 km off.
    wrong = squares.to_crs(3812).set_crs(31370, allow_override=True)
    buffer = io.BytesIO()
    wrong.to_file(buffer, driver="GPKG")
    with pytest.raises(GeometryError) as caught:
        read_sectors(buffer.getvalue(), "shifted.gpkg")
    assert caught.value.code == "errors.outside_belgium"


def test_swapped_latitude_longitude_is_outside_belgium():
    data = _geojson([("23003A001", box(50.76, 4.30, 50.77, 4.31))])
    with pytest.raises(GeometryError, match="do not lie in Belgium") as caught:
        read_sectors(data, "swapped.geojson")
    assert caught.value.code == "errors.outside_belgium"


def test_zipped_shapefile_in_a_subfolder(squares, tmp_path):
    parts = _shapefile_parts(squares, tmp_path)
    data = _zip({f"sh_statbel_2024/{name}": content for name, content in parts.items()})
    layer = read_sectors(data, "statbel.shp.zip")
    assert list(layer.sectors["cd_sector"]) == sorted(squares["CD_SECTOR"])
    assert layer.code_column == "CS01012024"
    assert layer.sectors["tx_sector_descr_fr"].tolist() == ["a", "b", "c", "d"]
    assert set(layer.sectors["tx_munty_descr_nl"]) == {"Beersel"}
    assert layer.report.get("report.municipality_derived") is None


def test_shapefile_without_prj_says_how_to_fix(squares, tmp_path):
    parts = _shapefile_parts(squares, tmp_path)
    del parts["sectors.prj"]
    with pytest.raises(GeometryError) as caught:
        read_sectors(_zip(parts), "no_prj.zip")
    assert caught.value.code == "errors.no_crs_shapefile"
    assert ".prj" in caught.value.message


def test_shapefile_path_without_prj(squares, tmp_path):
    _shapefile_parts(squares, tmp_path)
    (tmp_path / "sectors.prj").unlink()
    with pytest.raises(GeometryError) as caught:
        read_sectors(tmp_path / "sectors.shp")
    assert caught.value.code == "errors.no_crs_shapefile"


def test_shapefile_without_dbf(squares, tmp_path):
    parts = _shapefile_parts(squares, tmp_path)
    del parts["sectors.dbf"]
    with pytest.raises(FileError) as caught:
        read_sectors(_zip(parts), "no_dbf.zip")
    assert caught.value.code == "errors.shapefile_incomplete"
    assert caught.value.params["missing"] == ".dbf"


def test_a_lone_shp_upload_asks_for_the_zip(squares, tmp_path):
    parts = _shapefile_parts(squares, tmp_path)
    with pytest.raises(FileError) as caught:
        read_sectors(parts["sectors.shp"], "sectors.shp")
    assert caught.value.code == "errors.shapefile_incomplete"


def test_corrupt_zip():
    data = _zip({"a.geojson": b"{}"})
    with pytest.raises(FileError) as caught:
        read_sectors(data[: len(data) // 2], "broken.zip")
    assert caught.value.code == "errors.zip_corrupt"


def test_corrupt_member_in_a_zip(squares, tmp_path):
    data = bytearray(_zip({"sectors.geojson": squares.to_crs(4326).to_json().encode() * 3}))
    data[60:90] = b"\x00" * 30  # damage the member's content, not the directory
    with pytest.raises(FileError) as caught:
        read_sectors(bytes(data), "damaged.zip")
    assert caught.value.code in ("errors.zip_corrupt", "errors.geodata_unreadable")


def test_zip_without_geodata_lists_its_files():
    with pytest.raises(FileError) as caught:
        read_sectors(_zip({"readme.txt": b"hello", "data.csv": b"a,b\n1,2\n"}), "nothing.zip")
    assert caught.value.code == "errors.zip_no_geodata"
    assert "readme.txt" in caught.value.params["files"]


def test_not_a_geodata_file():
    with pytest.raises(FileError) as caught:
        read_sectors(b"cd_sector,value\n23003A001,1\n", "table.csv")
    assert caught.value.code == "errors.not_geodata"


def test_broken_geojson_is_unreadable():
    with pytest.raises(FileError) as caught:
        read_sectors(b'{"type": "FeatureCollection", "features": [', "cut.geojson")
    assert caught.value.code == "errors.geodata_unreadable"


def test_empty_file_and_oversize_file():
    with pytest.raises(FileError) as caught:
        read_sectors(b"", "empty.geojson")
    assert caught.value.code == "errors.file_empty"
    data = _geojson([("23003A001", box(4.30, 50.76, 4.31, 50.77))])
    with pytest.raises(FileError) as caught:
        read_sectors(data, "big.geojson", max_bytes=100)
    assert caught.value.code == "errors.file_too_large"
    assert caught.value.params["max_mb"] == "0.00"


def test_zip_bomb_is_stopped(squares):
    data = _zip({"sectors.geojson": b" " * 2_000_000 + squares.to_crs(4326).to_json().encode()})
    assert len(data) < 50_000
    with pytest.raises(FileError) as caught:
        read_sectors(data, "bomb.zip", max_bytes=100_000)
    assert caught.value.code == "errors.file_too_large"


def test_multi_layer_geopackage_reads_the_first_polygon_layer(squares, tmp_path):
    path = tmp_path / "multi.gpkg"
    points = gpd.GeoDataFrame({"name": ["x"]}, geometry=[Point(150_050, 160_050)], crs=31370)
    points.to_file(path, layer="addresses")
    squares.to_file(path, layer="sectors")
    layer = read_sectors(path)
    assert layer.layer == "sectors" and len(layer.sectors) == 4
    chosen = layer.report.get("report.layer_chosen")
    assert chosen.params["layer"] == "sectors" and chosen.examples == ("addresses",)
    with pytest.raises(GeometryError) as caught:
        read_sectors(path, layer="wegen")
    assert caught.value.code == "errors.layer_not_found"
    assert "addresses (Point)" in caught.value.params["layers"]


def test_a_file_of_points_has_no_polygon_layer(tmp_path):
    path = tmp_path / "points.gpkg"
    gpd.GeoDataFrame({"cd_sector": ["23003A001"]}, geometry=[Point(150_000, 160_000)],
                     crs=31370).to_file(path, layer="addresses")
    with pytest.raises(GeometryError) as caught:
        read_sectors(path)
    assert caught.value.code == "errors.no_polygon_layer"


def test_upload_object_gives_its_name(squares):
    upload = io.BytesIO(squares.to_crs(4326).to_json().encode())
    upload.name = "upload.geojson"
    read = read_polygons(upload)
    assert read.name == "upload.geojson"
    assert list(read.frame.columns[-3:]) == ["_feature", "_empty", "_repaired"]


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_geopackage_without_crs(squares, tmp_path):
    path = tmp_path / "no_crs.gpkg"
    squares.set_crs(None, allow_override=True).to_file(path)
    with pytest.raises(GeometryError) as caught:
        read_sectors(path)
    assert caught.value.code == "errors.no_crs"
    assert ".prj" not in caught.value.message  # the Shapefile hint only for Shapefiles


def test_esri_prj_of_lambert_72_is_recognised(squares, tmp_path):
    parts = _shapefile_parts(squares, tmp_path)
    from pyproj import CRS

    parts["sectors.prj"] = CRS(31370).to_wkt("WKT1_ESRI").encode()
    layer = read_sectors(_zip(parts), "esri.zip")
    assert layer.report.get("report.crs_converted") is None
    assert layer.sectors.total_bounds == pytest.approx(squares.total_bounds)
