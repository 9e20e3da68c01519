"""Browser tests: the real app in headless Chromium, with the internet walled off.

- ``app_url`` (session): ``python -m wijk_app.serve`` (``streamlit run app.py``) on a free loopback port with a
  throw-away SQLite database, ``WIJK_BASEMAP=osm`` (so tile requests are made and
  must fail harmlessly); stopped at the end. Its log is written to
  ``test-output/browser/streamlit.log`` and attached to every failing test.
- ``browser`` (session): Debian's ``/usr/bin/chromium`` through Playwright.
- ``page``: a fresh context whose every request to a non-loopback host is aborted
  and recorded in ``blocked_requests``; ``--host-resolver-rules`` is a second wall
  that makes every other host name unresolvable.

Without Chromium (or Playwright) the tests are skipped, except when ``CI`` is set:
there they fail. Screenshots go to ``test-output/browser/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from app_server import running_app

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "test-output" / "browser"
APP_LOG = SCREENSHOT_DIR / "streamlit.log"
CHROMIUM = Path(os.environ.get("WIJK_CHROMIUM", "/usr/bin/chromium"))
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
APP_START_TIMEOUT_S = 90


@dataclass(frozen=True)
class BlockedRequest:
    url: str
    resource_type: str  # Playwright's: script, stylesheet, font, image, fetch, …


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    report = yield
    if report.failed and item.get_closest_marker("browser") and APP_LOG.is_file():
        log = APP_LOG.read_text(encoding="utf-8", errors="replace")
        report.sections.append(("streamlit log (tail)", log[-6000:] or "(empty)"))
    return report


@pytest.fixture(scope="session")
def app_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """SQLAlchemy URL of the database the app under test writes to (tests may read it)."""
    return f"sqlite:///{tmp_path_factory.mktemp('browser-db') / 'browser.sqlite3'}"


@pytest.fixture(scope="session")
def app_url(app_database: str) -> Iterator[str]:
    """Base URL of the running app (``http://127.0.0.1:<port>``)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "WIJK_DATABASE_URL": app_database, "WIJK_BASEMAP": "osm",
           "PYTHONUNBUFFERED": "1"}
    with running_app(env, APP_LOG, APP_START_TIMEOUT_S) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's build; Playwright cannot download its own here)."""
    if not CHROMIUM.is_file():
        _skip_or_fail(f"{CHROMIUM} not found: install it (`apt-get install chromium`) or set WIJK_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("the playwright package is not installed (pip install -r requirements-dev.txt)")
    with sync_playwright() as playwright:
        # launch() starts Chromium on a fresh temporary profile and deletes it on close.
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def blocked_requests() -> list[BlockedRequest]:
    """Every request the ``page`` fixture aborted because it left the machine."""
    return []


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors and uncaught page errors seen by ``page`` (for diagnosis)."""
    return []


@pytest.fixture
def page(browser: Any, blocked_requests: list[BlockedRequest], console_errors: list[str]) -> Iterator[Any]:
    """A page in a fresh context where only loopback requests go through."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="nl-BE", service_workers="block"
    )

    def wall(route: Any) -> None:
        request = route.request
        host = (urlsplit(request.url).hostname or "").lower()
        if urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and host not in LOOPBACK_HOSTS:
            blocked_requests.append(BlockedRequest(request.url, request.resource_type))
            route.abort("blockedbyclient")
        else:
            route.continue_()

    context.route("**/*", wall)
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    opened.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    opened.on("pageerror", lambda error: console_errors.append(f"pageerror: {error}"))
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture
def screenshot(page: Any) -> Callable[[str], Path]:
    """``screenshot("map.png")`` saves the page under test-output/browser/ and returns the path."""

    def take(name: str) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / name
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
