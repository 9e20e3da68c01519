"""The synthetic demo municipality: reproducible, a proper tessellation, honest imperfections."""

from __future__ import annotations

import re
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from wijk_core.sectors import demo
from wijk_core.config import REPO_ROOT

COMMITTED = REPO_ROOT / "data" / "demo"


@pytest.fixture(scope="module")
def generated() -> demo.DemoMunicipality:
    return demo.generate()


@pytest.fixture(scope="module")
def sectors() -> gpd.GeoDataFrame:
    return gpd.read_file(COMMITTED / demo.FILES["sectors"])


@pytest.fixture(scope="module")
def wijken() -> gpd.GeoDataFrame:
    return gpd.read_file(COMMITTED / demo.FILES["wijken"])


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    frame = pd.read_csv(COMMITTED / demo.FILES["indicators"], dtype={"cd_sector": str})
    return frame.set_index("cd_sector")


@pytest.fixture(scope="module")
def catalogue() -> pd.DataFrame:
    return pd.read_csv(COMMITTED / demo.FILES["catalogue"], dtype=str, keep_default_na=False)


def test_script_regenerates_the_committed_files_byte_for_byte(tmp_path):
    script = REPO_ROOT / "scripts" / "make_demo_data.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True,
                   capture_output=True, cwd=tmp_path)
    for name in demo.FILES.values():
        assert (tmp_path / name).read_bytes() == (COMMITTED / name).read_bytes(), name


def test_another_seed_gives_another_municipality(generated):
    other = demo.generate(seed=demo.SEED + 1)
    assert not other.outline.equals(generated.outline)


def test_total_size_stays_small():
    assert sum((COMMITTED / name).stat().st_size for name in demo.FILES.values()) < 1_500_000


def test_sector_codes_are_unique_statbel_style_codes(sectors):
    codes = sectors["cd_sector"]
    assert codes.is_unique
    assert 40 <= len(codes) <= 60
    assert all(re.fullmatch(r"99991[A-C][0-9]{2}[0-9-]", code) for code in codes)
    assert (sectors["cd_sub_munty"] == codes.str[:6]).all()
    assert (sectors["cd_munty_refnis"] == demo.NIS5).all()
    assert sectors["cd_sub_munty"].nunique() == 3
    for column in ("tx_sector_descr_nl", "tx_sector_descr_fr",
                   "tx_munty_descr_nl", "tx_munty_descr_fr"):
        assert sectors[column].str.len().gt(0).all()


def test_sectors_lie_in_flanders_in_lambert_72(sectors):
    assert sectors.crs.to_epsg() == 31370
    minx, miny, maxx, maxy = sectors.total_bounds
    assert 22_000 < minx < maxx < 260_000 and 153_000 < miny < maxy < 245_000
    assert maxx - minx == pytest.approx(6_000, rel=0.1)
    assert maxy - miny == pytest.approx(5_000, rel=0.1)


def test_sectors_tessellate_one_territory_without_gaps_or_overlaps(sectors, generated):
    geometries = sectors.geometry.values
    assert shapely.is_valid(geometries).all()
    assert (sectors.geom_type == "Polygon").all()
    union = shapely.union_all(geometries)
    assert union.geom_type == "Polygon" and not union.interiors
    assert shapely.area(geometries).sum() == pytest.approx(union.area, rel=1e-6)
    assert union.symmetric_difference(generated.outline).area <= 1e-6 * union.area
    left, right = shapely.STRtree(geometries).query(geometries, predicate="intersects")
    pairs = left < right
    overlaps = shapely.area(shapely.intersection(geometries[left[pairs]], geometries[right[pairs]]))
    assert overlaps.max() < 1e-3  # square metres: neighbours share edges only


def test_centre_sectors_are_smaller_than_rural_ones(sectors):
    area = sectors.set_index("cd_sector").geometry.area
    assert area["99991A00-"] < area.median() / 2


def test_each_wijk_is_the_exact_union_of_its_sectors(sectors, wijken):
    link = pd.read_csv(COMMITTED / demo.FILES["sector_to_wijk"], dtype=str)
    assert list(link.columns) == ["cd_sector", "wijk_code", "wijk_naam"]
    assert sorted(link["cd_sector"]) == sorted(sectors["cd_sector"])  # every sector, once
    assert 6 <= len(wijken) <= 8
    assert set(link["wijk_code"]) == set(wijken["wijk_code"])
    by_code = sectors.set_index("cd_sector").geometry
    for wijk in wijken.itertuples():
        members = link.loc[link["wijk_code"] == wijk.wijk_code]
        assert set(members["wijk_naam"]) == {wijk.wijk_naam}
        union = shapely.union_all(by_code[members["cd_sector"]].values)
        assert wijk.geometry.is_valid
        assert wijk.geometry.symmetric_difference(union).area <= 1e-6 * union.area
        assert wijk.n_sectors == len(members)
        assert wijk.wijk_naam_fr


def test_catalogue_declares_every_indicator_column(catalogue, indicators):
    assert list(catalogue.columns) == demo.CATALOGUE_COLUMNS
    assert list(catalogue["id"]) == list(indicators.columns)
    assert set(catalogue["kind"]) == {"extensive", "intensive"}
    assert set(catalogue["direction"]) <= {"need_if_higher", "need_if_lower", "neutral"}
    assert (catalogue["synthetic"] == "true").all()
    for column in ("label_nl", "label_fr", "label_en", "unit", "source", "year"):
        assert catalogue[column].str.len().gt(0).all(), column


def test_intensive_indicators_have_an_extensive_denominator_in_the_table(catalogue, indicators):
    kinds = catalogue.set_index("id")["kind"]
    for row in catalogue.itertuples():
        if row.kind == "intensive":
            assert row.denominator in indicators.columns, row.id
            assert kinds[row.denominator] == "extensive", row.id
        else:
            assert row.denominator == "", row.id


