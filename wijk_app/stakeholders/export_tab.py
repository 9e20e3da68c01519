"""Section "Export": the inventory as XLSX and CSV, the charts as one offline HTML handout."""

from __future__ import annotations

import re

import streamlit as st

from wijk_core.stakeholders import HANDOUT_CHARTS, charts_handout, inventory_csv, inventory_xlsx, template_workbook
from wijk_core.stakeholders.summary import notes_table

from ..state import labeller, lang, tr
from .common import XLSX_MIME, Saved, background


def _file_stem(name: str) -> str:
    return re.sub(r"[^\w-]+", "_", name, flags=re.UNICODE).strip("_") or "wijkwerf"


def render(project, data: Saved) -> None:
    st.write(tr("stakeholders.export_intro"))
    code = lang()
    stem = _file_stem(project.name)
    inventory, relations, notes = data.inventory, data.relations, notes_table(data.inventory, data.notes, code)
    cols = st.columns(3)
    cols[0].download_button(tr("stakeholders.export_xlsx"),
                            lambda: inventory_xlsx(inventory, code, relations=relations, notes=notes),
                            f"{stem}-actoren.xlsx", XLSX_MIME, key="stakeholders_export_xlsx", on_click="ignore",
                            disabled=inventory.empty)
    cols[1].download_button(tr("stakeholders.export_csv"), lambda: inventory_csv(inventory, code),
                            f"{stem}-actoren.csv", "text/csv", key="stakeholders_export_csv", on_click="ignore",
                            disabled=inventory.empty)
    cols[2].download_button(tr("stakeholders.export_template"), lambda: template_workbook(code),
                            "actoren-sjabloon.xlsx", XLSX_MIME, key="stakeholders_export_template",
                            on_click="ignore")
    chosen = st.multiselect(tr("stakeholders.handout_charts"), HANDOUT_CHARTS, default=list(HANDOUT_CHARTS),
                            key="stakeholders_handout_charts", format_func=labeller("stakeholders.chart_key_"))
    layer, label = background(project.id)
    title = tr("stakeholders.handout_title", project=project.name)
    st.download_button(tr("stakeholders.export_handout"),
                       lambda: charts_handout(inventory, code, title=title, relations=relations, background=layer,
                                              background_label=label, charts=chosen).encode("utf-8"),
                       f"{stem}-actorenkaart.html", "text/html", key="stakeholders_export_handout",
                       on_click="ignore", disabled=inventory.empty or not chosen, type="primary")
