"""Tables of neighbourhood selection: candidates, criteria sets, criteria, team scores.

Created by migration 0002; change them only together with a migration. Closed
sets (origins, methods, ...) are also CHECK constraints, so the database refuses
what the code would. Migration 0002 spells the same lists out literally:
revisions never import wijk_core (see ``wijk_core/store/migrations/README.md``).
"""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, Double, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wijk_core.store.base import (LABEL_MAX, LAMBERT72_SRID, SHORT_TEXT_MAX, Base, IdKey, NamedInProject,
                                  ProjectOwned, Timestamps, UpdatedAt, one_of)

CANDIDATE_ORIGINS = ("drawn", "sectors", "neighbourhood", "upload")
CRITERIA_METHODS = ("weighted_sum", "topsis")
CRITERION_KINDS = ("indicator", "qualitative")
CRITERION_DIRECTIONS = ("benefit", "cost")
SCORE_MIN, SCORE_MAX = 1, 5


class CandidateRow(IdKey, ProjectOwned, NamedInProject, Timestamps, Base):
    """A candidate neighbourhood: a named perimeter in Lambert 72."""

    __tablename__ = "candidates"
    __table_args__ = (
        UniqueConstraint("project_id", "name_key"),
        CheckConstraint(one_of("origin", CANDIDATE_ORIGINS), name="origin"),
    )

    origin: Mapped[str] = mapped_column(String(20))
    # Well-known binary; no PostGIS needed, and SQLite stores it as a BLOB.
    geometry: Mapped[bytes] = mapped_column(LargeBinary)
    srid: Mapped[int] = mapped_column(Integer, default=LAMBERT72_SRID, server_default=str(LAMBERT72_SRID))
    sector_codes: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    source_ref: Mapped[str | None] = mapped_column(String(SHORT_TEXT_MAX), nullable=True)
    colour: Mapped[str | None] = mapped_column(String(9), nullable=True)


class CriteriaSetRow(IdKey, ProjectOwned, NamedInProject, Timestamps, Base):
    """A named assessment framework: which criteria, their direction and weight."""

    __tablename__ = "criteria_sets"
    __table_args__ = (
        UniqueConstraint("project_id", "name_key"),
        CheckConstraint(one_of("method", CRITERIA_METHODS), name="method"),
    )

    method: Mapped[str] = mapped_column(String(20))


class CriterionRow(IdKey, Base):
    """One criterion of a set; the whole list is replaced when the set is saved."""

    __tablename__ = "criteria"
    __table_args__ = (
        UniqueConstraint("set_id", "key"),
        UniqueConstraint("set_id", "position"),
        CheckConstraint(one_of("kind", CRITERION_KINDS), name="kind"),
        CheckConstraint(one_of("direction", CRITERION_DIRECTIONS), name="direction"),
        CheckConstraint("weight >= 0", name="weight"),
    )

    set_id: Mapped[int] = mapped_column(ForeignKey("criteria_sets.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX))
    kind: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(20))
    weight: Mapped[float] = mapped_column(Double)
    label: Mapped[str | None] = mapped_column(String(LABEL_MAX), nullable=True)


class CriterionScoreRow(IdKey, UpdatedAt, Base):
    """The team's 1-5 score of one candidate on one qualitative criterion, with pro and con.

    Keyed by criterion ``key``, not by criterion row, so scores survive re-saving
    the set (which replaces its criterion rows) and switching a criterion off and on.
    """

    __tablename__ = "criterion_scores"
    __table_args__ = (
        UniqueConstraint("set_id", "key", "candidate_id"),
        CheckConstraint(f"score BETWEEN {SCORE_MIN} AND {SCORE_MAX}", name="score"),
    )

    set_id: Mapped[int] = mapped_column(ForeignKey("criteria_sets.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    pro: Mapped[str] = mapped_column(Text, default="", server_default="")
    con: Mapped[str] = mapped_column(Text, default="", server_default="")
