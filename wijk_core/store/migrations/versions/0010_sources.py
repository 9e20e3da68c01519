"""Data sources that add up: a data file can be set aside (``active``) and the previous set restored.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None


def upgrade() -> None:
    op.add_column("project_files",
                  sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False))
    op.create_table(
        "data_changes",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("previous", sa.JSON(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(),
                  nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_data_changes_project_id_projects"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_data_changes")),
    )


def downgrade() -> None:
    op.drop_table("data_changes")
    op.execute("DELETE FROM project_files WHERE NOT active")
    with op.batch_alter_table("project_files") as batch:
        batch.drop_column("active")
