"""Fixtures shared by every test folder: a fresh database, a project in it, the demo data,
the hostile-text corpus.

- ``database_url``: parametrised ``sqlite`` / ``postgresql``; an empty database per test
  (on PostgreSQL an empty schema of a shared database, selected by the URL's
  ``search_path``: milliseconds instead of a ``CREATE DATABASE`` per test).
- ``store``: a :class:`wijk_core.store.Store` opened (and migrated) on it.
- ``project``: one project, "Muide-Meulestede", created in that store.
- ``postgres_server``: one throw-away PostgreSQL cluster for the whole session, started
  only when a test first needs it.
- ``demo``: the synthetic demo municipality, read once per test module.
- ``hostile_text``: each string of the corpus in ``tests/hostile.py`` in turn (a test
  that takes it runs once per string); import the strings themselves from ``hostile``.

Without PostgreSQL binaries the ``postgresql`` cases are skipped, except when the
``CI`` environment variable is set: there they fail, because CI installs them.
Run only SQLite with ``pytest -m "not postgres"``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # make tests/pg_server.py, hostile.py importable

import hostile  # noqa: E402
import pg_server  # noqa: E402

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgres: runs against a throw-away PostgreSQL server (started once per session)"
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[pg_server.PostgresServer]:
    """A running throw-away PostgreSQL cluster, shared by the session."""
    bindir = pg_server.find_bindir()
    if bindir is None:
        reason = (
            "PostgreSQL server binaries not found (initdb, pg_ctl); "
            "install them, e.g. `apt-get install postgresql`, or set WIJK_PG_BINDIR."
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {reason}", pytrace=False)
        pytest.skip(reason)
    server = pg_server.start_postgres(bindir)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database, once on SQLite (a temporary file) and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'wijkwerf.sqlite3'}"
        return
    server: pg_server.PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_schema()
    try:
        yield url
    finally:
        server.drop_schema(url)


@pytest.fixture
def store(database_url: str):
    """A Store on the fresh database, migrated to head, disposed after the test."""
    from wijk_core.store import Store

    opened = Store(database_url)
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture
def project(store):
    """One project, "Muide-Meulestede", in the fresh store (a :class:`wijk_core.store.projects.Project`)."""
    from wijk_core.store.projects import create_project

    with store.writing() as session:
        return create_project(session, "Muide-Meulestede")


@pytest.fixture(scope="module")
def demo():
    """The synthetic demo municipality (:func:`wijk_core.sectors.data.load_demo`)."""
    from wijk_core.sectors.data import load_demo

    return load_demo()


@pytest.fixture(params=hostile.ALL, ids=list(hostile.BY_NAME))
def hostile_text(request: pytest.FixtureRequest) -> str:
    """One string of the hostile corpus; a test taking this fixture runs once per string."""
    return request.param
