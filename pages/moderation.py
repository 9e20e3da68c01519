"""Idea map, facilitator's side: overview, moderation queue, exports and QR code. Facilitators sign in."""

import streamlit as st

from wijk_app.gate import require_page
from wijk_app.ideas import dashboard, exports, queue
from wijk_app.ideas.common import apply_workshop_style, categories, idea_area, load_frame
from wijk_app.state import current_project, labeller, tr
from wijk_core.access import Action

SECTIONS = ("overview", "queue", "export", "settings")

project = current_project()
require_page(Action.IDEAS_MODERATE, project.id)
st.title(tr("ideas.mod_title"))
apply_workshop_style()
labels = categories(project.id)
section = st.segmented_control(tr("ideas.mod_title"), SECTIONS, key="ideas_mod_section", default="overview",
                               format_func=labeller("ideas.mod_section_"), label_visibility="collapsed",
                               required=True) or "overview"
if section == "overview":
    dashboard.render(project.id, load_frame(project.id), labels, idea_area(project.id))
elif section == "queue":
    queue.render(project.id, labels)
elif section == "export":
    exports.render_exports(project)
    exports.render_qr(project)
else:
    exports.render_settings(project)
