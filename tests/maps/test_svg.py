"""The printable SVG map: valid XML, one path per sector, escaped text, faithful geometry."""

import re
import warnings
import xml.etree.ElementTree as ET

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, box

from wijk_core.selection.candidates import candidate_layer, from_neighbourhood, from_sectors
from wijk_core.maps.choropleth import NO_DATA_COLOUR, classify
from wijk_core.maps.svg import MARGIN, svg_map

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "quotes"'


@pytest.fixture(scope="module")
def demo_svg(demo):
    layer = candidate_layer({"Stationskwartier": from_neighbourhood(demo, "99991W02").geometry,
                             HOSTILE: from_sectors(demo.sectors, demo.sectors["cd_sector"][:3]).geometry})
    values = demo.indicators["share_pre1945_pct"].reindex(demo.sectors["cd_sector"])
    classes = classify(values)
    legend = [(colour, f"{low:.1f} – {high:.1f}")
              for low, high, colour in zip(classes.lower, classes.upper, classes.colours)]
    text = svg_map(demo.sectors, classes.colour_of(), layer, outline_colours=["#08306b", "#6a3d9a"],
                   title="Vóór 1945 <b>", legend=legend + [("#6a3d9a", HOSTILE)])
    return text, layer, classes


def _numbers(path_data: str) -> np.ndarray:
    return np.array([float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path_data)]).reshape(-1, 2)


def _map_element(root: ET.Element) -> ET.Element:
    return next(e for e in root.iter(f"{SVG}svg") if e.get("class") == "map")


def _sector_paths(root: ET.Element) -> list[ET.Element]:
    group = next(e for e in root.iter(f"{SVG}g") if e.get("class") == "sectors")
    return list(group.iter(f"{SVG}path"))


def test_demo_map_is_xml_with_one_path_per_sector(demo, demo_svg):
    text, _, classes = demo_svg
    root = ET.fromstring(text)
    paths = _sector_paths(root)
    assert len(paths) == len(demo.sectors)
    assert [p.get("data-code") for p in paths] == list(demo.sectors["cd_sector"])
    colours = classes.colour_of()
    assert all(p.get("fill") == colours[p.get("data-code")] for p in paths)
    assert len(text) < 60_000  # about one pixel of detail: a municipality stays small


def test_every_text_is_escaped(demo_svg):
    text, _, _ = demo_svg
    assert "<script" not in text and "<b>" not in text
    root = ET.fromstring(text)
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert HOSTILE in labels  # the candidate label, and the legend line
    assert labels.count(HOSTILE) == 2
    assert root.find(f"{SVG}title").text == "Vóór 1945 <b>"
    outline = [g for g in root.iter(f"{SVG}g") if g.get("class") == "outline"]
    assert [g.get("data-name") for g in outline] == ["Stationskwartier", HOSTILE]


def test_nothing_to_run_or_fetch(demo_svg):
    text, _, _ = demo_svg
    assert "script" not in re.sub(r"&lt;/?script&gt;", "", text).lower()
    assert "href" not in text and "url(" not in text
    assert re.findall(r"https?://[^\"']+", text) == ["http://www.w3.org/2000/svg"]  # the namespace only


def test_viewbox_keeps_the_aspect_of_the_data(demo, demo_svg):
    text, layer, _ = demo_svg
    root = ET.fromstring(text)
    frame = _map_element(root)
    _, _, width, height = (float(v) for v in frame.get("viewBox").split())
    minx, miny, maxx, maxy = demo.sectors.total_bounds  # the candidates lie inside
    margin = MARGIN * max(maxx - minx, maxy - miny)
    assert width / height == pytest.approx((maxx - minx + 2 * margin) / (maxy - miny + 2 * margin), rel=2e-3)
    assert float(frame.get("width")) == 800
    points = np.vstack([_numbers(p.get("d")) for p in _sector_paths(root)])
    scale = width / (maxx - minx + 2 * margin)
    # the data touch the margin on every side, and nothing falls outside
    assert points[:, 0].min() == pytest.approx(margin * scale, abs=1)
    assert points[:, 0].max() == pytest.approx(width - margin * scale, abs=1)
    assert points[:, 1].min() == pytest.approx(margin * scale, abs=1)
    assert points[:, 1].max() == pytest.approx(height - margin * scale, abs=1)


