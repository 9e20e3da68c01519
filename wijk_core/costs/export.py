"""The total-cost study and the project budget as one XLSX workbook, labelled in the user's language.

The sheets are written by the shared XLSX writer (:mod:`wijk_core.writers.xlsx`):
numbers stay numbers, user text never becomes a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from wijk_core.costs.budget import BudgetSummary
from wijk_core.costs.compare import Comparison
from wijk_core.costs.model import Parameters, Scenario
from wijk_core.costs.summary import budget_table
from wijk_core.i18n import format_number, format_percent_value, t
from wijk_core.writers.xlsx import new_workbook, sheet_title, workbook_bytes, write_about, write_table

__all__ = ["SHEETS", "costs_workbook"]

SHEETS = ("about", "summary", "npv", "cumulative", "cash_flows", "items", "externalities", "sensitivity",
          "budget")
"""Sheet keys, in workbook order; a sheet without data is left out."""


def _col(key: str, lang: str) -> str:
    return t(f"costs.col.{key}", lang)


def _summary(comparison: Comparison, lang: str) -> pd.DataFrame:
    table = comparison.summary_table()
    table.index = table.index.rename(_col("scenario", lang))
    return table.rename(columns=lambda key: _col(key, lang))


def _npv(comparison: Comparison, lang: str) -> pd.DataFrame:
    table = comparison.npv_table()
    external = comparison.external_table()
    table = table.rename(columns=lambda key: t(f"costs.category.{key}", lang))
    external = external.rename(columns=lambda key: t(f"costs.kind.{key}", lang))
    merged = pd.concat([table, external], axis=1)
    merged.index = merged.index.rename(_col("scenario", lang))
    return merged


def _cash_flows(comparison: Comparison, lang: str) -> pd.DataFrame:
    parts = []
    for result in comparison.results:
        flows = result.cash_flows.rename(columns=lambda key: t(f"costs.category.{key}", lang))
        frame = flows.reset_index().rename(columns={"year": _col("year", lang)})
        frame.insert(0, _col("scenario", lang), result.name)
        frame[_col("discounted_total", lang)] = result.discounted.sum(axis=1).to_numpy()
        frame[_col("cumulative", lang)] = result.cumulative.to_numpy()
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def _items(scenarios: Sequence[Scenario], lang: str) -> pd.DataFrame:
    rows = [{_col("scenario", lang): s.name, _col("floor_area_m2", lang): s.floor_area_m2,
             _col("name", lang): item.name,
             _col("category", lang): t(f"costs.category.{item.category.value}", lang),
             _col("amount", lang): item.amount, _col("year", lang): item.year,
             _col("lifetime", lang): item.lifetime}
            for s in scenarios for item in s.items]
    return pd.DataFrame(rows)


def _externalities(scenarios: Sequence[Scenario], lang: str) -> pd.DataFrame | None:
    rows = [{_col("scenario", lang): s.name, _col("name", lang): e.name,
             _col("kind", lang): t(f"costs.kind.{e.kind.value}", lang), _col("quantity", lang): e.quantity,
             _col("unit_cost", lang): e.unit_cost, _col("year", lang): e.year}
            for s in scenarios for e in s.externalities]
    return pd.DataFrame(rows) if rows else None


def _sensitivity(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    frame = table.rename(index=lambda key: t(f"costs.factor.{key}", lang))
    frame.index = frame.index.rename(_col("factor", lang))
    return frame.rename(columns=lambda key: _col(key, lang))


def costs_workbook(*, project_name: str, parameters: Parameters, scenarios: Sequence[Scenario],
                   comparison: Comparison | None, sensitivity: pd.DataFrame | None = None,
                   sensitivity_title: str | None = None, budget: BudgetSummary | None = None,
                   lang: str = "nl", today: date | None = None) -> bytes:
    """An XLSX workbook of the study: parameters, results per scenario, inputs and budget.

    Parameters
    ----------
    project_name : str
    parameters : Parameters
    scenarios : sequence of Scenario
        The inputs, written to the items and externalities sheets as they are.
    comparison : Comparison or None
        The results; None (e.g. while a scenario is still empty) leaves the
        result sheets out.
    sensitivity : DataFrame, optional
        :func:`~wijk_core.costs.sensitivity` output for the sensitivity sheet.
    sensitivity_title : str, optional
        What the sensitivity is of (e.g. "deep renovation minus minimal repair"),
        written on the "about" sheet.
    budget : BudgetSummary, optional
    lang : {"nl", "fr", "en"}
        Language of sheet names and column labels.
    today : date, optional
        Date written on the "about" sheet (default: today).

    Returns
    -------
    bytes
        The XLSX file. Amounts are numbers in euro (full precision); rates are
        fractions; user text is stored as text, never as a formula.
    """
    metadata = {
        t("costs.xlsx.project", lang): project_name,
        t("costs.xlsx.date", lang): (today or date.today()).isoformat(),
        t("costs.xlsx.method", lang): t("costs.method_short", lang),
        _col("period_years", lang): str(parameters.period_years),
        _col("discount_rate", lang): format_percent_value(parameters.discount_rate, lang, 2),
        _col("energy_escalation", lang): format_percent_value(parameters.energy_escalation, lang, 2),
        _col("carbon_price", lang): f"{format_number(parameters.carbon_price, lang, 2)} €/t CO2e",
        _col("carbon_price_growth", lang): format_percent_value(parameters.carbon_price_growth, lang, 2),
    }
    if sensitivity is not None and sensitivity_title:
        metadata[t("costs.sheet.sensitivity", lang)] = sensitivity_title
    tables: dict[str, pd.DataFrame | None] = {key: None for key in SHEETS[1:]}
    if comparison is not None:
        tables["summary"] = _summary(comparison, lang)
        tables["npv"] = _npv(comparison, lang)
        cumulative = comparison.cumulative()
        cumulative.index = cumulative.index.rename(_col("year", lang))
        tables["cumulative"] = cumulative
        tables["cash_flows"] = _cash_flows(comparison, lang)
    if scenarios:
        tables["items"] = _items(scenarios, lang)
        tables["externalities"] = _externalities(scenarios, lang)
    if sensitivity is not None:
        tables["sensitivity"] = _sensitivity(sensitivity, lang)
    if budget is not None:
        tables["budget"] = budget_table(budget, lang)

    book = new_workbook()
    taken: set[str] = set()
    about = book.active
    about.title = sheet_title(t("costs.sheet.about", lang), "about", taken)
    write_about(about, metadata)
    percent = {_col("initial_share", lang)}
    for key in SHEETS[1:]:
        table = tables[key]
        if table is None or table.empty:
            continue
        sheet = book.create_sheet(sheet_title(t(f"costs.sheet.{key}", lang), key, taken))
        write_table(sheet, table, "column", percent)
    return workbook_bytes(book)
