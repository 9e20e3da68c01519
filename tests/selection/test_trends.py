"""Each candidate's value per year of a long table, aggregated as the loaded year is."""

from __future__ import annotations

import pandas as pd
import pytest
from shapely import box

from sectors.test_data import real
from sectors.test_years import INCOME, load
from wijk_core.sectors.data import load_sector_data, load_demo
from wijk_core.selection.candidates import MUNICIPALITY, candidate_layer, from_sectors, profile_candidates
from wijk_core.selection.trends import candidate_trends, trend_indicators

# all of sector A (x 150 000–150 100) and half of B (150 100–150 200); none of C
HALF = box(150_000, 160_000, 150_150, 160_100)


def test_trends_equal_the_hand_computation_for_extensive_and_intensive():
    data = load(2020)
    trends = candidate_trends(data, candidate_layer({"Noord": HALF}))

    assert trends.indicators == ["people", "income"]  # the wide table's score has no trend
    people, income = trends.of("people"), trends.of("income")
    assert list(people.index) == [2019, 2020, 2021]
    # extensive: A + ½·B
    assert people["Noord"].tolist() == pytest.approx([10 + 40 / 2, 20 + 50 / 2, 30 + 60 / 2])
    assert people[MUNICIPALITY].tolist() == pytest.approx([150, 170, 190])
    # intensive, weighted by the same year's people: Σ s·p·x / Σ s·p
    assert income["Noord"].tolist() == pytest.approx([
        (10 * 1000 + 20 * 2000) / 30, (20 * 1100 + 25 * 2100) / 45, (30 * 1200 + 30 * 2200) / 60])
    assert income[MUNICIPALITY].tolist() == pytest.approx([
        (10 * 1000 + 40 * 2000 + 100 * 5000) / 150, (20 * 1100 + 50 * 2100 + 100 * 5000) / 170,
        (30 * 1200 + 60 * 2200 + 100 * 5000) / 190])
    assert trends.coverage.loc[("income", 2019), "Noord"] == pytest.approx(1.0)


def test_the_loaded_year_of_a_trend_is_the_profile():
    data = load(2020)
    layer = candidate_layer({"Noord": HALF, "Zuid": box(150_150, 160_000, 150_300, 160_100)})
    profiles = profile_candidates(data, layer)
    trends = candidate_trends(data, layer)
    for indicator in trends.indicators:
        assert trends.of(indicator).loc[2020].to_dict() == pytest.approx(profiles.values.loc[indicator].to_dict())


def test_data_without_long_tables_have_no_trends():
    demo = load_demo()
    layer = candidate_layer({"Muide": from_sectors(demo.sectors, demo.sectors["cd_sector"][:2]).geometry})
    assert trend_indicators(demo) == {}
    trends = candidate_trends(demo, layer)
    assert trends.indicators == [] and list(trends.values.columns) == ["Muide", MUNICIPALITY]


def test_real_income_trend_has_five_years_and_meets_the_profile_in_the_year_chosen():
    data, _ = load_sector_data(real("zennevallei_sectors_statbel_20240101.geojson"), [real(INCOME)], year=2021)
    codes = list(data.sectors["cd_sector"][:4])
    layer = candidate_layer({"Beersel-centrum": from_sectors(data.sectors, codes).geometry})
    trends = candidate_trends(data, layer)
    profile = profile_candidates(data, layer).values

    average = trends.of("MS_AVG_TOT_NET_TAXABLE_INC")
    assert list(average.index) == [2019, 2020, 2021, 2022, 2023]
    assert average.loc[2021].to_dict() == pytest.approx(profile.loc["MS_AVG_TOT_NET_TAXABLE_INC"].to_dict())
    total = trends.of("MS_TOT_NET_TAXABLE_INC")[MUNICIPALITY]  # whole sectors: the file's sums per year
    rows = pd.read_csv(real(INCOME))
    assert total.tolist() == pytest.approx(rows.groupby("CD_YEAR")["MS_TOT_NET_TAXABLE_INC"].sum().tolist())
