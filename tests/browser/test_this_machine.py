"""The zero-set-up default in a real browser: with no account, the machine the app runs on has every tool.

The shared app (``app_url``) runs on loopback with no account in its database. A
browser on this machine that talks to it directly gets the home page, the menu of
pages and the notice saying why; the same browser through a proxy (``X-Forwarded-For``
present) is a resident: the server's address opens the idea map, with no menu.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from streamlit_ui import wait_for_app_idle

from wijk_core.i18n import t

pytestmark = pytest.mark.browser


def _open_root(page, app_url: str) -> None:
    page.goto(f"{app_url}/?lang=nl")
    page.wait_for_selector("[data-testid='stApp']")
    wait_for_app_idle(page)


def test_a_browser_on_this_machine_gets_every_tool_while_nothing_is_set_up(page, app_url, screenshot):
    _open_root(page, app_url)
    expect(page.get_by_role("heading", name=t("home.title", "nl"))).to_be_visible()
    expect(page.get_by_text(t("signin.this_machine", "nl"))).to_be_visible()
    nav = page.locator("[data-testid='stSidebarNav']")
    expect(nav.get_by_text(t("nav.selection", "nl"))).to_be_visible()
    expect(nav.get_by_text(t("nav.moderation", "nl"))).to_be_visible()
    screenshot("this-machine-home.png")


def test_the_same_browser_through_a_proxy_is_a_resident(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-BE",
                                  extra_http_headers={"X-Forwarded-For": "127.0.0.1"})
    page = context.new_page()
    try:
        _open_root(page, app_url)
        expect(page.get_by_role("heading", name=t("ideas.title", "nl"))).to_be_visible()
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
        assert page.get_by_text(t("signin.this_machine", "nl")).count() == 0
    finally:
        context.close()
