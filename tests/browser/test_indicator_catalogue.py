"""The officer renames an indicator in the Data section's catalogue, in French, in the real browser grid;
the name is saved with the project and is what the map's indicator picker offers.

Runs its own app on a database seeded with the Zennevallei sectors and the heat-vulnerability
table of shared/data/real (skipped when those files are absent).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from real_data import REAL
from app_server import running_app
from playwright.sync_api import expect
from streamlit_ui import wait_for_app_idle

from wijk_core.i18n import t
from wijk_core.indicators import store as indicator_store
from wijk_core.sectors import store as sector_store
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

pytestmark = pytest.mark.browser

SECTORS = "zennevallei_sectors_statbel_20240101.geojson"
HEAT = "zennevallei_heat_vulnerability_2026.csv"
NEW_NAME = "Synthèse chaleur (notre nom)"


def _real(name: str) -> bytes:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"real test data {path} not present")
    return path.read_bytes()


def test_an_indicator_renamed_in_the_grid_is_saved_and_offered_on_the_map(page: Any, tmp_path: Path,
                                                                            screenshot: Any) -> None:
    database = f"sqlite:///{tmp_path / 'catalogue.sqlite3'}"
    store = get_store(database)
    project = store.write(project_store.ensure_project, "Zennevallei")
    store.write(sector_store.add_file, project.id, "sectors", SECTORS, _real(SECTORS))
    store.write(sector_store.add_file, project.id, "indicators", HEAT, _real(HEAT))
    env = {**os.environ, "WIJK_DATABASE_URL": database, "WIJK_BASEMAP": "none", "PYTHONUNBUFFERED": "1"}

    with running_app(env, tmp_path / "streamlit.log", 120) as url:
        page.goto(f"{url}/?lang=fr")
        wait_for_app_idle(page)
        page.get_by_text(t("nav.selection", "fr")).first.click()
        wait_for_app_idle(page)
        page.locator('[data-testid="stButtonGroup"] button').filter(
            has_text=t("selection.tab_data", "fr")).first.click()
        wait_for_app_idle(page)
        page.get_by_text(t("indicators.title", "fr")).click()
        wait_for_app_idle(page)
        grid = page.locator('[data-testid="stDataFrame"]').last
        for _ in range(50):  # the grid is drawn a moment after the expander opens
            grid.evaluate("element => element.scrollIntoView({block: 'start'})")
            box = grid.bounding_box()
            if box and box["height"] > 300 and 0 <= box["y"] < 400:
                break
            page.wait_for_timeout(200)
        first = page.locator('[data-testid="glide-cell-0-0"]')
        for _ in range(4):  # the first click may only focus the grid
            page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # the first row's Dutch name
            page.wait_for_timeout(600)  # apart enough not to count as a double click
            if first.get_attribute("aria-selected") == "true":
                break
        expect(first).to_have_attribute("aria-selected", "true")
        page.keyboard.press("ArrowRight")  # no index column: 0 is the Dutch name, 1 the French one
        expect(page.locator('[data-testid="glide-cell-1-0"]')).to_have_attribute("aria-selected", "true")
        page.keyboard.press("Enter")  # opens the cell's editor
        expect(page.locator("#portal .gdg-input")).to_be_focused()
        page.keyboard.press("Control+A")
        page.keyboard.type(NEW_NAME, delay=20)
        expect(page.locator("#portal .gdg-input")).to_have_value(NEW_NAME)
        page.keyboard.press("Enter")
        expect(page.locator("#portal .gdg-input")).to_have_count(0)
        page.wait_for_timeout(1_000)  # the grid hands its edit to the form a moment after the cell closes
        page.get_by_role("button", name=t("indicators.save", "fr")).click()
        expect(page.get_by_text(t("indicators.saved", "fr"))).to_be_visible(timeout=20_000)
        screenshot("indicator_catalogue_saved.png")

        [entry] = store.read(indicator_store.indicator_entries, project.id)
        assert (entry.indicator, entry.label_fr, entry.label_nl) == ("hkw_final", NEW_NAME,
                                                                      "Hittekwetsbaarheid (synthese)")

        page.locator('[data-testid="stButtonGroup"] button').filter(
            has_text=t("selection.tab_map", "fr")).first.click()
        wait_for_app_idle(page)
        picker = page.locator('[data-testid="stSelectbox"]').filter(has_text=t("selection.indicator", "fr")).first
        picker.locator("input").click()
        picker.locator("input").fill(NEW_NAME[:12])
        expect(page.get_by_role("option", name=NEW_NAME)).to_be_visible()
