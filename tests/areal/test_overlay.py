"""Perimeters drawn on the map, checked, and laid over sectors (shares of sector area)."""


import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from real_data import REAL
import shapely

from wijk_core.areal.overlay import (SLIVER_TOLERANCE, CrsError, DrawnPerimeter, PerimeterError,
                                 SectorError, perimeter_from_geojson, polygonal, sector_shares,
                                 whole_sectors)


# A 0.01° x 0.01° square near Mechelen (lon 4.47, lat 51.03).
SQUARE = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[
    [4.47, 51.03], [4.48, 51.03], [4.48, 51.04], [4.47, 51.04], [4.47, 51.03]]]}}


def test_square_is_reprojected_to_lambert():
    perimeter = perimeter_from_geojson(SQUARE)
    assert perimeter.vertices == 4
    # 0.01° of longitude at 51.035° N is ~700 m, 0.01° of latitude ~1113 m.
    assert perimeter.hectares == pytest.approx(0.700 * 1.113 * 100, rel=0.02)
    minx, miny, maxx, maxy = perimeter.geometry.bounds
    assert 150_000 < minx < 170_000 and 180_000 < miny < 200_000


def test_bare_geometry_is_accepted():
    assert perimeter_from_geojson(SQUARE["geometry"]).vertices == 4


@pytest.mark.parametrize("geometry", [
    {"type": "Point", "coordinates": [4.47, 51.03]},
    {"type": "LineString", "coordinates": [[4.47, 51.03], [4.48, 51.04]]},
    {"type": "Polygon", "coordinates": [[[4.47, 51.03], [4.48, 51.03], [4.47, 51.03]]]},
    {},
])
def test_points_lines_and_empty_drawings_are_refused(geometry):
    with pytest.raises(PerimeterError) as caught:
        perimeter_from_geojson({"type": "Feature", "geometry": geometry})
    expected = "errors.perimeter_not_polygon" if geometry.get("type") in ("Point", "LineString") \
        else "errors.perimeter_empty"
    assert caught.value.code == expected


def test_bow_tie_is_repaired():
    bow_tie = {"type": "Polygon", "coordinates": [[
        [4.47, 51.03], [4.48, 51.04], [4.48, 51.03], [4.47, 51.04], [4.47, 51.03]]]}
    perimeter = perimeter_from_geojson(bow_tie)
    assert perimeter.geometry.is_valid and perimeter.hectares > 0
    assert perimeter.repaired  # so the page can say so
    assert not perimeter_from_geojson(SQUARE).repaired


# --- checking perimeters -------------------------------------------------------------------

@pytest.mark.parametrize(("geometry", "code"), [
    (shapely.Point(50, 50), "errors.perimeter_not_polygon"),
    (shapely.LineString([(0, 0), (200, 200)]), "errors.perimeter_not_polygon"),
    (shapely.GeometryCollection([shapely.Point(0, 0), shapely.LineString([(0, 0), (1, 1)])]),
     "errors.perimeter_not_polygon"),
    (shapely.Polygon(), "errors.perimeter_empty"),
    (shapely.Polygon([(0, 0), (100, 0), (200, 0)]), "errors.perimeter_empty"),
    (None, "errors.perimeter_empty"),
])
def test_unusable_geometries(geometry, code):
    with pytest.raises(PerimeterError) as caught:
        polygonal(geometry)
    assert caught.value.code == code


def test_polygonal_repairs_and_keeps_areas():
    bow_tie = shapely.Polygon([(0, 0), (200, 200), (200, 0), (0, 200)])
    assert polygonal(bow_tie).area == pytest.approx(20_000)
    mixed = shapely.GeometryCollection([shapely.box(0, 0, 10, 10), shapely.box(5, 0, 15, 10),
                                        shapely.LineString([(0, 0), (50, 50)])])
    assert polygonal(mixed).area == 150
    square = shapely.box(0, 0, 10, 10)
    assert polygonal(square) is square
    assert polygonal(DrawnPerimeter(geometry=square, vertices=4)) is square


# --- sector shares ----------------------------------------------------------------------
#   c | d        four 100 m squares
#   a | b

@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    boxes = [shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100),
             shapely.box(0, 100, 100, 200), shapely.box(100, 100, 200, 200)]
    return gpd.GeoDataFrame({"cd_sector": list("abcd")}, geometry=boxes, crs="EPSG:31370")


def test_shares_of_whole_half_and_touching_sectors(squares):
    perimeter = shapely.union_all([shapely.box(0, 0, 200, 100), shapely.box(0, 100, 50, 200)])
    assert sector_shares(squares, perimeter).to_dict() == {"a": 1.0, "b": 1.0, "c": 0.5}
    assert sector_shares(squares, shapely.box(0, 0, 100, 100)).to_dict() == {"a": 1.0}
    # the same square with vertices every 10 m that are no sector corners: cut, not related
    assert sector_shares(squares, shapely.segmentize(shapely.box(0, 0, 100, 100), 10)).to_dict() == {"a": 1.0}
    assert sector_shares(squares, shapely.box(100, 100, 100.5, 100.5)).to_dict() == {"d": 0.25e-4}
    assert sector_shares(squares, shapely.box(500, 500, 600, 600)).empty


