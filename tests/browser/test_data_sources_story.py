"""An officer's own municipality, source by source, in a real browser, offline (issue 14).

A new project, made in the sidebar, gets the real Brussels sector file alone (Brussels publishes no sector
indicators): the map is coloured by area, a hovered sector names its area, the map takes a drawing, and
three clicked sectors become a candidate.
She then adds the Brussels neighbourhoods, later one indicator table without uploading
anything again (a small CSV made here on the Brussels sector codes: no real Brussels
table exists), removes it after reading what disappears, and undoes that in one click.
The ``page`` fixture's wall aborts every request that leaves the machine.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from real_data import real_file
from playwright.sync_api import expect
from streamlit_ui import MAP_IFRAME, open_map_page, wait_for_app_idle, wait_for_sectors
from test_selection_story import _map_box, _section, _wait_saved

from wijk_core.sectors import store as sector_store
from wijk_core.selection import store as selection_store
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

pytestmark = pytest.mark.browser

GEOMETRY = "brussels_sectors_statbel_20220101.gpkg"
WIJKEN = "brussels_wijken_pinc_ggw72024.gpkg"
LINK = "brussels_sector_to_wijk_and_quartier.csv"
PROJECT = "Stad Brussel, bron per bron"  # after "Demoproject": the other stories use the first by name


UPLOADERS = ("Statistische sectoren", "Indicatortabellen", "Indicatorcatalogus", "Wijken")
"""The Data form's file choosers, in their order on the page."""


def _add(page: Any, files: dict[str, list[Path]]) -> None:
    """Choose files in the Data section's uploaders (by label) and press "Toevoegen"."""
    form = page.locator('[data-testid="stForm"]').filter(has_text="Toevoegen")
    for label, paths in files.items():
        wait_for_app_idle(page)  # a form redrawn by a run that ends would drop the files
        form.locator('input[type="file"]').nth(UPLOADERS.index(label)).set_input_files([str(p) for p in paths])
        for path in paths:  # a long name is shown shortened in its middle
            shown = re.compile(re.escape(path.name[:5]) + ".*" + re.escape(path.name[-6:]))
            expect(form.get_by_text(shown)).to_be_visible(timeout=30_000)
    form.get_by_role("button", name="Toevoegen", exact=True).click()  # not the uploader's "Bestanden toevoegen"
    wait_for_app_idle(page)


def _click_sector(page: Any, fx: float, fy: float, count: int) -> None:
    """Click the map at a fraction of its box until the page counts ``count`` clicked sectors.

    A click that reaches the map while it is being redrawn is lost (the count stays one
    lower): it is clicked once more then, never when it was counted (a second click would
    take the sector out again).
    """
    for _ in range(2):
        box = _map_box(page)
        page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
        wait_for_app_idle(page)
        try:
            expect(page.get_by_text(f"Aangeklikte sectoren: {count}")).to_be_visible(timeout=8_000)
            return
        except AssertionError:
            expect(page.get_by_text(f"Aangeklikte sectoren: {count - 1}")).to_be_visible()
    raise AssertionError(f"the click at ({fx}, {fy}) was not counted twice")


def _summary(page: Any) -> str:
    text = page.get_by_text("Gebruikte gegevens:").first
    expect(text).to_be_visible(timeout=30_000)
    return text.inner_text()


