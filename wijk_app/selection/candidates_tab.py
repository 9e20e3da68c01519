"""Section "Candidates": the saved perimeters, their profiles beside the municipality."""

from __future__ import annotations

import streamlit as st

from wijk_core.selection import store as selection_store
from wijk_core.errors import WijkError
from wijk_core.i18n import format_number
from wijk_core.selection.summary import areas_table, profile_display, shares_table

from ..cache import store
from ..project_data import candidates, idea_counts, profiles
from ..state import lang, md, show_error, tr, trm
from . import official as official_data
from . import years


def _manage(saved) -> None:
    for candidate in saved:
        with st.expander(f"{md(candidate.name)} · {tr('selection.origin_' + candidate.origin)} · "
                         f"{format_number(candidate.geometry.area / 10_000, lang(), 1)} ha"):
            with st.form(f"rename_{candidate.id}", border=False):
                new_name = st.text_input(tr("selection.candidate_name"), value=candidate.name,
                                         max_chars=120, key=f"cand_name_{candidate.id}")
                cols = st.columns(2)
                rename = cols[0].form_submit_button(tr("selection.rename"))
                delete = cols[1].form_submit_button(tr("selection.delete"))
            if rename and new_name != candidate.name:
                try:
                    store().write(selection_store.rename_candidate, candidate.id, new_name)
                except WijkError as err:
                    show_error(err)
                else:
                    st.rerun()
            if delete:
                store().write(selection_store.delete_candidate, candidate.id)
                st.toast(trm("selection.deleted", name=candidate.name))
                st.rerun()


def render(project_id: int, data, data_key: str) -> None:
    saved = candidates(project_id)
    if not saved:
        st.info(tr("selection.no_candidates"))
        return
    _manage(saved)
    found = profiles(data, data_key, saved)
    st.subheader(tr("selection.profiles"))
    st.caption(tr("selection.profiles_help"))
    if len(found.areas):
        st.dataframe(areas_table(found, idea_counts(project_id, saved), lang()), hide_index=True)
    st.dataframe(profile_display(found, data.catalogue, lang(), official_data.references(project_id, data)),
                 hide_index=True,
                 height=min(36 * (len(found.values) + 1), 720))
    years.trends(data, data_key, saved)
    with st.expander(tr("selection.sector_shares")):
        if len(found.shares):
            st.dataframe(shares_table(found, lang()), hide_index=True)
