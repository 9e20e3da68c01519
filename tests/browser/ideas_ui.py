"""Helpers for the idea-map browser tests: phone contexts behind the network wall, taps on the map."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import geopandas as gpd
import shapely
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit_ui import MAP_IFRAME, map_frame, wait_for_app_idle

from wijk_core.ideas import IdeaArea, to_wgs84
from wijk_core.sectors.data import load_demo
from wijk_core.selection import store as selection_store
from wijk_core.selection.candidates import from_neighbourhood
from wijk_core.store import projects as project_store

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "test-output" / "browser"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
PHONE = {"width": 390, "height": 844}


def neighbourhood_project(store: Any, name: str) -> tuple[Any, IdeaArea]:
    """A new project whose candidate is the demo wijk Stationskwartier, and the area ideas may be pinned in."""
    project = store.write(project_store.create_project, name)
    data = load_demo()
    code = data.wijken.loc[data.wijken["wijk_naam"] == "Stationskwartier", "wijk_code"].iloc[0]
    shape = from_neighbourhood(data, code)
    store.write(selection_store.create_candidate, project.id, "Stationskwartier", shape.geometry,
                origin=shape.origin, sector_codes=shape.sector_codes, source_ref=shape.source_ref)
    return project, IdeaArea.from_layer(gpd.GeoSeries([shape.geometry], crs=31370), "candidates")


def phone(browser: Any, blocked: list[str], size: dict = PHONE) -> Any:
    """A touch-screen context where every request leaving the machine is aborted and recorded."""
    context = browser.new_context(viewport=size, has_touch=True, is_mobile=size["width"] < 600, locale="nl-BE",
                                  service_workers="block")

    def wall(route: Any) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "").lower() not in LOOPBACK:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    context.route("**/*", wall)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def shot(page: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    page.screenshot(path=str(path))
    return path


def open_map(page: Any, url: str) -> Any:
    page.goto(url)
    wait_for_app_idle(page)
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator(".leaflet-container")).to_have_count(1, timeout=30_000)
    page.wait_for_timeout(800)  # Leaflet fits the bounds after the first frame
    return frame


def screen_point(page: Any, lon: float, lat: float) -> tuple[float, float]:
    """Where a WGS84 point is on the screen, asked from the map itself."""
    iframe = page.locator(MAP_IFRAME).first
    iframe.scroll_into_view_if_needed()
    box = iframe.bounding_box()
    x, y = map_frame(page).evaluate("([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
                                    " return [p.x, p.y]; }", [lat, lon])
    assert 0 < x < box["width"] and 0 < y < box["height"], (x, y, box)
    return box["x"] + x, box["y"] + y


def tap(page: Any, lon: float, lat: float) -> None:
    page.touchscreen.tap(*screen_point(page, lon, lat))
    page.wait_for_timeout(300)
    wait_for_app_idle(page)


def tap_marker(page: Any, idea_id: int) -> None:
    wait_for_app_idle(page)  # a rerun may be replacing the map (new counts): tap the map that stays
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()  # a map frame out of sight may not load
    frame = page.frame_locator(MAP_IFRAME).first
    marker = frame.locator(f"path.wijk-idea-{idea_id}")
    expect(marker).to_have_count(1, timeout=20_000)
    box = marker.bounding_box()
    frame_box = page.locator(MAP_IFRAME).first.bounding_box()
    assert box is not None and frame_box is not None
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    wait_for_app_idle(page)


def wait_for(check, what: str, timeout_s: float = 20) -> Any:
    """Poll the database until ``check()`` is truthy (toasts fade; the database does not)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def no_injection(page: Any) -> None:
    """No hostile payload ran or became an element, in the page or in the map's frame."""
    for frame in page.frames:
        found = frame.evaluate(
            "() => ({xss: window.__xss === 1, img: document.querySelectorAll('img[src=\"x\"]').length,"
            " scripts: [...document.scripts].filter(s => s.textContent.includes('__xss=1')"
            "   && !s.textContent.includes('&lt;') && !s.textContent.includes('\\\\u003c')).length,"
            " links: document.querySelectorAll('a[href^=\"javascript\"]').length})")
        assert found == {"xss": False, "img": 0, "scripts": 0, "links": 0}, (frame.url, found)


class ScriptRuns:
    """Counts the app's script runs for one page, from the messages the server sends over its websocket.

    Each run starts with a ``new_session`` message and ends with ``script_finished``; both are read
    from Streamlit's own protocol (no test hook in the app). Messages arrive while Playwright waits.
    """

    def __init__(self, page: Any) -> None:
        self.started: list[float] = []
        self.finished: list[float] = []
        self.fragment_runs = 0  # runs of a fragment alone (st.fragment), counted among the finished
        page.on("websocket", self._watch)

    def _watch(self, socket: Any) -> None:
        if "_stcore/stream" in socket.url:
            socket.on("framereceived", self._received)

    def _received(self, payload: Any) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg()
        try:
            message.ParseFromString(payload)
        except Exception:  # not a ForwardMsg (never seen): not a run
            return
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.started.append(time.monotonic())
        elif kind == "script_finished":
            self.finished.append(time.monotonic())
            self.fragment_runs += message.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY

    def settle(self, page: Any, quiet_ms: int = 2_000, timeout_ms: int = 60_000) -> None:
        """Wait until the app is idle and quiet for ``quiet_ms``: no run since, nor since this call."""
        called = time.monotonic()
        deadline = called + timeout_ms / 1000
        while time.monotonic() < deadline:
            wait_for_app_idle(page, timeout_ms)
            last = max(self.started + self.finished + [called])
            if time.monotonic() - last >= quiet_ms / 1000:
                return
            page.wait_for_timeout(100)
        raise AssertionError("the app never came to rest")


def mark_map_frame(page: Any) -> None:
    """Leave a mark in the map's document: it survives only as long as the map frame is not rebuilt."""
    map_frame(page).evaluate("() => { window.__wijkSameMap = 1; }")


def same_map_frame(page: Any) -> bool:
    """Whether the map frame on the page is the one :func:`mark_map_frame` marked."""
    return any(frame.evaluate("() => window.__wijkSameMap === 1") for frame in page.frames
               if "streamlit_folium" in frame.url)


def marker_radius_in_map(page: Any, idea_id: int) -> float | None:
    """The radius of an idea's marker as Leaflet draws it, or None while it is not on the map."""
    return map_frame(page).evaluate(
        "(id) => { for (const k in window.map._layers) { const l = window.map._layers[k];"
        " if (l.options && l.options.className === 'wijk-idea wijk-idea-' + id && l.getRadius) {"
        " return l.getRadius(); } } return null; }", idea_id)


def spots_inside(geometry: Any, per_side: int, margin_m: float) -> list[tuple[float, float]]:
    """WGS84 points of a ``per_side`` × ``per_side`` grid over ``geometry`` (EPSG:31370), ``margin_m`` inside it."""
    inner = geometry.buffer(-margin_m)
    minx, miny, maxx, maxy = inner.bounds
    grid = [shapely.Point(minx + (maxx - minx) * (i + 0.5) / per_side, miny + (maxy - miny) * (j + 0.5) / per_side)
            for j in range(per_side) for i in range(per_side)]
    return [to_wgs84(p.x, p.y) for p in grid if inner.contains(p)]
