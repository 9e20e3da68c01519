"""Tables of phase 1: the team, its agreements, the readiness answers, the choices, the impact assumptions.

Created by migration 0008; change them only together with a migration. Closed sets
(member roles, statuses, agreement and question keys are open: the catalogue grows)
are CHECK constraints where they are closed, spelled out literally in the migration
(revisions never import wijk_core).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from wijk_core.store.base import (LABEL_MAX, PROJECT_NAME_MAX, SHORT_TEXT_MAX, Base, IdKey, ProjectOwned,
                                  UpdatedAt, one_of, timestamp_column)

MEMBER_ROLES = ("initiator", "coordinator", "technical", "social", "communication", "partner", "other")
"""Closed set of a member's role (``wijk_core.phase.model.MEMBER_ROLES``)."""

READINESS_STATUSES = ("open", "in_progress", "done")
"""Closed set of a readiness answer's status (``wijk_core.phase.model.READINESS_STATUSES``)."""


class TeamMemberRow(IdKey, ProjectOwned, Base):
    """A member of the team; the whole team is replaced when saved."""

    __tablename__ = "phase_team_members"
    __table_args__ = (
        UniqueConstraint("project_id", "position"),
        CheckConstraint(one_of("role", MEMBER_ROLES), name="role"),
    )

    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(LABEL_MAX))
    organisation: Mapped[str] = mapped_column(String(LABEL_MAX), default="", server_default="")
    role: Mapped[str] = mapped_column(String(20))
    # a subset of ("technical", "social", "communicative"), in that order
    expertise: Mapped[list[str]] = mapped_column(JSON)


class AgreementRow(ProjectOwned, UpdatedAt, Base):
    """One of the team's agreements: agreed or not, and what."""

    __tablename__ = "phase_agreements"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX), primary_key=True)
    agreed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")


class ReadinessRow(UpdatedAt, Base):
    """The team's answer to one checklist question for the whole project."""

    __tablename__ = "phase_readiness"
    __table_args__ = (CheckConstraint(one_of("status", READINESS_STATUSES), name="status"),)

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX), primary_key=True)
    answer: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner: Mapped[str] = mapped_column(String(LABEL_MAX), default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default="open", server_default="open")
    evidence: Mapped[str] = mapped_column(String(LABEL_MAX * 5), default="", server_default="")


class DecisionRow(IdKey, ProjectOwned, Base):
    """A recorded choice of neighbourhood with the frozen snapshot of its justification."""

    __tablename__ = "phase_decisions"

    # the candidate may be deleted later: the name and the snapshot keep the choice readable
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id", ondelete="SET NULL"),
                                                     nullable=True)
    chosen: Mapped[str] = mapped_column(String(PROJECT_NAME_MAX))
    alternatives: Mapped[list[str]] = mapped_column(JSON)
    motivation: Mapped[str] = mapped_column(Text, default="", server_default="")
    agreed_by: Mapped[str] = mapped_column(String(LABEL_MAX), default="", server_default="")
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    recorded_at: Mapped[datetime] = timestamp_column()


class ImpactSettingsRow(UpdatedAt, Base):
    """The project's impact assumptions (value and source of each), as one JSON object."""

    __tablename__ = "phase_impact"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    assumptions: Mapped[dict[str, Any]] = mapped_column(JSON)
