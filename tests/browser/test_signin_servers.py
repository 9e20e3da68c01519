"""Two app instances on one PostgreSQL: a lockout earned on one holds on the other; local accounts sign in.

Both instances trust ``X-Forwarded-For`` as their proxy's header. Five wrong passwords
for one account, posted to the first instance from one address, lock that account: the
right password then fails on the second instance too, with the lockout message, from
another address as well. A facilitator (another account, another address) signs in on
the second instance in the browser and moderates.
"""

from __future__ import annotations

import html
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from app_server import running_app
from playwright.sync_api import expect
from streamlit_ui import wait_for_app_idle

from wijk_core.access.store import add_account
from wijk_core.i18n import t
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

PASSWORD = "lange-wachtzin-42"


@pytest.fixture(scope="module")
def two_instances(postgres_server, tmp_path_factory) -> Iterator[tuple[str, str]]:
    url = postgres_server.create_database("wijk_two_instances")
    store = get_store(url)
    store.write(project_store.ensure_project, t("project.demo_name", "nl"))
    store.write(add_account, "olaf", password=PASSWORD, role="officer")
    store.write(add_account, "fien", password=PASSWORD, role="facilitator")
    store.dispose()
    env = {**os.environ, "WIJK_DATABASE_URL": url, "WIJK_BASEMAP": "none", "PYTHONUNBUFFERED": "1",
           "WIJK_TRUSTED_PROXY_HEADER": "X-Forwarded-For"}
    folder = tmp_path_factory.mktemp("two-instances")
    with ExitStack() as stack:
        first = stack.enter_context(running_app(env, folder / "first.log"))
        second = stack.enter_context(running_app(env, folder / "second.log"))
        yield first, second
    postgres_server.drop_database(url)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _post_sign_in(base: str, username: str, password: str, address: str) -> tuple[int, str, str]:
    host = urllib.parse.urlsplit(base).netloc
    request = urllib.request.Request(
        f"{base}/wijk/signin?lang=nl", method="POST",
        data=urllib.parse.urlencode({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://{host}",
                 "X-Forwarded-For": address})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers.get("Set-Cookie", ""), response.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Set-Cookie", ""), answer.read().decode()


def test_a_lockout_on_one_instance_holds_on_the_other(two_instances):
    first, second = two_instances
    statuses = [_post_sign_in(first, "olaf", f"fout-{n}", "203.0.113.10")[0] for n in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    status, cookie, body = _post_sign_in(second, "olaf", PASSWORD, "203.0.113.99")
    assert status == 429 and "wijk_session" not in cookie
    assert t("errors.sign_in_locked", "nl", minutes=15) in html.unescape(body)
    # the locked address cannot sign in to another account either, on either instance
    assert _post_sign_in(second, "fien", PASSWORD, "203.0.113.10")[0] == 429


def test_a_facilitator_signs_in_on_the_second_instance_and_moderates(two_instances, browser):
    _, second = two_instances
    context = browser.new_context(viewport={"width": 1300, "height": 950}, locale="nl-BE",
                                  extra_http_headers={"X-Forwarded-For": "198.51.100.20"})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{second}/wijk/signin?lang=nl&next=/moderatie")
    page.get_by_label(t("signin.username", "nl")).fill("fien")
    page.get_by_label(t("signin.password", "nl")).fill(PASSWORD)
    page.get_by_role("button", name=t("signin.submit", "nl")).click()
    page.wait_for_url(f"{second}/moderatie")
    page.wait_for_selector("[data-testid='stApp']")
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", name=t("ideas.mod_title", "nl"))).to_be_visible()
    assert page.get_by_text(t("signin.page_needs_sign_in", "nl")).count() == 0
    expect(page.get_by_text(t("signin.signed_in_as", "nl", name="fien",
                              role=t("signin.role_facilitator", "nl")))).to_be_visible()
    context.close()