def test_y_axis_is_flipped_and_holes_are_drawn():
    outer = box(0, 0, 1000, 1000).difference(box(400, 400, 600, 600))  # a square with a hole
    islands = MultiPolygon([box(2000, 0, 2500, 500), box(2000, 800, 2500, 1000)])
    sectors = gpd.GeoDataFrame({"cd_sector": ["A", "B"]}, geometry=[outer, islands], crs=31370)
    root = ET.fromstring(svg_map(sectors, pd.Series({"A": "#ff0000"}), None, outline_colours=[]))
    group = next(e for e in root.iter(f"{SVG}g") if e.get("class") == "sectors")
    assert group.get("fill-rule") == "evenodd"
    square, parts = _sector_paths(root)
    assert square.get("d").count("M") == 2 and parts.get("d").count("M") == 2
    assert square.get("fill") == "#ff0000" and parts.get("fill") == NO_DATA_COLOUR
    _, _, width, height = (float(v) for v in _map_element(root).get("viewBox").split())
    assert width / height == pytest.approx(2650 / 1150, rel=1e-3)  # height rounded to 0.1 px
    scale = width / 2650
    ring = _numbers(parts.get("d").split("M")[2])  # the northern island: y from 800 to 1000
    assert ring[:, 1].min() == pytest.approx((1075 - 1000) * scale, abs=0.1)
    assert ring[:, 1].max() == pytest.approx((1075 - 800) * scale, abs=0.1)


def test_geometry_is_simplified_to_about_a_pixel():
    circle = Point(0, 0).buffer(10_000, quad_segs=2000)  # 8,000 vertices
    sectors = gpd.GeoDataFrame({"cd_sector": ["C"]}, geometry=[circle], crs=31370)
    root = ET.fromstring(svg_map(sectors, None, None, outline_colours=[], width=400))
    ring = _numbers(_sector_paths(root)[0].get("d"))
    assert 20 < len(ring) < 400
    scale = 400 / 21_200  # pixels per metre (diameter plus two 3 % margins)
    centre = 10_600 * scale
    radius = np.hypot(ring[:, 0] - centre, ring[:, 1] - centre) / scale
    assert np.all(np.abs(radius - 10_000) < 2.5 / scale)  # within a couple of pixels


def test_scale_bar_and_legend():
    sectors = gpd.GeoDataFrame({"cd_sector": ["A"]}, geometry=[box(0, 0, 10_000, 5_000)], crs=31370)
    text = svg_map(sectors, None, None, outline_colours=[], legend=[("#ffeda0", "laag"), ("#f03b20", "hoog")])
    root = ET.fromstring(text)
    bar = next(e for e in root.iter(f"{SVG}g") if e.get("class") == "scale-bar")
    assert [t.text for t in bar.iter(f"{SVG}text")] == ["0", "2 km"]  # 20 % of 10.6 km, rounded down
    rects = list(bar.iter(f"{SVG}rect"))
    scale = 800 / 10_600
    assert sum(float(r.get("width")) for r in rects) == pytest.approx(2000 * scale, abs=0.2)
    legend = next(e for e in root.iter(f"{SVG}g") if e.get("class") == "legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["laag", "hoog"]
    small = gpd.GeoDataFrame(geometry=[box(0, 0, 300, 300)], crs=31370)
    assert ">50 m<" in svg_map(small, None, None, outline_colours=[])


def test_refuses_what_it_cannot_draw_faithfully(demo):
    with pytest.raises(ValueError, match="degrees"):
        svg_map(demo.sectors.to_crs(4326), None, None, outline_colours=[])
    with pytest.raises(ValueError, match="no CRS"):
        svg_map(demo.sectors.set_crs(None, allow_override=True), None, None, outline_colours=[])
    layer = candidate_layer({"A": from_neighbourhood(demo, "99991W02").geometry})
    with pytest.raises(ValueError, match="reproject the outlines"):
        svg_map(demo.sectors, None, layer.to_crs(3812), outline_colours=["#000000"])
    with pytest.raises(ValueError, match="outline_colours"):
        svg_map(demo.sectors, None, layer, outline_colours=[])
    with pytest.raises(ValueError, match="not a colour"):
        svg_map(demo.sectors, pd.Series({"99991A00-": 'red" onload="alert(1)'}), None, outline_colours=[])
    with pytest.raises(ValueError, match="nothing to draw"):
        svg_map(demo.sectors.iloc[:0], None, None, outline_colours=[])


def test_layer_that_is_not_a_coverage_is_still_drawn():
    overlapping = [box(0, 0, 100, 100), box(50, 50, 150, 150), box(200, 0, 300, 100)]
    sectors = gpd.GeoDataFrame({"cd_sector": ["a", "b", "c"]}, geometry=overlapping, crs=31370)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        root = ET.fromstring(svg_map(sectors, None, None, outline_colours=[]))
    assert len(_sector_paths(root)) == 3
    assert not shapely.coverage_is_valid(np.array(overlapping))
