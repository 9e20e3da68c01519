"""The project budget: totals per category, funding gap, waterfall steps, bad input."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wijk_core.costs.budget import (
    CATEGORIES,
    EXPENSE_CATEGORIES,
    INCOME_CATEGORIES,
    BudgetKind,
    BudgetLine,
    budget_frame,
    budget_template,
    lines_from_frame,
    summarise_budget,
    waterfall_steps,
)
from wijk_core.costs import CostError
from wijk_core.i18n import LANGUAGES, t

LINES = [
    BudgetLine("subsidy", "Renovatiebegeleiding (Vlaanderen)", 60_000),
    BudgetLine("subsidy", "Europees project", 15_000),
    BudgetLine("municipal", "Klimaatbudget", 40_000),
    BudgetLine("partners", "Netbeheerder", 10_000),
    BudgetLine("staff", "Projectleider 0,8 VTE", 95_000),
    BudgetLine("studies", "Energiescans", 30_000),
    BudgetLine("participation", "Wijkateliers", 12_000),
    BudgetLine("communication", "Huis-aan-huisblad", 8_000),
]


def test_totals_gap_and_coverage_by_hand():
    summary = summarise_budget(LINES)
    assert summary.total_income == 125_000  # 60 + 15 + 40 + 10 thousand
    assert summary.total_expenses == 145_000  # 95 + 30 + 12 + 8 thousand
    assert summary.balance == -20_000 and summary.funding_gap == 20_000
    assert summary.coverage == pytest.approx(125 / 145)
    assert summary.income["subsidy"] == 75_000 and summary.income["other_income"] == 0
    assert list(summary.income.index) == list(INCOME_CATEGORIES)
    assert list(summary.expenses.index) == list(EXPENSE_CATEGORIES)


def test_a_covered_budget_has_no_gap():
    summary = summarise_budget([BudgetLine("municipal", "", 100), BudgetLine("staff", "", 60)])
    assert summary.balance == 40 and summary.funding_gap == 0
    empty = summarise_budget([])
    assert empty.funding_gap == 0 and math.isnan(empty.coverage)


def test_waterfall_steps_run_from_income_to_the_balance():
    steps = waterfall_steps(summarise_budget(LINES))
    assert steps["step"].tolist() == ["subsidy", "municipal", "partners", "staff", "studies", "participation",
                                      "communication", "balance"]
    assert steps["measure"].tolist() == ["relative"] * 7 + ["total"]
    assert steps["amount"].tolist() == [75_000, 40_000, 10_000, -95_000, -30_000, -12_000, -8_000, -20_000]
    assert steps["level"].tolist()[:3] == [75_000, 115_000, 125_000]
    relative = steps[steps["measure"] == "relative"]["amount"].sum()
    assert relative == steps["amount"].iloc[-1] == steps["level"].iloc[-1]
    assert len(waterfall_steps(summarise_budget(LINES), keep_zero=True)) == len(CATEGORIES) + 1


def test_kind_follows_the_category_and_aliases_are_understood():
    assert BudgetLine("Subsidie", "", 1).category == "subsidy"
    assert BudgetLine("Budget communal", "", 1).category == "municipal"
    assert BudgetLine("personeel", "", 1).kind is BudgetKind.EXPENSE
    assert BudgetLine("partenaires", "", 1).signed_amount == 1
    assert BudgetLine("communicatie", "", 1).signed_amount == -1
    assert BudgetLine("staff", "  Coördinator \n", "1.500,5").label == "Coördinator"
    assert BudgetLine("staff", "", "1.500,5").amount == 1500.5


@pytest.mark.parametrize("line, code", [
    (dict(category="staff", label="Coördinator", amount=-10), "errors.costs_budget_amount_negative"),
    (dict(category="staff", label="Coördinator", amount="veel"), "errors.costs_number_invalid"),
    (dict(category="staff", label="Coördinator", amount=None), "errors.costs_value_missing"),
    (dict(category="loterij", label="Lotto", amount=1), "errors.costs_budget_category_unknown"),
    (dict(category=None, label="Lotto", amount=1), "errors.costs_value_missing"),
    (dict(category="staff", label="x" * 201, amount=1), "errors.costs_text_too_long"),
])
def test_bad_lines_are_refused_with_a_message_in_every_language(line, code):
    with pytest.raises(CostError) as caught:
        BudgetLine(**line)
    assert caught.value.code == code
    for lang in LANGUAGES:
        message = t(code, lang, **caught.value.params)
        assert message != code and "{" not in message


def test_tables_for_the_editor():
    frame = budget_frame(budget_template())
    assert frame["category"].tolist() == list(CATEGORIES) and (frame["amount"] == 0).all()
    frame.loc[len(frame)] = [None, None, None]  # an empty row the editor added
    frame.loc[0, "amount"] = 5000.0
    lines = lines_from_frame(frame)
    assert len(lines) == len(CATEGORIES) and lines[0] == BudgetLine("subsidy", "", 5000)
    frame.loc[len(frame)] = ["staff", "Negatief", -1.0]
    with pytest.raises(CostError):
        lines_from_frame(frame)
    assert budget_frame([]).empty and list(budget_frame([]).columns) == ["category", "label", "amount"]
    assert lines_from_frame(pd.DataFrame(columns=["category", "label", "amount"])) == ()
