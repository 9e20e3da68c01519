"""The figures of a drawn perimeter: exact on four squares, consistent with the profiles on the demo and on
the real Zennevallei data."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from real_data import real_file
from wijk_core.maps.choropleth import default_indicator
from wijk_core.sectors.data import SectorData, load_sector_data
from wijk_core.selection.candidates import MUNICIPALITY, candidate_layer, profile_candidates
from wijk_core.selection.map import mapped_indicators
from wijk_core.selection.perimeter import figures_table, key_indicators, perimeter_figures, reference_values


def _squares() -> SectorData:
    """Four 100 m squares in a row (1 ha each); the fourth has no indicator row."""
    codes = ["99991A001", "99991A002", "99991A003", "99991A004"]
    sectors = gpd.GeoDataFrame({"cd_sector": codes},
                               geometry=[box(150_000 + 100 * i, 160_000, 150_100 + 100 * i, 160_100)
                                         for i in range(4)], crs=31370)
    indicators = pd.DataFrame({"pop": [100.0, 200.0, 300.0], "share_old_pct": [10.0, 20.0, float("nan")],
                               "area_ha": [1.0, 1.0, 1.0]},
                              index=pd.Index(codes[:3], name="cd_sector"))
    catalogue = pd.DataFrame({"label_nl": ["Inwoners", "Aandeel ouderen", "Oppervlakte"],
                              "unit": ["count", "%", "ha"], "kind": ["extensive", "intensive", "extensive"],
                              "denominator": ["", "pop", ""],
                              "direction": ["neutral", "need_if_higher", "neutral"]},
                             index=pd.Index(["pop", "share_old_pct", "area_ha"], name="id"))
    return SectorData(sectors=sectors, indicators=indicators, catalogue=catalogue,
                      wijken=gpd.GeoDataFrame({"wijk_code": [], "wijk_naam": []}, geometry=[], crs=31370),
                      sector_to_wijk=pd.DataFrame({"cd_sector": [], "wijk_code": []}), synthetic=True,
                      label="Vierkanten")


def test_key_indicators_put_the_mapped_one_first_then_need():
    data = _squares()
    assert key_indicators(data.catalogue, ["pop", "share_old_pct", "area_ha"], "area_ha", 2) == ["area_ha",
                                                                                                 "share_old_pct"]
    assert key_indicators(data.catalogue, ["pop", "share_old_pct"], None, 5) == ["share_old_pct", "pop"]
    assert key_indicators(data.catalogue, ["pop"], "unknown", 5) == ["pop"]


def test_figures_of_a_rectangle_over_the_squares_are_exact():
    data = _squares()
    # half of square 2, all of square 3 and 4, and 50 m beyond: 3 ha, of which 1.5 ha on sectors with a row
    drawn = box(150_150, 160_000, 150_450, 160_100)
    figures = perimeter_figures(data, drawn, ["pop", "share_old_pct"])
    assert figures.hectares == pytest.approx(3.0)
    assert figures.share_on_data == pytest.approx(1.5 / 3.0)
    assert figures.sector_codes == ("99991A002", "99991A003", "99991A004")
    assert figures.values.at["pop", "perimeter"] == pytest.approx(0.5 * 200 + 300)
    # the share of old people weighs by inhabitants; square 3 has no value and is skipped
    assert figures.values.at["share_old_pct", "perimeter"] == pytest.approx(20.0)
    assert figures.values.at["pop", "municipality"] == pytest.approx(600)
    assert figures.values.at["share_old_pct", "municipality"] == pytest.approx((100 * 10 + 200 * 20) / 300)

    table = figures_table(figures, data.catalogue, "nl")
    assert table.iloc[0].tolist() == ["Inwoners", "400 aantal", "600 aantal"]
    assert table.iloc[1].tolist() == ["Aandeel ouderen", "20,0 %", "16,7 %"]


def test_a_drawing_outside_the_data_touches_nothing():
    data = _squares()
    figures = perimeter_figures(data, box(0, 0, 100, 100), ["pop"])
    assert (figures.hectares, figures.share_on_data, figures.sector_codes) == (pytest.approx(1.0), 0.0, ())
    assert math.isnan(figures.values.at["pop", "perimeter"])
    assert figures.values.at["pop", "municipality"] == pytest.approx(600)
    assert figures_table(figures, data.catalogue, "fr").iloc[0].tolist() == ["Inwoners", "\u2013", "600 nombre"]


def _same_as_the_profiles(data: SectorData, drawn) -> None:
    """The figures equal the saved candidate's profile (the same aggregation) and its sectors."""
    keys = key_indicators(data.catalogue, mapped_indicators(data),
                          default_indicator(data.catalogue, mapped_indicators(data)))
    figures = perimeter_figures(data, drawn, keys, reference_values(data, keys))
    profiles = profile_candidates(data, candidate_layer({"Getekend": drawn}))
    pd.testing.assert_series_equal(figures.values["perimeter"], profiles.values.loc[keys, "Getekend"],
                                   check_names=False, rtol=1e-9)
    pd.testing.assert_series_equal(figures.values["municipality"], profiles.values.loc[keys, MUNICIPALITY],
                                   check_names=False, rtol=1e-9)
    touched = data.sectors[data.sectors.intersection(drawn).area > 0]["cd_sector"]
    assert figures.sector_codes == tuple(sorted(touched))
    assert figures.hectares == pytest.approx(drawn.area / 10_000)
    assert figures.hectares * figures.share_on_data == pytest.approx(profiles.areas.at["Getekend", "hectares"])


def test_demo_figures_are_the_profiles_figures(demo):
    left, bottom, right, top = demo.sectors.total_bounds
    _same_as_the_profiles(demo, box(left + (right - left) * 0.3, bottom + (top - bottom) * 0.3,
                                    left + (right - left) * 0.55, bottom + (top - bottom) * 0.6))


def test_zennevallei_figures_are_the_profiles_figures():
    data, _ = load_sector_data(real_file("zennevallei_sectors_statbel_20240101.geojson"),
                               [real_file("zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv"),
                                real_file("zennevallei_heat_vulnerability_2026.csv")])
    keys = key_indicators(data.catalogue, mapped_indicators(data),
                          default_indicator(data.catalogue, mapped_indicators(data)))
    assert "MS_AVG_TOT_NET_TAXABLE_INC" in keys or len(keys) == 5
    centre = data.sectors.union_all().centroid
    drawn = box(centre.x - 1_500, centre.y - 1_000, centre.x + 1_500, centre.y + 1_000)
    _same_as_the_profiles(data, drawn)
    figures = perimeter_figures(data, drawn, keys)
    assert len(figures.sector_codes) >= 2 and figures.share_on_data == pytest.approx(1.0)
