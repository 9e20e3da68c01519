"""Engine creation: a SQLite file by default, PostgreSQL when the URL says so."""

from __future__ import annotations

import importlib.util
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from wijk_core import config

SQLITE_BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite connection waits for another writer before giving up."""

POSTGRES_CONNECT_TIMEOUT_S = 10

BEGIN_MODE_OPTION = "wijk_sqlite_begin"
"""Execution option naming the SQLite ``BEGIN`` flavour, see :func:`writer`."""


def normalise_url(url: str | URL | None = None) -> URL:
    """Parse a database URL, defaulting to the configured one and picking the psycopg driver.

    Parameters
    ----------
    url : str or URL, optional
        SQLAlchemy URL. ``None`` means :func:`wijk_core.config.database_url`.
        ``postgresql://`` and ``postgres://`` are rewritten to ``postgresql+psycopg://``.

    Returns
    -------
    URL
        The parsed URL.

    Raises
    ------
    ValueError
        If the URL names a database other than SQLite or PostgreSQL.
    """
    parsed = make_url(url if url is not None else config.database_url())
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend_of(parsed) not in {"sqlite", "postgresql"}:
        raise ValueError(
            f"Unsupported database {parsed.render_as_string(hide_password=True)!r}: "
            "use a sqlite:/// file or a postgresql:// URL in WIJK_DATABASE_URL."
        )
    return parsed


def backend_of(url: URL) -> str:
    """The database family of a URL: ``sqlite``, ``postgresql`` or another dialect name."""
    return url.get_backend_name()


def make_engine(url: str | URL | None = None) -> Engine:
    """Create an engine configured for Wijkwerf on SQLite or PostgreSQL.

    Parameters
    ----------
    url : str or URL, optional
        SQLAlchemy URL; ``None`` means the configured ``WIJK_DATABASE_URL`` or
        the local SQLite file.

    Returns
    -------
    Engine
        On SQLite every connection uses WAL journal mode, enforces foreign keys
        and waits up to 10 s for a busy database; SQLAlchemy, not the driver,
        emits ``BEGIN`` so DDL is transactional and write transactions can
        start with ``BEGIN IMMEDIATE`` (see :func:`writer`).

    Raises
    ------
    ImportError
        If a PostgreSQL URL is given and the psycopg driver is not installed.
    ValueError
        If the URL names an unsupported database.
    """
    parsed = normalise_url(url)
    if backend_of(parsed) == "postgresql":
        return _postgres_engine(parsed)
    return _sqlite_engine(parsed)


def writer(engine: Engine) -> Engine:
    """The same engine, but SQLite transactions start with ``BEGIN IMMEDIATE``.

    Taking the write lock up front makes SQLite writers queue on
    ``busy_timeout`` instead of failing with ``SQLITE_BUSY`` when a read
    transaction tries to upgrade to a write. PostgreSQL ignores the option.
    """
    return engine.execution_options(**{BEGIN_MODE_OPTION: "IMMEDIATE"})


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    in_memory = database in {"", ":memory:"} or url.query.get("mode") == "memory"
    options: dict[str, Any] = {}
    if in_memory:
        # One shared connection, or each checkout would see a new empty database.
        options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **options)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection, _connection_record) -> None:
    # Let SQLAlchemy emit BEGIN itself (see _begin_sqlite_transaction).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        _enable_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, much faster than FULL
    finally:
        cursor.close()


def _enable_wal(cursor) -> None:
    """Switch the file to WAL (a persistent setting), retrying while another connection writes.

    Changing the journal mode needs the database to itself and SQLite does not
    apply ``busy_timeout`` to it, so several app instances opening a brand-new
    file together would otherwise fail with "database is locked".
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() in {"wal", "memory"}:
            return
        try:
            cursor.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _begin_sqlite_transaction(connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_MODE_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def _postgres_engine(url: URL) -> Engine:
    driver = url.get_driver_name()
    module = {"psycopg": "psycopg", "psycopg2": "psycopg2"}.get(driver, driver)
    if importlib.util.find_spec(module) is None:
        raise ImportError(
            f"The PostgreSQL URL needs the {module!r} driver, which is not installed. "
            "Install it with: pip install 'psycopg[binary]'"
        )
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
