"""Create the phase-1 tables (see wijk_core/phase/tables.py): team, agreements, readiness, choices, impact.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None


def _timestamp(name: str) -> sa.Column:
    return sa.Column(
        name, sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False
    )


def _project_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["project_id"], ["projects.id"], name=op.f(f"fk_{table}_project_id_projects"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "phase_team_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), server_default="", nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("expertise", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "role IN ('initiator', 'coordinator', 'technical', 'social', 'communication', 'partner', 'other')",
            name=op.f("ck_phase_team_members_role")),
        _project_fk("phase_team_members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phase_team_members")),
        sa.UniqueConstraint("project_id", "position", name=op.f("uq_phase_team_members_project_id_position")),
    )
    op.create_table(
        "phase_agreements",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("agreed", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        _timestamp("updated_at"),
        _project_fk("phase_agreements"),
        sa.PrimaryKeyConstraint("project_id", "key", name=op.f("pk_phase_agreements")),
    )
    op.create_table(
        "phase_readiness",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("answer", sa.Text(), server_default="", nullable=False),
        sa.Column("owner", sa.String(length=200), server_default="", nullable=False),
        sa.Column("status", sa.String(length=20), server_default="open", nullable=False),
        sa.Column("evidence", sa.String(length=1000), server_default="", nullable=False),
        _timestamp("updated_at"),
        sa.CheckConstraint("status IN ('open', 'in_progress', 'done')", name=op.f("ck_phase_readiness_status")),
        _project_fk("phase_readiness"),
        sa.PrimaryKeyConstraint("project_id", "key", name=op.f("pk_phase_readiness")),
    )
    op.create_table(
        "phase_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("chosen", sa.String(length=120), nullable=False),
        sa.Column("alternatives", sa.JSON(), nullable=False),
        sa.Column("motivation", sa.Text(), server_default="", nullable=False),
        sa.Column("agreed_by", sa.String(length=200), server_default="", nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        # the framework, data and scores as they stood when the choice was recorded
        sa.Column("snapshot", sa.JSON(), nullable=False),
        _timestamp("recorded_at"),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidates.id"],
                                name=op.f("fk_phase_decisions_candidate_id_candidates"), ondelete="SET NULL"),
        _project_fk("phase_decisions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phase_decisions")),
    )
    op.create_table(
        "phase_impact",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("assumptions", sa.JSON(), nullable=False),
        _timestamp("updated_at"),
        _project_fk("phase_impact"),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_phase_impact")),
    )


def downgrade() -> None:
    for table in ("phase_impact", "phase_decisions", "phase_readiness", "phase_agreements", "phase_team_members"):
        op.drop_table(table)
