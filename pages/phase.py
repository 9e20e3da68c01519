"""Phase 1 (officer): roadmap, team, readiness checklist, the choice, its impact and the dossier."""

import streamlit as st

from wijk_core.access import Action

from wijk_app.gate import read_only_notice, require_page
from wijk_app.phase import choice_tab, dossier_tab, impact_tab, readiness_tab, roadmap_tab, team_tab
from wijk_app.state import current_project, labeller, show_flash, tr

SECTIONS = ("roadmap", "team", "readiness", "choice", "impact", "dossier")

project = current_project()
actor = require_page(Action.PHASE_READ, project.id)
st.title(tr("phase.title"))
read_only_notice(actor, Action.PHASE_WRITE, project.id)
st.caption(tr("phase.intro"))
section = st.segmented_control(
    tr("phase.title"), SECTIONS, key="phase_section", default="roadmap",
    format_func=labeller("phase.section."), label_visibility="collapsed",
) or "roadmap"
show_flash()

if section == "roadmap":
    roadmap_tab.render(project.id)
elif section == "team":
    team_tab.render(project.id)
elif section == "readiness":
    readiness_tab.render(project.id)
elif section == "choice":
    choice_tab.render(project.id)
elif section == "impact":
    impact_tab.render(project.id)
else:
    dossier_tab.render(project)
