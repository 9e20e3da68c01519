"""Maps inside a page: the wheel scrolls the page, tooltips stay inside the map, the keyboard can pin an idea.

On the shared app (this machine, every page open, the demo municipality):

- the selection page: the wheel over the map scrolls the page and leaves the map's zoom
  alone; once the map is clicked (focused) the wheel zooms it;
- the same map: the tooltip of a sector at the map's right edge and at its bottom edge
  lies wholly inside the map's box;
- the same map, polygon tool on: corners clicked as the pointer sweeps in (no pause over
  the map) are each added, none selects a sector; with the tool off, a click selects one;
- the idea map: a keyboard alone reaches the map, and Enter on it opens the new-idea
  form for the map's centre.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
import shapely.geometry
from playwright.sync_api import expect
from pyproj import Transformer
from streamlit_ui import MAP_IFRAME, VERTEX, map_frame, open_map_page, wait_for_app_idle

from wijk_core import config
from wijk_core.i18n import t

pytestmark = pytest.mark.browser

SCROLLED = """() => [document.scrollingElement, document.querySelector('[data-testid="stMain"]')]
                   .reduce((sum, element) => sum + (element ? element.scrollTop : 0), 0)"""


def _zoom(page: Any) -> float:
    return map_frame(page).evaluate("() => window.map.getZoom()")


def test_the_wheel_scrolls_the_page_until_the_map_is_clicked(page, app_url):
    open_map_page(page, app_url, timeout_ms=120_000)
    iframe = page.locator(MAP_IFRAME).first
    iframe.scroll_into_view_if_needed()
    box = iframe.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    zoom, scrolled = _zoom(page), page.evaluate(SCROLLED)
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(600)
    assert _zoom(page) == zoom
    assert page.evaluate(SCROLLED) > scrolled, "the wheel over the map did not scroll the page"

    box = iframe.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + box["height"] - 12)  # a corner: focus, no sector picked
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(800)
    assert _zoom(page) > zoom, "a focused map did not zoom with the wheel"


def _points_inside_demo_sectors() -> list[Any]:
    """A point well inside each of the demo municipality's sectors, in Lambert 72."""
    demo = json.loads((config.data_dir() / "demo" / "sectors.geojson").read_text(encoding="utf-8"))
    return [shapely.geometry.shape(f["geometry"]).representative_point() for f in demo["features"]]


def _lat_lon(point: Any) -> tuple[float, float]:
    lon, lat = Transformer.from_crs(31370, 4326, always_xy=True).transform(point.x, point.y)
    return lat, lon


def _a_sector_point() -> tuple[float, float]:
    """(lat, lon) well inside one of the demo municipality's sectors."""
    return _lat_lon(_points_inside_demo_sectors()[10])


@pytest.mark.parametrize("edge", ["right", "bottom"])
def test_a_sector_tooltip_at_the_maps_edge_stays_inside_the_map(page, app_url, edge):
    frame = open_map_page(page, app_url, timeout_ms=120_000)
    iframe = page.locator(MAP_IFRAME).first
    iframe.scroll_into_view_if_needed()
    # bring a sector to the edge: 6 px from it, halfway along
    x, y = map_frame(page).evaluate("""([point, edge]) => {
        const size = window.map.getSize(), at = window.map.latLngToContainerPoint(point);
        const goal = edge === "right" ? [size.x - 6, size.y / 2] : [size.x / 2, size.y - 6];
        window.map.panBy([at.x - goal[0], at.y - goal[1]], {animate: false});
        return goal; }""", [list(_a_sector_point()), edge])
    page.wait_for_timeout(500)
    box = iframe.bounding_box()
    page.mouse.move(box["x"] + x - 3, box["y"] + y - 3)
    page.mouse.move(box["x"] + x, box["y"] + y, steps=3)
    tooltip = frame.locator(".wijk-sector-tooltip")
    expect(tooltip).to_be_visible(timeout=10_000)
    tip, inside = tooltip.bounding_box(), frame.locator(".leaflet-container").bounding_box()
    boxes = {"tooltip": tip, "map": inside}
    assert tip["x"] >= inside["x"] - 0.5 and tip["y"] >= inside["y"] - 0.5, boxes
    assert tip["x"] + tip["width"] <= inside["x"] + inside["width"] + 0.5, boxes
    assert tip["y"] + tip["height"] <= inside["y"] + inside["height"] + 0.5, boxes


