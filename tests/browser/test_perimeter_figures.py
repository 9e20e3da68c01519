"""The officer draws a perimeter and reads its figures beside the map at once; saving keeps her view.

On the shared app (the demo project) and on a project holding the real Zennevallei files (skipped when
shared/data/real is absent): she zooms in, draws a polygon, and within a second of the closing click the
drawing's area, share on data, sectors touched and key indicators beside the municipality are shown –
the area and the number of sectors are those the core computes for the same polygon. She names it and
saves it: the map stays where she was looking.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from real_data import real_file
from playwright.sync_api import expect
from streamlit_ui import MAP_IFRAME, VERTEX, click_vertex, map_frame, open_map_page, wait_for_app_idle, wait_for_sectors

from wijk_core.i18n import format_number, t
from wijk_core.maps.choropleth import default_indicator
from wijk_core.sectors import store as sector_store
from wijk_core.sectors.data import SectorData, load_demo, load_sector_data
from wijk_core.selection import store as selection_store
from wijk_core.selection.candidates import from_drawing
from wijk_core.selection.map import mapped_indicators
from wijk_core.selection.perimeter import PerimeterFigures, key_indicators, perimeter_figures
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

pytestmark = pytest.mark.browser

ZENNEVALLEI = [("sectors", "zennevallei_sectors_statbel_20240101.geojson"),
               ("indicators", "zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv"),
               ("indicators", "zennevallei_fluvius_energy_2018_2021.csv"),
               ("indicators", "zennevallei_groenkaart_green_2018_2021.csv"),
               ("indicators", "zennevallei_jaarbak_soil_sealing_2018_2024.csv"),
               ("indicators", "zennevallei_heat_vulnerability_2026.csv")]
FIGURES = ".st-key-perimeter_figures"
SECOND_S = 1.0
# record the drawing exactly as Leaflet.draw hands it to st_folium
LISTEN = """() => { window.__drawn = null; window.__closed = null;
    window.map.once('draw:created', e => { window.__closed = Date.now();
                                           window.__drawn = e.layer.toGeoJSON(); }); }"""
# when the figures first show in the page, on the same clock as the closing click (Date.now in both frames)
WATCH = """(selector) => { window.__figuresAt = null;
    const seen = () => { const found = document.querySelector(selector);
        if (found && found.getBoundingClientRect().height > 0 && !window.__figuresAt) {
            window.__figuresAt = Date.now(); watcher.disconnect(); } };
    const watcher = new MutationObserver(seen);
    watcher.observe(document.body, {childList: true, subtree: true, attributes: true}); }"""
VIEW = "() => { const c = window.map.getCenter(); return [c.lat, c.lng, window.map.getZoom()]; }"
MOVED = """([lat, lng]) => { const at = window.map.latLngToContainerPoint([lat, lng]),
                                  middle = window.map.getSize().divideBy(2);
                              return at.distanceTo(middle); }"""


def _metric(page: Any, label: str) -> str:
    metric = page.locator(FIGURES).locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _settled_box(page: Any) -> dict:
    wait_for_app_idle(page)
    frame = page.frame_locator(MAP_IFRAME).first
    wait_for_sectors(frame)
    box = frame.locator(".leaflet-container").bounding_box()
    assert box and box["width"] > 300, box
    return box


def _core_figures(data: SectorData, drawn: dict) -> PerimeterFigures:
    numeric = mapped_indicators(data)
    keys = key_indicators(data.catalogue, numeric, default_indicator(data.catalogue, numeric))
    return perimeter_figures(data, from_drawing(drawn).geometry, keys)


def _draw_read_and_save(page: Any, database: str, project_id: int, data: SectorData, name: str,
                        label: str, screenshot: Any) -> None:
    frame = page.frame_locator(MAP_IFRAME).first
    leaflet = map_frame(page)
    # the officer zooms in on the middle of the municipality: not the whole extent
    leaflet.evaluate("() => { window.map.setZoom(window.map.getZoom() + 1, {animate: false}); }")
    page.wait_for_timeout(1_000)
    box = _settled_box(page)

    frame.locator(".leaflet-draw-draw-polygon").click()
    leaflet.evaluate(LISTEN)
    page.evaluate(WATCH, FIGURES)
    corners = [(0.40, 0.35), (0.58, 0.33), (0.60, 0.55), (0.42, 0.58)]
    points = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in corners]
    for x, y in points:
        click_vertex(page, frame, x, y)
    started = time.perf_counter()
    page.mouse.click(*points[0])  # the closing click
    page.locator(FIGURES).wait_for(state="visible", timeout=30_000)
    waited = time.perf_counter() - started
    shown_ms = page.evaluate("() => window.__figuresAt") - leaflet.evaluate("() => window.__closed")
    elapsed = shown_ms / 1000
    print(f"\nperimeter figures on {label}: {elapsed:.3f} s after the closing click "
          f"({waited:.3f} s until Playwright saw them)")
    expect(frame.locator(VERTEX)).to_have_count(0, timeout=5_000)

    drawn = leaflet.evaluate("() => window.__drawn")
    assert drawn and drawn["geometry"]["type"] == "Polygon", drawn
    expected = _core_figures(data, drawn)
    assert expected.sector_codes, "the test polygon should touch sectors"
    assert _metric(page, t("perimeter.area", "nl")) == f"{format_number(expected.hectares, 'nl', 1)} ha"
    assert _metric(page, t("perimeter.sectors_touched", "nl")) == str(len(expected.sector_codes))
    table = page.locator(FIGURES).locator('[data-testid="stDataFrame"]')
    expect(table).to_be_visible()
    assert elapsed < SECOND_S, f"the figures took {elapsed:.2f} s on {label}"
    page.locator(FIGURES).scroll_into_view_if_needed()
    screenshot(f"perimeter-figures-{label.lower()}.png")

    # save: the map keeps the view the officer had
    before = leaflet.evaluate(VIEW)
    form = page.locator('[data-testid="stForm"]').filter(has_text=t("selection.save_drawing", "nl"))
    form.get_by_label(t("selection.candidate_name", "nl")).fill(name)
    form.get_by_role("button", name=t("selection.save_drawing", "nl")).click()
    for _ in range(100):
        if name in {c.name for c in get_store(database).read(selection_store.list_candidates, project_id)}:
            break
        page.wait_for_timeout(200)
    else:
        raise AssertionError(f"candidate {name!r} was not saved")
    _settled_box(page)
    page.wait_for_timeout(1_000)
    after = map_frame(page).evaluate(VIEW)
    assert after[2] == before[2], f"zoom {before[2]} became {after[2]} on saving"
    # the old centre lies within two pixels of the new one (Leaflet rounds the view to whole pixels)
    moved = map_frame(page).evaluate(MOVED, before[:2])
    assert moved <= 2, f"the map moved {moved:.0f} px on saving, from {before} to {after}"


def test_demo_perimeter_figures_before_saving(page: Any, app_url: str, app_database: str, screenshot: Any,
                                              blocked_requests: list[Any]) -> None:
    # a project of its own, without sources, so on the demo data (the selection story counts the demo
    # project's candidates)
    store = get_store(app_database)
    store.write(project_store.ensure_project, t("project.demo_name", "nl"))  # the app's first project stays first
    project = store.write(project_store.create_project, "Zz tekening demo")
    open_map_page(page, app_url, f"?project={project.id}", timeout_ms=120_000)
    _draw_read_and_save(page, app_database, project.id, load_demo(), "Zz getekend", "demo", screenshot)


def test_zennevallei_perimeter_figures_before_saving(page: Any, app_url: str, app_database: str,
                                                     screenshot: Any) -> None:
    paths = [real_file(name) for _, name in ZENNEVALLEI]
    store = get_store(app_database)
    project = store.write(project_store.create_project, "Zz Zennevallei tekening")
    for (role, name), path in zip(ZENNEVALLEI, paths):
        store.write(sector_store.add_file, project.id, role, name, path.read_bytes())
    data, _ = load_sector_data(paths[0], paths[1:])
    open_map_page(page, app_url, f"?project={project.id}", timeout_ms=180_000)
    _draw_read_and_save(page, app_database, project.id, data, "Zz Zennevallei getekend", "Zennevallei",
                        screenshot)
