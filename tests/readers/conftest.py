"""Helpers for the reader tests: the shared real data and small synthetic sector layers."""

from __future__ import annotations


import geopandas as gpd
import pytest
from real_data import real_file
from shapely.geometry import box




@pytest.fixture
def real():
    """``real(name)``: path of a file of shared/data/real, or skip the test when absent (fail under CI)."""
    return real_file


@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    """Four 100 m × 100 m sectors of municipality 23003 near Brussels, in EPSG:31370."""
    codes = ["23003A001", "23003A012", "23003A02-", "23003B00-"]
    geometry = [box(150_000 + 100 * i, 160_000, 150_100 + 100 * i, 160_100) for i in range(4)]
    return gpd.GeoDataFrame({"CD_SECTOR": codes, "TX_SECTOR_DESCR_NL": ["A", "B", "C", "D"],
                             "TX_SECTOR_DESCR_FR": ["a", "b", "c", "d"]},
                            geometry=geometry, crs=31370)
