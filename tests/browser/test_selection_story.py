"""The officer's story on the neighbourhood-selection page, in a real browser, offline.

She colours the map by median income, draws a polygon and a rectangle, clicks a
sector, picks a predefined neighbourhood, names the candidates, reads the profiles,
switches on three data criteria and two checklist criteria, scores them, sees the
ranking with its charts, downloads the council file, and finds everything again
after reloading.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import openpyxl

import pytest
from playwright.sync_api import expect
from streamlit_ui import MAP_IFRAME, VERTEX, click_vertex, open_map_page, wait_for_app_idle, wait_for_sectors

from wijk_core.store import get_store
from wijk_core.store import projects as project_store
from wijk_core.selection import store as selection_store

pytestmark = pytest.mark.browser


def _select(page: Any, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator("input").click()
    box.locator("input").fill(option[:20])  # the option list is virtual: filter it first
    page.get_by_role("option", name=option).first.click()
    wait_for_app_idle(page)


def _multiselect(page: Any, label: str, options: list[str]) -> None:
    for option in options:
        wait_for_app_idle(page)  # an open list is replaced when a running script ends
        box = page.locator('[data-testid="stMultiSelect"]').filter(has_text=label).first
        box.locator("input").click()
        box.locator("input").fill(option[:20])
        page.get_by_role("option", name=option).first.click()
        page.keyboard.press("Escape")
        expect(box.get_by_label(option, exact=True).first).to_be_visible()  # the chosen tag
        wait_for_app_idle(page)


def _section(page: Any, name: str) -> None:
    page.locator('[data-testid="stButtonGroup"] button').filter(has_text=name).first.click()
    wait_for_app_idle(page)


def _project(database: str, name: str | None) -> Any:
    """The project the page works in: the one named, else the first by name (other browser
    tests share the database and may have projects and candidates of their own)."""
    projects = get_store(database).read(project_store.list_projects)
    return next(p for p in projects if p.name == name) if name else projects[0]


def _saved_names(database: str, project: str | None = None) -> set[str]:
    return {c.name for c in get_store(database).read(selection_store.list_candidates, _project(database, project).id)}


def _save_drawing(page: Any, database: str, name: str, project: str | None = None) -> None:
    expect(page.get_by_text(re.compile(r"Perimeter ontvangen"))).to_be_visible(timeout=20_000)
    form = page.locator('[data-testid="stForm"]').filter(has_text="Bewaar de tekening als kandidaat")
    form.get_by_label("Naam van de kandidaat-wijk").fill(name)
    form.get_by_role("button", name="Bewaar de tekening als kandidaat").click()
    wait_for_app_idle(page)
    _wait_saved(page, database, name, project)


def _wait_saved(page: Any, database: str, name: str, project: str | None = None) -> None:
    for _ in range(100):  # the confirmation is a toast that fades: ask the database
        if name in _saved_names(database, project):
            wait_for_app_idle(page)
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"candidate {name!r} was not saved: {_saved_names(database, project)}")


def _map_box(page: Any) -> dict:
    """The map's box once it has settled after a rerun (a saved candidate redraws it)."""
    wait_for_app_idle(page)
    page.wait_for_timeout(1_000)
    frame = page.frame_locator(MAP_IFRAME).first
    wait_for_sectors(frame)
    box = frame.locator(".leaflet-container").bounding_box()
    assert box and box["width"] > 300, box
    return box


def test_officer_compares_candidates_end_to_end(page: Any, app_url: str, app_database: str,
                                                screenshot: Any, blocked_requests: list[Any]) -> None:
    open_map_page(page, app_url)
    officer_story(page, app_database, None, screenshot, blocked_requests, "selection")


