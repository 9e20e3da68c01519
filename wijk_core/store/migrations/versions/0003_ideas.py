"""Create the ideas tables (see wijk_core/store/models_ideas.py).

Ideas pinned by residents, their comments, support votes (one per participant and
idea, -2..+2), reports, project-defined categories, moderation settings and the
moderation audit log. Nothing in these tables is ever deleted by the app.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None


def _timestamp(name: str) -> sa.Column:
    return sa.Column(
        name, sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False
    )


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred, _, key = target.partition(".")
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete="CASCADE"
    )


def _participant() -> sa.Column:
    # hex SHA-256 of the browser session's random token, never the token itself
    return sa.Column("participant", sa.String(length=64), nullable=False)


def upgrade() -> None:
    op.create_table(
        "idea_settings",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("report_threshold", sa.Integer(), nullable=False),
        _timestamp("updated_at"),
        sa.CheckConstraint("report_threshold BETWEEN 1 AND 100", name=op.f("ck_idea_settings_report_threshold")),
        _fk("idea_settings", "project_id", "projects.id"),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_idea_settings")),
    )
    op.create_table(
        "idea_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        _timestamp("created_at"),
        sa.CheckConstraint("length(colour) = 7", name=op.f("ck_idea_categories_colour")),
        _fk("idea_categories", "project_id", "projects.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idea_categories")),
        sa.UniqueConstraint("project_id", "key", name=op.f("uq_idea_categories_project_id_key")),
    )
    op.create_table(
        "ideas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.Column("pseudonym", sa.String(length=40), nullable=True),
        _participant(),
        sa.Column("lon", sa.Double(), nullable=False),
        sa.Column("lat", sa.Double(), nullable=False),
        # the same point in EPSG:31370 (Belgian Lambert 72), for point-in-polygon counts
        sa.Column("x", sa.Double(), nullable=False),
        sa.Column("y", sa.Double(), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="visible", nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("reviewed_reports", sa.Integer(), server_default="0", nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint(
            "(status = 'merged' AND merged_into IS NOT NULL) OR (status <> 'merged' AND merged_into IS NULL)",
            name=op.f("ck_ideas_merged_into"),
        ),
        sa.CheckConstraint("status IN ('visible', 'pending', 'hidden', 'merged')", name=op.f("ck_ideas_status")),
        sa.CheckConstraint("length(title) > 0", name=op.f("ck_ideas_title")),
        sa.CheckConstraint("lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90", name=op.f("ck_ideas_lon_lat")),
        sa.CheckConstraint("reviewed_reports >= 0", name=op.f("ck_ideas_reviewed_reports")),
        _fk("ideas", "merged_into", "ideas.id"),
        _fk("ideas", "project_id", "projects.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ideas")),
    )
    op.create_index(op.f("ix_ideas_merged_into"), "ideas", ["merged_into"], unique=False)
    op.create_index(op.f("ix_ideas_participant_created_at"), "ideas", ["participant", "created_at"], unique=False)
    op.create_index(op.f("ix_ideas_project_id_status"), "ideas", ["project_id", "status"], unique=False)
    op.create_table(
        "idea_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        _participant(),
        sa.Column("pseudonym", sa.String(length=40), nullable=True),
        sa.Column("stance", sa.String(length=10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="visible", nullable=False),
        _timestamp("created_at"),
        sa.CheckConstraint("stance IN ('for', 'against', 'neutral')", name=op.f("ck_idea_comments_stance")),
        sa.CheckConstraint("status IN ('visible', 'hidden')", name=op.f("ck_idea_comments_status")),
        sa.CheckConstraint("length(body) > 0", name=op.f("ck_idea_comments_body")),
        _fk("idea_comments", "idea_id", "ideas.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idea_comments")),
    )
    op.create_index(op.f("ix_idea_comments_idea_id"), "idea_comments", ["idea_id"], unique=False)
    op.create_index(
        op.f("ix_idea_comments_participant_created_at"), "idea_comments", ["participant", "created_at"], unique=False
    )
    op.create_table(
        "idea_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        _participant(),
        sa.Column("value", sa.Integer(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint("value BETWEEN -2 AND 2", name=op.f("ck_idea_votes_value")),
        _fk("idea_votes", "idea_id", "ideas.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idea_votes")),
        # one vote per participant per idea; changing it updates this row
        sa.UniqueConstraint("idea_id", "participant", name=op.f("uq_idea_votes_idea_id_participant")),
    )
    op.create_table(
        "idea_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        _participant(),
        sa.Column("reason", sa.String(length=300), nullable=True),
        _timestamp("created_at"),
        _fk("idea_reports", "idea_id", "ideas.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idea_reports")),
        sa.UniqueConstraint("idea_id", "participant", name=op.f("uq_idea_reports_idea_id_participant")),
    )
    op.create_index(
        op.f("ix_idea_reports_participant_created_at"), "idea_reports", ["participant", "created_at"], unique=False
    )
    op.create_table(
        "idea_moderation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=20), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("previous_status", sa.String(length=10), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        _timestamp("created_at"),
        sa.CheckConstraint(
            "action IN ('approve', 'hide', 'merge', 'auto_hide', 'hide_comment', 'show_comment', "
            "'settings', 'category')",
            name=op.f("ck_idea_moderation_action"),
        ),
        sa.CheckConstraint("actor IN ('facilitator', 'system')", name=op.f("ck_idea_moderation_actor")),
        _fk("idea_moderation", "comment_id", "idea_comments.id"),
        _fk("idea_moderation", "idea_id", "ideas.id"),
        _fk("idea_moderation", "project_id", "projects.id"),
        _fk("idea_moderation", "target_id", "ideas.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idea_moderation")),
    )
    op.create_index(
        op.f("ix_idea_moderation_project_id_created_at"), "idea_moderation", ["project_id", "created_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_idea_moderation_project_id_created_at"), table_name="idea_moderation")
    op.drop_table("idea_moderation")
    op.drop_index(op.f("ix_idea_reports_participant_created_at"), table_name="idea_reports")
    op.drop_table("idea_reports")
    op.drop_table("idea_votes")
    op.drop_index(op.f("ix_idea_comments_participant_created_at"), table_name="idea_comments")
    op.drop_index(op.f("ix_idea_comments_idea_id"), table_name="idea_comments")
    op.drop_table("idea_comments")
    op.drop_index(op.f("ix_ideas_project_id_status"), table_name="ideas")
    op.drop_index(op.f("ix_ideas_participant_created_at"), table_name="ideas")
    op.drop_index(op.f("ix_ideas_merged_into"), table_name="ideas")
    op.drop_table("ideas")
    op.drop_table("idea_categories")
    op.drop_table("idea_settings")
