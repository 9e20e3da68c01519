"""Section "Dossier": the phase-1 dossier for the council as one offline HTML file."""

from __future__ import annotations

import re

import streamlit as st

from wijk_core.phase.collect import dossier_content
from wijk_core.phase.dossier import phase_dossier
from wijk_core.selection.candidates import candidate_layer
from wijk_core.store import Project

from ..cache import store
from ..state import lang, tr
from .common import selection_state


def dossier_html(project: Project) -> str:
    """The dossier of the project as it stands, in the session's language."""
    data, saved, profiles, assessed = selection_state(project.id)
    layer = candidate_layer({c.name: c.geometry for c in saved})
    background = data.wijken if data.wijken is not None and len(data.wijken) else data.sectors
    label = next((c for c in ("wijk_naam", "name", "naam") if c in background.columns), None)
    with store().reading() as session:
        content = dossier_content(session, project.id, lang(), project_name=project.name, data=data, layer=layer,
                                  profiles=profiles, assessment=assessed, background=background,
                                  background_label=label)
    return phase_dossier(content, lang())


def render(project: Project) -> None:
    st.subheader(tr("phase.dossier_tab.title"))
    st.caption(tr("phase.dossier_tab.intro"))
    stem = re.sub(r"[^\w-]+", "_", project.name, flags=re.UNICODE).strip("_") or "wijkwerf"
    st.download_button(tr("phase.dossier_tab.download"), lambda: dossier_html(project).encode("utf-8"),
                       f"{stem}-fase1-dossier.html", "text/html", key="phase_dossier_download", on_click="ignore",
                       type="primary", icon=":material/download:")
