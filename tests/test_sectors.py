"""Loading the demo data set and summarising it."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys

import pytest

from wijk_core.config import REPO_ROOT
from wijk_core.sectors import SectorData, load_demo, sector_summary

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
    code = ("import sys, wijk_core.sectors, wijk_core.demo; "
            "assert 'streamlit' not in sys.modules, 'streamlit imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT)