def test_codes_may_be_the_index(squares):
    indexed = squares.set_index("cd_sector")
    assert sector_shares(indexed, shapely.box(0, 0, 100, 50)).to_dict() == {"a": 0.5}


def test_shares_for_a_layer_are_indexed_by_perimeter(squares):
    layer = gpd.GeoSeries([shapely.box(0, 50, 200, 150), shapely.box(0, 0, 100, 100)],
                          index=pd.Index(["strip", "a"], name="wijk"), crs="EPSG:31370")
    shares = sector_shares(squares, layer)
    assert shares.index.names == ["wijk", "cd_sector"]
    assert shares.loc["strip"].to_dict() == {"a": 0.5, "b": 0.5, "c": 0.5, "d": 0.5}
    assert shares.loc["a"].to_dict() == {"a": 1.0}


def test_slivers_snap_to_zero_and_one(squares):
    sliver = SLIVER_TOLERANCE / 10 * 100  # metres: a strip of a tenth of the tolerance
    grown = shapely.box(0, 0, 100 + sliver, 100 - sliver)
    assert sector_shares(squares, grown).to_dict() == {"a": 1.0}
    tiny = shapely.box(99, 99, 101, 101)
    assert len(sector_shares(squares, tiny)) == 4  # 1 m² of 10,000 m² is far above it


def test_whole_sectors(squares):
    overlap = whole_sectors(squares)
    assert (overlap.share == 1.0).all() and overlap.perimeter_area[0] == 40_000
    with pytest.raises(SectorError) as caught:
        whole_sectors(squares.assign(cd_sector=list("abca")))
    assert caught.value.code == "errors.sector_codes_duplicated"
    assert caught.value.params == {"count": 1, "examples": "a"}


def test_crs_problems(squares):
    with pytest.raises(CrsError) as caught:
        sector_shares(squares.set_crs(4326, allow_override=True), shapely.box(0, 0, 1, 1))
    assert caught.value.code == "errors.crs_geographic"
    assert "Reproject it to EPSG:31370" in str(caught.value)
    with pytest.raises(CrsError) as caught:
        sector_shares(squares, gpd.GeoSeries([shapely.box(0, 0, 1, 1)], crs="EPSG:4326"))
    assert caught.value.code == "errors.crs_mismatch"
    assert caught.value.params == {"perimeter_crs": "EPSG:4326", "sectors_crs": "EPSG:31370"}


def test_perimeter_in_degrees_is_recognised():
    sectors = gpd.GeoDataFrame(geometry=[shapely.box(150_000, 170_000, 151_000, 171_000)],
                               index=pd.Index(["x"], name="cd_sector"), crs="EPSG:31370")
    with pytest.raises(CrsError) as caught:
        sector_shares(sectors, shapely.box(4.40, 50.80, 4.41, 50.81))
    assert caught.value.code == "errors.perimeter_in_degrees"
    assert caught.value.params == {"sectors_crs": "EPSG:31370"}


def test_a_drawing_lands_on_lambert_sectors():
    drawn = perimeter_from_geojson(SQUARE)
    centre = drawn.geometry.centroid
    sectors = gpd.GeoDataFrame({"cd_sector": ["12025A00-", "12025A01-"]}, crs="EPSG:31370", geometry=[
        centre.buffer(100), shapely.box(centre.x, centre.y - 5_000, centre.x + 5_000, centre.y + 5_000)])
    shares = sector_shares(sectors, drawn)
    assert shares["12025A00-"] == 1.0
    assert shares["12025A01-"] == pytest.approx(drawn.hectares * 10_000 / 2 / 5e7, rel=0.01)


def test_gent_invalid_sector_polygons_are_repaired():
    if not REAL.is_dir():
        pytest.skip(f"real test data folder {REAL} is absent (set WIJK_REAL_DATA to its location)")
    sectors = gpd.read_file(REAL / "gent_sectors_2025codes_stadgent.geojson").to_crs("EPSG:31370")
    assert (~sectors.is_valid).sum() == 4  # rings cross after rounding to 5 decimals
    wijken = gpd.read_file(REAL / "gent_wijken_pinc_ggw7.gpkg").set_index("wijk_code")
    shares = sector_shares(sectors, wijken)
    area = sectors.set_index("cd_sector").make_valid().area
    inside = (shares.to_numpy() * area.reindex(shares.index.get_level_values("cd_sector")).to_numpy()).sum()
    # the 25 published stadswijken are simplified but tile the city: nearly all area is inside
    assert inside == pytest.approx(area.sum(), rel=0.01)
    assert np.isclose(shares.groupby(level="cd_sector").sum(), 1.0, atol=0.05).mean() > 0.95
