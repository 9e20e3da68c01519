"""What every table is built on: the declarative ``Base``, column types, mixins, shared checks.

Each domain keeps its tables in ``wijk_core/<domain>/tables.py`` over this base;
:mod:`wijk_core.schema` imports them all, so ``Base.metadata`` is complete for
Alembic and ``create_all``. Change a table only together with a migration.

- :class:`UTCDateTime`, :func:`utc_now`: timestamps, always timezone-aware UTC;
- mixins for the columns many tables repeat: :class:`IdKey`, :class:`ProjectOwned`,
  :class:`CreatedAt`, :class:`UpdatedAt`, :class:`Timestamps`, :class:`NamedInProject`;
- :func:`flush_unique`: the one "name already taken" check, a flush whose
  violated UNIQUE constraint becomes a :class:`StoreError`;
- :func:`upsert_into`: ``INSERT ... ON CONFLICT`` on both databases;
- :func:`checked_id`, :func:`get_row`, :func:`printable`, :func:`checked_option`:
  the checks every store function applies to what it is given.
"""

from __future__ import annotations

import operator
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar, get_args

from sqlalchemy import DateTime, ForeignKey, MetaData, String, TypeDecorator, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import InstrumentedAttribute

from wijk_core.store.errors import StoreError

PROJECT_NAME_MAX = 120
"""Longest project name, in characters (also of candidates, criteria sets, scenarios)."""

PROJECT_NAME_KEY_MAX = 3 * PROJECT_NAME_MAX
"""``str.casefold`` can turn one character into three (``ΐ``), hence the wider key column."""

LAMBERT72_SRID = 31370
"""EPSG code of Belgian Lambert 72, the only CRS candidate perimeters are stored in."""

SHORT_TEXT_MAX = 120
"""Longest criterion key or candidate source reference (names follow ``PROJECT_NAME_MAX``)."""

LABEL_MAX = 200
"""Longest label of a custom qualitative criterion or a budget line."""

