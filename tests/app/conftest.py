"""Fixtures for running the app and its pages with Streamlit's AppTest."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from wijk_core.access.store import add_account, find_account, set_role
from wijk_core.store import get_store

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    """A fresh SQLite database for the app under test; returns its URL."""
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("WIJK_DATABASE_URL", url)
    monkeypatch.setenv("WIJK_BASEMAP", "none")
    monkeypatch.chdir(REPO)
    return url


def signed_in_as(app_db: str, at: AppTest, role: str, project_id: int | None = None) -> AppTest:
    """Sign ``at`` in through single sign-on as ``<role>@example.org``, an account with that role.

    The account is made in the app's database (for every project, or for ``project_id``);
    ``st.user`` then carries its e-mail, as after a real ``st.login``.
    """
    email = f"{role}@example.org"
    store = get_store(app_db)
    with store.writing() as session:
        account = find_account(session, email) or add_account(session, email, email=email)
        set_role(session, account.id, role, project_id)
    at.user = {"is_logged_in": True, "email": email, "name": role.title()}
    return at


@pytest.fixture
def sign_in(app_db):
    """:func:`signed_in_as` on the app's database: ``sign_in(at, role, project_id=None)``."""
    return lambda at, role, project_id=None: signed_in_as(app_db, at, role, project_id)


@pytest.fixture
def run_app(app_db):
    """Return a function that runs ``app.py`` (or a page) as a role, with optional session state.

    ``role`` is ``administrator`` by default; ``"resident"`` runs it with no one signed in
    (AppTest's requests come from no address, so never from this machine).
    """

    def run(script: str = "app.py", *, role: str = "administrator", **state) -> AppTest:
        at = AppTest.from_file(str(REPO / script), default_timeout=60)
        if role != "resident":
            signed_in_as(app_db, at, role)
        for key, value in state.items():
            at.session_state[key] = value
        return at.run()

    return run
