"""read_sectors: the normalised sector schema, repairs and what is set aside; real files."""

from __future__ import annotations

import io

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon

from wijk_core.readers import SECTOR_COLUMNS, GeometryError, read_sectors


def _gpkg(frame: gpd.GeoDataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_file(buffer, driver="GPKG")
    return buffer.getvalue()


def test_normalised_columns_in_lambert_72(squares):
    layer = read_sectors(_gpkg(squares), "sectors.gpkg")
    sectors = layer.sectors
    assert list(sectors.columns[:8]) == [*SECTOR_COLUMNS, "geometry"]
    assert sectors.crs.to_epsg() == 31370
    assert sectors["cd_sector"].tolist() == ["23003A001", "23003A012", "23003A02-", "23003B00-"]
    assert sectors["area_ha"].tolist() == pytest.approx([1.0] * 4)
    assert sectors["tx_sector_descr_nl"].tolist() == ["A", "B", "C", "D"]
    assert set(sectors["cd_munty_refnis"]) == {"23003"}
    assert layer.report.get("report.municipality_derived").count == 4
    assert layer.rejected.empty and layer.report.ok


def test_codes_are_found_case_insensitively_and_cleaned(squares):
    frame = squares.rename(columns={"CD_SECTOR": "Nis9_Code"})
    frame["Nis9_Code"] = [" 23003a001", "23003A012 ", "23003a02-", "23003B00-"]
    frame["sectorcode"] = ["A001", "A012", "A02-", "B00-"]  # Gent's suffix-only column
    layer = read_sectors(_gpkg(frame), "gent_style.gpkg")
    assert layer.code_column == "Nis9_Code"
    assert layer.sectors["cd_sector"].tolist()[0] == "23003A001"
    assert "sectorcode" in layer.sectors.columns  # other attributes are kept


def test_municipality_code_from_a_number_column(squares):
    frame = squares.assign(cd_munty_refnis=[23003] * 4, tx_munty_descr_nl="Beersel")
    layer = read_sectors(_gpkg(frame), "with_nis.gpkg")
    assert set(layer.sectors["cd_munty_refnis"]) == {"23003"}
    assert layer.report.get("report.municipality_derived") is None


def test_invalid_geometry_is_repaired_and_reported(squares):
    bowtie = Polygon([(150_000, 160_000), (150_100, 160_100), (150_100, 160_000),
                      (150_000, 160_100)])
    frame = squares.copy()
    frame.loc[0, "geometry"] = bowtie
    layer = read_sectors(_gpkg(frame), "bowtie.gpkg")
    repaired = layer.report.get("report.geometry_repaired")
    assert repaired.count == 1 and repaired.examples == ("23003A001",)
    assert layer.sectors.is_valid.all()
    assert layer.sectors.loc[0, "area_ha"] == pytest.approx(0.5)  # two triangles of 0.25 ha


def test_empty_and_missing_geometries_are_set_aside(squares):
    frame = squares.copy()
    frame.loc[1, "geometry"] = Polygon()
    frame.loc[2, "geometry"] = None
    layer = read_sectors(_gpkg(frame), "holes.gpkg")
    assert layer.sectors["cd_sector"].tolist() == ["23003A001", "23003B00-"]
    empty = layer.report.get("report.geometry_empty")
    assert empty.count == 2 and set(empty.examples) == {"23003A012", "23003A02-"}
    assert layer.rejected["reason"].tolist() == ["no_geometry", "no_geometry"]


def test_invalid_codes_are_set_aside(squares):
    frame = squares.copy()
    frame["CD_SECTOR"] = ["23003A001", "23003A012", "2300A01", None]
    layer = read_sectors(_gpkg(frame), "codes.gpkg")
    assert len(layer.sectors) == 2
    invalid = layer.report.get("report.invalid_codes")
    assert invalid.count == 2 and invalid.examples == ("2300A01", "feature 4")
    assert layer.rejected["reason"].tolist() == ["invalid_code", "invalid_code"]


def test_duplicate_codes_are_dissolved(squares):
    frame = squares.copy()
    frame.loc[1, "CD_SECTOR"] = "23003A001"  # a sector split over two features
    layer = read_sectors(_gpkg(frame), "split.gpkg")
    duplicate = layer.report.get("report.duplicate_sectors")
    assert duplicate.count == 1 and duplicate.examples == ("23003A001",)
    assert len(layer.sectors) == 3
    first = layer.sectors.set_index("cd_sector").loc["23003A001"]
    assert first["area_ha"] == pytest.approx(2.0)
    assert first["tx_sector_descr_nl"] == "A"


def test_no_code_column_lists_the_columns(squares):
    frame = squares.drop(columns="CD_SECTOR")
    with pytest.raises(GeometryError) as caught:
        read_sectors(_gpkg(frame), "nameless.gpkg")
    assert caught.value.code == "errors.sector_code_column_missing"
    assert "TX_SECTOR_DESCR_NL" in caught.value.params["columns"]


# --- real files (shared/data/real) --------------------------------------------------------

ZENNEVALLEI_MUNICIPALITIES = {"23003": 39, "23027": 41, "23064": 15, "23077": 23, "23098": 7,
                              "23100": 7}


def test_zennevallei_geojson(real):
    layer = read_sectors(real("zennevallei_sectors_statbel_20240101.geojson"))
    sectors = layer.sectors
    assert len(sectors) == 132 and sectors["cd_sector"].is_unique
    assert sectors["cd_munty_refnis"].value_counts().to_dict() == ZENNEVALLEI_MUNICIPALITIES
    assert sectors.groupby("cd_munty_refnis")["tx_munty_descr_nl"].first()["23003"] == "Beersel"
    assert layer.source_crs == "EPSG:4326" and sectors.crs.to_epsg() == 31370
    assert layer.report.get("report.geometry_repaired") is None
    assert sectors["tx_sector_descr_fr"].isna().all()
    assert sectors["area_ha"].sum() / 100 == pytest.approx(158.67, abs=0.01)  # km², README §5


def test_zennevallei_geojson_as_an_upload(real):
    data = real("zennevallei_sectors_statbel_20240101.geojson").read_bytes()
    upload = io.BytesIO(data)
    upload.name = "zennevallei.geojson"
    assert len(read_sectors(upload).sectors) == 132


def test_brussels_official_schema(real):
    layer = read_sectors(real("brussels_sectors_statbel_20220101.gpkg"))
    sectors = layer.sectors
    assert len(sectors) == 678
    assert layer.layer == "sh_statbel_statistical_sectors_31370_20220101"
    assert layer.report.get("report.crs_converted") is None
    assert sectors["cd_munty_refnis"].nunique() == 18
    first = sectors.set_index("cd_sector").loc["21001A00-"]
    assert (first["tx_sector_descr_nl"], first["tx_sector_descr_fr"]) == ("VERZET", "RESISTANCE")
    assert first["tx_munty_descr_fr"] == "Anderlecht"
    # Statbel's own area, kept as an attribute, matches the area computed in Lambert 72
    assert sectors["area_ha"].to_numpy() == pytest.approx(sectors["ms_area_ha"].to_numpy(),
                                                         rel=1e-3, abs=0.02)
    assert sectors["area_ha"].sum() == pytest.approx(sectors["ms_area_ha"].sum(), rel=1e-4)


def test_gent_geojson_four_repairs(real):
    layer = read_sectors(real("gent_sectors_2025codes_stadgent.geojson"))
    sectors = layer.sectors
    assert len(sectors) == 254
    repaired = layer.report.get("report.geometry_repaired")
    assert repaired.count == 4
    assert set(repaired.examples) == {"44021A87M", "44021B32K", "44021G03L", "44021M57-"}
    assert sectors.is_valid.all()
    assert sectors.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert sectors["area_ha"].sum() / 100 == pytest.approx(157.8, abs=0.1)  # README §3.1
    # repairs move no more than slivers
    raw = gpd.read_file(real("gent_sectors_2025codes_stadgent.geojson")).to_crs(31370)
    raw_area = shapely.area(shapely.make_valid(raw.geometry.values)).sum() / 10_000
    assert sectors["area_ha"].sum() == pytest.approx(raw_area, rel=1e-4)
