"""An officer fetches her municipality's official data in a real browser (issue 14, item 6).

The app runs with its own database and kept-files folder, and fetches from a loopback server
that serves synthetic files in Statbel's formats (``tests/sectors/statbel_mirror.py``): she
finds Merelbeke-Melle by its former name, keeps the 2024 edition, presses "Ophalen", sees the
change stored, and the project's sources are the municipality's sectors and income table.
The ``page`` fixture's wall aborts every browser request that leaves the machine.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from app_server import running_app
from conftest import APP_START_TIMEOUT_S, SCREENSHOT_DIR
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from sectors.statbel_mirror import Quiet, build_mirror, serve
from streamlit_ui import wait_for_app_idle
from test_ideas_facilitator import _select
from test_selection_story import _section

from wijk_core.sectors import store as sector_store
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

MERELBEKE_MELLE = "Merelbeke-Melle — NIS 44088 (vanaf 2025; voordien 44040, 44043)"

pytestmark = pytest.mark.browser


def test_an_officer_fetches_a_merged_municipality(page: Any, tmp_path: Path, screenshot: Any,
                                                  blocked_requests: list[Any]) -> None:
    database = f"sqlite:///{tmp_path / 'official.sqlite3'}"
    kept = tmp_path / "official"
    for mirror_url in serve(Quiet, build_mirror(tmp_path / "statbel")):
        env = {**os.environ, "WIJK_DATABASE_URL": database, "WIJK_BASEMAP": "none", "PYTHONUNBUFFERED": "1",
               "WIJK_STATBEL_URL": mirror_url, "WIJK_OFFICIAL_DIR": str(kept)}
        with running_app(env, SCREENSHOT_DIR / "official.log", APP_START_TIMEOUT_S) as url:
            page.goto(f"{url}/wijkselectie")
            wait_for_app_idle(page)
            _section(page, "Gegevens")
            page.get_by_text("Officiële gegevens ophalen").click()
            search = page.get_by_label("Gemeente (naam of NIS-code)", exact=True).and_(page.locator("input"))
            search.fill("Melle")
            search.press("Enter")
            wait_for_app_idle(page)
            # the expander may still be opening: choose once it stands, and once more if its list closed
            choice = page.locator('[data-testid="stSelectbox"]').filter(has_text="Kies de gemeente").first
            expect(choice).to_be_visible()
            page.wait_for_timeout(500)
            try:
                _select(page, "Kies de gemeente", MERELBEKE_MELLE)
            except PlaywrightError:
                page.keyboard.press("Escape")
                wait_for_app_idle(page)
                _select(page, "Kies de gemeente", MERELBEKE_MELLE)
            page.get_by_text("1 januari 2024 (codes van vóór 2025", exact=False).click()
            wait_for_app_idle(page)
            screenshot("official-choose.png")
            page.get_by_role("button", name="Ophalen").click()
            wait_for_app_idle(page)
            expect(page.get_by_text(re.compile(r"Bronnen bijgewerkt"))).to_be_visible(timeout=60_000)
            screenshot("official-fetched.png")
    store = get_store(database)
    [project] = store.read(project_store.list_projects)
    assert [(f.role, f.filename) for f in store.read(sector_store.data_sources, project.id)] == [
        ("sectors", "sectors_44088.gpkg"), ("indicators", "TF_PSNL_INC_TAX_SECTOR_44088.csv")]
    assert sorted(p.name for p in kept.iterdir() if p.is_file()) == ["TF_PSNL_INC_TAX_SECTOR.zip",
                                                      "sh_statbel_statistical_sectors_31370_20240101.geojson.zip"]
    assert not [r for r in blocked_requests if "127.0.0.1" in r.url]
