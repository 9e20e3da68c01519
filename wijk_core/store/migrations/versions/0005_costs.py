"""Create the costs tables (see wijk_core/store/models_costs.py).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
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
        "cost_settings",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("period_years", sa.Integer(), nullable=False),
        sa.Column("discount_rate", sa.Double(), nullable=False),
        sa.Column("energy_escalation", sa.Double(), nullable=False),
        sa.Column("carbon_price", sa.Double(), nullable=False),
        sa.Column("carbon_price_growth", sa.Double(), nullable=False),
        _timestamp("updated_at"),
        sa.CheckConstraint("period_years BETWEEN 1 AND 100", name=op.f("ck_cost_settings_period_years")),
        sa.CheckConstraint("discount_rate > -1", name=op.f("ck_cost_settings_discount_rate")),
        sa.CheckConstraint("energy_escalation > -1", name=op.f("ck_cost_settings_energy_escalation")),
        sa.CheckConstraint("carbon_price_growth > -1", name=op.f("ck_cost_settings_carbon_price_growth")),
        _project_fk("cost_settings"),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_cost_settings")),
    )
    op.create_table(
        "cost_scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        # casefolded name, as for projects: up to 3 chars per char
        sa.Column("name_key", sa.String(length=360), nullable=False),
        sa.Column("floor_area_m2", sa.Double(), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        # lists of objects, checked by wijk_core.costs on every save and read
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("externalities", sa.JSON(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint("floor_area_m2 > 0", name=op.f("ck_cost_scenarios_floor_area_m2")),
        _project_fk("cost_scenarios"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cost_scenarios")),
        sa.UniqueConstraint("project_id", "name_key", name=op.f("uq_cost_scenarios_project_id_name_key")),
    )
    op.create_table(
        "budget_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=200), server_default="", nullable=False),
        sa.Column("amount", sa.Double(), nullable=False),
        sa.CheckConstraint(
            "category IN ('subsidy', 'municipal', 'partners', 'other_income', 'staff', 'studies', "
            "'participation', 'communication', 'other_expense')",
            name=op.f("ck_budget_lines_category"),
        ),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_budget_lines_amount")),
        _project_fk("budget_lines"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_lines")),
        sa.UniqueConstraint("project_id", "position", name=op.f("uq_budget_lines_project_id_position")),
    )


def downgrade() -> None:
    op.drop_table("budget_lines")
    op.drop_table("cost_scenarios")
    op.drop_table("cost_settings")
