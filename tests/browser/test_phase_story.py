"""The officer takes a new project along the phase-1 roadmap to the dossier, in a real browser, offline.

She signs in on the local sign-in page as an officer. The roadmap starts with every step to do. The team's agreements are ticked in the
page; the candidates, framework scores, budget and scenarios arrive as the other
pages would save them; each step's status changes as the data arrives. She records
the choice (with a hostile candidate among the alternatives), reads the impact, and
downloads the dossier: it opens from the disk with every outside request blocked,
shows the page's figures, and the hostile name as text.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_server import running_app
from playwright.sync_api import expect
from streamlit_ui import wait_for_app_idle

from wijk_core.access.store import add_account
from wijk_core.i18n import t
from wijk_core.phase import store as phase_store
from wijk_core.phase.collect import project_impact
from wijk_core.phase.summary import impact_figures
from wijk_core.sectors.data import load_demo
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

from hostile import SCRIPT
from phase.helpers import STATION, set_up

pytestmark = pytest.mark.browser

PASSWORD = "lange-wachtzin-42"


@pytest.fixture(scope="module")
def officer_app(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """An app of its own with one officer account (the shared app stays without accounts)."""
    folder = tmp_path_factory.mktemp("phase")
    url = f"sqlite:///{folder / 'phase.sqlite3'}"
    get_store(url).write(add_account, "olaf", password=PASSWORD, role="officer")
    env = {**os.environ, "WIJK_DATABASE_URL": url, "WIJK_BASEMAP": "none", "PYTHONUNBUFFERED": "1"}
    env.pop("WIJK_FACILITATOR_PASSWORD", None)
    with running_app(env, folder / "streamlit.log") as app_url:
        yield app_url, url


def _wait_for(page: Any, condition, what: str) -> None:
    for _ in range(150):
        if condition():
            wait_for_app_idle(page)
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"not saved: {what}")


def _section(page: Any, name: str) -> None:
    page.locator('[data-testid="stButtonGroup"] button').filter(has_text=name).first.click()
    wait_for_app_idle(page)


def _step(page: Any, key: str) -> Any:
    """The roadmap line of a step (its number, name, status and state)."""
    return page.locator('[data-testid="stMarkdownContainer"]').filter(has_text=t(f"phase.step.{key}", "nl")).first


def test_a_new_project_goes_along_the_roadmap_to_the_dossier(page: Any, officer_app: tuple[str, str],
                                                              screenshot: Any, blocked_requests: list[Any],
                                                              tmp_path: Path) -> None:
    app_url, database = officer_app
    store = get_store(database)
    project = store.write(project_store.create_project, "Fase 1 in de browser")
    page.goto(f"{app_url}/wijk/signin?lang=nl&next=/fase1")
    page.get_by_label(t("signin.username", "nl")).fill("olaf")
    page.get_by_label(t("signin.password", "nl")).fill(PASSWORD)
    page.get_by_role("button", name=t("signin.submit", "nl")).click()
    page.wait_for_url(f"{app_url}/fase1")
    page.goto(f"{app_url}/fase1?project={project.id}")
    page.wait_for_selector("[data-testid='stApp']")
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", name=t("phase.title", "nl"))).to_be_visible()

    # 1. a new project: every step to do
    expect(_step(page, "team")).to_contain_text("0 teamleden, ontbrekende expertise: 3 van 3")
    expect(_step(page, "budget")).to_contain_text("Nog geen begroting")
    expect(_step(page, "choice")).to_contain_text("Nog geen wijk gekozen")

    # 2. the team's agreements, ticked and written in the page
    _section(page, t("phase.section.team", "nl"))
    page.get_by_text(t("phase.agreement.workflow", "nl")).click()
    page.get_by_label(t("phase.col.note", "nl")).first.fill("Wekelijks overleg op dinsdag")
    page.get_by_role("button", name=t("phase.team.agreements_save", "nl")).click()
    _wait_for(page, lambda: any(a.agreed for a in store.read(phase_store.agreements, project.id)), "agreement")
    assert store.read(phase_store.agreements, project.id)[0].note == "Wekelijks overleg op dinsdag"

    # 3. the other pages' data arrives: the statuses follow
    set_up(store, project.id, load_demo())
    _section(page, t("phase.section.roadmap", "nl"))
    expect(_step(page, "agreements")).to_contain_text("1 van 5 afspraken gemaakt")
    expect(_step(page, "candidates")).to_contain_text("3 kandidaat-wijken geprofileerd")
    expect(_step(page, "framework")).to_contain_text("6 van 6 teamscores gegeven")
    expect(_step(page, "budget")).to_contain_text("Budgettekort € 130.000")
    screenshot("phase-roadmap.png")

    # 4. the choice, recorded with who agreed
    _section(page, t("phase.section.choice", "nl"))
    page.get_by_label(t("phase.choice.agreed_by", "nl")).fill("College van burgemeester en schepenen")
    page.get_by_label(t("phase.choice.motivation", "nl")).fill("Sterk draagvlak en een klimaatplan")
    page.get_by_role("button", name=t("phase.choice.record", "nl")).click()
    _wait_for(page, lambda: store.read(phase_store.latest_decision, project.id) is not None, "the choice")
    decision = store.read(phase_store.latest_decision, project.id)
    assert decision.chosen == STATION and SCRIPT in decision.alternatives
    expect(page.get_by_text(f"Huidige keuze: {STATION}", exact=False).first).to_be_visible()
    _section(page, t("phase.section.roadmap", "nl"))
    expect(_step(page, "choice")).to_contain_text(f"Gekozen: {STATION}")

    # 5. the impact against the municipal budget, with its figures
    _section(page, t("phase.section.impact", "nl"))
    with store.reading() as session:
        impact = project_impact(session, project.id, decision, None)
    figures = dict(impact_figures(impact, "nl"))
    expect(page.get_by_text(figures["investment"]).first).to_be_attached()

    # 6. the dossier: downloaded, opened from the disk with the network cut
    _section(page, t("phase.section.dossier", "nl"))
    with page.expect_download() as download_info:
        page.get_by_role("button", name=t("phase.dossier_tab.download", "nl")).click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    assert saved.name.endswith("-fase1-dossier.html")
    page.goto(saved.as_uri())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fase 1 – dossier voor het college")
    body = page.locator("body")
    for value in (figures["investment"], figures["co2_per_euro"], f"Gekozen: {STATION}"):
        expect(body).to_contain_text(value)
    expect(body).to_contain_text(SCRIPT)  # the hostile candidate's name, as text
    assert page.evaluate("() => window.__xss") is None
    screenshot("phase-dossier.png")
    assert not blocked_requests, blocked_requests
