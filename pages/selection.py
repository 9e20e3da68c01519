"""Neighbourhood selection (officer): data, map, candidates, framework, hotspots, export."""

import streamlit as st

from wijk_core.access import Action

from wijk_app.selection import candidates_tab, data_tab, framework_tab, hotspot_tab, map_tab
from wijk_app.project_data import project_data
from wijk_app.gate import read_only_notice, require_page
from wijk_app.state import current_project, labeller, tr

SECTIONS = ("map", "data", "candidates", "framework", "hotspots", "export")

project = current_project()
actor = require_page(Action.SELECTION_READ, project.id)
st.title(tr("selection.title"))
read_only_notice(actor, Action.SELECTION_WRITE, project.id)
data, report, data_key = project_data(project.id)
if data.synthetic:
    st.caption(tr("selection.data_demo_note"))
section = st.segmented_control(
    tr("selection.title"), SECTIONS, key="selection_section", default="map",
    format_func=labeller("selection.tab_"), label_visibility="collapsed",
) or "map"

if section == "data":
    data_tab.render(project.id, data, report, data_key)
elif section == "map":
    map_tab.render(project.id, data, data_key)
elif section == "candidates":
    candidates_tab.render(project.id, data, data_key)
elif section == "framework":
    framework_tab.render(project.id, data, data_key)
elif section == "hotspots":
    hotspot_tab.render(project.id, data, data_key)
else:
    from wijk_app.selection import export_tab

    export_tab.render(project, data, data_key)
