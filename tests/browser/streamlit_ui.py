"""Helpers for driving the Streamlit app and its Leaflet map in Playwright."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import expect

from wijk_core.i18n import t

MAP_IFRAME = 'iframe[title*="streamlit_folium"]'
VERTEX = ".leaflet-marker-icon.leaflet-div-icon"
# The sector layer marks its map container once the sectors in view are drawn.
SECTORS_READY = '.leaflet-container[data-sector-state="ready"]'


def wait_for_app_idle(page: Any, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has connected and finished running the script."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms
    )
    expect(page.locator('[data-testid="stStatusWidgetRunningIcon"]')).to_have_count(0, timeout=timeout_ms)


def open_map_page(page: Any, app_url: str, query: str = "", timeout_ms: int = 30_000) -> Any:
    """Open the neighbourhood-selection page and return the map iframe's frame locator."""
    page.goto(f"{app_url}/wijkselectie{query}")
    wait_for_app_idle(page, timeout_ms=max(60_000, timeout_ms))
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator(".leaflet-container")).to_have_count(1, timeout=timeout_ms)
    wait_for_sectors(frame, timeout_ms)
    return frame


def wait_for_sectors(frame: Any, timeout_ms: int = 30_000) -> None:
    """Wait until the map's sector layer has drawn the sectors in view."""
    frame.locator(SECTORS_READY).wait_for(timeout=timeout_ms)


def map_frame(page: Any) -> Any:
    """The Playwright Frame of the map, for evaluating JavaScript inside it."""
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            return frame
    raise AssertionError(f"no streamlit_folium frame among {[f.url for f in page.frames]}")


def click_vertex(page: Any, frame: Any, x: float, y: float) -> None:
    """Click one vertex; Leaflet.draw drops clicks that come too fast, so wait for it.

    A click that Leaflet.draw still did not take after 3 s is made once more, as the officer
    would (Leaflet takes a click during which the map moved by a pixel for a drag); a second
    miss fails.
    """
    vertices = frame.locator(VERTEX)
    before = vertices.count()
    for attempt in range(2):
        page.mouse.move(x, y, steps=4)
        page.mouse.click(x, y)
        deadline = time.monotonic() + 3
        while vertices.count() <= before and time.monotonic() < deadline:
            time.sleep(0.05)
        if vertices.count() > before:
            time.sleep(0.2)
            return
    drawing = frame.locator(".leaflet-draw-actions").first.is_visible()
    raise AssertionError(
        f"vertex click at ({x:.0f}, {y:.0f}) was not registered, twice: {before} vertices before, "
        f"{vertices.count()} now; polygon tool {'still active' if drawing else 'no longer active'}; "
        f"script {page.locator('[data-testid=stApp]').get_attribute('data-test-script-state')}")




def sign_in(page: Any, app_url: str, next_path: str, password: str, username: str = "",
            lang: str = "nl") -> None:
    """Sign in on the app's sign-in page (an empty username: the shared facilitator password) and come back."""
    page.goto(f"{app_url}/wijk/signin?{urlencode({'lang': lang, 'next': next_path})}")
    page.get_by_label(t("signin.username", lang)).fill(username)
    page.get_by_label(t("signin.password", lang)).fill(password)
    page.get_by_role("button", name=t("signin.submit", lang)).click()
    page.wait_for_load_state()
    if "/wijk/signin" not in page.url:
        page.wait_for_selector("[data-testid='stApp']")
        wait_for_app_idle(page)
