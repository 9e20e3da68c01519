"""Declarative table definitions. Change them only together with a migration."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Double,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

PROJECT_NAME_MAX = 120
"""Longest project name, in characters."""

PROJECT_NAME_KEY_MAX = 3 * PROJECT_NAME_MAX
"""``str.casefold`` can turn one character into three (``ΐ``), hence the wider key column."""

LAMBERT72_SRID = 31370
"""EPSG code of Belgian Lambert 72, the only CRS candidate perimeters are stored in."""

SHORT_TEXT_MAX = 120
"""Longest criterion key or candidate source reference (names follow ``PROJECT_NAME_MAX``)."""

LABEL_MAX = 200
"""Longest label of a custom qualitative criterion."""

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


class ProjectRow(Base):
    """A renovation project: the container of everything else a user creates."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(PROJECT_NAME_MAX), unique=True)
    # Normalised name (see projects.name_key); its unique constraint is what
    # makes duplicate names impossible, even for concurrent writers.
    name_key: Mapped[str] = mapped_column(String(PROJECT_NAME_KEY_MAX), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, server_default=func.current_timestamp()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, server_default=func.current_timestamp()
    )


# --- Neighbourhood selection (migration 0002) -------------------------------------------
# Closed sets (file roles, origins, methods, ...) are also CHECK constraints, so
# the database refuses what the code would. Migration 0002 spells the same lists
# out literally: revisions never import wijk_core (see migrations/README.md).


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


FILE_ROLES = ("sectors", "indicators", "catalogue", "neighbourhoods", "link_table")
CANDIDATE_ORIGINS = ("drawn", "sectors", "neighbourhood", "upload")
CRITERIA_METHODS = ("weighted_sum", "topsis")
CRITERION_KINDS = ("indicator", "qualitative")
CRITERION_DIRECTIONS = ("benefit", "cost")
SCORE_MIN, SCORE_MAX = 1, 5


class ProjectFileRow(Base):
    """A data file the officer uploaded, kept byte for byte so it can be read again."""

    __tablename__ = "project_files"
    __table_args__ = (
        # One copy of the same bytes per role: uploading it again returns the stored row.
        UniqueConstraint("project_id", "role", "sha256"),
        CheckConstraint(_one_of("role", FILE_ROLES), name="role"),
        CheckConstraint("size >= 0", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(FILENAME_MAX))
    # Deferred: listing files never loads megabytes of content.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    uploaded_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, server_default=func.current_timestamp()
    )


class CandidateRow(Base):
    """A candidate neighbourhood: a named perimeter in Lambert 72."""

    __tablename__ = "candidates"
    __table_args__ = (
        UniqueConstraint("project_id", "name_key"),
        CheckConstraint(_one_of("origin", CANDIDATE_ORIGINS), name="origin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(PROJECT_NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(PROJECT_NAME_KEY_MAX))
    origin: Mapped[str] = mapped_column(String(20))
    # Well-known binary; no PostGIS needed, and SQLite stores it as a BLOB.
    geometry: Mapped[bytes] = mapped_column(LargeBinary)
    srid: Mapped[int] = mapped_column(Integer, default=LAMBERT72_SRID, server_default=str(LAMBERT72_SRID))
    sector_codes: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    source_ref: Mapped[str | None] = mapped_column(String(SHORT_TEXT_MAX), nullable=True)
    colour: Mapped[str | None] = mapped_column(String(9), nullable=True)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, server_default=func.current_timestamp()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, server_default=func.current_timestamp()
    )


class CriteriaSetRow(Base):
    """A named assessment framework: which criteria, their direction and weight."""

    __tablename__ = "criteria_sets"
    __table_args__ = (
        UniqueConstraint("project_id", "name_key"),
        CheckConstraint(_one_of("method", CRITERIA_METHODS), name="method"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(PROJECT_NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(PROJECT_NAME_KEY_MAX))
    method: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, server_default=func.current_timestamp()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, server_default=func.current_timestamp()
    )


class CriterionRow(Base):
    """One criterion of a set; the whole list is replaced when the set is saved."""

    __tablename__ = "criteria"
    __table_args__ = (
        UniqueConstraint("set_id", "key"),
        UniqueConstraint("set_id", "position"),
        CheckConstraint(_one_of("kind", CRITERION_KINDS), name="kind"),
        CheckConstraint(_one_of("direction", CRITERION_DIRECTIONS), name="direction"),
        CheckConstraint("weight >= 0", name="weight"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("criteria_sets.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX))
    kind: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(20))
    weight: Mapped[float] = mapped_column(Double)
    label: Mapped[str | None] = mapped_column(String(LABEL_MAX), nullable=True)


class CriterionScoreRow(Base):
    """The team's 1-5 score of one candidate on one qualitative criterion, with pro and con.

    Keyed by criterion ``key``, not by criterion row, so scores survive re-saving
    the set (which replaces its criterion rows) and switching a criterion off and on.
    """

    __tablename__ = "criterion_scores"
    __table_args__ = (
        UniqueConstraint("set_id", "key", "candidate_id"),
        CheckConstraint(f"score BETWEEN {SCORE_MIN} AND {SCORE_MAX}", name="score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("criteria_sets.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX))
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(Integer)
    pro: Mapped[str] = mapped_column(Text, default="", server_default="")
    con: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, server_default=func.current_timestamp()
    )


# Tables of the other areas live in their own modules; importing them here puts them
# in Base.metadata wherever the models are used.
from wijk_core.store import models_costs, models_ideas, models_stakeholders  # noqa: E402,F401
