"""The project budget of a neighbourhood renovation: income, expenses, funding gap, waterfall.

Phase 1 of the method asks the team to "list possible income and expenses, and
look for extra financing where needed". A budget is a list of
:class:`BudgetLine` (income: subsidies, municipal budget, partners, other;
expenses: staff, studies, participation, communication, other);
:func:`summarise_budget` totals them per category and gives the funding gap;
:func:`waterfall_steps` gives the bars of a waterfall chart from income down
to the balance.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

import pandas as pd

from wijk_core.costs.errors import CostError
from wijk_core.costs.categories import alias_key
from wijk_core.costs.model import clean_text, parse_number
from wijk_core.readers.cells import is_empty

__all__ = [
    "BUDGET_COLUMNS",
    "CATEGORIES",
    "EXPENSE_CATEGORIES",
    "INCOME_CATEGORIES",
    "LABEL_MAX",
    "BudgetKind",
    "BudgetLine",
    "BudgetSummary",
    "budget_frame",
    "budget_template",
    "lines_from_frame",
    "summarise_budget",
    "waterfall_steps",
]

INCOME_CATEGORIES: tuple[str, ...] = ("subsidy", "municipal", "partners", "other_income")
EXPENSE_CATEGORIES: tuple[str, ...] = ("staff", "studies", "participation", "communication", "other_expense")
CATEGORIES: tuple[str, ...] = INCOME_CATEGORIES + EXPENSE_CATEGORIES
BUDGET_COLUMNS: tuple[str, ...] = ("category", "label", "amount")
"""Columns of a budget table; the kind (income or expense) follows from the category."""

LABEL_MAX = 200

_CATEGORY_ALIASES = {
    **dict.fromkeys(("subsidie", "subsidies", "subside", "subsides", "subsidy", "subsidies_grants",
                     "grant", "grants", "toelage"), "subsidy"),
    **dict.fromkeys(("gemeente", "gemeentelijk_budget", "gemeentebudget", "municipal_budget", "commune",
                     "budget_communal", "city", "stad"), "municipal"),
    **dict.fromkeys(("partner", "partenaires", "partenaire", "sponsors"), "partners"),
    **dict.fromkeys(("andere_inkomsten", "autres_recettes", "other_revenue"), "other_income"),
    **dict.fromkeys(("personeel", "personnel", "salaries", "lonen"), "staff"),
    **dict.fromkeys(("studie", "study", "etudes", "etude"), "studies"),
    **dict.fromkeys(("participatie", "inspraak", "concertation"), "participation"),
    **dict.fromkeys(("communicatie",), "communication"),
    **dict.fromkeys(("andere_uitgaven", "autres_depenses", "other_costs"), "other_expense"),
}


class BudgetKind(str, Enum):
    """Income or expense."""

    INCOME = "income"
    EXPENSE = "expense"


def _category(value: object, label: str) -> str:
    if is_empty(value):
        raise CostError("errors.costs_value_missing",
                        field="category", item=label)
    wanted = alias_key(str(value))
    found = wanted if wanted in CATEGORIES else _CATEGORY_ALIASES.get(wanted)
    if found is None:
        allowed = ", ".join(CATEGORIES)
        raise CostError("errors.costs_budget_category_unknown",
                        value=str(value), allowed=allowed)
    return found


@dataclass(frozen=True)
class BudgetLine:
    """One line of the project budget.

    Attributes
    ----------
    category : str
        One of :data:`CATEGORIES` (or a Dutch, French or English spelling); it
        decides whether the line is income or expense.
    label : str
        What it is, e.g. "Renovatiebegeleiding (Vlaams subsidie)"; may be empty.
    amount : float
        Euro, zero or more.

    Raises
    ------
    CostError
        ``errors.costs_budget_category_unknown`` (value, allowed),
        ``errors.costs_value_missing``, ``errors.costs_number_invalid``
        (field, item, value), ``errors.costs_budget_amount_negative`` (item, value),
        ``errors.costs_text_too_long`` (field, max).
    """

    category: str
    label: str
    amount: float

    def __post_init__(self) -> None:
        label = clean_text(self.label, "label", limit=LABEL_MAX, required=False)
        category = _category(self.category, label)
        shown = label or category
        amount = parse_number(self.amount, "amount", shown)
        if amount < 0:
            raise CostError("errors.costs_budget_amount_negative", item=shown, value=f"{amount:g}")
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "category", category)
        object.__setattr__(self, "amount", amount)

    @property
    def kind(self) -> BudgetKind:
        return BudgetKind.INCOME if self.category in INCOME_CATEGORIES else BudgetKind.EXPENSE

    @property
    def signed_amount(self) -> float:
        """Positive for income, negative for an expense."""
        return self.amount if self.kind is BudgetKind.INCOME else -self.amount

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "label": self.label, "amount": self.amount}


@dataclass(frozen=True)
class BudgetSummary:
    """Totals of a budget.

    Attributes
    ----------
    lines : tuple of BudgetLine
    income, expenses : Series
        Amount per category (every category of its kind, zeros included), euro.

    Notes
    -----
    ``balance = Σ income - Σ expenses``; ``funding_gap = max(0, -balance)``;
    ``coverage = Σ income / Σ expenses`` (NaN without expenses).
    """

    lines: tuple[BudgetLine, ...]
    income: pd.Series
    expenses: pd.Series

    @property
    def total_income(self) -> float:
        return float(self.income.sum())

    @property
    def total_expenses(self) -> float:
        return float(self.expenses.sum())

    @property
    def balance(self) -> float:
        return self.total_income - self.total_expenses

    @property
    def funding_gap(self) -> float:
        """What is still to be found: expenses not covered by income (zero when covered)."""
        return max(0.0, -self.balance)

    @property
    def coverage(self) -> float:
        return self.total_income / self.total_expenses if self.total_expenses else math.nan


def summarise_budget(lines: Iterable[BudgetLine]) -> BudgetSummary:
    """Total a budget per category.

    Parameters
    ----------
    lines : iterable of BudgetLine
        May be empty (everything is then zero).

    Returns
    -------
    BudgetSummary
    """
    lines = tuple(lines)
    for line in lines:
        if not isinstance(line, BudgetLine):
            raise TypeError(f"Expected BudgetLine, got {type(line).__name__}.")
    totals = {category: 0.0 for category in CATEGORIES}
    for line in lines:
        totals[line.category] += line.amount
    income = pd.Series({c: totals[c] for c in INCOME_CATEGORIES}, name="income", dtype=float)
    expenses = pd.Series({c: totals[c] for c in EXPENSE_CATEGORIES}, name="expenses", dtype=float)
    return BudgetSummary(lines=lines, income=income, expenses=expenses)


def waterfall_steps(summary: BudgetSummary, *, keep_zero: bool = False) -> pd.DataFrame:
    """The bars of a waterfall from the income down to the balance.

    Parameters
    ----------
    summary : BudgetSummary
    keep_zero : bool, default False
        Keep categories whose amount is zero.

    Returns
    -------
    DataFrame
        One row per step in order (income categories, expense categories, then
        ``balance``) with columns ``step`` (category key or ``"balance"``),
        ``measure`` (``"relative"`` or ``"total"``, as plotly's Waterfall wants),
        ``amount`` (signed: income up, expenses down; the balance itself) and
        ``level`` (the running total after the step).
    """
    rows = []
    level = 0.0
    for series, sign in ((summary.income, 1.0), (summary.expenses, -1.0)):
        for category, amount in series.items():
            if amount == 0 and not keep_zero:
                continue
            level += sign * amount
            rows.append({"step": category, "measure": "relative", "amount": sign * amount, "level": level})
    rows.append({"step": "balance", "measure": "total", "amount": summary.balance, "level": summary.balance})
    return pd.DataFrame(rows, columns=["step", "measure", "amount", "level"])


def budget_template() -> list[BudgetLine]:
    """One empty line per category: a starting point for the editor."""
    return [BudgetLine(category, "", 0.0) for category in CATEGORIES]


def lines_from_frame(frame: pd.DataFrame) -> tuple[BudgetLine, ...]:
    """Budget lines from a table with the columns of :data:`BUDGET_COLUMNS`; blank rows skipped."""
    lines = []
    for _, row in frame.iterrows():
        record = {column: row.get(column) for column in BUDGET_COLUMNS}
        if all(is_empty(value) for value in record.values()):
            continue
        lines.append(BudgetLine(**{key: (None if is_empty(value) else value) for key, value in record.items()}))
    return tuple(lines)


def budget_frame(lines: Sequence[BudgetLine]) -> pd.DataFrame:
    """The lines as a typed table (the editor's input)."""
    frame = pd.DataFrame([line.to_dict() for line in lines], columns=list(BUDGET_COLUMNS))
    return frame.astype({"category": "string", "label": "string", "amount": "float64"})


