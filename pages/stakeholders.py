"""Stakeholders (facilitator): inventory, relations, interviews, maps, export."""

import streamlit as st

from wijk_core.access import Action

from wijk_app.stakeholders import charts_tab, export_tab, interviews_tab, inventory_tab, relations_tab
from wijk_app.stakeholders.common import saved
from wijk_app.gate import require_page
from wijk_app.state import current_project, labeller, show_flash, tr

SECTIONS = ("inventory", "relations", "interviews", "charts", "export")

project = current_project()
require_page(Action.STAKEHOLDERS_READ, project.id)
st.title(tr("stakeholders.title"))
st.caption(tr("stakeholders.intro"))
section = st.segmented_control(
    tr("stakeholders.title"), SECTIONS, key="stakeholders_section", default="inventory",
    format_func=labeller("stakeholders.tab_"), label_visibility="collapsed",
) or "inventory"
show_flash()
data = saved(project.id)
{"inventory": inventory_tab, "relations": relations_tab, "interviews": interviews_tab, "charts": charts_tab,
 "export": export_tab}[section].render(project, data)
