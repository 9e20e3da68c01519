"""Perimeters drawn on the map."""

import pytest

from wijk_core.perimeter import PerimeterError, perimeter_from_geojson

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
    assert caught.value.code == "errors.drawing_invalid"


def test_bow_tie_is_repaired():
    bow_tie = {"type": "Polygon", "coordinates": [[
        [4.47, 51.03], [4.48, 51.04], [4.48, 51.03], [4.47, 51.04], [4.47, 51.03]]]}
    perimeter = perimeter_from_geojson(bow_tie)
    assert perimeter.geometry.is_valid and perimeter.hectares > 0
