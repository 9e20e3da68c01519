"""Areal-weighted aggregation inside perimeters: exact small cases, invariants, real sectors."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from real_data import REAL
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from wijk_core.areal.aggregate import (IndicatorError, IndicatorKind, MissingValuesWarning, aggregate,
                                 municipality_profile, side_by_side)
from wijk_core.areal.overlay import CrsError, DrawnPerimeter, PerimeterError, SectorError, sector_shares


pytestmark = pytest.mark.filterwarnings("ignore::wijk_core.areal.aggregate.MissingValuesWarning")


# --- four 100 m squares ------------------------------------------------------------------
#   c | d        a = box(0, 0, 100, 100), b to its right, c above a, d above b
#   a | b

@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    boxes = [shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100),
             shapely.box(0, 100, 100, 200), shapely.box(100, 100, 200, 200)]
    return gpd.GeoDataFrame({"cd_sector": list("abcd")}, geometry=boxes, crs="EPSG:31370")


@pytest.fixture
def indicators() -> pd.DataFrame:
    return pd.DataFrame({
        "pop": [10, 20, 30, 40],
        "dwellings": [4, 8, 12, 16],
        "income_avg": [1000.0, 2000.0, 3000.0, 4000.0],
        "green_pct": [10.0, 20.0, 30.0, 40.0],
    }, index=pd.Index(list("abcd"), name="cd_sector"))


@pytest.fixture
def catalogue() -> pd.DataFrame:
    return pd.DataFrame({
        "kind": ["extensive", "extensive", "intensive", "intensive"],
        "denominator": ["", None, "pop", ""],
    }, index=pd.Index(["pop", "dwellings", "income_avg", "green_pct"], name="id"))


# Covers a and b, and the left half of c; d touches it only along an edge.
TWO_AND_A_HALF = shapely.union_all([shapely.box(0, 0, 200, 100), shapely.box(0, 100, 50, 200)])


def test_two_squares_and_a_half(squares, indicators, catalogue):
    profile = aggregate(squares, indicators, catalogue, TWO_AND_A_HALF)
    assert profile.shares.to_dict() == {"a": 1.0, "b": 1.0, "c": 0.5}
    assert profile["pop"] == 10 + 20 + 15
    assert profile["dwellings"] == 4 + 8 + 6
    # weighted by population inside: 10, 20 and 15
    assert profile["income_avg"] == pytest.approx((10 * 1000 + 20 * 2000 + 15 * 3000) / 45, rel=1e-12)
    # weighted by area inside: 1, 1 and 0.5 squares
    assert profile["green_pct"] == pytest.approx((10 + 20 + 0.5 * 30) / 2.5, rel=1e-12)
    assert profile.area_inside_m2 == 25_000 and profile.perimeter_area_m2 == 25_000
    assert profile.data_coverage == 1.0
    assert profile.table["coverage"].tolist() == [1.0] * 4
    assert profile.table["sectors_used"].tolist() == [3] * 4
    assert profile.table.loc["income_avg", "denominator"] == "pop"
    assert profile.table.loc["green_pct", "denominator"] == "area"
    assert profile.sectors.loc["c", "area_inside_m2"] == 5_000


def test_union_of_all_gives_exact_column_totals(squares, indicators, catalogue):
    everything = shapely.union_all(squares.geometry.to_numpy())
    profile = aggregate(squares, indicators, catalogue, everything)
    assert (profile.shares == 1.0).all()
    assert profile["pop"] == indicators["pop"].sum()
    assert profile["dwellings"] == indicators["dwellings"].sum()
    reference = municipality_profile(squares, indicators, catalogue)
    assert reference.table["value"].equals(profile.table["value"])


def test_neighbours_sharing_only_an_edge_get_no_share(squares, indicators, catalogue):
    shares = sector_shares(squares, shapely.box(0, 0, 100, 100))
    assert shares.to_dict() == {"a": 1.0}
    profile = aggregate(squares, indicators, catalogue, shapely.box(0, 0, 100, 100))
    assert profile["pop"] == 10 and profile["income_avg"] == 1000


def test_intensive_with_denominator_weights_by_the_part_inside(squares, indicators, catalogue):
    # a quarter of b and half of d: population inside 5 and 20
    perimeter = shapely.box(150, 50, 200, 200)
    profile = aggregate(squares, indicators, catalogue, perimeter)
    assert profile.shares.to_dict() == {"b": 0.25, "d": 0.5}
    assert profile["pop"] == 5 + 20
    assert profile["income_avg"] == (5 * 2000 + 20 * 4000) / 25 == 3600
    assert profile["green_pct"] == pytest.approx((0.25 * 20 + 0.5 * 40) / 0.75, rel=1e-12)


def test_missing_values_are_skipped_and_reported(squares, indicators, catalogue):
    indicators.loc["c", ["pop", "income_avg"]] = np.nan
    with pytest.warns(MissingValuesWarning, match="pop"):
        profile = aggregate(squares, indicators, catalogue, TWO_AND_A_HALF)
    table = profile.table
    assert profile["pop"] == 30
    assert table.loc["pop", "coverage"] == pytest.approx(2 / 2.5)
    assert table.loc["pop", ["sectors_used", "sectors_missing"]].tolist() == [2, 1]
    # c has no population, so it weighs nothing in the average income: coverage by weight is 1
    assert profile["income_avg"] == pytest.approx((10 * 1000 + 20 * 2000) / 30)
    assert table.loc["income_avg", "sectors_missing"] == 1
    assert table.loc["dwellings", "coverage"] == 1.0


def test_missing_income_with_known_weight_lowers_coverage(squares, indicators, catalogue):
    indicators.loc["c", "income_avg"] = np.nan
    skip = aggregate(squares, indicators, catalogue, TWO_AND_A_HALF)
    assert skip["income_avg"] == pytest.approx((10 * 1000 + 20 * 2000) / 30)
    assert skip.table.loc["income_avg", "coverage"] == pytest.approx(30 / 45)
    zero = aggregate(squares, indicators, catalogue, TWO_AND_A_HALF, missing="zero")
    assert zero["income_avg"] == pytest.approx((10 * 1000 + 20 * 2000) / 45)
    assert zero.table.loc["income_avg", "coverage"] == pytest.approx(30 / 45)
    propagate = aggregate(squares, indicators, catalogue, TWO_AND_A_HALF, missing="propagate")
    assert np.isnan(propagate["income_avg"]) and propagate["pop"] == 45


def test_sector_without_a_row_counts_as_missing(squares, indicators, catalogue):
    profile = aggregate(squares, indicators.drop(index="c"), catalogue, TWO_AND_A_HALF)
    assert profile["pop"] == 30
    assert profile.sectors["has_row"].to_dict() == {"a": True, "b": True, "c": False}
    assert (profile.table["sectors_missing"] == 1).all()


def test_zero_total_weight_gives_nan_not_an_error(squares, indicators, catalogue):
    indicators["pop"] = 0
    profile = aggregate(squares, indicators, catalogue, TWO_AND_A_HALF)
    assert np.isnan(profile["income_avg"]) and np.isnan(profile.table.loc["income_avg", "coverage"])


def test_perimeter_partly_outside_the_data(squares, indicators, catalogue):
    profile = aggregate(squares, indicators, catalogue, shapely.box(-100, 0, 100, 100))
    assert profile.data_coverage == 0.5
    assert profile.hectares_inside == 1.0 and profile["pop"] == 10


def test_several_perimeters_in_one_pass(squares, indicators, catalogue):
    layer = gpd.GeoDataFrame(
        {"name": ["two and a half", "corner", "strip"]},
        geometry=[TWO_AND_A_HALF, shapely.box(150, 50, 200, 200), shapely.box(0, 50, 200, 150)],
        crs="EPSG:31370").set_index("name")
    profiles = aggregate(squares, indicators, catalogue, layer)
    assert list(profiles) == ["two and a half", "corner", "strip"]
    for name, geometry in layer.geometry.items():
        alone = aggregate(squares, indicators, catalogue, geometry)
        pd.testing.assert_frame_equal(profiles[name].table, alone.table)
        pd.testing.assert_frame_equal(profiles[name].sectors, alone.sectors)
    shares = sector_shares(squares, layer)
    assert shares.loc["strip"].to_dict() == {"a": 0.5, "b": 0.5, "c": 0.5, "d": 0.5}
    table = side_by_side({**profiles, "all": municipality_profile(squares, indicators, catalogue)})
    assert table.loc["pop"].tolist() == [45, 25, 50, 100]
    assert profiles.wide().loc["pop"].tolist() == [45, 25, 50]


def test_drawn_perimeter_and_catalogue_with_id_column(squares, indicators, catalogue):
    drawn = DrawnPerimeter(geometry=TWO_AND_A_HALF, vertices=6)
    flat = catalogue.reset_index()  # as read from indicator_catalogue.csv
    assert aggregate(squares, indicators.reset_index(), flat, drawn)["pop"] == 45


def test_kind_aliases():
    assert IndicatorKind(" Intensief ") is IndicatorKind.INTENSIVE
    assert IndicatorKind("count") is IndicatorKind.EXTENSIVE
    # a median is averaged like a mean (an approximation the catalogue documents)
    assert IndicatorKind("median") is IndicatorKind.INTENSIVE
    with pytest.raises(ValueError):
        IndicatorKind("mode")


# --- bad input -----------------------------------------------------------------------

def _code(error_info) -> str:
    return error_info.value.code


def test_crs_problems_name_both_systems(squares, indicators, catalogue):
    layer = gpd.GeoDataFrame(geometry=[TWO_AND_A_HALF], crs="EPSG:3812")
    with pytest.raises(CrsError) as caught:
        aggregate(squares, indicators, catalogue, layer)
    assert _code(caught) == "errors.crs_mismatch"
    assert caught.value.params == {"perimeter_crs": "EPSG:3812", "sectors_crs": "EPSG:31370"}
    assert "Reproject the perimeter to EPSG:31370" in str(caught.value)
    with pytest.raises(CrsError) as caught:
        aggregate(squares, indicators, catalogue, gpd.GeoDataFrame(geometry=[TWO_AND_A_HALF]))
    assert _code(caught) == "errors.perimeter_crs_missing"
    with pytest.raises(CrsError) as caught:
        aggregate(squares.set_crs(None, allow_override=True), indicators, catalogue, TWO_AND_A_HALF)
    assert _code(caught) == "errors.sectors_crs_missing"
    with pytest.raises(CrsError) as caught:
        municipality_profile(squares.set_crs(4326, allow_override=True), indicators, catalogue)
    assert _code(caught) == "errors.crs_geographic" and caught.value.params == {"crs": "EPSG:4326"}


@pytest.mark.parametrize(("geometry", "code"), [
    (shapely.Point(50, 50), "errors.perimeter_not_polygon"),
    (shapely.LineString([(0, 0), (200, 200)]), "errors.perimeter_not_polygon"),
    (shapely.Polygon(), "errors.perimeter_empty"),
    (shapely.Polygon([(0, 0), (100, 0), (200, 0)]), "errors.perimeter_empty"),
    (None, "errors.perimeter_empty"),
    (shapely.box(1000, 1000, 1100, 1100), "errors.perimeter_outside_data"),
])
def test_unusable_perimeters(squares, indicators, catalogue, geometry, code):
    with pytest.raises(PerimeterError) as caught:
        aggregate(squares, indicators, catalogue, geometry)
    assert _code(caught) == code


def test_bow_tie_perimeter_is_repaired(squares, indicators, catalogue):
    bow_tie = shapely.Polygon([(0, 0), (200, 200), (200, 0), (0, 200)])
    profile = aggregate(squares, indicators, catalogue, bow_tie)
    assert profile.perimeter_area_m2 == pytest.approx(20_000)


def test_catalogue_problems(squares, indicators, catalogue):
    with pytest.raises(IndicatorError) as caught:
        aggregate(squares, indicators, catalogue.assign(kind=["extensive", "mode", "x", "y"]),
                  TWO_AND_A_HALF)
    assert _code(caught) == "errors.indicator_kind_unknown"
    assert caught.value.params == {"indicator": "dwellings", "kind": "mode"}
    with pytest.raises(IndicatorError) as caught:
        aggregate(squares, indicators.drop(columns="pop"), catalogue.drop(index="pop"), TWO_AND_A_HALF)
    assert _code(caught) == "errors.denominator_missing"
    assert caught.value.params == {"indicator": "income_avg", "denominator": "pop"}
    with pytest.raises(IndicatorError) as caught:
        aggregate(squares, indicators.drop(columns="dwellings"), catalogue, TWO_AND_A_HALF)
    assert _code(caught) == "errors.indicator_missing"


def test_table_problems(squares, indicators, catalogue):
    text = indicators.astype({"pop": object})
    text.loc["b", "pop"] = "C"  # Statbel's mark for a suppressed cell
    with pytest.raises(IndicatorError) as caught:
        aggregate(squares, text, catalogue, TWO_AND_A_HALF)
    assert _code(caught) == "errors.indicator_not_numeric" and caught.value.params["count"] == 1
    doubled = pd.concat([indicators, indicators.loc[["a"]]])
    with pytest.raises(IndicatorError) as caught:
        aggregate(squares, doubled, catalogue, TWO_AND_A_HALF)
    assert _code(caught) == "errors.sector_codes_duplicated"
    with pytest.raises(SectorError) as caught:
        municipality_profile(squares.assign(cd_sector=list("abca")), indicators, catalogue)
    assert _code(caught) == "errors.sector_codes_duplicated"
    with pytest.raises(ValueError, match="missing must be one of"):
        aggregate(squares, indicators, catalogue, TWO_AND_A_HALF, missing="ignore")


# --- invariants over random tessellations -------------------------------------------------

def _voronoi_sectors(rng: np.random.Generator, count: int) -> gpd.GeoDataFrame:
    """Irregular sectors with float coordinates tiling a 10 km × 8 km box."""
    extent = shapely.box(150_000, 160_000, 160_000, 168_000)
    points = shapely.multipoints(rng.uniform([150_000, 160_000], [160_000, 168_000], (count, 2)))
    cells = shapely.intersection(np.asarray(shapely.voronoi_polygons(points, extend_to=extent).geoms), extent)
    codes = [f"99999A{i:03d}" for i in range(len(cells))]
    return gpd.GeoDataFrame({"cd_sector": codes}, geometry=cells, crs="EPSG:31370")


EXTENSIVE_ONLY = pd.DataFrame({"kind": ["extensive"], "denominator": [""]}, index=["pop"])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), columns=st.integers(1, 5), rows=st.integers(1, 4))
def test_perimeters_partitioning_the_area_sum_to_the_total(seed, columns, rows):
    rng = np.random.default_rng(seed)
    sectors = _voronoi_sectors(rng, 60)
    pop = pd.DataFrame({"pop": rng.integers(0, 3000, len(sectors)).astype(float)},
                       index=pd.Index(sectors["cd_sector"], name="cd_sector"))
    xs = np.sort(np.r_[150_000, rng.uniform(150_000, 160_000, columns - 1), 160_000])
    ys = np.sort(np.r_[160_000, rng.uniform(160_000, 168_000, rows - 1), 168_000])
    cells = [shapely.box(x0, y0, x1, y1) for x0, x1 in zip(xs, xs[1:]) for y0, y1 in zip(ys, ys[1:])]
    layer = gpd.GeoDataFrame(geometry=cells, crs="EPSG:31370")
    profiles = aggregate(sectors, pop, EXTENSIVE_ONLY, layer)
    total = sum(profile["pop"] for profile in profiles.values())
    assert total == pytest.approx(pop["pop"].sum(), rel=1e-9)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_union_of_whole_sectors_returns_their_exact_sum(seed):
    rng = np.random.default_rng(seed)
    sectors = _voronoi_sectors(rng, 40)
    pop = pd.DataFrame({"pop": rng.integers(0, 10**9, len(sectors)).astype(float)},
                       index=pd.Index(sectors["cd_sector"], name="cd_sector"))
    chosen = sectors.sample(frac=0.4, random_state=np.random.RandomState(seed % 2**31))
    profile = aggregate(sectors, pop, EXTENSIVE_ONLY, shapely.union_all(chosen.geometry.to_numpy()))
    assert set(profile.shares.index) == set(chosen["cd_sector"])
    assert (profile.shares == 1.0).all()
    assert profile["pop"] == pop.loc[chosen["cd_sector"], "pop"].sum()


# --- real sectors ------------------------------------------------------------------------

def _real(name: str) -> Path:
    if not REAL.is_dir():
        pytest.skip(f"real test data folder {REAL} is absent (set WIJK_REAL_DATA to its location)")
    return REAL / name


INCOME = ["MS_NBR_NON_ZERO_INC", "MS_TOT_NET_TAXABLE_INC", "MS_AVG_TOT_NET_TAXABLE_INC"]
INCOME_CATALOGUE = pd.DataFrame({"kind": ["extensive", "extensive", "intensive"],
                                 "denominator": ["", "", "MS_NBR_NON_ZERO_INC"]}, index=INCOME)


@pytest.fixture(scope="module")
def zennevallei() -> tuple[gpd.GeoDataFrame, pd.DataFrame, pd.DataFrame]:
    sectors = gpd.read_file(_real("zennevallei_sectors_statbel_20240101.geojson")).to_crs("EPSG:31370")
    income = pd.read_csv(_real("zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv"),
                         dtype={"CD_SECTOR": str})
    wide = (income.pivot(index="CD_SECTOR", columns="CD_YEAR", values=INCOME)
            .xs(2022, axis=1, level="CD_YEAR").dropna(how="all").rename_axis("cd_sector"))
    link = pd.read_csv(_real("zennevallei_sector_to_wijk_ggw72024.csv"), dtype=str)
    return sectors, wide, link


def test_zennevallei_wijk_unions_return_their_sectors_sums(zennevallei):
    sectors, income, link = zennevallei
    wijken = sectors.merge(link, on="cd_sector").dissolve("wijk_code")[["geometry"]]
    profiles = aggregate(sectors, income, INCOME_CATALOGUE, wijken)
    assert len(profiles) == 38
    for wijk, profile in profiles.items():
        members = link.loc[link["wijk_code"] == wijk, "cd_sector"]
        assert set(profile.shares.index) == set(members), wijk
        assert (profile.shares == 1.0).all(), wijk
        rows = income.reindex(members)
        for column in ["MS_NBR_NON_ZERO_INC", "MS_TOT_NET_TAXABLE_INC"]:
            assert profile[column] == pytest.approx(rows[column].sum(), rel=1e-9, abs=0), (wijk, column)
        if rows.notna().all().all():  # published averages are rounded to the euro
            mean = profile["MS_TOT_NET_TAXABLE_INC"] / profile["MS_NBR_NON_ZERO_INC"]
            assert abs(profile["MS_AVG_TOT_NET_TAXABLE_INC"] - mean) <= 0.5, wijk


def test_zennevallei_municipality_totals(zennevallei):
    sectors, income, _ = zennevallei
    profile = municipality_profile(sectors, income, INCOME_CATALOGUE)
    assert profile["MS_NBR_NON_ZERO_INC"] == income["MS_NBR_NON_ZERO_INC"].sum()
    assert profile["MS_TOT_NET_TAXABLE_INC"] == pytest.approx(income["MS_TOT_NET_TAXABLE_INC"].sum(),
                                                              rel=1e-9)
    complete = income.dropna()
    mean = complete["MS_TOT_NET_TAXABLE_INC"].sum() / complete["MS_NBR_NON_ZERO_INC"].sum()
    assert abs(profile["MS_AVG_TOT_NET_TAXABLE_INC"] - mean) <= 0.5
    coverage = complete["MS_NBR_NON_ZERO_INC"].sum() / income["MS_NBR_NON_ZERO_INC"].sum()
    assert profile.table.loc["MS_AVG_TOT_NET_TAXABLE_INC", "coverage"] == pytest.approx(coverage)
    # 3 sectors have no income row, 17 more have suppressed money columns
    assert (~profile.sectors["has_row"]).sum() == 3
    assert profile.table.loc["MS_TOT_NET_TAXABLE_INC", "sectors_missing"] == 3 + 17


def test_zennevallei_simplified_wijken_cut_sectors_but_keep_the_total(zennevallei):
    """The published wijk polygons are simplified: they cut sectors, yet nearly tile the zone."""
    sectors, income, _ = zennevallei
    wijken = gpd.read_file(_real("zennevallei_wijken_pinc_ggw72024.gpkg")).set_index("wijk_code")
    profiles = aggregate(sectors, income, INCOME_CATALOGUE, wijken)
    shares = sector_shares(sectors, wijken)
    assert ((shares > 0) & (shares < 1)).any()
    total = sum(profile["MS_NBR_NON_ZERO_INC"] for profile in profiles.values())
    assert total == pytest.approx(income["MS_NBR_NON_ZERO_INC"].sum(), rel=1e-3)


def test_brussels_quartier_unions_return_their_area():
    sectors = gpd.read_file(_real("brussels_sectors_statbel_20220101.gpkg"))
    link = pd.read_csv(_real("brussels_sector_to_wijk_and_quartier.csv"), dtype=str)
    area = sectors.set_index("cd_sector")[["ms_area_ha"]]
    catalogue = pd.DataFrame({"kind": ["extensive"], "denominator": [""]}, index=["ms_area_ha"])
    quartiers = sectors.merge(link, on="cd_sector").dissolve("mdrc")[["geometry"]]
    profiles = aggregate(sectors, area, catalogue, quartiers)
    for mdrc, profile in profiles.items():
        members = link.loc[link["mdrc"] == mdrc, "cd_sector"]
        assert (profile.shares == 1.0).all() and len(profile.shares) == len(members)
        assert profile["ms_area_ha"] == pytest.approx(area.loc[members, "ms_area_ha"].sum(), rel=1e-12)


def test_agrees_with_tobler_on_brussels_monitoring_quartiers():
    tobler = pytest.importorskip("tobler")
    sectors = gpd.read_file(_real("brussels_sectors_statbel_20220101.gpkg"))
    quartiers = gpd.read_file(_real("brussels_monitoring_quartiers_urbis.gpkg"))
    catalogue = pd.DataFrame({"kind": ["extensive"], "denominator": [""]}, index=["ms_area_ha"])
    profiles = aggregate(sectors, sectors.set_index("cd_sector")[["ms_area_ha"]], catalogue, quartiers)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = tobler.area_weighted.area_interpolate(sectors, quartiers, extensive_variables=["ms_area_ha"],
                                                       allocate_total=False)
    ours = pd.Series({label: profile["ms_area_ha"] for label, profile in profiles.items()})
    # tobler stores intersection areas as float32: agreement to ~1e-7
    np.testing.assert_allclose(ours.to_numpy(), theirs["ms_area_ha"].to_numpy(), rtol=1e-6)
