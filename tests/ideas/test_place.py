"""The idea area (taps inside / outside) and ideas per candidate neighbourhood."""

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from wijk_core.ideas import IdeaArea, IdeaError, ideas_per_candidate, to_lambert, to_wgs84
from wijk_core.sectors.data import load_demo

WEST = shapely.box(175_000, 190_000, 176_000, 191_000)
EAST = shapely.box(176_000, 190_000, 177_000, 191_000)


def _layer(*geometries, crs=31370):
    return gpd.GeoDataFrame(geometry=list(geometries), index=[f"c{i}" for i in range(len(geometries))], crs=crs)


def _lon_lat(x, y):
    return to_wgs84(x, y)


def test_a_tap_inside_is_placed_in_both_systems_and_one_outside_is_refused():
    area = IdeaArea.from_layer(_layer(WEST, EAST), "candidates", names=["West", "Oost"])
    assert area.geometry.area == pytest.approx(2_000_000) and area.names == ("West", "Oost")
    lon, lat = _lon_lat(176_500, 190_500)
    place = area.locate(lon, lat)
    assert (place.x, place.y) == pytest.approx((176_500, 190_500), abs=1e-3)
    assert area.locate(*_lon_lat(177_000, 190_500)).x == pytest.approx(177_000, abs=1e-3)  # the border counts
    with pytest.raises(IdeaError) as caught:
        area.locate(*_lon_lat(177_010, 190_500))
    assert caught.value.code == "errors.ideas_outside_perimeter"
    for bad in [(float("nan"), lat), ("x", lat), (None, None), (200.0, lat)]:
        with pytest.raises(IdeaError) as caught:
            area.locate(*bad)
        assert caught.value.code == "errors.ideas_location_invalid"


def test_the_area_must_be_lambert_72():
    with pytest.raises(ValueError, match="no CRS"):
        IdeaArea.from_layer(gpd.GeoDataFrame(geometry=[WEST]), "candidates")
    with pytest.raises(ValueError, match="to_crs"):
        IdeaArea.from_layer(_layer(WEST).to_crs(3812), "candidates")
    with pytest.raises(ValueError, match="longitude"):
        IdeaArea(shapely.box(4.7, 51.0, 4.8, 51.1), "sectors")


def test_the_demo_municipality_is_the_union_of_its_sectors():
    sectors = load_demo().sectors
    area = IdeaArea.from_layer(sectors, "sectors")
    assert area.geometry.area == pytest.approx(sectors.area.sum(), rel=1e-9)  # a tessellation: no gaps, no overlaps
    minx, miny, maxx, maxy = area.bounds_wgs84
    assert 4.6 < minx < maxx < 4.9 and 50.9 < miny < maxy < 51.1
    assert area.outline_wgs84["type"] in ("Polygon", "MultiPolygon")
    centre = sectors.geometry.iloc[0].representative_point()
    assert area.locate(*to_wgs84(centre.x, centre.y)).x == pytest.approx(centre.x, abs=1e-3)


def test_lambert_round_trip():
    x, y = to_lambert(4.74, 51.04)
    assert to_wgs84(x, y) == pytest.approx((4.74, 51.04), abs=1e-7)  # ~1 cm


def _ideas(*rows):
    return pd.DataFrame(rows, columns=["x", "y", "status"])


def test_ideas_per_candidate_counts_points_by_hand():
    ideas = _ideas((175_500, 190_500, "visible"), (175_600, 190_600, "visible"),
                   (176_000, 190_500, "visible"),   # on the shared border: counts for both
                   (176_500, 190_500, "hidden"),    # hidden: counts for none
                   (176_500, 190_500, "merged"),    # a duplicate counts through its target only
                   (180_000, 190_500, "visible"))   # outside every candidate
    counts = ideas_per_candidate(ideas, _layer(WEST, EAST, shapely.box(0, 0, 1, 1)))
    assert counts.to_dict() == {"c0": 3, "c1": 1, "c2": 0}
    assert counts.name == "ideas" and counts.dtype == "int64"
    assert ideas_per_candidate(ideas, _layer(WEST), statuses=("visible", "hidden")).iloc[0] == 3
    assert ideas_per_candidate(_ideas(), _layer(WEST)).to_dict() == {"c0": 0}


@dataclass
class _Candidate:
    name: str
    geometry: object
    srid: int = 31370


@dataclass
class _Idea:
    x: float
    y: float
    status: str = "visible"


def test_ideas_per_candidate_takes_store_objects_and_refuses_another_crs():
    counts = ideas_per_candidate([_Idea(175_100, 190_100), _Idea(176_100, 190_100)],
                                 [_Candidate("West", WEST), _Candidate("Oost", EAST)])
    assert counts.to_dict() == {"West": 1, "Oost": 1}
    with pytest.raises(ValueError, match="31370"):
        ideas_per_candidate([], [_Candidate("Elders", WEST, srid=3812)])
    with pytest.raises(ValueError, match="to_crs"):
        ideas_per_candidate([], _layer(WEST).to_crs(4326))
    with pytest.raises(ValueError, match="columns"):
        ideas_per_candidate(pd.DataFrame({"x": [1.0]}), _layer(WEST))


def test_ideas_per_demo_wijk_add_up_to_the_ideas_in_the_municipality():
    data = load_demo()
    wijken = data.wijken.set_index("wijk_code")
    points = data.sectors.geometry.representative_point()
    ideas = _ideas(*[(p.x, p.y, "visible") for p in points])
    counts = ideas_per_candidate(ideas, wijken)
    # every sector lies in exactly one wijk (wijken are unions of whole sectors)
    assert counts.sum() == len(data.sectors)
    assert counts.to_dict() == data.sector_to_wijk["wijk_code"].value_counts().reindex(wijken.index).to_dict()