def _sector_points(count: int) -> list[tuple[float, float]]:
    """(lat, lon) inside ``count`` demo sectors spread over the municipality, in order around their
    middle: the corners of a polygon that does not cross itself."""
    points = _points_inside_demo_sectors()
    inside = points[::len(points) // count][:count]
    middle = shapely.geometry.MultiPoint(inside).centroid
    inside.sort(key=lambda p: math.atan2(p.y - middle.y, p.x - middle.x))
    return [_lat_lon(p) for p in inside]


def test_corners_clicked_as_the_hand_sweeps_in_each_add_a_corner(page, app_url):
    frame = open_map_page(page, app_url, timeout_ms=120_000)
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    frame.locator(".leaflet-draw-draw-polygon").click()
    expect(frame.locator(".leaflet-draw-actions").first).to_be_visible()
    page.wait_for_timeout(300)  # turning the tool on focuses the map: the page may scroll a little
    box = frame.locator(".leaflet-container").bounding_box()
    corners = map_frame(page).evaluate(
        "(points) => points.map(p => { const at = window.map.latLngToContainerPoint(p); return [at.x, at.y]; })",
        [list(p) for p in _sector_points(5)])
    vertices = frame.locator(VERTEX)
    for count, (x, y) in enumerate(corners, start=1):
        # from the toolbar in three strides, clicking as the pointer arrives: a canvas passes on at
        # most one move per 32 ms, so Leaflet.draw's click catcher used to stay a stride behind and
        # the click fell on a sector (about one corner in two was lost so, the drawing with it)
        page.mouse.move(box["x"] + 20, box["y"] + 100)
        page.wait_for_timeout(100)
        page.mouse.move(box["x"] + x, box["y"] + y, steps=3)
        page.mouse.click(box["x"] + x, box["y"] + y)
        expect(vertices).to_have_count(count, timeout=3_000)
        page.wait_for_timeout(150)  # Leaflet.draw takes no second corner within 50 ms
    page.mouse.click(box["x"] + corners[0][0], box["y"] + corners[0][1])  # the first corner closes it
    expect(vertices).to_have_count(0, timeout=5_000)
    wait_for_app_idle(page)
    received = t("selection.drawing_received", "nl", vertices=5, hectares="").split(",")[0]  # "…: 5 hoekpunten"
    expect(page.get_by_text(received)).to_be_visible(timeout=20_000)
    expect(page.get_by_text(t("selection.clicked_sectors", "nl", count=0))).to_be_visible()

    # the tool is off again: a click on a sector selects it
    page.mouse.click(box["x"] + corners[1][0], box["y"] + corners[1][1])
    wait_for_app_idle(page)
    expect(page.get_by_text(t("selection.clicked_sectors", "nl", count=1))).to_be_visible(timeout=20_000)


def test_the_keyboard_alone_pins_an_idea_at_the_maps_centre(page, app_url):
    page.goto(f"{app_url}/ideeen?lang=nl")
    wait_for_app_idle(page)
    frame = page.frame_locator(MAP_IFRAME).first
    container = frame.locator(".leaflet-container")
    expect(container).to_have_count(1, timeout=30_000)
    expect(container).to_have_attribute("aria-label", t("ideas.map_keyboard", "nl"))
    for _ in range(60):  # Tab through the page until the map has the focus
        page.keyboard.press("Tab")
        if container.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the map")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    wait_for_app_idle(page)
    expect(page.locator('[data-testid="stForm"]').filter(has_text=t("ideas.send", "nl"))).to_be_visible(
        timeout=20_000)
