"""Pages anyone can use: axe-core on every page and every section, in Dutch, French and English.

The shared app (this machine, nothing set up: every page opens) is checked with axe-core
(``axe-playwright-python``, which ships axe-core) for WCAG 2.1 A and AA. A page fails on
any critical or serious violation. Every section of a page (its segmented control) is
checked in Dutch; the first view of each page in French and English. The page's ``lang``
must be the chosen language, and the first Tab reaches Streamlit's skip link, in that
language, which moves the focus past the menu to the page. Every violation found, whatever its impact, goes to
``test-output/browser/axe-report.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from streamlit_ui import wait_for_app_idle

from wijk_core.i18n import t

pytestmark = pytest.mark.browser

REPORT = Path(__file__).resolve().parents[2] / "test-output" / "browser" / "axe-report.json"
PAGES = ("", "fase1", "wijkselectie", "kosten", "actoren", "moderatie", "ideeen", "accounts")
BLOCKING = ("critical", "serious")
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SECTIONS = '[data-testid="stMain"] [data-testid="stButtonGroup"]'


@pytest.fixture(scope="module")
def axe() -> Any:
    axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")
    return axe_playwright.Axe()


@pytest.fixture(scope="module")
def findings() -> Any:
    found: list[dict] = []
    yield found
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")


def _open(page: Any, app_url: str, path: str, lang: str) -> None:
    page.goto(f"{app_url}/{path}?lang={lang}")
    page.wait_for_selector("[data-testid='stApp']")
    wait_for_app_idle(page)
    # the page's semantics are set (its language; the menu's lists, when there is a menu)
    page.wait_for_function(
        """lang => document.documentElement.lang === lang && document.documentElement.dataset.wijkPage === lang
                  && [...document.querySelectorAll('[data-testid="stSidebarNavItems"]')]
                         .every(list => list.getAttribute('role') === 'none')""", arg=lang, timeout=10_000)


def _check(axe: Any, page: Any, where: str, findings: list[dict]) -> list[str]:
    violations = axe.run(page, options=WCAG_AA).response["violations"]
    findings.extend({"where": where, "id": v["id"], "impact": v["impact"], "help": v["help"],
                     "nodes": [node["target"] for node in v["nodes"]]} for v in violations)
    return [f"{where}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes'][0]['target']}"
            for v in violations if v["impact"] in BLOCKING]


def _sections(page: Any) -> Any:
    return page.locator(SECTIONS).first.locator("button")


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_page_has_no_serious_violation_and_says_its_language(page, app_url, axe, findings, lang):
    blocking: list[str] = []
    for path in PAGES:
        _open(page, app_url, path, lang)
        blocking += _check(axe, page, f"/{path} ({lang})", findings)
        if lang != "nl":
            continue
        sections = _sections(page)
        for index in range(1, sections.count()):
            name = sections.nth(index).inner_text()
            sections.nth(index).click()
            page.wait_for_timeout(300)
            wait_for_app_idle(page)
            blocking += _check(axe, page, f"/{path} ({lang}) · {name}", findings)
    assert blocking == [], "\n".join(blocking)


def test_the_first_tab_reaches_a_skip_link_that_jumps_to_the_page(page, app_url):
    _open(page, app_url, "wijkselectie", "fr")
    skip = page.get_by_test_id("stSkipToContent")  # Streamlit's own, in the user's language
    expect(skip).to_have_text(t("streamlit.skip_to_content", "fr"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-testid')") == "stSkipToContent"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "stMain"
    page.keyboard.press("Tab")  # the next stop is inside the page, not the menu
    assert page.evaluate("!!document.activeElement.closest('[data-testid=stMain]')")
