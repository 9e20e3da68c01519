"""The store, opened once per server process (the project's data is loaded in :mod:`wijk_app.project_data`)."""

from __future__ import annotations

import streamlit as st

from wijk_core import config
from wijk_core.store import Store, get_store


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return get_store(url)


def store() -> Store:
    """The store for ``WIJK_DATABASE_URL`` (or the local SQLite file), opened once per process."""
    return _store(config.database_url())
