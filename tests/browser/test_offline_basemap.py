"""A workshop without internet: the project's own base map, served by the app, on a phone.

Every request that leaves the machine is aborted (the community centre has no Wi-Fi).

1. A project whose base map was prepared while online (here from a loopback tile
   server started by the test: tiles with white "streets" along their edges, so every
   tile corner is a street corner) shows those tiles, every one asked from the app and
   none from outside; the credit appears because its tiles loaded; a resident pins an
   idea at a street corner.
2. A project without any base map shows the sector names on the plain background and
   credits no map; the facilitator uploads a ``.pmtiles`` file, and the residents' map
   then shows its tiles, again all from the app.
3. The QR code, with the app opened on loopback, decodes to this machine's address on
   the local network, which the facilitator also reads under the code.
"""

from __future__ import annotations

import io
import math
import os
import re
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from app_server import running_app
from ideas_ui import neighbourhood_project, open_map, phone, shot, tap, wait_for
from playwright.sync_api import expect
from streamlit_ui import MAP_IFRAME, map_frame, sign_in, wait_for_app_idle
from tile_server import png_tile, tile_server

from wijk_core.access.store import add_account
from wijk_core.ideas import IdeaArea, is_loopback_host, lan_address, to_lambert
from wijk_core.ideas import store as si
from wijk_core.maps.tiles import plan_tiles, prepare_tiles, tiles_across
from wijk_core.sectors import store as sector_store
from wijk_core.store import get_store

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
LOGS = REPO / "test-output" / "browser"
PASSWORD = "buurthuis-2026"
OFFICER = "olaf"
TILE_PATH = re.compile(r"/app/static/cache/basemaps/[0-9a-f]{24}/(\d+)/(\d+)/(\d+)\.png$")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The app on loopback with its own database; the online base map would be GRB (``auto``)."""
    database = f"sqlite:///{tmp_path_factory.mktemp('basemap-db') / 'app.sqlite3'}"
    env = {**os.environ, "WIJK_DATABASE_URL": database, "WIJK_BASEMAP": "auto",
           "WIJK_FACILITATOR_PASSWORD": PASSWORD, "PYTHONUNBUFFERED": "1"}
    env.pop("WIJK_PUBLIC_URL", None)
    get_store(database).write(add_account, OFFICER, password=PASSWORD, role="officer")
    with running_app(env, LOGS / "streamlit-basemap.log", 120) as url:
        yield {"url": url, "store": get_store(database)}
    get_store(database).dispose()


def _project(store: Any) -> tuple[Any, IdeaArea]:
    return neighbourhood_project(store, f"Buurthuis {uuid.uuid4().hex[:8]}")


def _tile_requests(page: Any) -> list[str]:
    """Record every image the map's frame asks for (tiles are <img> elements)."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url) if request.resource_type == "image" else None)
    return seen


def _tiles_loaded(page: Any) -> int:
    return map_frame(page).evaluate(
        "() => Array.from(document.querySelectorAll('.leaflet-tile-container img.leaflet-tile-loaded'))"
        ".filter(img => img.naturalWidth === 256).length")


