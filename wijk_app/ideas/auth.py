"""The facilitator's password: asked once per browser session, compared in constant time."""

from __future__ import annotations

import hmac
import time

import streamlit as st

from wijk_core import config

from ..state import tr

UNLOCKED_KEY = "ideas_facilitator"
_FAILED_DELAY_S = 1.0  # slows down guessing; a resident never reaches this form by accident


def expected_password() -> str | None:
    """``WIJK_FACILITATOR_PASSWORD``, else the same key in Streamlit secrets, else None."""
    from_env = config.facilitator_password()
    if from_env:
        return from_env
    try:
        value = st.secrets.get("WIJK_FACILITATOR_PASSWORD")
    except Exception:  # no secrets file at all: Streamlit raises rather than returning None
        return None
    return str(value) if value else None


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison, so the time taken tells nothing about the password."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def unlocked() -> bool:
    return st.session_state.get(UNLOCKED_KEY) is True


def gate() -> bool:
    """True when this session may moderate; otherwise draw the password form and return False."""
    expected = expected_password()
    if expected is None:
        st.warning(tr("ideas.mod_no_password"), icon=":material/lock:")
        return False
    if unlocked():
        if st.sidebar.button(tr("ideas.mod_logout"), key="ideas_logout", icon=":material/logout:"):
            st.session_state[UNLOCKED_KEY] = False
            st.rerun()
        return True
    with st.form("ideas_login", border=True):
        given = st.text_input(tr("ideas.mod_password"), type="password", key="ideas_password")
        submitted = st.form_submit_button(tr("ideas.mod_login"), type="primary", icon=":material/login:")
    if submitted:
        if password_matches(given or "", expected):
            st.session_state[UNLOCKED_KEY] = True
            st.session_state.pop("ideas_password", None)
            st.rerun()
        time.sleep(_FAILED_DELAY_S)
        st.error(tr("ideas.mod_password_wrong"), icon=":material/error:")
    return False