@pytest.mark.timeout(300)
def test_sources_add_up_from_geometry_alone(page: Any, app_url: str, app_database: str, tmp_path: Path,
                                           screenshot: Any, blocked_requests: list[Any]) -> None:
    geometry, wijken, link = real_file(GEOMETRY), real_file(WIJKEN), real_file(LINK)
    store = get_store(app_database)
    open_map_page(page, app_url)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Nieuw project").click()
    name = sidebar.get_by_label("Naam van het nieuwe project")
    name.fill(PROJECT)
    name.press("Enter")
    wait_for_app_idle(page)
    sidebar.get_by_role("button", name="Aanmaken").click()
    wait_for_app_idle(page)
    expect(sidebar.get_by_role("combobox", name="Project")).to_have_value(PROJECT, timeout=20_000)
    [project] = [p for p in store.read(project_store.list_projects) if p.name == PROJECT]

    # the Brussels sector file alone
    _section(page, "Gegevens")
    _add(page, {"Statistische sectoren": [geometry]})
    expect(page.get_by_text(re.compile(r"Bronnen bijgewerkt\. Indicatoren erbij: 3,"))).to_be_visible(timeout=60_000)
    assert "sectoren: 678, indicatoren: 3, wijken: 0" in _summary(page)

    # a full map: coloured by area, three clicked sectors become a candidate
    _section(page, "Kaart")
    frame = page.frame_locator(MAP_IFRAME).first
    wait_for_sectors(frame)
    expect(frame.locator(".wijk-legend")).to_contain_text("Oppervlakte", timeout=30_000)
    screenshot("sources-area-map.png")
    box = _map_box(page)  # a hovered sector names its area
    page.mouse.move(box["x"] + 0.49 * box["width"], box["y"] + 0.49 * box["height"])
    page.mouse.move(box["x"] + 0.50 * box["width"], box["y"] + 0.50 * box["height"], steps=3)
    expect(frame.locator(".wijk-sector-tooltip").last).to_contain_text(re.compile(r"Oppervlakte.*ha"), timeout=10_000)
    frame.locator(".leaflet-draw-draw-rectangle").click()  # the map takes a drawing
    page.mouse.move(box["x"] + 0.40 * box["width"], box["y"] + 0.40 * box["height"], steps=3)
    page.mouse.down()
    page.mouse.move(box["x"] + 0.45 * box["width"], box["y"] + 0.45 * box["height"], steps=12)
    page.mouse.up()
    expect(page.get_by_text(re.compile(r"Perimeter ontvangen"))).to_be_visible(timeout=20_000)
    wait_for_app_idle(page)
    for count, (fx, fy) in enumerate(((0.48, 0.48), (0.52, 0.52), (0.50, 0.56)), start=1):
        _click_sector(page, fx, fy, count)
    wait_for_app_idle(page)
    form = page.locator('[data-testid="stForm"]').filter(has_text="Bewaar de sectoren als kandidaat")
    form.get_by_label("Naam van de kandidaat-wijk").fill("Drie sectoren")
    form.get_by_role("button", name="Bewaar de sectoren als kandidaat").click()
    _wait_saved(page, app_database, "Drie sectoren", PROJECT)
    [candidate] = store.read(selection_store.list_candidates, project.id)
    assert len(candidate.sector_codes) == 3

    # the neighbourhoods, added alone: the sector file stays
    _section(page, "Gegevens")
    _add(page, {"Wijken": [wijken, link]})
    expect(page.get_by_text(re.compile(r"Indicatoren erbij: 0, weg: 0; wijken: 192"))
           ).to_be_visible(timeout=60_000)

    # later, one indicator table alone: gained, the wijken kept
    sectors = gpd.read_file(geometry, columns=["cd_sector"], ignore_geometry=True)
    table = tmp_path / "brussel_woningen.csv"
    table.write_text("cd_sector;dwellings\n" + "".join(f"{code};{10 + i % 7}\n"
                                                       for i, code in enumerate(sectors["cd_sector"])))
    _add(page, {"Indicatortabellen": [table]})
    expect(page.get_by_text(re.compile(r"Indicatoren erbij: 1, weg: 0; wijken: 192"))
           ).to_be_visible(timeout=60_000)
    assert "indicatoren: 4, wijken: 192" in _summary(page)
    sources = store.read(sector_store.data_sources, project.id)
    assert [f.role for f in sources] == ["sectors", "neighbourhoods", "link_table", "indicators"]
    before_removal = sources

    # remove it: the page says what disappears and asks first
    table_id = sources[-1].id
    page.locator(f".st-key-remove_{table_id}").get_by_role("button", name="Verwijderen").click()
    wait_for_app_idle(page)
    expect(page.get_by_text("Deze wijziging laat gegevens verdwijnen")).to_be_visible(timeout=30_000)
    expect(page.get_by_text(re.compile(r"Indicatoren die verdwijnen \(1\)"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Kandidaten waarvan de cijfers veranderen: Drie sectoren"))).to_be_visible()
    screenshot("sources-confirm.png")
    assert store.read(sector_store.data_sources, project.id) == before_removal
    page.get_by_role("button", name="Wijziging bevestigen").click()
    wait_for_app_idle(page)
    expect(page.get_by_text(re.compile(r"Indicatoren erbij: 0, weg: 1; wijken: 192"))).to_be_visible(timeout=60_000)
    assert "indicatoren: 3, wijken: 192" in _summary(page)

    # undo: back as it was
    page.get_by_role("button", name="Vorige bronnen terugzetten").click()
    wait_for_app_idle(page)
    expect(page.get_by_text("De vorige bronnen zijn teruggezet.")).to_be_visible(timeout=30_000)
    assert "indicatoren: 4, wijken: 192" in _summary(page)
    assert store.read(sector_store.data_sources, project.id) == before_removal
    assert [c.name for c in store.read(selection_store.list_candidates, project.id)] == ["Drie sectoren"]

    outside = [r for r in blocked_requests if "tile.openstreetmap.org" not in r.url]
    assert not outside, outside