FILENAME_MAX = 255
"""Longest stored file name (a common file-system limit)."""

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Deterministic constraint names, so migrations (and SQLite batch mode) can refer to them."""


def utc_now() -> datetime:
    """The current time as a timezone-aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned timezone-aware.

    PostgreSQL keeps it as ``timestamptz``; SQLite has no time zones, so the
    value is stored as naive UTC and the zone is attached again on reading.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"Naive datetime {value!r}: pass a timezone-aware datetime.")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Parent of every table; its ``metadata`` is what Alembic autogenerate compares."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a CHECK constraint keeping ``column`` in a closed set of values.

    Parameters
    ----------
    column : str
    values : tuple of str

    Returns
    -------
    str
        ``column IN ('a', 'b', ...)``.
    """
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def timestamp_column() -> Mapped[datetime]:
    """A UTC timestamp set to now by the code (and by the database when a writer forgets)."""
    return mapped_column(UTCDateTime, default=utc_now, server_default=func.current_timestamp())


# --- Mixins for the repeated columns ---------------------------------------------------


class IdKey:
    """An integer primary key ``id``."""

    id: Mapped[int] = mapped_column(primary_key=True)


class ProjectOwned:
    """A row of one project, deleted with it (``project_id``)."""

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))


class CreatedAt:
    """When the row was made (``created_at``, UTC)."""

    created_at: Mapped[datetime] = timestamp_column()


class UpdatedAt:
    """When the row last changed (``updated_at``, UTC)."""

    updated_at: Mapped[datetime] = timestamp_column()


class Timestamps(CreatedAt, UpdatedAt):
    """``created_at`` and ``updated_at``."""


class NamedInProject:
    """A display ``name`` and its ``name_key`` (see :func:`wijk_core.store.projects.name_key`).

    Tables using it add ``UniqueConstraint("project_id", "name_key")``, which is
    what makes two names differing only in case impossible, even for concurrent
    writers; :func:`flush_unique` turns its violation into a readable refusal.
    """

    name: Mapped[str] = mapped_column(String(PROJECT_NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(PROJECT_NAME_KEY_MAX))


# --- The one "name already taken" check -----------------------------------------------


def flush_unique(session: Session, error: StoreError, *columns: InstrumentedAttribute[Any]) -> None:
    """Flush; if that violates a UNIQUE constraint over one of ``columns``, raise ``error`` instead.

    Parameters
    ----------
    session : Session
        The session holding the new or changed rows.
    error : StoreError
        What to raise when the name (or key) is already taken, e.g.
        ``StoreError("errors.project_name_taken", ..., name=name)``.
    *columns : mapped attributes
        The column(s) whose uniqueness means "already taken", e.g. ``ProjectRow.name_key``.

    Raises
    ------
    StoreError
        ``error``, chained to the database's ``IntegrityError``.
    IntegrityError
        Any other violated constraint, unchanged.

    Notes
    -----
    The constraint in the database, not a check before writing, decides: two
    concurrent writers of one name cannot both succeed. PostgreSQL reports the
    constraint's name (``uq_<table>_<columns>``, see :data:`NAMING_CONVENTION`),
    SQLite the columns (``<table>.<column>``); both are recognised.
    """
    markers = _unique_markers(columns)
    try:
        session.flush()
    except IntegrityError as exc:
        if not any(marker in str(exc.orig) for marker in markers):
            raise
        raise error from exc


def _unique_markers(columns: Iterable[InstrumentedAttribute[Any]]) -> set[str]:
    markers: set[str] = set()
    for attribute in columns:
        column = attribute.property.columns[0]
        table = column.table
        markers.add(f"{table.name}.{column.name}")
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint) and column.name in constraint.columns:
                markers.add(f"uq_{table.name}_{'_'.join(c.name for c in constraint.columns)}")
    return markers


def upsert_into(session: Session, model: type) -> Any:
    """An ``INSERT`` into ``model``'s table that takes ``on_conflict_do_update`` / ``..._do_nothing``.

    Parameters
    ----------
    session : Session
    model : mapped class

    Returns
    -------
    sqlalchemy.dialects.postgresql.Insert or sqlalchemy.dialects.sqlite.Insert
        The insert of the session's database: both spell ``ON CONFLICT`` alike.

    Notes
    -----
    One ``INSERT ... ON CONFLICT DO UPDATE`` statement is what keeps concurrent
    writers of one row (a vote, a score, the settings) from duplicating it.
    """
    dialect = session.get_bind().dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(model)


# --- Checks of what store functions are given -----------------------------------------

RowT = TypeVar("RowT")


def checked_id(value: int, what: str) -> int:
    """An id as int; numpy integers are accepted, text and bools are not.

    Parameters
    ----------
    value : int
    what : str
        What the id is of, for the message (``"project"``, ``"candidate"``...).

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If ``value`` is not an integer.
    """
    if isinstance(value, bool):
        raise TypeError(f"A {what} id is an int, got bool.")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"A {what} id is an int, got {type(value).__name__}.") from None


def get_row(session: Session, model: type[RowT], row_id: int, code: str, what: str) -> RowT:
    """The row of ``model`` with this id, or a :class:`StoreError` ``code`` (params: ``id``).

    Parameters
    ----------
    session : Session
    model : mapped class
    row_id : int
    code : str
        i18n key of the refusal, e.g. ``"errors.candidate_not_found"``.
    what : str
        What the row is, for messages.

    Returns
    -------
    The row.

    Raises
    ------
    StoreError
        ``code`` when there is no such row.
    TypeError
        If ``row_id`` is not an integer.
    """
    checked = checked_id(row_id, what)
    # Ids outside PostgreSQL's integer range would raise a driver error instead.
    row = session.get(model, checked) if 0 < checked < 2**31 else None
    if row is None:
        raise StoreError(code, id=checked)
    return row


def printable(text: str) -> str:
    """``text`` without control characters but white space: PostgreSQL refuses NUL in text."""
    return "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) != "Cc")


def checked_option(name: str, value: Any, allowed_type: Any) -> Any:
    """``value`` (or a str Enum's value), stripped and lower-case, if it is one of a Literal's values.

    Parameters
    ----------
    name : str
        The option's name, for the refusal (``"role"``, ``"method"``...).
    value : str or str Enum
    allowed_type : typing.Literal
        The closed set, e.g. ``Literal["weighted_sum", "topsis"]``.

    Returns
    -------
    str

    Raises
    ------
    StoreError
        ``errors.criteria_option_invalid`` (params: ``name``, ``value``, ``allowed``).
    """
    allowed = get_args(allowed_type)
    raw = value.value if isinstance(value, Enum) else value
    if isinstance(raw, str) and raw.strip().lower() in allowed:
        return raw.strip().lower()
    raise StoreError("errors.criteria_option_invalid",
                     name=name, value=str(raw), allowed=", ".join(allowed))
