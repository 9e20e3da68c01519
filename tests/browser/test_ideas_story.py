"""The residents' story on the idea map, on a phone-sized screen, with all outside network blocked.

A resident opens the link from the QR code, taps the map inside the neighbourhood,
chooses "Mobiliteit", writes a title and a short text, signs with a pseudonym and sends.
Her idea appears on the map in the category colour. She supports another idea (+2),
comments "against" on a third, changes her vote to +1. Another resident sees the new
idea and the new counts after a refresh. A tap outside the neighbourhood is refused
with a clear message. Hostile titles, texts, comments and pseudonyms stay text in the
cards, the list, the map's tooltips and popups.

(Named ``test_ideas_story.py``: ``tests/store/test_ideas.py`` already owns the module
name ``test_ideas`` in this package-less test tree.)
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
import shapely
from ideas_ui import no_injection, open_map, phone, shot, tap, tap_marker, wait_for
from playwright.sync_api import expect
from streamlit_ui import MAP_IFRAME, map_frame, wait_for_app_idle

from wijk_core.selection.candidates import from_neighbourhood
from wijk_core.ideas import IdeaArea, new_participant_token, to_lambert, to_wgs84
from wijk_core.sectors.data import load_demo
from wijk_core.store import get_store
from wijk_core.ideas import store as si
from wijk_core.store import projects as project_store
from wijk_core.selection import store as selection_store

pytestmark = pytest.mark.browser

MOBILITY_COLOUR = "#0072b2"
HOSTILE_TITLE = '<img src=x onerror="window.__xss=1"> Bankjes'
HOSTILE_TEXT = "<script>window.__xss=1</script> [klik](javascript:window.__xss=1)"
HOSTILE_NAME = "\u202eأحمد 🚲"


# --- Data ------------------------------------------------------------------------------


def _spots(geometry: Any, count: int) -> list[Any]:
    """``count`` points well inside ``geometry`` (60 m from its border), spread over it."""
    inner = geometry.buffer(-60)
    minx, miny, maxx, maxy = inner.bounds
    grid = [shapely.Point(x, y) for y in np.linspace(miny, maxy, 11)[1:-1] for x in np.linspace(minx, maxx, 11)[1:-1]]
    inside = [point for point in grid if inner.contains(point)]
    assert len(inside) >= count, "the neighbourhood is too small for the test's ideas"
    step = len(inside) // count
    return inside[::step][:count]


@pytest.fixture
def neighbourhood(app_database: str) -> Iterator[dict]:
    """A fresh project whose one candidate is the demo wijk Stationskwartier, with three ideas of others."""
    store = get_store(app_database)
    project = store.write(project_store.create_project, f"Ideeën {uuid.uuid4().hex[:8]}")
    data = load_demo()
    code = data.wijken.loc[data.wijken["wijk_naam"] == "Stationskwartier", "wijk_code"].iloc[0]
    shape = from_neighbourhood(data, code)
    store.write(selection_store.create_candidate, project.id, "Stationskwartier", shape.geometry, origin=shape.origin,
                sector_codes=shape.sector_codes, source_ref=shape.source_ref)
    area = IdeaArea.from_layer(gpd.GeoSeries([shape.geometry], crs=31370), "candidates")
    spots = _spots(shape.geometry, 4)
    points = [to_wgs84(p.x, p.y) for p in spots]
    with store.writing() as session:
        seeded = [si.add_idea(session, project.id, new_participant_token(), area.locate(*point), category=category,
                              title=title, text=text, pseudonym=name)
                  for point, (category, title, text, name) in zip(points[:3], [
                      ("environment", "Meer bomen op het Stationsplein", "Schaduw in de zomer", "Boom"),
                      ("leisure", "Speelplein achter de school", "", None),
                      ("services", HOSTILE_TITLE, HOSTILE_TEXT, HOSTILE_NAME)])]
        si.vote(session, seeded[0].id, new_participant_token(), -1)
        si.add_comment(session, seeded[2].id, new_participant_token(), stance="for", text=HOSTILE_TEXT,
                       pseudonym=HOSTILE_TITLE[:40])
    yield {"store": store, "project": project, "area": area, "ideas": seeded, "new_spot": points[3],
           "geometry": shape.geometry}


def _outside_spot(page: Any, area: IdeaArea) -> tuple[float, float]:
    """A point in view on the map but outside the neighbourhood."""
    width, height = map_frame(page).evaluate("() => [window.map.getSize().x, window.map.getSize().y]")
    for fx, fy in [(0.9, 0.5), (0.1, 0.5), (0.5, 0.9), (0.5, 0.1), (0.9, 0.9)]:
        lat, lon = map_frame(page).evaluate("([x, y]) => { const l = window.map.containerPointToLatLng([x, y]);"
                                            " return [l.lat, l.lng]; }", [fx * width, fy * height])
        if not area.contains(*to_lambert(lon, lat)):
            return lon, lat
    raise AssertionError("no point of the map view lies outside the neighbourhood")


# --- The story -------------------------------------------------------------------------


def test_a_resident_pins_supports_comments_and_another_sees_it(browser: Any, app_url: str, neighbourhood: dict):
    store, project, area = neighbourhood["store"], neighbourhood["project"], neighbourhood["area"]
    trees, playground, hostile = neighbourhood["ideas"]
    blocked: list[str] = []
    url = f"{app_url}/ideeen?project={project.id}"

    other = phone(browser, blocked)  # another resident has the map open already
    open_map(other, url)
    expect(other.get_by_role("button", name=re.compile("Meer bomen op het Stationsplein"))).to_be_visible()

    page = phone(browser, blocked)
    frame = open_map(page, url)
    expect(frame.locator("path.wijk-idea")).to_have_count(3, timeout=20_000)
    shot(page, "ideas-phone-map.png")

    # a tap outside the neighbourhood is refused, with a message
    tap(page, *_outside_spot(page, area))
    expect(page.get_by_text("Die plek ligt buiten de wijk")).to_be_in_viewport(timeout=20_000)
    expect(page.locator('[data-testid="stForm"]').filter(has_text="Plaats mijn idee")).to_have_count(0)
    shot(page, "ideas-phone-outside.png")

    # a tap inside opens the form under the map
    lon, lat = neighbourhood["new_spot"]
    tap(page, lon, lat)
    form = page.locator('[data-testid="stForm"]').filter(has_text="Plaats mijn idee")
    expect(form).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Die plek ligt buiten de wijk")).to_have_count(0)
    form.get_by_text("Mobiliteit", exact=True).click()
    form.get_by_label("Titel").fill("Veilige oversteek aan het station")
    form.get_by_label("Beschrijving (mag kort)").fill("Een zebrapad met verlichting.\nVoor de fietsers ook.")
    form.get_by_role("textbox", name="Schuilnaam (niet verplicht)").fill("Fietsmama")
    shot(page, "ideas-phone-form.png")
    form.get_by_role("button", name="Plaats mijn idee").click()

    def mine():
        with store.reading() as session:
            found = [i for i in si.list_ideas(session, project.id) if i.title == "Veilige oversteek aan het station"]
        return found[0] if found else None

    idea = wait_for(mine, "the new idea in the database")
    assert (idea.category, idea.pseudonym, idea.text) == ("mobility", "Fietsmama",
                                                           "Een zebrapad met verlichting.\nVoor de fietsers ook.")
    assert area.contains(idea.x, idea.y) and (idea.lon, idea.lat) == pytest.approx((lon, lat), abs=2e-4)
    wait_for_app_idle(page)
    marker = page.frame_locator(MAP_IFRAME).first.locator(f"path.wijk-idea-{idea.id}")
    expect(marker).to_have_count(1, timeout=20_000)
    assert marker.get_attribute("fill") == MOBILITY_COLOUR  # the category colour
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    shot(page, "ideas-phone-posted.png")

    # she supports the trees (+2), tapping their marker on the map
    tap_marker(page, trees.id)
    detail = page.locator(".st-key-ideas_detail_panel")
    expect(detail.get_by_role("heading", name="Meer bomen op het Stationsplein")).to_be_visible(timeout=20_000)
    detail.get_by_role("radio", name="+2", exact=True).click()
    wait_for_app_idle(page)

    def support_of(idea_id: int):
        with store.reading() as session:
            return si.get_idea(session, idea_id)

    wait_for(lambda: support_of(trees.id).votes == 2, "her +2 on the trees")
    assert support_of(trees.id).support == 1  # -1 of someone else, +2 of hers
    expect(detail).to_contain_text("Steun: +1 (2 stemmen", timeout=20_000)
    shot(page, "ideas-phone-vote.png")

    # she comments "against" on the playground, opening it from the list with the keyboard
    page.get_by_role("button", name=re.compile("Speelplein achter de school")).focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    wait_for_app_idle(page)
    comment_form = page.locator('[data-testid="stForm"]').filter(has_text="Plaats reactie")
    expect(page.locator(".st-key-ideas_detail_panel").get_by_role("heading", name="Speelplein achter de school")
           ).to_be_visible(timeout=20_000)
    comment_form.get_by_text("Tegen", exact=True).click()
    comment_form.get_by_label("Je reactie").fill("Te dicht bij de drukke weg.")
    comment_form.get_by_role("button", name="Plaats reactie").click()
    wait_for(lambda: look_comments(store, playground.id), "her comment")
    (comment,) = look_comments(store, playground.id)
    assert (comment.stance, comment.text) == ("against", "Te dicht bij de drukke weg.")
    expect(page.locator(".wijk-comment-against")).to_contain_text("Te dicht bij", timeout=20_000)

    # and changes her vote on the trees to +1, tapping their marker again (the same marker as before; the map
    # was redrawn with the new counts meanwhile)
    tap_marker(page, trees.id)
    detail = page.locator(".st-key-ideas_detail_panel")
    expect(detail.get_by_role("heading", name="Meer bomen op het Stationsplein")).to_be_visible(timeout=20_000)
    expect(detail).to_contain_text("Jouw stem: +2")  # the trees' detail, not the playground's any more
    detail.get_by_role("radio", name="+1", exact=True).click()
    wait_for(lambda: support_of(trees.id).support == 0, "her vote changed to +1")
    assert support_of(trees.id).votes == 2  # still one vote of hers: changed, not added
    expect(page.locator(".st-key-ideas_detail_panel")).to_contain_text("Jouw stem: +1", timeout=20_000)
    comment_form = page.locator('[data-testid="stForm"]').filter(has_text="Plaats reactie")
    expect(comment_form.get_by_label("Je reactie")).to_have_value("")  # emptied after her comment
    shot(page, "ideas-phone-changed-vote.png")

    # she reloads the page: the same participant still (her browser session keeps her token), so her vote is
    # there to change, not a second one to add
    open_map(page, url)
    page.get_by_role("button", name=re.compile("Meer bomen op het Stationsplein")).click()
    detail = page.locator(".st-key-ideas_detail_panel")
    expect(detail).to_contain_text("Jouw stem: +1", timeout=20_000)
    detail.get_by_role("radio", name="+2", exact=True).click()
    wait_for(lambda: support_of(trees.id).support == 1, "her vote changed after the reload")
    assert support_of(trees.id).votes == 2

    # the other resident refreshes and sees the new idea and the new counts
    other.reload()
    open_map(other, url)
    expect(other.get_by_role("button", name=re.compile("Veilige oversteek aan het station"))).to_be_visible()
    trees_button = re.compile(r"Meer bomen op het Stationsplein · Milieu · \+1 \(2 stemmen\)")
    expect(other.get_by_role("button", name=trees_button)).to_be_visible()
    expect(other.frame_locator(MAP_IFRAME).first.locator("path.wijk-idea")).to_have_count(4, timeout=20_000)
    other.get_by_role("button", name=re.compile("Speelplein achter de school")).click()
    other.wait_for_timeout(300)
    wait_for_app_idle(other)
    expect(other.locator(".wijk-comment-against")).to_contain_text("Te dicht bij de drukke weg.")
    shot(other, "ideas-phone-other-resident.png")

    no_injection(page)
    no_injection(other)
    assert not [u for u in blocked if "tile.openstreetmap.org" not in u], blocked


def look_comments(store, idea_id: int):
    with store.reading() as session:
        return si.list_comments(session, idea_id)


def test_hostile_text_stays_text_in_cards_list_tooltips_and_popups(browser: Any, app_url: str,
                                                                   neighbourhood: dict):
    project = neighbourhood["project"]
    hostile = neighbourhood["ideas"][2]
    blocked: list[str] = []
    page = phone(browser, blocked, {"width": 1200, "height": 900})
    frame = open_map(page, f"{app_url}/ideeen?project={project.id}")
    marker = frame.locator(f"path.wijk-idea-{hostile.id}")
    expect(marker).to_have_count(1, timeout=20_000)
    marker.hover()
    expect(frame.locator(".leaflet-tooltip")).to_contain_text(HOSTILE_TITLE)  # shown as text
    marker.click()
    expect(frame.locator(".leaflet-popup-content")).to_contain_text(HOSTILE_TITLE, timeout=20_000)
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("<script>window.__xss=1</script>")
    wait_for_app_idle(page)
    detail = page.locator(".st-key-ideas_detail_panel")
    expect(detail.get_by_role("heading", name=HOSTILE_TITLE)).to_be_visible(timeout=20_000)
    expect(detail).to_contain_text("[klik](javascript:window.__xss=1)")
    expect(detail.locator(".wijk-comment")).to_contain_text("<script>window.__xss=1</script>")
    expect(page.get_by_role("button", name=re.compile(re.escape("<img src=x")))).to_be_visible()
    # the right-to-left override was dropped on the way in; the Arabic name and emoji are kept
    expect(detail).to_contain_text("أحمد 🚲")
    assert "\u202e" not in detail.inner_text()
    page.wait_for_timeout(500)
    shot(page, "ideas-hostile.png")
    no_injection(page)
    assert not [u for u in blocked if "tile.openstreetmap.org" not in u], blocked


def test_the_map_keeps_the_residents_view_after_a_vote_and_a_reload(browser: Any, app_url: str,
                                                                    neighbourhood: dict):
    store, project = neighbourhood["store"], neighbourhood["project"]
    trees = neighbourhood["ideas"][0]
    blocked: list[str] = []
    page = phone(browser, blocked, {"width": 1200, "height": 900})
    url = f"{app_url}/ideeen?project={project.id}"
    open_map(page, url)

    # she zooms in on the trees, then supports them: the new counts redraw the markers
    zoom = map_frame(page).evaluate("([lat, lon]) => { window.map.setView([lat, lon], window.map.getZoom() + 2,"
                                    " {animate: false}); return window.map.getZoom(); }", [trees.lat, trees.lon])
    page.get_by_role("button", name=re.compile("Meer bomen op het Stationsplein")).click()
    detail = page.locator(".st-key-ideas_detail_panel")
    expect(detail.get_by_role("heading", name="Meer bomen op het Stationsplein")).to_be_visible(timeout=20_000)
    detail.get_by_role("radio", name="+2", exact=True).click()

    def votes() -> int:
        with store.reading() as session:
            return si.get_idea(session, trees.id).votes
    wait_for(lambda: votes() == 2, "her vote")
    wait_for_app_idle(page)

    def view():
        """[zoom, centre lat, centre lon] of the map on the page, once it is drawn."""
        try:  # the page scrolled down to the idea: bring the map back so a new frame would load
            page.locator(MAP_IFRAME).first.scroll_into_view_if_needed(timeout=2_000)
            return map_frame(page).evaluate("() => window.map ? [window.map.getZoom(), window.map.getCenter().lat,"
                                            " window.map.getCenter().lng] : null")
        except Exception:  # a frame being replaced
            return None

    def kept(moment: str) -> None:
        new_zoom, lat, lon = wait_for(view, f"the map {moment}")
        assert new_zoom == zoom, moment  # not the whole neighbourhood again
        assert (lat, lon) == pytest.approx((trees.lat, trees.lon), abs=1e-4), moment

    kept("after her vote")
    page.reload()
    open_map(page, url)
    kept("after a reload")  # a new map frame: the view comes back from the tab's storage
    assert not [u for u in blocked if "tile.openstreetmap.org" not in u], blocked
