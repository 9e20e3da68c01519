"""Single sign-on with a real OpenID Connect provider started locally: sign in, the mapped role, sign out.

``oidc-provider-mock`` runs on a loopback port with two users. The app gets an
``[auth]`` section (Streamlit's ``st.login``) and role rules in a secrets file of its
own. A browser "from the network" (``X-Forwarded-For``, so never this machine) is a
resident; it signs in with the municipality account, comes back as an officer (its
e-mail matches ``*@gemeente.example``), opens the selection, and signs out. A user the
rules give no role is signed in but may not open the officer pages.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from app_server import free_port, running_app
from playwright.sync_api import expect
from streamlit_ui import wait_for_app_idle

from wijk_core.access import audit_entries, find_account
from wijk_core.i18n import t
from wijk_core.store import get_store

pytestmark = pytest.mark.browser

USERS = [{"sub": "anna", "email": "anna@gemeente.example", "name": "Anna"},
         {"sub": "bert", "email": "bert@elders.example", "name": "Bert"}]


@pytest.fixture(scope="module")
def provider(tmp_path_factory) -> Iterator[str]:
    port = free_port()
    log = (tmp_path_factory.mktemp("oidc") / "provider.log").open("w")
    command = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    for user in USERS:
        command += ["--user-claims", json.dumps(user)]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                break
        except (urllib.error.URLError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the OpenID provider did not start (exit {process.poll()})")
            time.sleep(0.25)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


@pytest.fixture(scope="module")
def sso_app(provider, tmp_path_factory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("sso")
    database = f"sqlite:///{folder / 'sso.sqlite3'}"
    port = free_port()
    base = f"http://localhost:{port}"
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(f"""
[auth]
redirect_uri = "{base}/oauth2callback"
cookie_secret = "{secrets.token_hex(24)}"
client_id = "wijkwerf"
client_secret = "{secrets.token_hex(12)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[wijkwerf_roles]
officer = ["*@gemeente.example"]
""", encoding="utf-8")
    env = {**os.environ, "WIJK_DATABASE_URL": database, "WIJK_BASEMAP": "none", "PYTHONUNBUFFERED": "1"}
    with running_app(env, folder / "streamlit.log", port=port, extra_args=("--secrets.files", str(secrets_file))):
        yield base, database


def _idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp']")
    wait_for_app_idle(page)


def _sign_in_as(page, base: str, user: str) -> None:
    page.goto(f"{base}/wijkselectie?lang=nl")
    _idle(page)
    page.get_by_test_id("stMain").get_by_role("button", name=t("signin.sign_in_sso", "nl")).click()
    page.wait_for_url(re.compile(r"/oauth2/authorize"))
    page.get_by_role("button", name=user).click()
    page.wait_for_url(re.compile(re.escape(base)))
    _idle(page)


def test_an_officer_signs_in_with_the_municipality_account_and_out_again(browser, sso_app):
    base, database = sso_app
    context = browser.new_context(viewport={"width": 1300, "height": 950}, locale="nl-BE",
                                  extra_http_headers={"X-Forwarded-For": "198.51.100.30"})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/wijkselectie?lang=nl")
    _idle(page)
    expect(page.get_by_text(t("signin.page_needs_sign_in", "nl"))).to_be_visible()
    _sign_in_as(page, base, "anna")
    expect(page.get_by_text(t("signin.signed_in_as", "nl", name="anna@gemeente.example",
                              role=t("signin.role_officer", "nl")))).to_be_visible()
    page.goto(f"{base}/wijkselectie?lang=nl")
    _idle(page)
    assert page.get_by_text(t("signin.page_needs_sign_in", "nl")).count() == 0
    expect(page.get_by_role("heading", name=t("selection.title", "nl"))).to_be_visible()
    store = get_store(database)
    account = store.read(find_account, "anna@gemeente.example")
    assert account is not None and not account.has_password
    assert [(grant.project_id, grant.role.value) for grant in account.roles] == [(None, "officer")]
    assert any(entry.actor == "single sign-on" for entry in store.read(audit_entries))
    page.get_by_role("button", name=t("signin.sign_out", "nl")).click()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # Streamlit ends the provider's session too, when it offers that
        if "/oauth2/end_session" in page.url:
            page.get_by_role("button").first.click()
            page.wait_for_url(re.compile(re.escape(base)))
            break
        if page.url.startswith(base) and page.get_by_text(t("signin.sign_in_link", "nl")).count():
            break
        page.wait_for_timeout(250)
    _idle(page)
    page.goto(f"{base}/wijkselectie?lang=nl")
    _idle(page)
    expect(page.get_by_text(t("signin.page_needs_sign_in", "nl"))).to_be_visible()
    context.close()


def test_a_user_the_rules_give_no_role_is_signed_in_but_not_let_in(browser, sso_app):
    base, _ = sso_app
    context = browser.new_context(viewport={"width": 1300, "height": 950}, locale="nl-BE",
                                  extra_http_headers={"X-Forwarded-For": "198.51.100.31"})
    page = context.new_page()
    page.set_default_timeout(30_000)
    _sign_in_as(page, base, "bert")
    page.goto(f"{base}/wijkselectie?lang=nl")
    _idle(page)
    expect(page.get_by_text(t("signin.no_role_here", "nl", name="bert@elders.example",
                              role=t("signin.role_resident", "nl")).replace("\\", ""))).to_be_visible()
    context.close()
