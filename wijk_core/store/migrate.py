"""Run Alembic migrations from code, with a lock so app instances never race.

Also a small command line for developers (no ``alembic.ini`` needed)::

    python -m wijk_core.store revision -m "add ideas" --autogenerate
    python -m wijk_core.store upgrade          # the configured database
    python -m wijk_core.store current
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL

from wijk_core.store.engine import backend_of, make_engine, normalise_url, writer

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

ADVISORY_LOCK_KEY = 0x57494A4B5745524B  # "WIJKWERK": one key for every Wijkwerf migration
"""Key of the PostgreSQL advisory lock held while migrating."""


def alembic_config(url: str | URL | None = None) -> Config:
    """An Alembic configuration built in code, pointing at ``wijk_core/store/migrations``.

    Parameters
    ----------
    url : str or URL, optional
        Database used when Alembic opens its own connection (command line use).
        ``None`` means the configured ``WIJK_DATABASE_URL`` or the SQLite file.

    Returns
    -------
    alembic.config.Config
        With ``script_location``, ``sqlalchemy.url`` and a file template that
        names revisions ``0002_add_ideas.py``.
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    rendered = normalise_url(url).render_as_string(hide_password=False)
    cfg.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """The newest revision in ``migrations/versions``."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    if head is None:
        raise RuntimeError(f"No migration found in {MIGRATIONS_DIR / 'versions'}.")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``, holding a lock against concurrent upgrades.

    Parameters
    ----------
    engine : Engine
        An engine from :func:`wijk_core.store.engine.make_engine`.
    revision : str, default "head"
        Target revision.

    Notes
    -----
    The whole upgrade runs in one transaction (both databases have
    transactional DDL). On PostgreSQL it first takes
    ``pg_advisory_xact_lock``; on SQLite the transaction starts with
    ``BEGIN IMMEDIATE``, which takes the database write lock. A second app
    instance starting at the same moment therefore waits, then finds the
    database already at head and does nothing. A failed migration rolls back
    completely.
    """
    with writer(engine).begin() as connection:
        lock_for_migration(connection)
        cfg = alembic_config(engine.url)
        cfg.attributes["connection"] = connection  # env.py uses it instead of opening its own
        command.upgrade(cfg, revision)


def lock_for_migration(connection: Connection) -> None:
    """Serialise schema changes across processes, until ``connection``'s transaction ends.

    On PostgreSQL this takes a transaction-level advisory lock (released on
    commit or rollback, so a crashed instance can never leave it held). On
    SQLite the lock is already held: the transaction began with
    ``BEGIN IMMEDIATE`` (see :func:`wijk_core.store.engine.writer`).
    """
    if backend_of(connection.engine.url) == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _signed(ADVISORY_LOCK_KEY)})


def _signed(key: int) -> int:
    """PostgreSQL advisory lock keys are signed 64-bit integers."""
    return key - (1 << 64) if key >= (1 << 63) else key


def _next_revision_id() -> str:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    numbers = [int(rev.revision) for rev in script.walk_revisions() if rev.revision.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}"


def _make_revision(message: str, autogenerate: bool, url: str | None) -> None:
    rev_id = _next_revision_id()
    if not autogenerate:
        command.revision(alembic_config(url), message=message, rev_id=rev_id)
        return
    with tempfile.TemporaryDirectory() as folder:
        # Compare the models with a scratch database at head unless one is given.
        target = url or f"sqlite:///{Path(folder) / 'autogenerate.sqlite3'}"
        engine = make_engine(target)
        try:
            upgrade(engine)
            command.revision(alembic_config(target), message=message, autogenerate=True, rev_id=rev_id)
        finally:
            engine.dispose()


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m wijk_core.store", description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="database URL (default: WIJK_DATABASE_URL or the SQLite file)")
    sub = parser.add_subparsers(dest="action", required=True)
    new = sub.add_parser("revision", help="write migrations/versions/NNNN_<message>.py")
    new.add_argument("-m", "--message", required=True)
    new.add_argument("--autogenerate", action="store_true", help="fill it by comparing the tables (wijk_core.schema) with the database")
    up = sub.add_parser("upgrade", help="upgrade the database (default: to head)")
    up.add_argument("revision", nargs="?", default="head")
    down = sub.add_parser("downgrade", help="downgrade the database to a revision")
    down.add_argument("revision")
    sub.add_parser("current", help="print the database revision")
    sub.add_parser("heads", help="print the newest revision")
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.INFO)  # show each step run

    if args.action == "revision":
        _make_revision(args.message, args.autogenerate, args.url)
    elif args.action == "heads":
        print(head_revision())
    elif args.action == "downgrade":
        command.downgrade(alembic_config(args.url), args.revision)
    else:
        engine = make_engine(args.url)
        try:
            if args.action == "upgrade":
                upgrade(engine, args.revision)
            print(current_revision(engine) or "(empty database)")
        finally:
            engine.dispose()
    return 0

