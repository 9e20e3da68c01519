"""The life-cycle results as the officer reads them: one row per scenario, amounts in the reader's format.

- :func:`results_table`: total, annualised cost, cost per m² and year, initial share;
- :func:`extended_table`: the direct total beside the external costs and the extended total;
- :func:`budget_table`: the budget lines with the totals, the balance and the funding gap.
"""

from __future__ import annotations

import pandas as pd

from wijk_core.costs.budget import BudgetSummary
from wijk_core.costs.compare import Comparison
from wijk_core.i18n import format_money, format_percent_value, t

__all__ = ["budget_table", "extended_table", "results_table"]


def results_table(comparison: Comparison, lang: str) -> pd.DataFrame:
    """Per scenario: total (NPV), annualised cost, per m² and year, initial share, capital and running parts."""
    return pd.DataFrame([{
        t("costs.col.scenario", lang): result.name,
        t("costs.col.total", lang): format_money(result.total, lang, 0),
        t("costs.col.annualised", lang): format_money(result.annualised, lang, 0),
        t("costs.col.per_m2_year", lang): format_money(result.per_m2_year, lang, 2),
        t("costs.col.initial_share", lang): format_percent_value(result.initial_share, lang, 1),
        t("costs.col.capital_per_m2_year", lang): format_money(result.capital_per_m2_year, lang, 2),
        t("costs.col.running_per_m2_year", lang): format_money(result.running_per_m2_year, lang, 2),
    } for result in comparison.results])


def extended_table(comparison: Comparison, lang: str) -> pd.DataFrame:
    """Per scenario: the direct total, each external cost that is not zero (``–`` where a scenario has none),
    the extended total and the extended cost per m² and year."""
    rows = []
    for result in comparison.results:
        row = {t("costs.col.scenario", lang): result.name,
               t("costs.results.direct_total", lang): format_money(result.total, lang, 0)}
        row.update({t(f"costs.kind.{kind}", lang): format_money(value, lang, 0)
                    for kind, value in result.external_npv.items() if value})
        row[t("costs.col.extended_total", lang)] = format_money(result.extended_total, lang, 0)
        row[t("costs.col.extended_per_m2_year", lang)] = format_money(result.extended_per_m2_year, lang, 2)
        rows.append(row)
    return pd.DataFrame(rows).fillna("–")



def budget_table(budget: BudgetSummary, lang: str, *, as_text: bool = False) -> pd.DataFrame:
    """The budget lines (kind, category, label, amount), then total income, total expenses, balance and gap.

    Amounts are numbers (for the workbook), or with ``as_text`` euro as the budget page writes
    them (``€ 130.000``), for a report that must print the page's figures.
    """
    def amount(value: float) -> float | str:
        return format_money(value, lang, 0) if as_text else value

    col = {key: t(f"costs.col.{key}", lang) for key in ("kind", "category", "label", "amount")}
    rows = [{col["kind"]: t(f"costs.budget_kind.{line.kind.value}", lang),
             col["category"]: t(f"costs.budget_category.{line.category}", lang),
             col["label"]: line.label, col["amount"]: amount(line.amount)} for line in budget.lines]
    totals = [(t("costs.budget.total_income", lang), budget.total_income),
              (t("costs.budget.total_expenses", lang), budget.total_expenses),
              (t("costs.budget.balance", lang), budget.balance),
              (t("costs.budget.gap", lang), budget.funding_gap)]
    rows += [{col["kind"]: label, col["amount"]: amount(value)} for label, value in totals]
    table = pd.DataFrame(rows, columns=list(col.values()))
    return table.fillna("") if as_text else table
