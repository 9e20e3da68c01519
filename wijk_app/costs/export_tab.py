"""Section "Export": the study and the budget as XLSX, the scenarios as JSON for the command line."""

from __future__ import annotations

import json
import re

import streamlit as st

from wijk_core.costs.budget import summarise_budget
from wijk_core.costs import compare, costs_workbook, sensitivity, study_to_dict
from wijk_core.errors import WijkError

from ..state import lang, tr
from .common import budget_lines, study


def _file_stem(name: str) -> str:
    return re.sub(r"[^\w-]+", "_", name, flags=re.UNICODE).strip("_") or "wijkwerf"


def render(project) -> None:
    st.write(tr("costs.export.intro"))
    parameters, stored = study(project.id)
    scenarios = [s.scenario for s in stored]
    comparison = table = title = None
    try:
        comparison = compare(scenarios, parameters) if scenarios else None
        if comparison is not None and len(scenarios) > 1:
            table = sensitivity(scenarios[1], parameters, reference=scenarios[0])
            title = tr("costs.results.chart_tornado_reference", name=scenarios[1].name, reference=scenarios[0].name)
        elif comparison is not None:
            table = sensitivity(scenarios[0], parameters)
            title = tr("costs.results.chart_tornado", name=scenarios[0].name)
    except WijkError:
        if scenarios:
            st.info(tr("costs.export.incomplete"))
    made = costs_workbook(project_name=project.name, parameters=parameters, scenarios=scenarios,
                          comparison=comparison, sensitivity=table, sensitivity_title=title,
                          budget=summarise_budget(budget_lines(project.id)), lang=lang())
    stem = _file_stem(project.name)
    cols = st.columns(2)
    cols[0].download_button(tr("costs.export.xlsx"), made, f"{stem}-totale-kosten.xlsx",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            key="costs_export_xlsx", type="primary", on_click="ignore")
    study_json = json.dumps(study_to_dict(parameters, scenarios), ensure_ascii=False, indent=2)
    cols[1].download_button(tr("costs.export.json"), study_json.encode("utf-8"), f"{stem}-scenarios.json",
                            "application/json", key="costs_export_json", on_click="ignore")
