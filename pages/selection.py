"""Neighbourhood selection (officer): data, map, candidates, framework, hotspots, export."""

import streamlit as st

from wijk_app.selection import candidates_tab, data_tab, framework_tab, hotspot_tab, map_tab
from wijk_app.project_data import project_data
from wijk_app.state import current_project, labeller, tr

SECTIONS = ("map", "data", "candidates", "framework", "hotspots", "export")

st.title(tr("selection.title"))
project = current_project()
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
