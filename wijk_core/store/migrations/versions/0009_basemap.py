"""Project files may hold a tile archive (role ``basemap``): the project's offline base map.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None

_BEFORE = ("sectors", "indicators", "catalogue", "neighbourhoods", "link_table")
_AFTER = (*_BEFORE, "basemap")


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
    op.execute("DELETE FROM project_files WHERE role = 'basemap'")
    _replace_check(_BEFORE)
