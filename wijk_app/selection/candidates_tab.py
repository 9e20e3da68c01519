"""Section "Candidates": the saved perimeters, their profiles beside the municipality."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.i18n import format_number, format_percent_value
from wijk_core.selection import store as selection_store
from wijk_core.selection.candidates import MUNICIPALITY

from ..cache import store
from ..state import lang, md, tr, trm
from .common import candidates, idea_counts, indicator_label, indicator_unit, profiles, show_error


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


def profile_frame(data, found) -> pd.DataFrame:
    """Formatted profile table: indicator, unit, each candidate, the municipality."""
    rows = []
    for indicator in found.values.index:
        unit = indicator_unit(data, indicator)
        row = {tr("selection.col_indicator"): indicator_label(data, indicator),
               tr("selection.col_unit"): unit}
        for column in found.values.columns:
            value = found.values.at[indicator, column]
            decimals = 0 if abs(value) >= 100 else 1 if value == value else 0
            label = tr("selection.municipality") if column == MUNICIPALITY else column
            row[label] = format_number(value, lang(), decimals)
        rows.append(row)
    return pd.DataFrame(rows)


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
        areas = pd.DataFrame({
            tr("selection.col_candidate"): found.areas.index,
            tr("selection.area_inside"): [f"{format_number(v, lang(), 1)} ha" for v in found.areas["hectares"]],
            tr("selection.data_coverage"): [format_percent_value(v, lang(), 0) for v in found.areas["data_coverage"]],
            tr("selection.ideas_count"): idea_counts(project_id, saved).reindex(found.areas.index).to_numpy(),
        })
        st.dataframe(areas, hide_index=True)
    st.dataframe(profile_frame(data, found), hide_index=True, height=min(36 * (len(found.values) + 1), 720))
    with st.expander(tr("selection.sector_shares")):
        if len(found.shares):
            shares = found.shares.reset_index()
            shares = pd.DataFrame({
                tr("selection.col_candidate"): shares.iloc[:, 0],
                tr("selection.col_sector"): shares["cd_sector"],
                tr("selection.col_share"): [format_percent_value(v, lang(), 1) for v in shares["share"]],
            })
            st.dataframe(shares, hide_index=True)
