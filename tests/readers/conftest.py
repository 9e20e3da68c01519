"""Helpers for the reader tests: the shared real data and small synthetic sector layers."""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from wijk_core.config import REPO_ROOT

REAL = Path(os.environ.get("WIJK_REAL_DATA", REPO_ROOT.parent / "shared" / "data" / "real"))


@pytest.fixture
def real():
    """``real(name)``: path of a file of shared/data/real, or skip the test when absent."""

    def path_of(name: str) -> Path:
        path = REAL / name
        if not path.is_file():
            pytest.skip(f"real test data {path} not present (see shared/data/real/README.md); "
                        "set WIJK_REAL_DATA to its folder")
        return path

    return path_of


@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    """Four 100 m × 100 m sectors of municipality 23003 near Brussels, in EPSG:31370."""
    codes = ["23003A001", "23003A012", "23003A02-", "23003B00-"]
    geometry = [box(150_000 + 100 * i, 160_000, 150_100 + 100 * i, 160_100) for i in range(4)]
    return gpd.GeoDataFrame({"CD_SECTOR": codes, "TX_SECTOR_DESCR_NL": ["A", "B", "C", "D"],
                             "TX_SECTOR_DESCR_FR": ["a", "b", "c", "d"]},
                            geometry=geometry, crs=31370)
