"""The XLSX workbook of a cost study: numbers stay numbers, user text stays text."""

from __future__ import annotations

import io

import openpyxl
import pytest

from wijk_core.costs import CostItem, Parameters, Scenario, compare, costs_workbook, sensitivity
from wijk_core.costs.budget import BudgetLine, summarise_budget

from .helpers import one


def test_the_workbook_holds_numbers_and_user_text_as_text():
    formula = "=HYPERLINK(\"http://x\",\"klik\")"
    scenarios = [one(CostItem(formula, "investment", 1000, lifetime=20)),
                 Scenario("Minimaal", 100, [CostItem("Gas", "energy", 100)])]
    parameters = Parameters(30, 0.03)
    comparison = compare(scenarios, parameters)
    table = sensitivity(scenarios[0], parameters, reference=scenarios[1])
    made = costs_workbook(project_name="-1+1", parameters=parameters, scenarios=scenarios, comparison=comparison,
                          sensitivity=table, sensitivity_title="Test min Minimaal",
                          budget=summarise_budget([BudgetLine("subsidy", "@SUM(A1)", 10)]), lang="fr")
    book = openpyxl.load_workbook(io.BytesIO(made))
    assert book.sheetnames == ["À propos", "Synthèse", "VAN par catégorie", "Coût cumulé", "Flux par année",
                               "Postes de coût", "Sensibilité", "Budget"]  # no externalities: no sheet
    about = {row[0]: row[1] for row in book["À propos"].iter_rows(values_only=True)}
    assert about["Projet"] == "-1+1" and about["Sensibilité"] == "Test min Minimaal"
    assert about["Taux d'actualisation réel"] == "3,00%"  # Belgian notation in the user's language
    summary = list(book["Synthèse"].iter_rows(values_only=True))
    header = summary[0]
    total = header.index("Coût global, VAN (€)")
    assert [row[total] for row in summary[1:]] == pytest.approx([r.total for r in comparison.results])
    items = book["Postes de coût"]
    cell = items.cell(row=2, column=3)
    assert cell.value == formula and cell.data_type == "s" and cell.quotePrefix
    budget = {row[2]: row[3] for row in book["Budget"].iter_rows(min_row=2, values_only=True)}
    assert budget["@SUM(A1)"] == 10
    cumulative = list(book["Coût cumulé"].iter_rows(values_only=True))
    assert cumulative[-1][1] == pytest.approx(comparison.results[0].total)
    only_inputs = costs_workbook(project_name="P", parameters=parameters, scenarios=[Scenario("Leeg", 1)],
                                 comparison=None, lang="nl")
    assert openpyxl.load_workbook(io.BytesIO(only_inputs)).sheetnames == ["Over"]
