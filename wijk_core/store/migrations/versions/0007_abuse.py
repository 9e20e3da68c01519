"""Tell residents apart beyond their browser (see wijk_core/ideas/abuse.py): client keys, flags, identification.

Adds the rotating client key (``client``, a salted hash, never the address) to
ideas, comments, votes and reports; the day salts (``idea_client_salts``); the
facilitator's flags of bursts (``idea_client_flags``); and to ``idea_settings``
how the project tells residents apart (``identification``, ``device_days``,
``workshop_code``). Existing rows keep a NULL client key: they count by their
participant token as before.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None

# table → the time its client key is counted by
_CLIENT_TABLES = {"ideas": "created_at", "idea_comments": "created_at", "idea_votes": "updated_at",
                  "idea_reports": "created_at"}


def upgrade() -> None:
    with op.batch_alter_table("idea_settings") as batch:
        batch.add_column(sa.Column("identification", sa.String(length=10), server_default="session",
                                   nullable=False))
        batch.add_column(sa.Column("device_days", sa.Integer(), server_default="30", nullable=False))
        batch.add_column(sa.Column("workshop_code", sa.String(length=12), nullable=True))
        batch.create_check_constraint(op.f("ck_idea_settings_identification"),
                                      "identification IN ('session', 'device', 'workshop')")
        batch.create_check_constraint(op.f("ck_idea_settings_device_days"), "device_days BETWEEN 1 AND 365")
    for table, at in _CLIENT_TABLES.items():
        op.add_column(table, sa.Column("client", sa.String(length=64), nullable=True))
        op.create_index(op.f(f"ix_{table}_client_{at}"), table, ["client", at], unique=False)
    op.create_table(
        "idea_client_salts",
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(),
                  nullable=False),
        sa.PrimaryKeyConstraint("period", name=op.f("pk_idea_client_salts")),
    )
    op.create_table(
        "idea_client_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("window_minutes", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ideas", sa.String(length=300), server_default="", nullable=False),
        sa.Column("reviewed", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.CheckConstraint("kind IN ('post', 'comment', 'vote', 'report', 'vote_again', 'report_again')",
                           name=op.f("ck_idea_client_flags_kind")),
        sa.CheckConstraint("count >= 1", name=op.f("ck_idea_client_flags_count")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"],
                                name=op.f("fk_idea_client_flags_project_id_projects"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idea_client_flags")),
    )
    op.create_index(op.f("ix_idea_client_flags_project_id_last_at"), "idea_client_flags",
                    ["project_id", "last_at"], unique=False)
    op.create_index(op.f("ix_idea_client_flags_client_kind_last_at"), "idea_client_flags",
                    ["client", "kind", "last_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_idea_client_flags_client_kind_last_at"), table_name="idea_client_flags")
    op.drop_index(op.f("ix_idea_client_flags_project_id_last_at"), table_name="idea_client_flags")
    op.drop_table("idea_client_flags")
    op.drop_table("idea_client_salts")
    for table, at in _CLIENT_TABLES.items():
        op.drop_index(op.f(f"ix_{table}_client_{at}"), table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("client")
    with op.batch_alter_table("idea_settings") as batch:
        batch.drop_constraint(op.f("ck_idea_settings_identification"), type_="check")
        batch.drop_constraint(op.f("ck_idea_settings_device_days"), type_="check")
        batch.drop_column("workshop_code")
        batch.drop_column("device_days")
        batch.drop_column("identification")
