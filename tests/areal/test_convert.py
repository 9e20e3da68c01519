"""A table moved from one generation of sector geometry onto another: exact by hand, totals kept on real data."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from real_data import real_file
from shapely import box
from shapely.geometry import LineString
from shapely.ops import split

from wijk_core.areal.convert import convert_to_sectors
from wijk_core.readers.generations import Generation
from wijk_core.readers.geometry import read_sectors
from wijk_core.readers.indicators import read_indicators

CATALOGUE = pd.DataFrame({"id": ["people", "income"], "kind": ["extensive", "intensive"],
                          "denominator": ["", "people"]})


def _layer(codes: list[str], boxes: list[tuple[float, float, float, float]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"cd_sector": codes}, geometry=[box(*b) for b in boxes], crs=31370)


OLD = _layer(["11001A00-", "11001A01-"], [(0, 0, 100, 100), (100, 0, 200, 100)])
TABLE = pd.DataFrame({"cd_sector": ["11001A00-", "11001A01-"], "people": [100.0, 40.0], "income": [10.0, 20.0]})


def test_a_split_and_a_shifted_border_by_hand():
    # A00- split in two halves; the second half also takes half of A01-.
    new = _layer(["11001A00K", "11001A00L", "11001A01-"], [(0, 0, 50, 100), (50, 0, 150, 100), (150, 0, 200, 100)])
    conversion = convert_to_sectors(OLD, TABLE, CATALOGUE, new)
    assert conversion.data.index.tolist() == ["11001A00K", "11001A00L", "11001A01-"]
    assert conversion.data["people"].tolist() == [50.0, 70.0, 20.0]
    assert conversion.data.loc["11001A00L", "income"] == pytest.approx((50 * 10 + 20 * 20) / 70, abs=1e-12)
    assert conversion.data["income"].tolist()[::2] == [10.0, 20.0]
    assert conversion.totals.loc["people"].tolist() == [140.0, 140.0, 0.0]
    assert (conversion.source_sectors, conversion.share_outside) == (2, 0.0)
    [issue] = conversion.issues("fluvius.csv")
    assert (issue.code, issue.count, issue.message_params()) == ("report.table_converted", 3, {
        "totals": "people: 140 → 140", "from_sectors": 2, "sectors": 3, "share_covered": 100.0, "share_outside": 0.0,
        "count": 3, "examples": "", "source": "fluvius.csv"})
    assert issue.message_params(lambda n: f"{n:.2f}")["totals"] == "people: 140.00 → 140.00"
    [named] = conversion.issues("fluvius.csv", (Generation.PRE_2025, Generation.GEN_2025))
    assert named.code == "report.table_converted_pre2025_to_2025"
    assert "before the 2025 reform" in named.message() and "people: 140 → 140" in named.message()


def test_ground_outside_the_target_is_reported_not_moved_and_unknown_codes_are_named():
    new = _layer(["11001A00K"], [(0, 0, 150, 100)])  # covers A00- and half of A01-
    table = pd.concat([TABLE, pd.DataFrame({"cd_sector": ["11001A99-"], "people": [7.0], "income": [1.0]})])
    conversion = convert_to_sectors(OLD, table, CATALOGUE, new)
    assert conversion.data.loc["11001A00K", "people"] == 120.0
    assert conversion.totals.loc["people"].tolist() == [140.0, 120.0, 20.0]
    assert conversion.share_outside == 0.25
    assert conversion.codes_without_geometry == ("11001A99-",)
    assert [issue.code for issue in conversion.issues()] == ["report.table_converted",
                                                            "report.codes_without_geometry"]


def test_a_target_sector_half_on_source_data_is_named_partly_covered():
    new = _layer(["11001A00K", "11001A01K"], [(0, 0, 100, 100), (150, 0, 250, 100)])  # A01K: half outside the data
    conversion = convert_to_sectors(OLD, TABLE, CATALOGUE, new)
    assert conversion.covered.tolist() == [1.0, 0.5]
    assert conversion.share_covered == 0.75
    assert conversion.data["people"].tolist() == [100.0, 20.0]
    [_, partly] = conversion.issues("t.csv")
    assert (partly.code, partly.count, partly.examples) == ("report.sectors_partly_covered", 1,
                                                            ("11001A01K (50.0%)",))


def test_a_target_sector_on_no_source_data_stays_empty():
    new = _layer(["11001A00K", "11001A05K"], [(0, 0, 100, 100), (500, 0, 600, 100)])
    conversion = convert_to_sectors(OLD, TABLE, CATALOGUE, new)
    assert conversion.data.loc["11001A00K"].tolist() == [100.0, 10.0]
    assert conversion.data.loc["11001A05K"].isna().all()


# --- real geometry: Zennevallei's pre-2025 sectors onto a made-up other generation ------------------------------

@pytest.fixture(scope="module")
def zennevallei():
    sectors = read_sectors(real_file("zennevallei_sectors_statbel_20240101.geojson")).sectors
    income = read_indicators(real_file("zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv"), sectors=sectors)
    return sectors, income.data


def _halves(sectors: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Every sector cut in two at its centroid's x, the way the 2025 reform split sectors (K and L)."""
    codes, parts = [], []
    for number, (code, geometry) in enumerate(zip(sectors["cd_sector"], sectors.geometry)):
        x = geometry.centroid.x
        _, y0, _, y1 = geometry.bounds
        pieces = sorted(split(geometry, LineString([(x, y0 - 1), (x, y1 + 1)])).geoms, key=lambda g: g.bounds[0])
        west = pieces[0]
        east = pieces[1:]
        stem = f"{code[:5]}{chr(ord('A') + number // 100)}{number % 100:02d}"
        codes += [stem + "K", stem + "L"]
        parts += [west, gpd.GeoSeries(east).union_all()]
    return gpd.GeoDataFrame({"cd_sector": codes}, geometry=parts, crs=sectors.crs)


