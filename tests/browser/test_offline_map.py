"""The app and its map in a real browser with no way out to the internet.

Everything the map needs (Leaflet, Leaflet.draw, CSS, sprites, fonts) must come
from the app itself; only OpenStreetMap tiles may be attempted (and fail).
Run with ``pytest -m browser``; screenshots land in ``test-output/browser/``.
"""

from __future__ import annotations

import re
from typing import Any

import os

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    if os.environ.get("CI"):
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

from streamlit_ui import (MAP_IFRAME, SECTORS_READY, VERTEX, click_vertex, map_frame, open_map_page,
                          wait_for_app_idle, wait_for_sectors)

from wijk_core.i18n import t

pytestmark = pytest.mark.browser

# Resource types that would mean the map's own code or styling came from a CDN.
ASSET_TYPES = {"script", "stylesheet", "font"}


def test_home_page_renders(page: Any, app_url: str, screenshot: Any, console_errors: list[str]) -> None:
    page.goto(app_url + "/")
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", name="Wijkwerf").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot("home.png")


def test_map_page_loads_everything_from_the_app(
    page: Any, app_url: str, screenshot: Any, blocked_requests: list[Any], console_errors: list[str]
) -> None:
    frame = open_map_page(page, app_url)

    drawn = frame.locator(SECTORS_READY).get_attribute("data-sector-count")
    assert drawn and int(drawn) == 50, f"sectors drawn: {drawn}"  # every demo sector, on a canvas
    expect(frame.locator(".leaflet-overlay-pane canvas")).to_have_count(1)
    expect(frame.locator(".leaflet-draw-draw-polygon")).to_be_visible()
    expect(frame.locator(".leaflet-draw-draw-rectangle")).to_be_visible()
    # Only the perimeter tools: no line, circle or marker tools.
    for tool in ("polyline", "circle", "circlemarker", "marker"):
        expect(frame.locator(f".leaflet-draw-draw-{tool}")).to_have_count(0)

    versions = map_frame(page).evaluate(
        "() => ({leaflet: window.L && L.version, draw: !!(window.L && L.Control && L.Control.Draw),"
        " imagePath: window.L && L.Icon.Default.imagePath})"
    )
    assert versions["leaflet"] == "1.9.4", versions  # the vendored copy, not folium's CDN 1.9.3
    assert versions["draw"], versions
    assert versions["imagePath"] == "/app/static/vendor/leaflet/images/", versions

    screenshot("map.png")
    from_cdn = [r for r in blocked_requests if r.resource_type in ASSET_TYPES]
    assert not from_cdn, f"map code or styling requested from the internet: {from_cdn}"
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


@pytest.mark.parametrize("path", ["/", "/wijkselectie"])
def test_only_map_tiles_leave_the_machine(
    page: Any, app_url: str, path: str, blocked_requests: list[Any]
) -> None:
    """Offline, the only thing allowed to fail is the optional OpenStreetMap base map:
    no favicon, web font or icon from a CDN either (SPEC §3, last bullet)."""
    page.goto(app_url + path)
    wait_for_app_idle(page)
    if path == "/wijkselectie":
        wait_for_sectors(page.frame_locator(MAP_IFRAME).first)
    page.wait_for_timeout(1_000)  # late requests: favicon, tiles
    others = sorted({(r.resource_type, r.url) for r in blocked_requests if "tile.openstreetmap.org" not in r.url})
    assert not others, f"requests that left the machine besides OSM tiles: {others}"


def test_drawn_polygon_reaches_python(
    page: Any,
    app_url: str,
    screenshot: Any,
    blocked_requests: list[Any],
    console_errors: list[str],
) -> None:
    frame = open_map_page(page, app_url)
    box = frame.locator(".leaflet-container").bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200, box

    frame.locator(".leaflet-draw-draw-polygon").click()
    expect(frame.locator(".leaflet-draw-actions a", has_text=t("draw.finish", "nl"))).to_be_visible()

    # A quadrilateral in the middle of the map, clear of the controls.
    corners = [(0.40, 0.35), (0.62, 0.33), (0.66, 0.62), (0.42, 0.66)]
    points = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in corners]
    for x, y in points:
        click_vertex(page, frame, x, y)
    assert frame.locator(VERTEX).count() == 4

    # Close the ring on the first vertex; fall back on the toolbar's "Klaar" (Finish).
    first_x, first_y = points[0]
    page.mouse.move(first_x, first_y, steps=4)
    page.mouse.click(first_x, first_y)
    try:
        expect(frame.locator(VERTEX)).to_have_count(0, timeout=3_000)
    except AssertionError:
        frame.locator(".leaflet-draw-actions a", has_text=t("draw.finish", "nl")).click()
        expect(frame.locator(VERTEX)).to_have_count(0, timeout=5_000)

    received = page.get_by_text(re.compile(r"Perimeter ontvangen\W+4 hoekpunten"))
    expect(received.first).to_be_visible(timeout=30_000)
    wait_for_app_idle(page)
    screenshot("draw.png")
    from_cdn = [r for r in blocked_requests if r.resource_type in ASSET_TYPES]
    assert not from_cdn, f"map code or styling requested from the internet: {from_cdn}"
