"""Section "Impact": what renovating the chosen neighbourhood sets in motion against the municipal budget."""

from __future__ import annotations

import streamlit as st

from wijk_core.costs.store import list_scenarios
from wijk_core.errors import WijkError
from wijk_core.phase import store as phase_store
from wijk_core.phase.collect import project_impact
from wijk_core.phase.impact import ASSUMPTION_KEYS, DWELLINGS_INDICATOR, ImpactAssumptions
from wijk_core.phase.summary import assumptions_table, impact_table
from wijk_core.readers.labels import indicator_label

from ..cache import store
from ..state import lang, show_error, tr
from .common import decision, page_link, save, selection_state, text_table

_AUTO = ""


def _form(project_id: int, assumptions: ImpactAssumptions, profile_dwellings: float | None) -> None:
    scenarios = [s.name for s in store().read(list_scenarios, project_id)]
    with st.form("phase_impact"):
        use_profile = st.checkbox(tr("phase.impact.use_profile"), value=assumptions.dwellings is None,
                                  key="phase_impact_use_profile")
        dwellings = st.number_input(tr("phase.impact.dwellings"), min_value=0.0, step=1.0, format="%.0f",
                                    value=float(assumptions.dwellings if assumptions.dwellings is not None
                                                else round(profile_dwellings or 0.0)),
                                    key="phase_impact_dwellings")
        share = st.number_input(tr("phase.impact.renovation_share"), min_value=0.0, max_value=100.0, step=5.0,
                                value=assumptions.renovation_share * 100, key="phase_impact_share")
        area = st.number_input(tr("phase.impact.floor_area"), min_value=1.0, step=5.0,
                               value=assumptions.floor_area_per_dwelling, key="phase_impact_area")
        options = [_AUTO, *scenarios]
        baseline = st.selectbox(tr("phase.impact.baseline"), options, key="phase_impact_baseline",
                                index=options.index(assumptions.baseline) if assumptions.baseline in options else 0,
                                format_func=lambda name: name or "–")
        renovated = st.selectbox(tr("phase.impact.renovated"), options, key="phase_impact_renovated",
                                 index=options.index(assumptions.renovated) if assumptions.renovated in options else 0,
                                 format_func=lambda name: name or "–")
        st.markdown(f"**{tr('phase.impact.sources_title')}**")
        sources = {key: st.text_input(tr(f"phase.impact.assumption.{key}"), value=assumptions.sources.get(key, ""),
                                      max_chars=500, key=f"phase_impact_source_{key}") for key in ASSUMPTION_KEYS}
        submitted = st.form_submit_button(tr("phase.impact.save"), type="primary")
    if submitted:
        try:
            wanted = ImpactAssumptions(dwellings=None if use_profile else dwellings, renovation_share=share / 100,
                                       floor_area_per_dwelling=area, baseline=baseline or None,
                                       renovated=renovated or None, sources=sources)
        except WijkError as err:
            show_error(err)
        else:
            save(phase_store.save_impact_assumptions, project_id, wanted, message=tr("phase.saved"))


def render(project_id: int) -> None:
    st.subheader(tr("phase.impact.title"))
    st.caption(tr("phase.impact.intro"))
    chosen = decision(project_id)
    if chosen is None:
        st.info(tr("phase.impact.need_choice"))
        return
    data, _, profiles, _ = selection_state(project_id)
    with store().reading() as session:
        impact = project_impact(session, project_id, chosen, profiles)
    for key in impact.missing:
        st.warning(tr(f"phase.impact.missing.{key}"))
        if key != "dwellings":
            page_link("kosten")
    text_table(impact_table(impact, lang()), "phase_impact_results")
    st.markdown(f"**{tr('phase.impact.assumptions_title')}**")
    label = indicator_label(data.catalogue, DWELLINGS_INDICATOR, lang())
    text_table(assumptions_table(impact, lang(), label), "phase_impact_assumptions")
    profile_dwellings = impact.dwellings if impact.dwellings_origin == "profile" else None
    _form(project_id, impact.assumptions, profile_dwellings)
