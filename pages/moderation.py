"""Idea map, facilitator's side: overview, moderation queue, exports and QR code, base map. Facilitators sign in."""

import streamlit as st

from wijk_app import basemap
from wijk_app.gate import may, require_page
from wijk_app.ideas import dashboard, exports, queue
from wijk_app.ideas.common import apply_workshop_style, categories, idea_area
from wijk_app.state import current_project, labeller, tr
from wijk_core.access import Action

project = current_project()
actor = require_page(Action.IDEAS_MODERATE, project.id)
# The base map is project data: its section is there for those who may load data (officers).
SECTIONS = ("overview", "queue", "export", *(("basemap",) if may(actor, Action.DATA_UPLOAD, project.id) else ()),
            "settings")
st.title(tr("ideas.mod_title"))
apply_workshop_style()
labels = categories(project.id)
section = st.segmented_control(tr("ideas.mod_title"), SECTIONS, key="ideas_mod_section", default="overview",
                               format_func=labeller("ideas.mod_section_"), label_visibility="collapsed",
                               required=True) or "overview"
if section == "overview":
    dashboard.render(project.id)
elif section == "queue":
    queue.render(project.id, labels)
elif section == "export":
    exports.render_exports(project)
    exports.render_qr(project)
elif section == "basemap":
    basemap.render_panel(project.id, idea_area(project.id).bounds_wgs84)
else:
    exports.render_settings(project)
