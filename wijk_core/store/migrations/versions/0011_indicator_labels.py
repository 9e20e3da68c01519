"""Create indicator_labels: how a project names, measures and reads its indicators.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None


def upgrade() -> None:
    op.create_table(
        "indicator_labels",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=200), nullable=False),
        sa.Column("label_nl", sa.String(length=200), nullable=False),
        sa.Column("label_fr", sa.String(length=200), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), server_default="", nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("denominator", sa.String(length=200), server_default="", nullable=False),
        sa.Column("direction", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(),
                  nullable=False),
        sa.CheckConstraint("kind IN ('extensive', 'intensive')", name=op.f("ck_indicator_labels_kind")),
        sa.CheckConstraint("direction IN ('need_if_higher', 'need_if_lower', 'neutral')",
                           name=op.f("ck_indicator_labels_direction")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_indicator_labels_project_id_projects"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("project_id", "indicator", name=op.f("pk_indicator_labels")),
    )


def downgrade() -> None:
    op.drop_table("indicator_labels")
