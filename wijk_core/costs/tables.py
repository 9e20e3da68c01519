"""Tables of the costs area. Change them only together with their migration (0005).

Imported by :mod:`wijk_core.schema`, so every table is part of ``Base.metadata``
(what the migrations are checked against).

- ``cost_settings``: one row per project, the calculation parameters;
- ``cost_scenarios``: the renovation scenarios of a project, their cost items
  and externalities as JSON lists (checked by ``wijk_core.costs`` on every save
  and every read);
- ``budget_lines``: the project budget, replaced as a whole on saving.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, CheckConstraint, Double, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wijk_core.store.base import (LABEL_MAX, Base, IdKey, NamedInProject, ProjectOwned, Timestamps, UpdatedAt,
                                  one_of)

BUDGET_CATEGORIES = ("subsidy", "municipal", "partners", "other_income",
                     "staff", "studies", "participation", "communication", "other_expense")
"""Closed set of budget categories (``wijk_core.costs.budget.CATEGORIES``), also a CHECK constraint."""

BUDGET_LABEL_MAX = LABEL_MAX


class CostSettingsRow(UpdatedAt, Base):
    """The life-cycle cost parameters of a project (study period, rates, carbon price)."""

    __tablename__ = "cost_settings"
    __table_args__ = (
        CheckConstraint("period_years BETWEEN 1 AND 100", name="period_years"),
        CheckConstraint("discount_rate > -1", name="discount_rate"),
        CheckConstraint("energy_escalation > -1", name="energy_escalation"),
        CheckConstraint("carbon_price_growth > -1", name="carbon_price_growth"),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    period_years: Mapped[int] = mapped_column(Integer)
    discount_rate: Mapped[float] = mapped_column(Double)
    energy_escalation: Mapped[float] = mapped_column(Double)
    carbon_price: Mapped[float] = mapped_column(Double)
    carbon_price_growth: Mapped[float] = mapped_column(Double)


class CostScenarioRow(IdKey, ProjectOwned, NamedInProject, Timestamps, Base):
    """A renovation scenario: name, floor area, cost items and externalities (JSON lists)."""

    __tablename__ = "cost_scenarios"
    __table_args__ = (
        UniqueConstraint("project_id", "name_key"),
        CheckConstraint("floor_area_m2 > 0", name="floor_area_m2"),
    )

    position: Mapped[int] = mapped_column(Integer)
    floor_area_m2: Mapped[float] = mapped_column(Double)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    externalities: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class BudgetLineRow(IdKey, ProjectOwned, Base):
    """One line of a project's budget; the category says whether it is income or expense."""

    __tablename__ = "budget_lines"
    __table_args__ = (
        UniqueConstraint("project_id", "position"),
        CheckConstraint(one_of("category", BUDGET_CATEGORIES), name="category"),
        CheckConstraint("amount >= 0", name="amount"),
    )

    position: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(BUDGET_LABEL_MAX), default="", server_default="")
    amount: Mapped[float] = mapped_column(Double)
