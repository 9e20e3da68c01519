"""Create the stakeholders tables (see wijk_core/store/models_stakeholders.py).

The facilitator's inventory (one row per stakeholder with group, level, scales,
position, governance role and a participation-ladder step per phase, optional
location, who suggested them), the relations between stakeholders with a trust
level, and interview notes per stakeholder and question.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None

_LADDER = "('information', 'consultation', 'concertation', 'negotiation', 'coproduction', 'comanagement')"
_PHASES = ("diagnosis", "design", "decision", "implementation", "evaluation")


def _timestamp(name: str) -> sa.Column:
    return sa.Column(
        name, sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False
    )


def _scale(column: str, low: int, high: int) -> str:
    return f"{column} IS NULL OR {column} BETWEEN {low} AND {high}"


def upgrade() -> None:
    op.create_table(
        "stakeholders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        # casefolded name, as for projects: up to 3 chars per char
        sa.Column("name_key", sa.String(length=360), nullable=False),
        sa.Column("organisation", sa.String(length=200), server_default="", nullable=False),
        # "group" is an SQL keyword
        sa.Column("actor_group", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=True),
        sa.Column("interest", sa.Integer(), nullable=True),
        sa.Column("influence", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("expertise", sa.Text(), server_default="", nullable=False),
        sa.Column("knows_project", sa.Boolean(), nullable=True),
        sa.Column("governance", sa.String(length=30), nullable=True),
        *(sa.Column(f"ladder_{phase}", sa.String(length=20), nullable=True) for phase in _PHASES),
        sa.Column("contact", sa.String(length=200), server_default="", nullable=False),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("suggested_by_id", sa.Integer(), nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint(
            "actor_group IN ('residents', 'social', 'institutional', 'expert', 'economic', 'capital')",
            name=op.f("ck_stakeholders_actor_group"),
        ),
        sa.CheckConstraint("level IS NULL OR level IN ('micro', 'meso', 'macro')",
                           name=op.f("ck_stakeholders_level")),
        sa.CheckConstraint(_scale("interest", 1, 5), name=op.f("ck_stakeholders_interest")),
        sa.CheckConstraint(_scale("influence", 1, 5), name=op.f("ck_stakeholders_influence")),
        sa.CheckConstraint(_scale("position", -2, 2), name=op.f("ck_stakeholders_position")),
        sa.CheckConstraint(
            "governance IS NULL OR governance IN ('steering_committee', 'project_team', 'technical_committee', "
            "'working_group', 'partner', 'citizen_group', 'monitoring', 'none')",
            name=op.f("ck_stakeholders_governance"),
        ),
        *(sa.CheckConstraint(f"ladder_{phase} IS NULL OR ladder_{phase} IN {_LADDER}",
                             name=op.f(f"ck_stakeholders_ladder_{phase}")) for phase in _PHASES),
        sa.CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name=op.f("ck_stakeholders_location_pair")),
        sa.CheckConstraint("latitude IS NULL OR latitude BETWEEN -90 AND 90", name=op.f("ck_stakeholders_latitude")),
        sa.CheckConstraint("longitude IS NULL OR longitude BETWEEN -180 AND 180",
                           name=op.f("ck_stakeholders_longitude")),
        sa.CheckConstraint("suggested_by_id IS NULL OR suggested_by_id <> id",
                           name=op.f("ck_stakeholders_not_self_suggested")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_stakeholders_project_id_projects"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["suggested_by_id"], ["stakeholders.id"],
                                name=op.f("fk_stakeholders_suggested_by_id_stakeholders"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholders")),
        sa.UniqueConstraint("project_id", "name_key", name=op.f("uq_stakeholders_project_id_name_key")),
    )
    # deleting a stakeholder sets the suggestions it made to NULL: without an index, a full scan
    op.create_index(op.f("ix_stakeholders_suggested_by_id"), "stakeholders", ["suggested_by_id"], unique=False)
    op.create_table(
        "stakeholder_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        # undirected: the smaller stakeholder id first
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.Column("trust", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        _timestamp("updated_at"),
        sa.CheckConstraint("a_id < b_id", name=op.f("ck_stakeholder_relations_ordered_pair")),
        sa.CheckConstraint(_scale("trust", 1, 5), name=op.f("ck_stakeholder_relations_trust")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"],
                                name=op.f("fk_stakeholder_relations_project_id_projects"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["a_id"], ["stakeholders.id"],
                                name=op.f("fk_stakeholder_relations_a_id_stakeholders"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["b_id"], ["stakeholders.id"],
                                name=op.f("fk_stakeholder_relations_b_id_stakeholders"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholder_relations")),
        sa.UniqueConstraint("a_id", "b_id", name=op.f("uq_stakeholder_relations_a_id_b_id")),
    )
    op.create_index(op.f("ix_stakeholder_relations_project_id"), "stakeholder_relations", ["project_id"],
                    unique=False)
    op.create_index(op.f("ix_stakeholder_relations_b_id"), "stakeholder_relations", ["b_id"], unique=False)
    op.create_table(
        "interview_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        # key of a question in wijk_core/data/stakeholders/interview_questions.csv
        sa.Column("question", sa.String(length=60), nullable=False),
        sa.Column("answer", sa.Text(), server_default="", nullable=False),
        _timestamp("updated_at"),
        sa.ForeignKeyConstraint(["stakeholder_id"], ["stakeholders.id"],
                                name=op.f("fk_interview_notes_stakeholder_id_stakeholders"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_notes")),
        sa.UniqueConstraint("stakeholder_id", "question", name=op.f("uq_interview_notes_stakeholder_id_question")),
    )


def downgrade() -> None:
    op.drop_table("interview_notes")
    op.drop_index(op.f("ix_stakeholder_relations_b_id"), table_name="stakeholder_relations")
    op.drop_index(op.f("ix_stakeholder_relations_project_id"), table_name="stakeholder_relations")
    op.drop_table("stakeholder_relations")
    op.drop_index(op.f("ix_stakeholders_suggested_by_id"), table_name="stakeholders")
    op.drop_table("stakeholders")
