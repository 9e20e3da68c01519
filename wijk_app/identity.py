"""Who is using this browser session: the :class:`~wijk_core.access.Actor` every page and write acts as.

Worked out again on every run from what the browser sent, never from session state:

1. the signed sign-in cookie set by :mod:`wijk_app.routes.auth` (a local account or
   the shared facilitator password);
2. single sign-on through Streamlit's ``st.login`` (``st.user``), whose account is
   found or made by :func:`wijk_core.access.sso.sso_account`;
3. with no account in the store and no shared password configured, a browser on this
   machine (loopback, not relayed by a proxy) is the administrator: the zero-set-up
   default of ``make run``;
4. anyone else is a resident.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

import streamlit as st
from sqlalchemy import func, select

from wijk_core import config
from wijk_core.access import Actor
from wijk_core.access import client as request_rules
from wijk_core.access.cookie import COOKIE_NAME, cookie_secret, read_cookie, signed_in_actor
from wijk_core.access.sso import sso_account
from wijk_core.access.tables import AccountRow

from . import cache

SSO_RULES_SECTION = "wijkwerf_roles"
_ACCOUNTS_TTL_S = 5.0
_accounts_seen: dict[str, tuple[float, bool]] = {}


def _headers() -> Mapping[str, str]:
    try:
        return dict(st.context.headers)
    except Exception:  # no request behind this run (a bare script run)
        return {}


def _peer() -> str | None:
    """The TCP peer of this browser's connection, loopback included.

    ``st.context.ip_address`` answers None for 127.0.0.1 and ::1 (so a local browser
    looks like no browser at all); the session's client context keeps the peer as the
    server saw it. Outside a served session (AppTest, a bare script run) there is none.
    """
    try:
        from streamlit.runtime.context import _get_client_context  # Streamlit is pinned: see requirements.txt

        address = getattr(_get_client_context(), "remote_ip", None)
    except Exception:  # no runtime behind this run
        address = None
    if not isinstance(address, str) or not address:
        address = st.context.ip_address
    return address if isinstance(address, str) and address else None


def client_address() -> str | None:
    """The address this browser is counted by (from ``WIJK_TRUSTED_PROXY_HEADER`` when set)."""
    return request_rules.client_address(_headers(), _peer(), config.trusted_proxy_header())


def from_this_machine() -> bool:
    """Whether the browser runs on the machine the app runs on, and the request was not relayed."""
    return request_rules.is_this_machine(_headers(), _peer())


@st.cache_resource(show_spinner=False)
def _secret(url: str, configured: str | None) -> str:
    with cache.system_store().writing() as session:
        return cookie_secret(session)


def _accounts_exist() -> bool:
    """Whether the store holds any account (checked at most every few seconds)."""
    url = config.database_url()
    seen = _accounts_seen.get(url)
    if seen is not None and time.monotonic() - seen[0] < _ACCOUNTS_TTL_S and seen[1]:
        return True
    with cache.system_store().reading() as session:
        exists = session.scalar(select(func.count()).select_from(AccountRow)) > 0
    _accounts_seen[url] = (time.monotonic(), exists)
    return exists


def sso_configured() -> bool:
    """Whether single sign-on is set up (an ``[auth]`` section in ``.streamlit/secrets.toml``)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file
        return False


def sso_rules() -> Mapping[str, Any] | None:
    try:
        rules = st.secrets.get(SSO_RULES_SECTION)
    except Exception:
        return None
    return rules.to_dict() if hasattr(rules, "to_dict") else rules


def _sso_user() -> dict[str, Any] | None:
    try:
        user = st.user.to_dict()
    except Exception:
        return None
    return user if user.get("is_logged_in") else None


_MEMO_KEY = "_wijk_visitor"
_MEMO_TTL_S = 5.0


def visitor() -> Actor:
    """Who acts in this run (see the module's description).

    Worked out from the request each time; the database part is reused for a few
    seconds while the request says the same (cookie, single sign-on user, address),
    so a disabled account loses its rights within seconds, not at once.
    """
    cookie = st.context.cookies.get(COOKIE_NAME)
    user = _sso_user()
    inputs = (cookie, user.get("email") if user else None, _peer(), tuple(sorted(_headers().items())))
    memo = st.session_state.get(_MEMO_KEY)
    if memo is not None and memo[0] == inputs and time.monotonic() - memo[1] < _MEMO_TTL_S:
        return memo[2]
    actor = _visitor(cookie, user)
    st.session_state[_MEMO_KEY] = (inputs, time.monotonic(), actor)
    return actor


def _visitor(cookie: str | None, user: dict[str, Any] | None) -> Actor:
    client = client_address()
    secret = _secret(config.database_url(), config.secret_key())
    signed = read_cookie(secret, cookie, config.session_hours() * 3600)
    if signed is not None:
        with cache.system_store().reading() as session:
            actor = signed_in_actor(session, signed, secret, client)
        if actor is not None:
            return actor
    if user is not None:
        with cache.system_store().writing() as session:
            account = sso_account(session, user, sso_rules())
        if account is not None and not account.disabled:
            return Actor.for_account(account, client)
    if from_this_machine() and not config.facilitator_password() and not _accounts_exist():
        return Actor.this_machine(client)
    return Actor.resident(client)


def sign_in_url(lang: str) -> str:
    """The local sign-in page, coming back to the page open now."""
    try:
        here = urlsplit(st.context.url or "")
        back = here.path + (f"?{here.query}" if here.query else "")
    except Exception:
        back = "/"
    return "/wijk/signin?" + urlencode({"lang": lang, "next": back or "/"})


def sign_out_url() -> str:
    return "/wijk/signout"


def signed_in_with_sso() -> bool:
    return _sso_user() is not None
