"""Create the access tables (see wijk_core/access/tables.py): accounts, roles, sign-in attempts, audit log.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None


def _timestamp(name: str) -> sa.Column:
    return sa.Column(
        name, sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=120), nullable=False),
        # casefolded username, as for project names: up to 3 chars per char
        sa.Column("username_key", sa.String(length=360), nullable=False),
        sa.Column("display_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        # argon2id PHC string; NULL for an account that signs in through single sign-on only
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("disabled", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("username_key", name=op.f("uq_accounts_username_key")),
    )
    op.create_table(
        "account_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        # NULL: the role holds in every project
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.CheckConstraint("role IN ('resident', 'facilitator', 'officer', 'administrator')",
                           name=op.f("ck_account_roles_role")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_account_roles_account_id_accounts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_account_roles_project_id_projects"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_roles")),
        sa.UniqueConstraint("account_id", "project_id", name=op.f("uq_account_roles_account_id_project_id")),
    )
    # NULLs are distinct in the constraint above: one role for every project, enforced here.
    op.create_index("uq_account_roles_account_id_every_project", "account_roles", ["account_id"], unique=True,
                    sqlite_where=sa.text("project_id IS NULL"), postgresql_where=sa.text("project_id IS NULL"))
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        _timestamp("at"),
        sa.Column("username_key", sa.String(length=360), nullable=True),
        # hex SHA-256 of the salted client address, never the address
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_attempts")),
    )
    op.create_index(op.f("ix_sign_in_attempts_username_key_at"), "sign_in_attempts", ["username_key", "at"])
    op.create_index(op.f("ix_sign_in_attempts_client_key_at"), "sign_in_attempts", ["client_key", "at"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        _timestamp("at"),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=200), server_default="", nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_audit_log_account_id_accounts"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_audit_log_project_id_projects"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_project_id_at"), "audit_log", ["project_id", "at"])
    op.create_table(
        "access_settings",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_access_settings")),
    )


def downgrade() -> None:
    op.drop_table("access_settings")
    op.drop_index(op.f("ix_audit_log_project_id_at"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index(op.f("ix_sign_in_attempts_client_key_at"), table_name="sign_in_attempts")
    op.drop_index(op.f("ix_sign_in_attempts_username_key_at"), table_name="sign_in_attempts")
    op.drop_table("sign_in_attempts")
    op.drop_index("uq_account_roles_account_id_every_project", table_name="account_roles")
    op.drop_table("account_roles")
    op.drop_table("accounts")