def _street_corner(area: IdeaArea, zoom: int) -> tuple[float, float]:
    """(lon, lat) of a tile corner (a street corner of the test tiles) near the middle of the area."""
    columns, rows = tiles_across(area.bounds_wgs84, zoom)
    n = 2 ** zoom
    for x in list(columns)[len(columns) // 2:] + list(columns)[:len(columns) // 2]:
        for y in list(rows)[len(rows) // 2:] + list(rows)[:len(rows) // 2]:
            lon = x / n * 360.0 - 180.0
            lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
            if area.contains(*to_lambert(lon, lat)) and area.contains(*to_lambert(lon + 0.002, lat - 0.002)) \
                    and area.contains(*to_lambert(lon - 0.002, lat + 0.002)):
                return lon, lat
    raise AssertionError("no tile corner well inside the area")


def test_a_prepared_offline_base_map_is_served_by_the_app_and_a_resident_pins_at_a_street_corner(
        browser: Any, app: dict, tmp_path: Path) -> None:
    store, app_url = app["store"], app["url"]
    project, area = _project(store)
    plan = plan_tiles("grb", area.bounds_wgs84, 13, 16)
    with tile_server() as server:  # "online": the service is the loopback server
        path = prepare_tiles(plan, tmp_path / "prepared.mbtiles",
                             url_of=lambda base, z, x, y: server.template.format(z=z, x=x, y=y))
    assert len(server.requests) == plan.count
    store.write(sector_store.add_file, project.id, "basemap", "grb-z13-16.mbtiles", path.read_bytes(),
                options={"kind": "mbtiles", "source": "grb", "min_zoom": 13, "max_zoom": 16, "count": plan.count})

    blocked: list[str] = []
    page = phone(browser, blocked)
    images = _tile_requests(page)
    open_map(page, f"{app_url}/ideeen?project={project.id}")
    wait_for(lambda: _tiles_loaded(page) >= 4, "offline tiles on the map")
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("Digitaal Vlaanderen")
    expect(frame.locator(".wijk-place-label").first).to_be_hidden()  # the tiles name the streets now
    shot(page, "basemap-phone-offline-tiles.png")

    tiles = [url for url in images if "/basemaps/" in url]
    assert tiles and all(url.startswith(app_url + "/app/static/cache/basemaps/") for url in tiles), tiles
    assert all(TILE_PATH.search(urlsplit(url).path) for url in tiles), tiles
    assert blocked == [], f"requests that left the machine: {blocked}"
    # what the app served is what was prepared
    shown = map_frame(page).evaluate("() => document.querySelector('img.leaflet-tile-loaded').src")
    z, x, y = (int(v) for v in TILE_PATH.search(urlsplit(shown).path).groups())
    with urllib.request.urlopen(shown, timeout=10) as served:  # noqa: S310 (loopback: the app under test)
        assert served.read() == png_tile(z, x, y)

    # the resident zooms in to her street and pins an idea at a street corner
    lon, lat = _street_corner(area, 15)
    map_frame(page).evaluate("([lat, lon]) => window.map.setView([lat, lon], 15, {animate: false})", [lat, lon])
    wait_for(lambda: map_frame(page).evaluate(
        "() => document.querySelectorAll('.leaflet-tile-container img.leaflet-tile-loaded[src*=\"/15/\"]').length")
        >= 2, "zoom 15 tiles")
    shot(page, "basemap-phone-street.png")
    tap(page, lon, lat)
    form = page.locator('[data-testid="stForm"]').filter(has_text="Plaats mijn idee")
    expect(form).to_be_visible(timeout=20_000)
    form.get_by_text("Mobiliteit", exact=True).click()
    form.get_by_label("Titel").fill("Zebrapad op dit kruispunt")
    form.get_by_role("button", name="Plaats mijn idee").click()

    def pinned():
        with store.reading() as session:
            found = [i for i in si.list_ideas(session, project.id) if i.title == "Zebrapad op dit kruispunt"]
        return found[0] if found else None

    idea = wait_for(pinned, "the idea in the database")
    assert (idea.lon, idea.lat) == pytest.approx((lon, lat), abs=2e-4)
    wait_for_app_idle(page)
    expect(page.frame_locator(MAP_IFRAME).first.locator(f"path.wijk-idea-{idea.id}")).to_have_count(1, timeout=20_000)
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    shot(page, "basemap-phone-pinned.png")
    assert blocked == [], f"requests that left the machine: {blocked}"
    outside = [url for url in images if not url.startswith(app_url)]
    assert outside == [], outside


def _sign_in(page: Any, app_url: str, project_id: int, section: str, username: str = "") -> None:
    """Sign in (the shared facilitator password, or the named account) and open a moderation section."""
    sign_in(page, app_url, f"/moderatie?project={project_id}", PASSWORD, username)
    page.locator('[data-testid="stButtonGroup"] button').filter(has_text=section).first.click()
    page.wait_for_timeout(300)
    wait_for_app_idle(page)


def test_without_a_base_map_sector_names_show_and_an_uploaded_pmtiles_file_is_served(
        browser: Any, app: dict, tmp_path: Path) -> None:
    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import write

    store, app_url = app["store"], app["url"]
    project, area = _project(store)
    blocked: list[str] = []

    # no base map, no internet: names on a plain background, and no credit for a map that is not there
    page = phone(browser, blocked)
    open_map(page, f"{app_url}/ideeen?project={project.id}")
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator(".wijk-place-label").first).to_be_visible(timeout=20_000)
    assert frame.locator(".wijk-place-label").count() >= 2
    expect(frame.locator(".leaflet-control-attribution")).not_to_contain_text("Vlaanderen")
    shot(page, "basemap-phone-no-tiles.png")
    assert blocked and all("geo.api.vlaanderen.be" in url for url in blocked)  # only the online tiles tried
    page.context.close()

    # the facilitator uploads a tile file made elsewhere
    west, south, east, north = area.bounds_wgs84
    tiles = sorted(((z, x, y) for z in range(13, 16) for x in tiles_across(area.bounds_wgs84, z)[0]
                    for y in tiles_across(area.bounds_wgs84, z)[1]), key=lambda t: zxy_to_tileid(*t))
    upload = tmp_path / "buurt.pmtiles"
    with write(upload) as writer:
        for z, x, y in tiles:
            writer.write_tile(zxy_to_tileid(z, x, y), png_tile(z, x, y))
        writer.finalize({"tile_type": TileType.PNG, "tile_compression": Compression.NONE, "min_zoom": 13,
                         "max_zoom": 15, "min_lon_e7": int(west * 1e7), "min_lat_e7": int(south * 1e7),
                         "max_lon_e7": int(east * 1e7), "max_lat_e7": int(north * 1e7), "center_zoom": 14,
                         "center_lon_e7": int((west + east) / 2 * 1e7),
                         "center_lat_e7": int((south + north) / 2 * 1e7)},
                        {"attribution": "© Stad <b>Heist</b>", "name": "buurt"})
    blocked.clear()
    officer = phone(browser, blocked)
    _sign_in(officer, app_url, project.id, "Achtergrondkaart", OFFICER)  # loading map data is an officer's
    expect(officer.get_by_text("Dit project heeft nog geen offline achtergrondkaart")).to_be_visible()
    officer.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    wait_for_app_idle(officer)
    expect(officer.get_by_text(f"PMTILES-bestand: zoom 13–15, {len(tiles)} tegels.")).to_be_visible(timeout=20_000)
    officer.get_by_role("button", name="Dit bestand gebruiken als offline achtergrondkaart").click()
    wait_for_app_idle(officer)
    expect(officer.get_by_text("Offline achtergrondkaart in gebruik: buurt.pmtiles")).to_be_visible(timeout=20_000)
    shot(officer, "basemap-phone-uploaded.png")
    with store.reading() as session:
        (stored,) = sector_store.list_files(session, project.id, "basemap")
    assert stored.filename == "buurt.pmtiles" and stored.size == upload.stat().st_size

    # the residents' map now shows the uploaded tiles, all from the app (the officer's pages, with the online
    # base map of WIJK_BASEMAP=auto, may have tried the internet: only the resident's requests count here)
    blocked.clear()
    resident = phone(browser, blocked)
    images = _tile_requests(resident)
    open_map(resident, f"{app_url}/ideeen?project={project.id}")
    wait_for(lambda: _tiles_loaded(resident) >= 4, "uploaded tiles on the map")
    frame = resident.frame_locator(MAP_IFRAME).first
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("© Stad <b>Heist</b>")  # text, not HTML
    shot(resident, "basemap-phone-pmtiles.png")
    tiles_asked = [url for url in images if "/basemaps/" in url]
    assert tiles_asked and all(url.startswith(app_url) for url in tiles_asked)
    assert blocked == [], f"requests that left the machine: {blocked}"


def test_the_qr_code_carries_an_address_phones_can_reach(browser: Any, app: dict) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    store, app_url = app["store"], app["url"]
    assert is_loopback_host(urlsplit(app_url).hostname)
    network = lan_address()
    if network is None:
        pytest.skip("this machine has no address besides loopback")
    project, _area = _project(store)
    blocked: list[str] = []
    page = phone(browser, blocked)
    _sign_in(page, app_url, project.id, "Export")
    image = page.locator('[data-testid="stImage"] img').first
    expect(image).to_be_visible(timeout=20_000)
    image.scroll_into_view_if_needed()
    shot(page, "basemap-qr.png")
    (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.screenshot())))
    port = urlsplit(app_url).port
    assert code.text == f"http://{network}:{port}/ideeen?project={project.id}&lang=nl"
    assert not is_loopback_host(urlsplit(code.text).hostname)
    expect(page.locator(".wijk-qr-address")).to_have_text(f"Gsm's openen dit adres: {code.text}")
