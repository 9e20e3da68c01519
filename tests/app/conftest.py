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


@pytest.fixture
def as_role(app_db, monkeypatch):
    """Return a function that makes the app's visitor someone with ``role`` (in ``project_id``, else everywhere).

    ``as_role("resident")`` changes nothing (with nothing set up, AppTest is a resident).
    For another role it creates an account with that role in the app's database and
    makes :func:`wijk_app.identity.visitor` return it, standing in for a signed-in
    browser until the tests sign in the way the app does; returns the actor.
    """
    from wijk_core.access import Actor, Role
    from wijk_core.access import store as access_store
    from wijk_core.store import get_store

    def act(role: str, project_id: int | None = None):
        if Role(role) is Role.RESIDENT:
            return Actor.resident()
        account = get_store(app_db).write(access_store.add_account, f"test-{Role(role).value}",
                                          password="correct horse battery staple", role=role, project_id=project_id)
        actor = Actor.for_account(account)
        monkeypatch.setattr("wijk_app.identity.visitor", lambda: actor)
        return actor

    return act
