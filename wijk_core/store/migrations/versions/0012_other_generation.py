"""Project files may hold a second sector geometry of the other code generation (role ``sectors_other``).

A table on sector codes from before the 2025 reform is converted onto a project on the
2025 codes (or the reverse) by area, with the geometry of both generations.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None

_BEFORE = ("sectors", "indicators", "catalogue", "neighbourhoods", "link_table", "basemap")
_AFTER = (*_BEFORE, "sectors_other")


def _roles(values: tuple[str, ...]) -> str:
    return "role IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _replace_check(values: tuple[str, ...]) -> None:
    # batch mode: SQLite cannot alter a constraint in place and rebuilds the table
    with op.batch_alter_table("project_files") as batch:
        batch.drop_constraint(op.f("ck_project_files_role"), type_="check")
        batch.create_check_constraint("role", _roles(values))


def upgrade() -> None:
    _replace_check(_AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM project_files WHERE role = 'sectors_other'")
    _replace_check(_BEFORE)
