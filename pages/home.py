"""Home: what Wijkwerf does, for whom, and what data the project holds."""

import streamlit as st

from wijk_app.phase.common import home_view
from wijk_app.project_data import project_data
from wijk_app.gate import require_page
from wijk_app.state import current_project, lang, tr, trm
from wijk_core.access import Action
from wijk_core.i18n import format_number
from wijk_core.sectors.data import sector_summary

project = current_project()
actor = require_page(Action.SELECTION_READ, project.id)
st.title(tr("home.title"))
st.caption(tr("app.tagline"))
if actor.kind == "this_machine":
    st.info(tr("signin.this_machine"), icon=":material/computer:")
st.info(trm("project.current", name=project.name))
st.write(tr("home.intro"))
st.markdown("\n".join(f"- {tr(key)}" for key in ("home.for_officer", "home.for_facilitator",
                                                   "home.for_resident")))
home_view(project.id)

st.subheader(tr("home.data_title"))
data, _, _ = project_data(project.id)
summary = sector_summary(data)
if data.synthetic:
    st.warning(tr("home.data_synthetic", municipality=summary["municipality"]))
columns = st.columns(5)
columns[0].metric(tr("home.metric_sectors"), format_number(summary["sectors"], lang()))
columns[1].metric(tr("home.metric_wijken"), format_number(summary["wijken"], lang()))
columns[2].metric(tr("home.metric_indicators"), format_number(summary["indicators"], lang()))
columns[3].metric(tr("home.metric_population"), format_number(summary["population"], lang()))
columns[4].metric(tr("home.metric_area"),
                  tr("home.area_km2", value=format_number(summary["area_km2"], lang(), 1)))
st.page_link("pages/selection.py", label=tr("home.go_selection"), icon=":material/map:")
