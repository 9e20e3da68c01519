"""Tables of the stakeholders area. Change them only together with their migration.

Imported by :mod:`wijk_core.schema`, so every table is part of ``Base.metadata``
(what the migrations are checked against).

The closed sets are spelt out here and again, literally, in migration 0004
(revisions never import wijk_core); ``tests/stakeholders/test_store.py`` checks
they equal the Enums of :mod:`wijk_core.stakeholders.model`.
"""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Double, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wijk_core.store.base import (PROJECT_NAME_KEY_MAX, Base, IdKey, ProjectOwned, Timestamps, UpdatedAt,
                                  one_of)

STAKEHOLDER_GROUPS = ("residents", "social", "institutional", "expert", "economic", "capital")
STAKEHOLDER_LEVELS = ("micro", "meso", "macro")
GOVERNANCE_ROLES = ("steering_committee", "project_team", "technical_committee", "working_group", "partner",
                    "citizen_group", "monitoring", "none")
LADDER_STEPS = ("information", "consultation", "concertation", "negotiation", "coproduction", "comanagement")
PHASES = ("diagnosis", "design", "decision", "implementation", "evaluation")

STAKEHOLDER_NAME_MAX = 120
ORGANISATION_MAX = 200
CONTACT_MAX = 200
QUESTION_KEY_MAX = 60


def _scale(column: str, low: int, high: int) -> str:
    return f"{column} IS NULL OR {column} BETWEEN {low} AND {high}"


class StakeholderRow(IdKey, ProjectOwned, Timestamps, Base):
    """One stakeholder of a project's inventory."""

    __tablename__ = "stakeholders"
    __table_args__ = (
        UniqueConstraint("project_id", "name_key"),
        CheckConstraint(one_of("actor_group", STAKEHOLDER_GROUPS), name="actor_group"),
        CheckConstraint(f"level IS NULL OR {one_of('level', STAKEHOLDER_LEVELS)}", name="level"),
        CheckConstraint(_scale("interest", 1, 5), name="interest"),
        CheckConstraint(_scale("influence", 1, 5), name="influence"),
        CheckConstraint(_scale("position", -2, 2), name="position"),
        CheckConstraint(f"governance IS NULL OR {one_of('governance', GOVERNANCE_ROLES)}", name="governance"),
        *(CheckConstraint(f"ladder_{phase} IS NULL OR {one_of(f'ladder_{phase}', LADDER_STEPS)}",
                          name=f"ladder_{phase}") for phase in PHASES),
        CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="location_pair"),
        CheckConstraint("latitude IS NULL OR latitude BETWEEN -90 AND 90", name="latitude"),
        CheckConstraint("longitude IS NULL OR longitude BETWEEN -180 AND 180", name="longitude"),
        CheckConstraint("suggested_by_id IS NULL OR suggested_by_id <> id", name="not_self_suggested"),
    )

    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    name: Mapped[str] = mapped_column(String(STAKEHOLDER_NAME_MAX))
    # casefolded name (see projects.name_key): unique per project, also for concurrent writers
    name_key: Mapped[str] = mapped_column(String(PROJECT_NAME_KEY_MAX))
    organisation: Mapped[str] = mapped_column(String(ORGANISATION_MAX), default="", server_default="")
    # "group" is an SQL keyword: the column is called actor_group
    group: Mapped[str] = mapped_column("actor_group", String(20))
    level: Mapped[str | None] = mapped_column(String(10), nullable=True)
    interest: Mapped[int | None] = mapped_column(Integer, nullable=True)
    influence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    position: Mapped[int | None] = mapped_column(Integer, nullable=True)
    expertise: Mapped[str] = mapped_column(Text, default="", server_default="")
    knows_project: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    governance: Mapped[str | None] = mapped_column(String(30), nullable=True)
    ladder_diagnosis: Mapped[str | None] = mapped_column(String(20), nullable=True)
    ladder_design: Mapped[str | None] = mapped_column(String(20), nullable=True)
    ladder_decision: Mapped[str | None] = mapped_column(String(20), nullable=True)
    ladder_implementation: Mapped[str | None] = mapped_column(String(20), nullable=True)
    ladder_evaluation: Mapped[str | None] = mapped_column(String(20), nullable=True)
    contact: Mapped[str] = mapped_column(String(CONTACT_MAX), default="", server_default="")
    latitude: Mapped[float | None] = mapped_column(Double, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Double, nullable=True)
    # snowball interviewing: who suggested this stakeholder (kept when that one is deleted: set to NULL)
    suggested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholders.id", ondelete="SET NULL"), nullable=True, index=True)


class StakeholderRelationRow(IdKey, UpdatedAt, Base):
    """A tie between two stakeholders of one project, with a trust level; undirected (a < b)."""

    __tablename__ = "stakeholder_relations"
    __table_args__ = (
        UniqueConstraint("a_id", "b_id"),
        CheckConstraint("a_id < b_id", name="ordered_pair"),
        CheckConstraint(_scale("trust", 1, 5), name="trust"),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"))
    b_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True)
    trust: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")


class InterviewNoteRow(IdKey, UpdatedAt, Base):
    """The answer a stakeholder gave to one interview question (keyed by the question's key)."""

    __tablename__ = "interview_notes"
    __table_args__ = (UniqueConstraint("stakeholder_id", "question"),)

    stakeholder_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(QUESTION_KEY_MAX))
    answer: Mapped[str] = mapped_column(Text, default="", server_default="")