def officer_story(page: Any, app_database: str, project_name: str | None, screenshot: Any,
                  blocked_requests: list[Any], shots: str) -> None:
    """The story from the open map page on; ``shots`` prefixes the screenshot names."""

    # colour the map by median income: the legend follows
    _select(page, "Indicator", "Mediaan netto belastbaar inkomen per aangifte")
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator(".wijk-legend")).to_contain_text("Mediaan netto belastbaar inkomen", timeout=20_000)

    # a drawn polygon in the west ...
    box = _map_box(page)
    frame.locator(".leaflet-draw-draw-polygon").click()
    corners = [(0.36, 0.30), (0.47, 0.30), (0.47, 0.45), (0.36, 0.45)]
    points = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in corners]
    for x, y in points:
        click_vertex(page, frame, x, y)
    page.mouse.click(*points[0])
    expect(frame.locator(VERTEX)).to_have_count(0, timeout=5_000)
    _save_drawing(page, app_database, "Noordwest", project_name)

    # ... and a rectangle in the south-east
    box = _map_box(page)
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator(".leaflet-draw-draw-rectangle").click()
    start = (box["x"] + 0.55 * box["width"], box["y"] + 0.62 * box["height"])
    end = (box["x"] + 0.66 * box["width"], box["y"] + 0.74 * box["height"])
    page.mouse.move(*start, steps=3)
    page.mouse.down()
    page.mouse.move(*end, steps=12)
    page.mouse.up()
    _save_drawing(page, app_database, "Zuidoost", project_name)

    # a click on a sector selects it for assembling
    box = _map_box(page)
    page.mouse.click(box["x"] + 0.50 * box["width"], box["y"] + 0.52 * box["height"])
    wait_for_app_idle(page)
    expect(page.get_by_text("Aangeklikte sectoren: 1")).to_be_visible(timeout=20_000)
    # the text shows while the click's run is still drawing: a widget used before it ends is replaced
    wait_for_app_idle(page)

    # a predefined neighbourhood
    _multiselect(page, "Voorgedefinieerde wijken", ["Stationskwartier"])
    page.get_by_role("button", name="Voeg toe als kandidaat").click()
    _wait_saved(page, app_database, "Stationskwartier", project_name)
    wait_for_sectors(page.frame_locator(MAP_IFRAME).first)
    screenshot(f"{shots}-map.png")

    store = get_store(app_database)
    project = _project(app_database, project_name)
    saved = {c.name: c for c in store.read(selection_store.list_candidates, project.id)}
    assert set(saved) == {"Noordwest", "Zuidoost", "Stationskwartier"}, saved
    assert saved["Noordwest"].origin == "drawn" and saved["Zuidoost"].origin == "drawn"
    assert saved["Stationskwartier"].origin == "neighbourhood" and saved["Stationskwartier"].sector_codes
    assert len(saved["Noordwest"].geometry.exterior.coords) == 5  # four corners, closed
    assert 10 < saved["Zuidoost"].geometry.area / 10_000 < 2_000  # hectares, in Lambert 72

    # profiles beside the municipality
    _section(page, "Kandidaat-wijken")
    for name in saved:
        expect(page.get_by_text(name, exact=False).first).to_be_visible()
    expect(page.locator("[data-testid=\"stDataFrame\"]")).to_have_count(3)  # areas, profiles, shares
    screenshot(f"{shots}-profiles.png")

    # the assessment framework
    _section(page, "Afwegingskader")
    _multiselect(page, "Criteria uit de gegevens", [
        "Aandeel woningen van vóór 1945", "Mediaan netto belastbaar inkomen per aangifte",
        "Gemiddeld aardgasverbruik per aansluiting"])
    _multiselect(page, "Kwalitatieve criteria", ["Politieke verankering", "Actieve burgers"])
    scores = page.get_by_label("Score (1–5)")
    expect(scores).to_have_count(6, timeout=30_000)
    for index, value in enumerate(["4", "2", "5", "3", "4", "2"]):
        scores.nth(index).fill(value)
    page.get_by_label("Pro", exact=True).first.fill("Klimaatplan noemt deze wijk")
    page.get_by_role("button", name="Bewaar de scores").click()
    wait_for_app_idle(page)
    expect(page.get_by_text(re.compile(r"staat eerst in \d+"))).to_be_visible(timeout=30_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(4, timeout=30_000)
    screenshot(f"{shots}-framework.png")

    criteria = store.read(selection_store.find_criteria_set, project.id, "default")
    assert [c.kind for c in criteria.criteria] == ["indicator"] * 3 + ["qualitative"] * 2
    assert len(store.read(selection_store.scores, criteria.id)) == 6

    # the council file
    _section(page, "Export")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Profielen en scores (XLSX)").click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    assert download_info.value.suggested_filename.endswith(".xlsx")
    assert len(workbook.sheetnames) >= 4, workbook.sheetnames
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Verslag (HTML, afdrukbaar)").click()
    report = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "Stationskwartier" in report and "Noordwest" in report
    # works offline: no page resource comes from the internet (plotly.js is inlined)
    assert not re.search(r'<(script|link|img|iframe)\b[^>]*\b(src|href)="https?://', report)

    # a reload is a new session: everything is still there
    page.reload()
    wait_for_app_idle(page)
    _section(page, "Kandidaat-wijken")
    for name in ("Noordwest", "Zuidoost", "Stationskwartier"):
        expect(page.get_by_text(name, exact=False).first).to_be_visible()
    _section(page, "Afwegingskader")
    expect(page.get_by_text(re.compile(r"staat eerst in \d+"))).to_be_visible(timeout=30_000)

    outside = [r for r in blocked_requests if "tile.openstreetmap.org" not in r.url]
    assert not outside, outside
