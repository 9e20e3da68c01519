"""Section "Export": the file for the council (GeoJSON, XLSX, printable HTML report)."""

from __future__ import annotations

import re

import streamlit as st

from wijk_core.selection.council import council_file

from ..project_data import candidates, layer_of, profiles, saved_assessment
from ..state import lang, tr


def _file_stem(name: str) -> str:
    return re.sub(r"[^\w-]+", "_", name, flags=re.UNICODE).strip("_") or "wijkwerf"


def render(project, data, data_key: str) -> None:
    st.write(tr("selection.export_intro"))
    saved = candidates(project.id)
    if not saved:
        st.info(tr("selection.no_candidates"))
        return
    layer = layer_of(saved).assign(origin=[c.origin for c in saved])
    found = saved_assessment(project.id, data, data_key, saved)
    with st.spinner(tr("selection.exporting")):
        made = council_file(data, layer, profiles(data, data_key, saved), project_name=project.name,
                            lang=lang(), assessment=found.outcome if found else None,
                            scores=found.scores if found else None,
                            choices=list(found.choices) if found else None,
                            indicator=st.session_state.get("map_indicator"))
    stem = _file_stem(project.name)
    cols = st.columns(3)
    cols[0].download_button(tr("selection.export_geojson"), made.geojson, f"{stem}-perimeters.geojson",
                            "application/geo+json", key="export_geojson", on_click="ignore")
    cols[1].download_button(tr("selection.export_xlsx"), made.xlsx, f"{stem}-profielen.xlsx",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            key="export_xlsx", on_click="ignore")
    cols[2].download_button(tr("selection.export_html"), made.html.encode("utf-8"), f"{stem}-verslag.html",
                            "text/html", key="export_html", on_click="ignore")
