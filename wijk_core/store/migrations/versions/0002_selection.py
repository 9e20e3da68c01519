"""Create the neighbourhood-selection tables: uploaded files, candidates, criteria sets, scores.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
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
        "project_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        _timestamp("uploaded_at"),
        sa.CheckConstraint(
            "role IN ('sectors', 'indicators', 'catalogue', 'neighbourhoods', 'link_table')",
            name=op.f("ck_project_files_role"),
        ),
        sa.CheckConstraint("size >= 0", name=op.f("ck_project_files_size")),
        _project_fk("project_files"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_files")),
        sa.UniqueConstraint(
            "project_id", "role", "sha256", name=op.f("uq_project_files_project_id_role_sha256")
        ),
    )
    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        # casefolded name, as for projects: up to 3 chars per char
        sa.Column("name_key", sa.String(length=360), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        # well-known binary in EPSG:31370 (Belgian Lambert 72)
        sa.Column("geometry", sa.LargeBinary(), nullable=False),
        sa.Column("srid", sa.Integer(), server_default="31370", nullable=False),
        sa.Column("sector_codes", sa.JSON(), nullable=True),
        sa.Column("source_ref", sa.String(length=120), nullable=True),
        sa.Column("colour", sa.String(length=9), nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint(
            "origin IN ('drawn', 'sectors', 'neighbourhood', 'upload')", name=op.f("ck_candidates_origin")
        ),
        _project_fk("candidates"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
        sa.UniqueConstraint("project_id", "name_key", name=op.f("uq_candidates_project_id_name_key")),
    )
    op.create_table(
        "criteria_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.String(length=360), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint("method IN ('weighted_sum', 'topsis')", name=op.f("ck_criteria_sets_method")),
        _project_fk("criteria_sets"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criteria_sets")),
        sa.UniqueConstraint("project_id", "name_key", name=op.f("uq_criteria_sets_project_id_name_key")),
    )
    op.create_table(
        "criteria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("direction", sa.String(length=20), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.CheckConstraint("kind IN ('indicator', 'qualitative')", name=op.f("ck_criteria_kind")),
        sa.CheckConstraint("direction IN ('benefit', 'cost')", name=op.f("ck_criteria_direction")),
        sa.CheckConstraint("weight >= 0", name=op.f("ck_criteria_weight")),
        sa.ForeignKeyConstraint(
            ["set_id"], ["criteria_sets.id"], name=op.f("fk_criteria_set_id_criteria_sets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criteria")),
        sa.UniqueConstraint("set_id", "key", name=op.f("uq_criteria_set_id_key")),
        sa.UniqueConstraint("set_id", "position", name=op.f("uq_criteria_set_id_position")),
    )
    op.create_table(
        "criterion_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        # criterion key, not a criteria row: scores survive re-saving the set
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("pro", sa.Text(), server_default="", nullable=False),
        sa.Column("con", sa.Text(), server_default="", nullable=False),
        _timestamp("updated_at"),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_criterion_scores_score")),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["criteria_sets.id"],
            name=op.f("fk_criterion_scores_set_id_criteria_sets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_criterion_scores_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criterion_scores")),
        sa.UniqueConstraint(
            "set_id", "key", "candidate_id", name=op.f("uq_criterion_scores_set_id_key_candidate_id")
        ),
    )
    # Deleting a candidate cascades to its scores; without an index that is a full scan.
    op.create_index(
        op.f("ix_criterion_scores_candidate_id"), "criterion_scores", ["candidate_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_criterion_scores_candidate_id"), table_name="criterion_scores")
    op.drop_table("criterion_scores")
    op.drop_table("criteria")
    op.drop_table("criteria_sets")
    op.drop_table("candidates")
    op.drop_table("project_files")
