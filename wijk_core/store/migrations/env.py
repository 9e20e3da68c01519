"""Alembic environment: run by ``alembic.command`` calls from ``wijk_core.store.migrate``.

When the caller passes a connection in ``config.attributes["connection"]``
(what :func:`wijk_core.store.migrate.upgrade` does) it is used as is, inside
the caller's transaction and lock. Otherwise an engine is built from
``sqlalchemy.url`` and the same lock is taken here.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from wijk_core.store.engine import make_engine, writer
from wijk_core.store.migrate import lock_for_migration
from wijk_core.schema import metadata
from wijk_core.store.base import UTCDateTime

target_metadata = metadata


def render_item(type_: str, obj, autogen_context):
    """Write plain SQLAlchemy types into revisions, so they never import the models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    given = context.config.attributes.get("connection")
    if given is not None:
        run_migrations(given)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url"))
    try:
        with writer(engine).begin() as connection:
            lock_for_migration(connection)
            run_migrations(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
