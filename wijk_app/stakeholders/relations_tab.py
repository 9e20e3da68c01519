"""Section "Relations": who knows whom and how much they trust each other; who suggested whom."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.stakeholders import TRUST_RANGE, check_relations, records
from wijk_core.stakeholders.summary import suggestions_table
from wijk_core.stakeholders import store as stored

from ..cache import store
from ..state import flash, lang, show_error, tr, trn
from .common import Saved, reset_widget, show_issues


def editor_key(project_id: int) -> str:
    return f"stakeholders_relations_{project_id}"


def render(project, data: Saved) -> None:
    st.write(tr("stakeholders.relations_intro"))
    names = data.names
    if len(names) < 2:
        st.info(tr("stakeholders.relations_need_two"))
        return
    config = st.column_config
    edited = st.data_editor(
        data.relations, key=editor_key(project.id), num_rows="dynamic", hide_index=True, width="stretch",
        column_order=["source", "target", "trust", "note"],
        column_config={
            "source": config.SelectboxColumn(tr("stakeholders.col_source"), options=names, required=True),
            "target": config.SelectboxColumn(tr("stakeholders.col_target"), options=names, required=True),
            "trust": config.NumberColumn(tr("stakeholders.col_trust"), min_value=TRUST_RANGE[0],
                                         max_value=TRUST_RANGE[1], step=1, format="%d"),
            "note": config.TextColumn(tr("stakeholders.col_note"), max_chars=2000, width="large"),
        })
    if st.button(tr("stakeholders.save_relations"), key="stakeholders_save_relations", type="primary"):
        checked = check_relations(pd.DataFrame(edited), names, first_row=1)
        if checked.issues:
            st.error(trn("stakeholders.relations_has_errors", len(checked.bad_rows)))
            show_issues(checked.issues, "stakeholders_relation_issues")
        else:
            try:
                store().write(stored.save_relations, project.id, records(checked.valid))
            except WijkError as err:
                show_error(err)
            else:
                reset_widget(editor_key(project.id))
                flash("success", trn("stakeholders.relations_saved", len(checked.valid)))
                st.rerun()
    suggested = suggestions_table(data.inventory, lang())
    if len(suggested):
        st.subheader(tr("stakeholders.snowball_table_title"))
        st.dataframe(suggested, hide_index=True, key="stakeholders_snowball_table")
