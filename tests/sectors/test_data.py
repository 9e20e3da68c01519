"""Loading the demo data set or official files, and summarising them."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from real_data import REAL
from shapely import box

from wijk_core.config import REPO_ROOT
from wijk_core.errors import WijkError
from wijk_core.sectors.data import SectorData, geometry_indicators, load_demo, load_sector_data, sector_summary

DEMO = REPO_ROOT / "data" / "demo"


@pytest.fixture(scope="module")
def data() -> SectorData:
    return load_demo(DEMO)


def test_load_demo_reads_the_default_folder(monkeypatch):
    monkeypatch.delenv("WIJK_DATA_DIR", raising=False)
    data = load_demo()
    assert data.synthetic is True
    assert "demo" in data.label
    assert len(data.sectors) == len(load_demo(DEMO).sectors)


def test_load_demo_follows_wijk_data_dir(monkeypatch, tmp_path):
    shutil.copytree(DEMO, tmp_path / "demo")
    monkeypatch.setenv("WIJK_DATA_DIR", str(tmp_path))
    assert len(load_demo().sectors) == len(load_demo(DEMO).sectors)


def test_layers_are_in_lambert_72(data):
    assert data.sectors.crs.to_epsg() == 31370
    assert data.wijken.crs.to_epsg() == 31370


def test_tables_are_keyed_by_sector_and_indicator(data):
    assert data.sectors["cd_sector"].is_unique
    assert list(data.sectors["cd_sector"]) == sorted(data.sectors["cd_sector"])
    assert data.indicators.index.name == "cd_sector"
    assert set(data.indicators.index) <= set(data.sectors["cd_sector"])
    assert data.catalogue.index.name == "id"
    assert list(data.catalogue.index) == list(data.indicators.columns)
    assert data.catalogue["synthetic"].all()
    extensive = data.catalogue["kind"] == "extensive"
    assert data.catalogue.loc[extensive, "denominator"].isna().all()
    assert data.catalogue.loc[~extensive, "denominator"].notna().all()
    assert set(data.sector_to_wijk.columns) >= {"cd_sector", "wijk_code", "wijk_naam"}
    assert data.wijken["wijk_code"].is_unique


def test_summary_numbers_are_sums_of_the_rows(data):
    summary = sector_summary(data)
    assert summary["sectors"] == len(data.sectors) == 50
    assert summary["sectors_with_indicators"] == len(data.indicators) == 48
    assert summary["municipalities"] == 1
    assert summary["municipality"] == "Demoveld"
    assert summary["wijken"] == len(data.wijken) == 8
    assert summary["indicators"] == len(data.catalogue) == 27
    assert summary["population"] == int(data.indicators["pop_total"].sum())
    assert summary["area_km2"] == pytest.approx(data.sectors.geometry.area.sum() / 1e6)
    assert summary["area_km2"] == pytest.approx(data.sectors["ms_area_ha"].sum() / 100, abs=0.01)
    assert summary["synthetic"] is True and summary["label"] == data.label


def test_summary_refuses_a_geographic_crs(data):
    wgs84 = dataclasses.replace(data, sectors=data.sectors.to_crs(4326))
    with pytest.raises(ValueError, match="projected CRS"):
        sector_summary(wgs84)


def test_summary_without_population_column(data):
    without = dataclasses.replace(data, indicators=data.indicators.drop(columns="pop_total"))
    assert sector_summary(without)["population"] is None


def test_sector_data_is_frozen(data):
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.label = "other"


def test_missing_files_name_the_regeneration_command(tmp_path):
    with pytest.raises(FileNotFoundError, match="make_demo_data.py"):
        load_demo(tmp_path)


def test_a_layer_in_another_crs_is_refused(tmp_path, data):
    shutil.copytree(DEMO, tmp_path, dirs_exist_ok=True)
    data.sectors.to_crs(4326).to_file(tmp_path / "sectors.geojson", driver="GeoJSON")
    with pytest.raises(ValueError, match="EPSG:31370"):
        load_demo(tmp_path)


def test_core_modules_do_not_import_streamlit():
    code = ("import sys, wijk_core.sectors.data, wijk_core.sectors.demo, wijk_core.sectors.download; "
            "assert 'streamlit' not in sys.modules, 'streamlit imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT)


# --- load_sector_data: official files and uploads ---------------------------------------

ZENNEVALLEI_TABLES = ["zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv",
                      "zennevallei_fluvius_energy_2018_2021.csv",
                      "zennevallei_groenkaart_green_2018_2021.csv",
                      "zennevallei_jaarbak_soil_sealing_2018_2024.csv",
                      "zennevallei_heat_vulnerability_2026.csv"]


def real(name: str) -> Path:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"real test data {path} not present (see shared/data/real/README.md)")
    return path


@pytest.fixture
def demo_upload(data):
    """The demo sectors as a GeoJSON upload in WGS84, with the demo indicator file."""
    sectors = data.sectors.to_crs(4326).to_json().encode()
    return (sectors, "demoveld.geojson"), ((DEMO / "indicators.csv").read_bytes(), "indicators.csv")


def test_load_sector_data_from_uploads(demo_upload, data):
    sectors, indicators = demo_upload
    loaded, report = load_sector_data(sectors, [indicators], (DEMO / "indicator_catalogue.csv"))
    assert loaded.synthetic is False and loaded.label == "Demoveld"
    assert loaded.sectors.crs.to_epsg() == 31370 and len(loaded.sectors) == 50
    assert list(loaded.catalogue.index) == list(loaded.indicators.columns)
    # the geometry's own figure the table lacks comes last, on the table's rows
    assert list(loaded.indicators.columns)[-1] == "ms_area_ha"
    pd.testing.assert_frame_equal(loaded.indicators.drop(columns="ms_area_ha"), data.indicators.astype(float),
                                  check_like=True)
    pd.testing.assert_frame_equal(loaded.catalogue.drop(index="ms_area_ha"), data.catalogue, check_dtype=False)
    own = data.sectors.set_index("cd_sector")["ms_area_ha"]
    assert loaded.indicators["ms_area_ha"].to_dict() == own.loc[loaded.indicators.index].to_dict()
    assert report.get("report.sectors_without_data").count == 2
    assert loaded.wijken.empty and list(loaded.wijken.columns)[:2] == ["wijk_code", "wijk_naam"]
    assert sector_summary(loaded)["population"] == sector_summary(data)["population"]
    assert sector_summary(loaded)["area_km2"] == pytest.approx(sector_summary(data)["area_km2"],
                                                               rel=1e-6)


def test_load_sector_data_without_tables(demo_upload):
    loaded, report = load_sector_data(demo_upload[0], [])
    assert list(loaded.indicators.columns) == ["area_ha", "ms_area_ha"]
    assert loaded.indicators.index.name == "cd_sector"
    assert list(loaded.indicators.index) == sorted(loaded.sectors["cd_sector"])  # every sector, from geometry
    assert loaded.catalogue.loc["area_ha", ["unit", "kind"]].tolist() == ["ha", "extensive"]
    area = loaded.sectors.set_index("cd_sector").geometry.area / 10_000
    assert (loaded.indicators["area_ha"] - area).abs().max() < 1e-9
    assert report.ok


def test_brussels_geometry_alone_offers_its_own_figures():
    loaded, report = load_sector_data(real("brussels_sectors_statbel_20220101.gpkg"))
    assert list(loaded.indicators.columns) == ["area_ha", "ms_area_ha", "ms_perimeter_m"]
    assert len(loaded.indicators) == len(loaded.sectors) == 678
    assert loaded.indicators.notna().all().all()
    assert loaded.catalogue.loc["ms_area_ha", "label_fr"] == "Superficie (Statbel)"
    # the file's area and the polygons' agree to within a hectare per sector
    assert (loaded.indicators["ms_area_ha"] - loaded.indicators["area_ha"]).abs().max() < 1
    assert sector_summary(loaded)["indicators"] == 3


def test_load_sector_data_stops_on_the_first_bad_file(demo_upload):
    with pytest.raises(WijkError) as caught:
        load_sector_data(demo_upload[0], [(b"", "empty.csv")])
    assert caught.value.code == "errors.file_empty"


def test_zennevallei_real_files_together():
    loaded, report = load_sector_data(
        real("zennevallei_sectors_statbel_20240101.geojson"),
        [real(name) for name in ZENNEVALLEI_TABLES],
        wijken=real("zennevallei_wijken_pinc_ggw72024.gpkg"),
        link_table=real("zennevallei_sector_to_wijk_ggw72024.csv"))
    summary = sector_summary(loaded)
    assert (summary["sectors"], summary["municipalities"], summary["wijken"]) == (132, 6, 38)
    assert summary["sectors_with_indicators"] == 132
    assert loaded.label == "Beersel, Drogenbos, Halle (+3)"
    assert list(loaded.catalogue.index) == list(loaded.indicators.columns)
    assert loaded.catalogue.loc["MS_AVG_TOT_NET_TAXABLE_INC", "denominator"] == "MS_NBR_NON_ZERO_INC"
    assert loaded.catalogue.loc["MS_AVG_TOT_NET_TAXABLE_INC", "year"] == 2024  # latest of all
    assert set(loaded.sector_to_wijk["cd_sector"]) == set(loaded.sectors["cd_sector"])
    sources = {issue.source for issue in report}
    assert {"zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv",
            "zennevallei_fluvius_energy_2018_2021.csv"} <= sources
    assert report.get("report.unknown_codes").count == 6  # the Fluvius ZZZZ codes
    renamed = report.get("report.column_renamed")
    assert renamed.source == "zennevallei_jaarbak_soil_sealing_2018_2024.csv"
    # extensive sums over sectors equal the file's totals of the year read
    income = pd.read_csv(real(ZENNEVALLEI_TABLES[0]))
    total = income.loc[income["CD_YEAR"] == 2023, "MS_TOT_NET_TAXABLE_INC"].sum()
    assert loaded.indicators["MS_TOT_NET_TAXABLE_INC"].sum() == pytest.approx(total)
    green = pd.read_csv(real(ZENNEVALLEI_TABLES[2]))
    assert loaded.indicators["high_green_ha"].sum() == pytest.approx(
        green.loc[green["year"] == 2021, "high_green_ha"].sum())


def test_gent_with_pre_2025_fluvius_codes_reports_the_mismatch():
    loaded, report = load_sector_data(real("gent_sectors_2025codes_stadgent.geojson"),
                                      [real("gent_fluvius_energy_2018_2021_pre2025codes.csv")],
                                      link_table=real("gent_sector_to_wijk_ggw7.csv"), year=[2019])
    assert len(loaded.indicators) == 93 and len(loaded.wijken) == 25
    assert report.get("report.geometry_repaired").count == 4
    assert report.get("report.unknown_codes", "gent_fluvius_energy_2018_2021_pre2025codes.csv").count == 109
    assert report.get("report.sectors_without_data").count == 161
    assert report.get("report.wijk_without_polygon").examples == ("44021WONB",)
    assert report.get("report.year_chosen").params["year"] == 2019


def test_numberings_of_the_sector_file_are_not_offered_as_figures():
    sectors = gpd.GeoDataFrame({"cd_sector": ["44021A00-", "44021A01-"], "wijknr_stad_gent": [1, 2], "fid": [7, 8],
                                "objectid": [1, 2], "ms_area_ha": [1.5, 2.5], "population": [10, 20]},
                               geometry=[box(0, 0, 100, 100), box(100, 0, 200, 100)], crs=31370)
    assert list(geometry_indicators(sectors).columns) == ["ms_area_ha", "population"]
