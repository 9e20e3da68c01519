"""The officer's selection story on a national-size layer, in a real browser, offline.

The project's data are ~20,800 sectors over Belgium (``bench/national.py``, with the
demo municipality's 50 sectors, indicators and wijken in their place), uploaded as
an officer would. She opens the map of the whole country, zooms to her municipality
and then does exactly what the demo story does (``test_selection_story.py``): the
map must keep her view whenever it is redrawn, and clicking, drawing, profiles,
ranking and exports must work as on one municipality.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import os

import pytest
from app_server import running_app
from streamlit_ui import SECTORS_READY, map_frame, open_map_page, wait_for_app_idle, wait_for_sectors
from test_selection_story import officer_story

from bench.national import write
from wijk_core.sectors.data import load_demo
from wijk_core.store import get_store
from wijk_core.store import projects as project_store
from wijk_core.sectors import store as sector_store

pytestmark = pytest.mark.browser

PROJECT = "België (alle sectoren)"
FILES = [("sectors", "sectors.gpkg"), ("indicators", "indicators.csv"),
         ("catalogue", "indicator_catalogue.csv"), ("neighbourhoods", "wijken.geojson"),
         ("link_table", "sector_to_wijk.csv")]


@pytest.fixture(scope="module")
def national_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, int]]:
    """An app whose one project holds the national layer; yields (url, database, project id)."""
    folder = tmp_path_factory.mktemp("national")
    write(folder / "files", demo=True)
    database = f"sqlite:///{folder / 'app.sqlite3'}"
    store = get_store(database)
    project = store.write(project_store.create_project, PROJECT)
    for role, name in FILES:
        store.write(sector_store.add_file, project.id, role, name, (folder / "files" / name).read_bytes())
    env = {**os.environ, "WIJK_DATABASE_URL": database, "WIJK_BASEMAP": "osm", "PYTHONUNBUFFERED": "1"}
    with running_app(env, Path("test-output") / "browser" / "national-app.log") as url:
        yield url, database, project.id


@pytest.mark.timeout(900)
def test_officer_story_on_a_national_layer(page: Any, national_app: tuple[str, str, int],
                                           screenshot: Any, blocked_requests: list[Any]) -> None:
    url, database, project_id = national_app
    # the first visit reads 85 MB of files and prepares the map's geometry files once
    frame = open_map_page(page, url, f"?project={project_id}", timeout_ms=600_000)
    assert int(frame.locator(SECTORS_READY).get_attribute("data-sector-count")) > 20_000
    screenshot("national-overview.png")

    # she zooms to her municipality: the detailed borders of that part are fetched
    west, south, east, north = load_demo().sectors.to_crs(4326).total_bounds
    map_frame(page).evaluate("b => window.map.fitBounds(b)", [[south, west], [north, east]])
    wait_for_sectors(frame)
    wait_for_app_idle(page)  # the new view went back to the server
    assert map_frame(page).evaluate("() => window.map.getZoom()") >= 13

    # The story's first step recolours the map, which redraws it: it must open on the
    # municipality again, or its rectangle would span tens of kilometres (the story checks
    # the drawn rectangle is under 2,000 ha).
    officer_story(page, database, PROJECT, screenshot, blocked_requests, "national")
