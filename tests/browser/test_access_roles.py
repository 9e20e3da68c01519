"""Each role walks every page in a real browser: a resident from the network gets the idea map only.

The app runs on its own database with three accounts. The browsers come "from the
network": every request carries ``X-Forwarded-For`` as a reverse proxy's would, so no
one is this machine. A resident on a phone (outside network blocked) opens every URL:
the officer and facilitator pages answer "sign in" and nothing reaches the database. A
facilitator signs in on the sign-in page, moderates and opens the stakeholders, sees
the selection read-only, stays signed in across a reload and signs out. An officer
opens everything of the project and may rename it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from app_server import running_app
from ideas_ui import LOOPBACK, shot
from playwright.sync_api import expect
from sqlalchemy import func, select
from streamlit_ui import wait_for_app_idle

from wijk_core.access.store import add_account
from wijk_core.i18n import t
from wijk_core.schema import Base
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

pytestmark = pytest.mark.browser

PASSWORD = "lange-wachtzin-42"
ACCOUNTS = {"fien": "facilitator", "olaf": "officer", "ada": "administrator"}
PAGES = {"": "home", "wijkselectie": "selection", "kosten": "costs", "actoren": "stakeholders",
         "moderatie": "moderation", "ideeen": "ideas"}
# A resident who opens the server's address lands on the idea map.
OPENS = {"resident": {"", "ideeen"}, "facilitator": set(PAGES), "officer": set(PAGES)}


@pytest.fixture(scope="module")
def roles_app(tmp_path_factory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("roles")
    url = f"sqlite:///{folder / 'roles.sqlite3'}"
    store = get_store(url)
    store.write(project_store.ensure_project, t("project.demo_name", "nl"))
    for username, role in ACCOUNTS.items():
        store.write(add_account, username, password=PASSWORD, role=role)
    env = {**os.environ, "WIJK_DATABASE_URL": url, "WIJK_BASEMAP": "none", "PYTHONUNBUFFERED": "1"}
    env.pop("WIJK_FACILITATOR_PASSWORD", None)
    with running_app(env, folder / "streamlit.log") as app_url:
        yield app_url, url


def _context(browser: Any, blocked: list[str], *, phone: bool, address: str) -> Any:
    size = {"width": 390, "height": 844} if phone else {"width": 1300, "height": 950}
    context = browser.new_context(viewport=size, has_touch=phone, is_mobile=phone, locale="nl-BE",
                                  service_workers="block", extra_http_headers={"X-Forwarded-For": address})

    def wall(route: Any) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "").lower() not in LOOPBACK:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    context.route("**/*", wall)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


# The installation's own keys (made on first use) and sign-in bookkeeping are nobody's write.
NOT_USER_DATA = {"access_settings", "sign_in_attempts"}


def _counts(url: str) -> dict[str, int]:
    with get_store(url).reading() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables if table.name not in NOT_USER_DATA}


def _open(page: Any, base: str, path: str) -> None:
    page.goto(f"{base}/{path}?lang=nl")
    page.wait_for_selector("[data-testid='stApp']")
    wait_for_app_idle(page)


def _asks_to_sign_in(page: Any) -> bool:
    return page.get_by_text(t("signin.page_needs_sign_in", "nl")).count() > 0


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/wijk/signin?lang=nl&next=/moderatie")
    page.get_by_label(t("signin.username", "nl")).fill(username)
    page.get_by_label(t("signin.password", "nl")).fill(PASSWORD)
    page.get_by_role("button", name=t("signin.submit", "nl")).click()
    page.wait_for_url(f"{base}/moderatie")
    page.wait_for_selector("[data-testid='stApp']")
    wait_for_app_idle(page)


def test_a_resident_from_the_network_gets_the_idea_map_and_nothing_else(browser, roles_app):
    base, db = roles_app
    blocked: list[str] = []
    page = _context(browser, blocked, phone=True, address="203.0.113.50")
    before = _counts(db)
    for path in PAGES:
        _open(page, base, path)
        if path in OPENS["resident"]:
            expect(page.get_by_role("heading", name=t("ideas.title", "nl"))).to_be_visible()
            assert not _asks_to_sign_in(page)
        else:
            assert _asks_to_sign_in(page), f"/{path} opened for a resident"
            expect(page.get_by_role("link", name=t("signin.sign_in_link", "nl")).first).to_be_visible()
        # every address is a page (the QR code's /ideeen too); no menu and no project tools
        assert page.get_by_text("Page not found").count() == 0, f"/{path} is not a page"
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
        assert page.get_by_text(t("project.rename", "nl")).count() == 0
    shot(page, "roles-resident-officer-page.png")
    assert _counts(db) == before
    assert all(urlsplit(url).hostname not in LOOPBACK for url in blocked)
    page.context.close()


def test_a_facilitator_signs_in_moderates_reads_the_selection_and_signs_out(browser, roles_app):
    base, _ = roles_app
    page = _context(browser, [], phone=False, address="198.51.100.7")
    _sign_in(page, base, "fien")
    expect(page.get_by_text(t("signin.signed_in_as", "nl", name="fien", role=t("signin.role_facilitator", "nl"))
                            )).to_be_visible()
    assert not _asks_to_sign_in(page)
    cookie = next(c for c in page.context.cookies() if c["name"] == "wijk_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    for path in ("actoren", "wijkselectie", "kosten"):
        _open(page, base, path)
        assert not _asks_to_sign_in(page), f"/{path} refused a facilitator"
    _open(page, base, "wijkselectie")
    expect(page.get_by_text(t("signin.read_only", "nl"))).to_be_visible()
    page.reload()
    page.wait_for_selector("[data-testid='stApp']")
    wait_for_app_idle(page)
    expect(page.get_by_text(t("signin.read_only", "nl"))).to_be_visible()  # still signed in
    shot(page, "roles-facilitator-selection.png")
    page.get_by_role("link", name=t("signin.sign_out", "nl")).click()
    page.wait_for_selector("[data-testid='stApp']")
    wait_for_app_idle(page)
    _open(page, base, "moderatie")
    assert _asks_to_sign_in(page)
    page.context.close()


def test_an_officer_opens_every_page_and_may_change_the_project(browser, roles_app):
    base, _ = roles_app
    page = _context(browser, [], phone=False, address="198.51.100.8")
    _sign_in(page, base, "olaf")
    for path in PAGES:
        _open(page, base, path)
        assert not _asks_to_sign_in(page), f"/{path} refused an officer"
    _open(page, base, "wijkselectie")
    assert page.get_by_text(t("signin.read_only", "nl")).count() == 0
    expect(page.get_by_text(t("project.rename", "nl"))).to_be_visible()
    page.context.close()


def test_a_wrong_password_is_refused_on_the_page_in_the_users_language(browser, roles_app):
    base, _ = roles_app
    page = _context(browser, [], phone=False, address="198.51.100.9")
    page.goto(f"{base}/wijk/signin?lang=fr")
    page.get_by_label(t("signin.username", "fr")).fill("olaf")
    page.get_by_label(t("signin.password", "fr")).fill("pas-le-bon")
    page.get_by_role("button", name=t("signin.submit", "fr")).click()
    expect(page.get_by_role("alert")).to_have_text(t("errors.sign_in_failed", "fr"))
    assert not [c for c in page.context.cookies() if c["name"] == "wijk_session"]
    page.context.close()
