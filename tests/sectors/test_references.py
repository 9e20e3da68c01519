"""Region and Belgium values beside the municipality's, from a kept national table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wijk_core.readers import read_indicators, read_sectors
from wijk_core.readers.catalogue import default_catalogue
from wijk_core.areal.aggregate import municipality_profile
from wijk_core.sectors.official import fetch_official
from wijk_core.sectors.references import BELGIUM, national_references, reference_values, region_of_code

from .statbel_mirror import ELSEWHERE, SECTORS_2024, build_mirror, income_rows

CATALOGUE = pd.DataFrame({"kind": ["extensive", "intensive", "intensive"],
                          "denominator": [None, "n", None]}, index=pd.Index(["n", "avg", "area_mean"], name="id"))


@pytest.mark.parametrize("code, region", [("21004", "04000"), ("23003A001", "02000"), ("24062", "02000"),
                                          ("25072", "03000"), ("44088", "02000"), ("62063", "03000"),
                                          ("72043", "02000"), ("93014", "03000"), ("xx", None)])
def test_region_by_code(code, region):
    assert region_of_code(code) == region


def test_extensive_summed_intensive_weighted_by_its_denominator_by_hand():
    table = pd.DataFrame({"n": [10, 30, 60, np.nan], "avg": [1.0, 2.0, 4.0, 9.0], "area_mean": [1, 2, 3, 4]},
                         index=["44040A00-", "23003A001", "62063A00-", "21004A00-"])
    refs = reference_values(table, CATALOGUE, "02000")
    assert refs.at["n", "region"] == 40 and refs.at["n", BELGIUM] == 100
    assert refs.at["avg", "region"] == pytest.approx((10 * 1 + 30 * 2) / 40)
    assert refs.at["avg", BELGIUM] == pytest.approx((10 + 60 + 240) / 100)  # Brussels' row has no weight
    assert "area_mean" not in refs.index  # weighted by area in a profile: no reference rather than another


def test_the_kept_national_income_file_gives_flanders_and_belgium(tmp_path):
    mirror = build_mirror(tmp_path / "statbel")
    result = fetch_official("44088", "2024", ["income"], tmp_path / "kept", base_url=mirror.as_uri() + "/")
    income = read_indicators(result.sources[1].content, result.sources[1].filename)
    catalogue = default_catalogue(income.data)
    refs = national_references(tmp_path / "kept", [result.sources[1].options], catalogue)
    every = pd.DataFrame(income_rows() + income_rows(ELSEWHERE))
    rows = every[every[0] == "2023"]
    count = rows[3].astype(int)
    flemish = rows[1].isin(list(SECTORS_2024))
    assert refs.at["MS_NBR_NON_ZERO_INC", "region"] == count[flemish].sum()
    assert refs.at["MS_NBR_NON_ZERO_INC", BELGIUM] == count.sum()
    average = rows[5].astype(float)
    assert refs.at["MS_AVG_TOT_NET_TAXABLE_INC", BELGIUM] == pytest.approx((average * count).sum() / count.sum())
    # the same formulas as the profile engine: over the municipality alone they give its profile
    sectors = read_sectors(result.sources[0].content, result.sources[0].filename).sectors
    own = municipality_profile(sectors, income.data, catalogue).table["value"]
    alone = reference_values(income.data, catalogue, "02000")["region"]
    for indicator in alone.index:
        assert alone[indicator] == pytest.approx(own[indicator], rel=1e-12), indicator
    assert national_references(tmp_path / "nothing", [result.sources[1].options], catalogue) is None
