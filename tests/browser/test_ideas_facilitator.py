"""The facilitator's story and the scale-out, on two app instances sharing one PostgreSQL.

Two ``python -m wijk_app.serve`` processes on different ports use the same fresh
PostgreSQL database (the throw-away server of tests/conftest.py), with a facilitator
password set. The facilitator, on a projector-sized screen in workshop mode, signs in,
filters by category and period, reads the counts and the top ideas, approves a
reported idea, hides one, merges two duplicates and exports CSV, GeoJSON and XLSX.
Scale-out: an idea pinned through one instance shows in the other.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from app_server import running_app
from ideas_ui import open_map, phone, shot, tap, wait_for
from playwright.sync_api import expect
from streamlit_ui import MAP_IFRAME, sign_in, wait_for_app_idle

from wijk_core.i18n import t
from wijk_core.ideas import IdeaArea, new_participant_token, to_wgs84
from wijk_core.sectors.data import load_demo
from wijk_core.store import get_store
from wijk_core.ideas import store as si
from wijk_core.store.base import utc_now
from wijk_core.store import projects as project_store

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
LOGS = REPO / "test-output" / "browser"
PASSWORD = "projector-2026"
PROJECTOR = {"width": 1920, "height": 1080}
START_TIMEOUT_S = 120


@pytest.fixture(scope="module")
def instances(postgres_server: Any) -> Iterator[dict]:
    """Two app instances on their own ports sharing one fresh PostgreSQL database."""
    database = postgres_server.create_database()
    LOGS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "WIJK_DATABASE_URL": database, "WIJK_BASEMAP": "none",
           "WIJK_FACILITATOR_PASSWORD": PASSWORD, "PYTHONUNBUFFERED": "1"}
    try:
        with ExitStack() as running:
            urls = [running.enter_context(running_app(env, LOGS / f"streamlit-instance-{number}.log",
                                                      START_TIMEOUT_S))
                    for number in (1, 2)]
            yield {"urls": urls, "database": database}
    finally:
        get_store(database).dispose()
        postgres_server.drop_database(database)


@pytest.fixture(scope="module")
def workshop(instances: dict) -> dict:
    """A project with ideas from the last two weeks: duplicates, a reported one, a rude one."""
    store = get_store(instances["database"])
    project = store.write(project_store.create_project, f"Workshop {uuid.uuid4().hex[:6]}")
    sectors = load_demo().sectors
    area = IdeaArea.from_layer(sectors, "sectors")
    spots = [to_wgs84(p.x, p.y) for p in sectors.geometry.representative_point()]
    now = utc_now()
    plan = [("mobility", "Fietsstraat in de Kerkstraat", 12), ("mobility", "Kerkstraat als fietsstraat", 2),
            ("environment", "Geveltuintjes", 9), ("leisure", "Petanquebaan", 1),
            ("services", "Koop nu bij Jan, 50% korting!", 1), ("local_economy", "Boerenmarkt op zaterdag", 3),
            ("mobility", "Trager verkeer aan de school", 0)]
    with store.writing() as session:
        si.set_report_threshold(session, project.id, 2)
        ideas = {title: si.add_idea(session, project.id, new_participant_token(), area.locate(*spots[n * 6]),
                                    category=category, title=title, now=now - timedelta(days=days))
                 for n, (category, title, days) in enumerate(plan)}
        for value, title in [(2, "Fietsstraat in de Kerkstraat"), (2, "Fietsstraat in de Kerkstraat"),
                             (1, "Kerkstraat als fietsstraat"), (2, "Geveltuintjes"), (-1, "Petanquebaan")]:
            si.vote(session, ideas[title].id, new_participant_token(), value)
    for _ in range(2):
        with store.writing() as session:
            si.report_idea(session, ideas["Koop nu bij Jan, 50% korting!"].id, new_participant_token(), "reclame")
    return {"store": store, "project": project, "ideas": ideas, "area": area}


def _metric(page: Any, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def _select(page: Any, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator("input").click()
    box.locator("input").fill(option[:12])
    page.get_by_role("option", name=re.compile(re.escape(option))).first.click()
    expect(page.get_by_role("option", name=re.compile(re.escape(option)))).to_have_count(0)  # list closed
    page.wait_for_timeout(300)
    wait_for_app_idle(page)


def _section(page: Any, name: str) -> None:
    page.locator('[data-testid="stButtonGroup"] button').filter(has_text=name).first.click()
    page.wait_for_timeout(300)
    wait_for_app_idle(page)


def _download(page: Any, label: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def test_the_facilitator_moderates_on_a_projector_and_exports(browser: Any, instances: dict, workshop: dict):
    store, project, ideas = workshop["store"], workshop["project"], workshop["ideas"]
    blocked: list[str] = []
    page = phone(browser, blocked, PROJECTOR)
    moderation = f"/moderatie?workshop=1&project={project.id}"
    page.goto(f"{instances['urls'][0]}{moderation}")
    wait_for_app_idle(page)

    # moderation needs the shared facilitator password, even on the machine the app runs on
    expect(page.get_by_text(t("signin.page_needs_sign_in", "nl"))).to_be_visible()
    expect(page.locator('[data-testid="stButtonGroup"]')).to_have_count(0)
    sign_in(page, instances["urls"][0], moderation, "projector-2025")
    expect(page.get_by_text(t("errors.sign_in_failed", "nl"))).to_be_visible()
    sign_in(page, instances["urls"][0], moderation, PASSWORD)
    assert page.locator("html").evaluate("e => getComputedStyle(e).fontSize") == "22px"  # large type

    # the overview: every visible idea, counts, charts, the top ideas
    expect(page.locator(".js-plotly-plot")).to_have_count(3, timeout=30_000)
    assert _metric(page, "Ideeën") == "6" and _metric(page, "Stemmen") == "5"
    expect(page.frame_locator(MAP_IFRAME).first.locator("path.wijk-idea")).to_have_count(6, timeout=30_000)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    shot(page, "ideas-facilitator-overview.png")

    # filter by category ...
    categories = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Thema's").first
    for name in ("Milieu", "Lokale economie", "Vrije tijd", "Diensten"):
        chip = categories.get_by_role("button", name=t("streamlit.remove", "nl", name=name))  # Streamlit's, in Dutch
        chip.click()
        expect(chip).to_have_count(0)
        page.wait_for_timeout(300)
        wait_for_app_idle(page)
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="Ideeën").first).to_contain_text("3")
    # ... and by period: the last week
    start = (utc_now() - timedelta(days=7)).astimezone(ZoneInfo("Europe/Brussels")).date()
    page.wait_for_timeout(300)
    wait_for_app_idle(page)
    page.get_by_role("spinbutton", name="day, Periode start date").click()
    page.keyboard.type(f"{start.day:02d}{start.month:02d}{start.year}")  # segments advance by themselves
    page.locator("h1").first.click()  # the date range is sent when the field loses focus
    wait_for_app_idle(page)
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="Ideeën").first).to_contain_text("2",
                                                                                                     timeout=20_000)
    shot(page, "ideas-facilitator-filtered.png")

    # the queue: approve the reported idea (after reading it), hide the advert, merge the duplicates
    _section(page, "Moderatie")
    spam = ideas["Koop nu bij Jan, 50% korting!"]
    queued = page.locator(f'[data-idea="{spam.id}"]')
    expect(queued).to_contain_text("wacht op nazicht")
    page.locator(f".st-key-ideas_hide_{spam.id} button").click()
    expect(page.get_by_text(f"Idee #{spam.id} is verborgen.")).to_be_visible(timeout=20_000)
    rude = ideas["Trager verkeer aan de school"]
    page.locator(f".st-key-ideas_hide_all_{rude.id} button").click()
    expect(page.get_by_text(f"Idee #{rude.id} is verborgen.")).to_be_visible(timeout=20_000)
    page.locator(f".st-key-ideas_approve_{rude.id} button").click()  # on second thought: it is fine
    expect(page.get_by_text(f"Idee #{rude.id} is goedgekeurd en zichtbaar.")).to_be_visible(timeout=20_000)
    wait_for_app_idle(page)
    _select(page, "Dubbel idee", "Kerkstraat als fietsstraat")
    _select(page, "Samenvoegen met", "Fietsstraat in de Kerkstraat")
    page.get_by_role("button", name="Voeg samen").click()
    wait_for_app_idle(page)
    expect(page.get_by_text(re.compile(r"is samengevoegd met"))).to_be_visible()
    shot(page, "ideas-facilitator-queue.png")

    with store.reading() as session:
        status = {i.title: i.status for i in si.list_ideas(session, project.id, None)}
        merged = si.get_idea(session, ideas["Fietsstraat in de Kerkstraat"].id)
        actions = [e.action for e in si.moderation_log(session, project.id)]
    assert status["Koop nu bij Jan, 50% korting!"] == "hidden"
    assert status["Trager verkeer aan de school"] == "visible"
    assert status["Kerkstraat als fietsstraat"] == "merged"
    assert (merged.support, merged.votes) == (5, 3)
    assert actions[:4] == ["merge", "approve", "hide", "hide"]

    # exports of everything
    _section(page, "Export en QR-code")
    name, data = _download(page, "Ideeën (CSV)")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    # status values in the facilitator's language, as the page shows them
    assert name.endswith(".csv") and len(rows) == 7 and {r["status"] for r in rows} == {"zichtbaar", "verborgen",
                                                                                         "samengevoegd"}
    name, data = _download(page, "Ideeën op de kaart (GeoJSON)")
    features = json.loads(data)["features"]
    assert name.endswith(".geojson") and len(features) == 7 and features[0]["geometry"]["type"] == "Point"
    name, data = _download(page, "Ideeën, reacties en logboek (XLSX)")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Ideeën", "Reacties", "Logboek"] and book["Ideeën"].max_row == 8
    assert book["Logboek"].max_row >= 6
    expect(page.locator('[data-testid="stImage"] img').first).to_be_visible()  # the QR code
    expect(page.get_by_test_id("stCode").get_by_text(re.compile(rf"/ideeen\?project={project.id}"))).to_be_visible()
    shot(page, "ideas-facilitator-export.png")
    assert not [u for u in blocked if "tile.openstreetmap.org" not in u], blocked


def test_an_idea_pinned_in_one_instance_shows_in_the_other(browser: Any, instances: dict, workshop: dict):
    first, second = instances["urls"]
    project, store = workshop["project"], workshop["store"]
    blocked: list[str] = []
    page = phone(browser, blocked)
    open_map(page, f"{first}/ideeen?project={project.id}")
    sectors = load_demo().sectors
    point = sectors.geometry.iloc[10].representative_point()
    tap(page, *to_wgs84(point.x, point.y))
    form = page.locator('[data-testid="stForm"]').filter(has_text="Plaats mijn idee")
    expect(form).to_be_visible(timeout=20_000)
    form.get_by_text("Vrije tijd", exact=True).click()
    form.get_by_label("Titel").fill("Buurtfeest op het plein (instantie 1)")
    form.get_by_role("button", name="Plaats mijn idee").click()

    def pinned():
        with store.reading() as session:
            return [i for i in si.list_ideas(session, project.id) if i.title.endswith("(instantie 1)")]

    (idea,) = wait_for(pinned, "the idea pinned through the first instance")
    other = phone(browser, blocked)
    frame = open_map(other, f"{second}/ideeen?project={project.id}")
    expect(other.get_by_role("button", name=re.compile(r"Buurtfeest op het plein \(instantie 1\)"))).to_be_visible()
    expect(frame.locator(f"path.wijk-idea-{idea.id}")).to_have_count(1, timeout=20_000)
    shot(other, "ideas-scale-out-second-instance.png")
    assert blocked == []  # WIJK_BASEMAP=none: not even tiles
