"""Fixtures for running the app and its pages with Streamlit's AppTest."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    """A fresh SQLite database for the app under test; returns its URL."""
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("WIJK_DATABASE_URL", url)
    monkeypatch.setenv("WIJK_BASEMAP", "none")
    monkeypatch.chdir(REPO)
    return url


@pytest.fixture
def run_app(app_db):
    """Return a function that runs ``app.py`` (or a page) with optional session state."""

    def run(script: str = "app.py", **state) -> AppTest:
        at = AppTest.from_file(str(REPO / script), default_timeout=60)
        for key, value in state.items():
            at.session_state[key] = value
        return at.run()

    return run
