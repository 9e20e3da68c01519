"""Sector names come from uploaded files: the map's tooltip must show them as text.

A project whose sector file names one sector with markup; hovering that sector on the
canvas map shows the name literally, and nothing in it runs or becomes an element.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import shapely.geometry
from playwright.sync_api import expect
from pyproj import Transformer
from streamlit_ui import MAP_IFRAME, map_frame, open_map_page

from wijk_core import config
from wijk_core.i18n import t
from wijk_core.store import get_store
from wijk_core.store import projects as project_store
from wijk_core.sectors import store as sector_store

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="window.__pwned=1">Kerk & <b>Plein</b>'


def test_hovered_sector_shows_a_hostile_name_as_text(page: Any, app_url: str, app_database: str,
                                                      screenshot: Any) -> None:
    demo = config.data_dir() / "demo"
    sectors = json.loads((demo / "sectors.geojson").read_text(encoding="utf-8"))
    target = sectors["features"][10]
    target["properties"]["tx_sector_descr_nl"] = HOSTILE
    store = get_store(app_database)
    # other stories work in the demo project, the first by name: make sure it exists first
    store.write(project_store.ensure_project, t("project.demo_name", "nl"))
    project = store.write(project_store.create_project, "Vijandige sectornamen")
    store.write(sector_store.add_file, project.id, "sectors", "sectors.geojson", json.dumps(sectors).encode())
    for role, name in (("indicators", "indicators.csv"), ("catalogue", "indicator_catalogue.csv")):
        store.write(sector_store.add_file, project.id, role, name, (demo / name).read_bytes())

    frame = open_map_page(page, app_url, f"?project={project.id}", timeout_ms=120_000)
    inside = shapely.geometry.shape(target["geometry"]).representative_point()  # Lambert 72, as the file
    lon, lat = Transformer.from_crs(31370, 4326, always_xy=True).transform(inside.x, inside.y)
    point = map_frame(page).evaluate("p => map.latLngToContainerPoint(p)", [lat, lon])
    box = page.locator(MAP_IFRAME).first.bounding_box()
    page.mouse.move(box["x"] + point["x"] - 4, box["y"] + point["y"] - 4)
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=3)

    tooltip = frame.locator(".wijk-sector-tooltip")
    expect(tooltip).to_contain_text(HOSTILE, timeout=10_000)
    assert tooltip.locator("img, b").count() == 0
    assert map_frame(page).evaluate("() => window.__pwned === undefined")
    screenshot("sector-tooltip-hostile.png")
