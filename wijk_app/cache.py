"""The store, opened once per server process, and bound to whoever uses this browser session.

:func:`store` is what pages use: every write through it is checked against the
visitor's role and recorded (:mod:`wijk_core.store.guard`). :func:`system_store` is the
app's own, for what no user does (the demo project, sign-in bookkeeping).
"""

from __future__ import annotations

import streamlit as st

from wijk_core import config
from wijk_core.store import Store, get_store

from . import identity


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return get_store(url)


def system_store() -> Store:
    """The store for ``WIJK_DATABASE_URL`` (or the local SQLite file) acting as no one: never for a user's write."""
    return _store(config.database_url())


def store() -> Store:
    """The store acting as this run's visitor (:func:`wijk_app.identity.visitor`)."""
    return system_store().acting_as(identity.visitor())
