"""A vote or a new idea redraws the markers inside the map that stays, in one run of the page.

A new map frame costs a phone one to two seconds (every Leaflet script evaluated again) and
loses a tap made on the old one while it is replaced; a second run after each change (the
new frame announcing itself) delays the next click. So: after a vote and after a new idea the
map frame is the same document as before (a mark left in it survives), the new radius and the
new marker show in it, and the change took exactly one run of the page. From 150 ideas on the
markers are clustered in that same map frame.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from ideas_ui import (ScriptRuns, mark_map_frame, marker_radius_in_map, neighbourhood_project, open_map, phone,
                      same_map_frame, spots_inside, tap, tap_marker, wait_for)
from playwright.sync_api import expect
from streamlit_ui import MAP_IFRAME, map_frame

from wijk_core.ideas import DEFAULT_CLUSTER_THRESHOLD, marker_radius, new_participant_token
from wijk_core.ideas import store as si
from wijk_core.ideas.rules import RateLimit, RateLimits
from wijk_core.store import get_store

pytestmark = pytest.mark.browser


def test_a_vote_and_a_new_idea_keep_the_map_frame_and_take_one_run(browser: Any, app_url: str,
                                                                   app_database: str):
    store = get_store(app_database)
    project, area = neighbourhood_project(store, f"Zz kaart blijft {uuid.uuid4().hex[:6]}")
    first, second, free = spots_inside(area.geometry, 6, 60)[::3][:3]
    with store.writing() as session:
        trees = si.add_idea(session, project.id, new_participant_token(), area.locate(*first),
                            category="environment", title="Bomen aan de kerk", text="", pseudonym=None)
        si.add_idea(session, project.id, new_participant_token(), area.locate(*second), category="leisure",
                    title="Petanquebaan", text="", pseudonym=None)
    blocked: list[str] = []
    page = phone(browser, blocked)
    runs = ScriptRuns(page)
    open_map(page, f"{app_url}/ideeen?project={project.id}")
    runs.settle(page)
    assert len(runs.started) == 1, f"{len(runs.started)} runs to open the map"  # the new frame asked for none
    tap_marker(page, trees.id)
    detail = page.locator(".st-key-ideas_detail_panel")
    expect(detail.get_by_role("heading", name="Bomen aan de kerk")).to_be_visible(timeout=20_000)
    runs.settle(page)
    mark_map_frame(page)
    assert marker_radius_in_map(page, trees.id) == round(marker_radius(0), 1)

    # a vote: the trees' marker grows in the same map, after one run
    before = len(runs.started)
    detail.get_by_role("radio", name="+2", exact=True).click()
    wait_for(lambda: si_support(store, trees.id) == 2, "her +2 on the trees")
    runs.settle(page)
    wait_for(lambda: marker_radius_in_map(page, trees.id) == round(marker_radius(2), 1), "the grown marker")
    assert same_map_frame(page), "the vote rebuilt the map frame"
    assert len(runs.started) - before == 1, f"{len(runs.started) - before} runs after one vote"

    # a new idea: its marker appears in the same map, after one run for the sending
    tap(page, *free)
    form = page.locator('[data-testid="stForm"]').filter(has_text="Plaats mijn idee")
    expect(form).to_be_visible(timeout=20_000)
    runs.settle(page)
    form.get_by_text("Mobiliteit", exact=True).click()
    form.get_by_label("Titel").fill("Fietsenstalling aan de kerk")
    form.get_by_label("Beschrijving (mag kort)").fill("Overdekt.")
    runs.settle(page)
    before = len(runs.started)
    form.get_by_role("button", name="Plaats mijn idee").click()
    idea = wait_for(lambda: _titled(store, project.id, "Fietsenstalling aan de kerk"), "the new idea")
    runs.settle(page)
    expect(page.frame_locator(MAP_IFRAME).first.locator(f"path.wijk-idea-{idea.id}")).to_have_count(1,
                                                                                                  timeout=20_000)
    assert same_map_frame(page), "the new idea rebuilt the map frame"
    assert len(runs.started) - before == 1, f"{len(runs.started) - before} runs after sending one idea"

    # the marker of the new map layer still opens its idea
    tap_marker(page, idea.id)
    expect(page.locator(".st-key-ideas_detail_panel").get_by_role("heading", name="Fietsenstalling aan de kerk")
           ).to_be_visible(timeout=20_000)
    assert same_map_frame(page)
    assert not [u for u in blocked if "tile.openstreetmap.org" not in u], blocked


def test_the_map_clusters_from_the_threshold_on_in_the_same_frame(browser: Any, app_url: str, app_database: str):
    store = get_store(app_database)
    project, area = neighbourhood_project(store, f"Zz kaart bundelt {uuid.uuid4().hex[:6]}")
    spots = spots_inside(area.geometry, 20, 30)
    assert len(spots) >= DEFAULT_CLUSTER_THRESHOLD
    many, token = RateLimits(ideas=RateLimit(1_000, timedelta(minutes=10))), new_participant_token()
    with store.writing() as session:
        ideas = [si.add_idea(session, project.id, token, area.locate(*spots[n]), category="environment",
                             title=f"Idee {n}", limits=many) for n in range(DEFAULT_CLUSTER_THRESHOLD - 1)]
    page = phone(browser, [])
    runs = ScriptRuns(page)
    open_map(page, f"{app_url}/ideeen?project={project.id}")
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator("path.wijk-idea")).to_have_count(DEFAULT_CLUSTER_THRESHOLD - 1, timeout=20_000)
    assert frame.locator(".marker-cluster").count() == 0
    mark_map_frame(page)

    # one idea more (another resident's), seen at her next tap: now clustered, in the same map
    with store.writing() as session:
        last = si.add_idea(session, project.id, token, area.locate(*spots[-1]), category="environment",
                           title="Het laatste idee", limits=many)
    tap_marker(page, ideas[0].id)
    expect(frame.locator(".marker-cluster")).not_to_have_count(0, timeout=20_000)
    assert same_map_frame(page)

    # close in, a marker opens its idea; a tap on a cluster after it does not open that idea again
    map_frame(page).evaluate("([lat, lon]) => window.map.setView([lat, lon], 18, {animate: false})",
                             [last.lat, last.lon])
    tap_marker(page, last.id)
    detail = page.locator(".st-key-ideas_detail_panel")
    expect(detail.get_by_role("heading", name="Het laatste idee")).to_be_visible(timeout=20_000)
    map_frame(page).evaluate("() => window.map.setZoom(14, {animate: false})")
    runs.settle(page)
    before = len(runs.started)
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    page.touchscreen.tap(*_a_cluster_in_sight(page))
    runs.settle(page)
    assert len(runs.started) - before == 1, "a tap on a cluster opened the idea tapped before again"
    assert same_map_frame(page)


def _a_cluster_in_sight(page: Any) -> tuple[float, float]:
    """The screen point of a cluster's centre that lies well inside the map frame."""
    view = page.locator(MAP_IFRAME).first.bounding_box()
    clusters = page.frame_locator(MAP_IFRAME).first.locator(".marker-cluster")
    for index in range(clusters.count()):
        box = clusters.nth(index).bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if view["x"] + 60 < x < view["x"] + view["width"] - 20 and view["y"] + 90 < y < view["y"] + view["height"] - 30:
            return x, y
    raise AssertionError("no cluster in sight")


def si_support(store: Any, idea_id: int) -> int:
    with store.reading() as session:
        return si.get_idea(session, idea_id).support


def _titled(store: Any, project_id: int, title: str) -> Any:
    with store.reading() as session:
        found = [i for i in si.list_ideas(session, project_id) if i.title == title]
    return found[0] if found else None
