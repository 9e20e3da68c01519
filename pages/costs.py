"""Total cost and budget (officer): scenarios, life-cycle results, project budget, export."""

import streamlit as st

from wijk_core.access import Action

from wijk_app.costs import budget_tab, export_tab, results_tab, scenarios_tab
from wijk_app.gate import read_only_notice, require_page
from wijk_app.state import current_project, labeller, show_flash, tr

SECTIONS = ("scenarios", "results", "budget", "export")

project = current_project()
actor = require_page(Action.COSTS_READ, project.id)
st.title(tr("costs.title"))
read_only_notice(actor, Action.COSTS_WRITE, project.id)
st.caption(tr("costs.intro"))
with st.expander(tr("costs.method_title"), icon=":material/functions:"):
    st.markdown(tr("costs.method_text"))
section = st.segmented_control(
    tr("costs.title"), SECTIONS, key="costs_section", default="scenarios",
    format_func=labeller("costs.section."), label_visibility="collapsed",
) or "scenarios"
show_flash()

if section == "scenarios":
    scenarios_tab.render(project.id)
elif section == "results":
    results_tab.render(project.id)
elif section == "budget":
    budget_tab.render(project.id)
else:
    export_tab.render(project)