def _income_catalogue(table: pd.DataFrame) -> pd.DataFrame:
    counts = [column for column in table.columns if column.startswith("MS_NBR")]
    others = [column for column in table.columns if column not in counts and column.startswith("MS_")]
    return pd.DataFrame({"id": counts + others, "kind": ["extensive"] * len(counts) + ["intensive"] * len(others),
                         "denominator": [""] * len(counts) + [counts[0]] * len(others)})


def test_real_sectors_split_in_two_keep_every_total_and_come_back_exactly(zennevallei):
    sectors, income = zennevallei
    catalogue = _income_catalogue(income)
    halves = _halves(sectors)
    there = convert_to_sectors(sectors, income, catalogue, halves)
    assert len(there.data) == 2 * len(sectors)
    for indicator, row in there.totals.iterrows():
        assert row["target"] == pytest.approx(row["source"], rel=1e-9, abs=1e-9), indicator
    assert there.share_outside < 1e-9
    # back onto the original sectors: every extensive value is its own again
    back = convert_to_sectors(halves, there.data.reset_index(), catalogue, sectors)
    extensive = catalogue.loc[catalogue["kind"] == "extensive", "id"]
    original = income.reindex(back.data.index)[list(extensive)]
    np.testing.assert_allclose(back.data[list(extensive)].to_numpy(), original.to_numpy(), rtol=1e-9, atol=1e-6)


def test_real_sectors_merged_by_municipality_keep_every_total(zennevallei):
    sectors, income = zennevallei
    catalogue = _income_catalogue(income)
    municipalities = sectors.assign(cd_sector=sectors["cd_sector"].str[:5] + "A00-").dissolve("cd_sector")
    merged = convert_to_sectors(sectors, income, catalogue, municipalities.reset_index())
    assert len(merged.data) == 6
    first = catalogue["id"][0]
    by_municipality = income[first].groupby(income.index.str[:5]).sum()
    np.testing.assert_allclose(merged.data[first].to_numpy(), by_municipality.to_numpy(), rtol=1e-9)
