"""Cached wrappers around core loaders: one store and one demo data set per server process."""

from __future__ import annotations

import streamlit as st

from wijk_core import config
from wijk_core.sectors.data import SectorData, load_demo
from wijk_core.store import Store, get_store


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return get_store(url)


def store() -> Store:
    """The store for ``WIJK_DATABASE_URL`` (or the local SQLite file), opened once per process."""
    return _store(config.database_url())


@st.cache_resource(show_spinner=False)
def demo_data() -> SectorData:
    """The embedded demo municipality, read once per process and shared read-only."""
    return load_demo()