def test_two_sectors_have_no_indicator_row(generated, sectors, indicators):
    missing = sorted(set(sectors["cd_sector"]) - set(indicators.index))
    assert missing == sorted(generated.uninhabited) and len(missing) == 2
    names = sectors.set_index("cd_sector").loc[missing, "tx_sector_descr_nl"]
    assert set(names) == {"INDUSTRIEZONE DE VAART", "HEIDEBOS"}
    assert set(indicators.index) <= set(sectors["cd_sector"])  # no unknown codes


def test_income_is_suppressed_in_two_sectors_while_the_count_is_published(generated, indicators):
    money = ["MS_TOT_NET_TAXABLE_INC", "MS_AVG_TOT_NET_TAXABLE_INC", "MS_MEDIAN_NET_TAXABLE_INC"]
    suppressed = indicators[indicators[money].isna().any(axis=1)]
    assert sorted(suppressed.index) == sorted(generated.suppressed) and len(suppressed) == 2
    assert suppressed[money].isna().all().all()
    assert (suppressed["MS_NBR_NON_ZERO_INC"] > 0).all()
    published = indicators.drop(suppressed.index)["MS_NBR_NON_ZERO_INC"]
    assert suppressed["MS_NBR_NON_ZERO_INC"].max() < published.min()  # suppressed because small


def test_one_sector_has_no_gas_grid(generated, indicators):
    no_gas = indicators[indicators["gas_per_connection_kwh"].isna()]
    assert list(no_gas.index) == list(generated.no_gas)
    assert (no_gas["v2506_gas_res_n"] == 0).all() and (no_gas["v2506_gas_res_cons"] == 0).all()


def test_only_the_deliberate_cells_are_empty(generated, indicators):
    empty = indicators.isna()
    expected = set(generated.suppressed) | set(generated.no_gas)
    assert set(indicators.index[empty.any(axis=1)]) == expected


def test_values_are_internally_consistent(indicators):
    ind = indicators
    published = ind["MS_TOT_NET_TAXABLE_INC"].notna()
    expected_total = ind["MS_AVG_TOT_NET_TAXABLE_INC"] * ind["MS_NBR_NON_ZERO_INC"]
    assert (abs(ind["MS_TOT_NET_TAXABLE_INC"] - expected_total)[published]
            <= 0.5 * ind["MS_NBR_NON_ZERO_INC"][published] + 0.01).all()
    assert (ind["MS_AVG_TOT_NET_TAXABLE_INC"] > ind["MS_MEDIAN_NET_TAXABLE_INC"])[published].all()
    assert (ind["pop_65plus"] <= ind["pop_total"]).all()
    assert (ind["households"] <= ind["dwellings"]).all()
    assert (ind["dwellings_pre1945"] <= ind["dwellings"]).all()
    assert (ind["jobseekers"] <= ind["labour_force"]).all()
    assert (ind["labour_force"] <= ind["pop_total"]).all()
    assert (ind["MS_NBR_NON_ZERO_INC"] <= ind["pop_total"]).all()
    assert (ind["v2506_gas_res_n"] <= ind["v2506_elek_res_n"]).all()
    assert (ind["v2506_elek_res_n"] <= ind["dwellings"]).all()
    assert (ind["green_ha"] + ind["sealed_ha"] <= ind["area_ha"] + 0.01).all()
    assert ind["heat_vulnerability"].between(0, 10).all()
    for share, part, whole in [("share_65plus_pct", "pop_65plus", "pop_total"),
                               ("share_pre1945_pct", "dwellings_pre1945", "dwellings"),
                               ("unemployment_rate_pct", "jobseekers", "labour_force"),
                               ("sealed_pct", "sealed_ha", "area_ha"),
                               ("green_pct", "green_ha", "area_ha")]:
        assert np.allclose(ind[share], 100 * ind[part] / ind[whole], atol=0.051), share
    assert np.allclose(ind["pop_density_km2"], ind["pop_total"] / ind["area_ha"] * 100, atol=0.051)
    gas = ind["v2506_gas_res_n"] > 0
    assert np.allclose(ind["gas_per_connection_kwh"][gas],
                       (ind["v2506_gas_res_cons"] / ind["v2506_gas_res_n"])[gas], atol=0.51)


def test_area_indicator_matches_the_geometry(sectors, indicators):
    area = (sectors.set_index("cd_sector").geometry.area / 1e4).loc[indicators.index]
    assert np.allclose(indicators["area_ha"], area, atol=0.006)


def test_values_are_spatially_coherent(indicators):
    link = pd.read_csv(COMMITTED / demo.FILES["sector_to_wijk"], dtype=str).set_index("cd_sector")
    ind = indicators.join(link)
    by_wijk = ind.groupby("wijk_naam")
    density = by_wijk["pop_total"].sum() / by_wijk["area_ha"].sum()
    assert density["Centrum"] > 5 * density["Buitengebied Noord"]
    median = by_wijk["MS_MEDIAN_NET_TAXABLE_INC"].mean()
    assert median["Stationskwartier"] < median["Molenveld"]
    old = by_wijk["dwellings_pre1945"].sum() / by_wijk["dwellings"].sum()
    assert old["Centrum"] > old["Molenveld"]


def test_data_readme_documents_the_seed_and_every_deliberate_imperfection(generated):
    readme = (REPO_ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert str(demo.SEED) in readme and demo.NIS5 in readme
    for code in (*generated.uninhabited, *generated.suppressed, *generated.no_gas):
        assert f"`{code}`" in readme, code
