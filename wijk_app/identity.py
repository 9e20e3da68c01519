"""Who is using this browser session: the :class:`~wijk_core.access.Actor` every page and write acts as.

Worked out again on every run from what the browser sent (never from session state,
which a crafted session could set): the client's address (:func:`client_address`)
and whether the request comes from this machine unrelayed.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from wijk_core import config
from wijk_core.access import Actor
from wijk_core.access import client as request_rules


def _headers() -> Mapping[str, str]:
    try:
        return dict(st.context.headers)
    except Exception:  # no request behind this run (a bare script run)
        return {}


def _peer() -> str | None:
    address = st.context.ip_address
    return address if isinstance(address, str) and address else None


def client_address() -> str | None:
    """The address this browser is counted by (from ``WIJK_TRUSTED_PROXY_HEADER`` when set)."""
    return request_rules.client_address(_headers(), _peer(), config.trusted_proxy_header())


def from_this_machine() -> bool:
    """Whether the browser runs on the machine the app runs on, and the request was not relayed."""
    return request_rules.is_this_machine(_headers(), _peer())


def visitor() -> Actor:
    """Who acts in this run: with nothing set up, this machine is the administrator and anyone else a resident."""
    client = client_address()
    if from_this_machine():
        return Actor.this_machine(client)
    return Actor.resident(client)
