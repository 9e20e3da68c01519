"""Engine set-up: URLs, SQLite pragmas, the optional PostgreSQL driver."""

from __future__ import annotations

import importlib.util

import pytest

from wijk_core.store import make_engine, normalise_url


@pytest.mark.parametrize(
    "given, driver",
    [
        ("postgresql://u:p@db.example:5432/wijk", "postgresql+psycopg"),
        ("postgres://u@db.example/wijk", "postgresql+psycopg"),
        ("postgresql+psycopg://u@db.example/wijk", "postgresql+psycopg"),
        ("sqlite:///var/x.sqlite3", "sqlite"),
    ],
)
def test_urls_are_given_the_psycopg_driver(given, driver):
    assert normalise_url(given).drivername == driver


def test_the_default_url_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("WIJK_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    assert normalise_url(None).database == str(tmp_path / "env.sqlite3")


def test_unsupported_databases_are_refused_without_leaking_the_password():
    with pytest.raises(ValueError, match="Unsupported database") as caught:
        normalise_url("mysql://user:secret@host/db")
    assert "secret" not in str(caught.value)


def test_a_missing_postgres_driver_says_how_to_install_it(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "psycopg" else real_find_spec(name, *a)
    )
    with pytest.raises(ImportError, match=r"pip install 'psycopg\[binary\]'"):
        make_engine("postgresql://user@localhost/wijk")


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    path = tmp_path / "nested" / "folder" / "wijk.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == 10_000
        assert path.is_file()  # parent folders were created
    finally:
        engine.dispose()


def test_sqlite_ddl_is_transactional(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'ddl.sqlite3'}")
    try:
        with engine.connect() as connection:
            with connection.begin() as transaction:
                connection.exec_driver_sql("CREATE TABLE scratch (id INTEGER)")
                transaction.rollback()
            tables = connection.exec_driver_sql("SELECT name FROM sqlite_master").scalars().all()
        assert "scratch" not in tables
    finally:
        engine.dispose()
