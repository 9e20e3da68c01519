"""Section "Inventory": import a list, start from the template or the example, edit the table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.stakeholders import (
    CHOICE_COLUMNS,
    COLUMNS,
    POSITION_RANGE,
    SCALE_RANGE,
    check_inventory,
    demo_example,
    name_key,
    read_inventory,
    records,
    template_inventory,
    template_workbook,
)
from wijk_core.stakeholders import store as stored

from ..cache import store
from ..state import flash, labeller, lang, show_error, tr, trm, trn
from .common import XLSX_MIME, Saved, editor_key, reset_widget, show_issues

_ROUND_KEY = "_stakeholders_upload_round"
_ERASE_CHOICE = "stakeholders_erase_choice"
_ERASE_PENDING = "_stakeholders_erase_pending"
_LABEL_PREFIX = {"group": "stakeholders.group_", "level": "stakeholders.level_",
                 "governance": "stakeholders.role_"}


def render(project, data: Saved) -> None:
    st.write(tr("stakeholders.inventory_intro"))
    with st.expander(tr("stakeholders.import_title"), expanded=data.inventory.empty):
        _import(project.id, data)
    _start(project.id, data)
    _editor(project.id, data)
    if not data.inventory.empty:
        with st.expander(tr("access.erase_title"), icon=":material/person_remove:"):
            _erase(project.id, data)


# --------------------------------------------------------------------------- import


def _import(project_id: int, data: Saved) -> None:
    st.caption(tr("stakeholders.import_help"))
    round_number = st.session_state.setdefault(_ROUND_KEY, 0)
    upload = st.file_uploader(tr("stakeholders.import_file"), type=["xlsx", "csv", "txt"],
                              key=f"stakeholders_upload_{round_number}")
    if upload is None:
        return
    try:
        found = read_inventory(upload.getvalue(), upload.name, known_names=data.names)
    except WijkError as err:
        show_error(err)
        return
    checked = found.inventory
    good, bad = len(checked.valid), len(checked.bad_rows)
    (st.warning if bad else st.success)(tr("stakeholders.import_summary", rows=checked.rows, good=good, bad=bad))
    if found.ignored_columns:
        st.info(trm("stakeholders.import_ignored", columns=", ".join(found.ignored_columns)))
    if checked.issues:
        st.markdown(f"**{tr('stakeholders.import_errors_title')}**")
        show_issues(checked.issues, "stakeholders_import_issues")
    relations = found.relations
    if relations is not None:
        st.write(tr("stakeholders.import_relations_summary", rows=relations.rows, good=len(relations.valid),
                    bad=len(relations.bad_rows)))
        show_issues(relations.issues, "stakeholders_import_relation_issues")
    if not good:
        st.error(tr("stakeholders.import_nothing_good"))
        return
    mode = st.radio(tr("stakeholders.import_mode"), ("merge", "replace"), key="stakeholders_import_mode",
                    horizontal=True, format_func=labeller("stakeholders.import_mode_"))
    label = trn("stakeholders.import_good_only", good) if bad else trn("stakeholders.import_all", good)
    if st.button(label, key="stakeholders_import", type="primary"):
        try:
            with store().writing() as session:  # one transaction: all or nothing
                stored.import_inventory(session, project_id, records(checked.valid), mode=mode)
                if relations is not None and len(relations.valid):
                    stored.save_relations(session, project_id, records(relations.valid), replace=mode == "replace")
        except WijkError as err:
            show_error(err)
            return
        st.session_state[_ROUND_KEY] = round_number + 1
        reset_widget(editor_key(project_id))
        flash("success", trn("stakeholders.imported", good))
        st.rerun()


# --------------------------------------------------------------------------- template, example


def _start(project_id: int, data: Saved) -> None:
    st.subheader(tr("stakeholders.start_title"))
    cols = st.columns(3)
    if cols[0].button(tr("stakeholders.use_template"), key="stakeholders_use_template"):
        template = template_inventory(lang())
        taken = {name_key(n) for n in data.names}
        new = template[[name_key(n) not in taken for n in template["name"]]]
        _write(project_id, lambda session: stored.import_inventory(session, project_id, records(new)),
               trn("stakeholders.template_added", len(new)))
    cols[0].caption(tr("stakeholders.template_note"))
    empty = data.inventory.empty
    if cols[1].button(tr("stakeholders.load_example"), key="stakeholders_load_example", disabled=not empty,
                      help=None if empty else tr("stakeholders.example_only_empty")):
        example = demo_example()

        def load(session) -> None:
            stored.import_inventory(session, project_id, records(example.inventory))
            stored.save_relations(session, project_id, records(example.relations))
            ids = {s.name: s.id for s in stored.list_stakeholders(session, project_id)}
            for name, answers in example.answers_by_name().items():
                stored.save_notes(session, ids[name], answers)

        _write(project_id, load, trn("stakeholders.example_loaded", len(example.inventory)))
    cols[1].caption(tr("stakeholders.example_note"))
    code = lang()
    cols[2].download_button(tr("stakeholders.download_template"), lambda: template_workbook(code),
                            "actoren-sjabloon.xlsx", XLSX_MIME, key="stakeholders_template_download",
                            on_click="ignore")


def _write(project_id: int, action, message: str) -> None:
    try:
        store().write(action)
    except WijkError as err:
        show_error(err)
        return
    reset_widget(editor_key(project_id))
    flash("success", message)
    st.rerun()


# --------------------------------------------------------------------------- editor


def _column_config(names: list[str]) -> dict:
    config = st.column_config
    columns: dict = {
        "name": config.TextColumn(tr("stakeholders.col_name"), required=True, max_chars=120),
        "organisation": config.TextColumn(tr("stakeholders.col_organisation"), max_chars=200),
        "interest": config.NumberColumn(tr("stakeholders.col_interest"), min_value=SCALE_RANGE[0],
                                        max_value=SCALE_RANGE[1], step=1, format="%d"),
        "influence": config.NumberColumn(tr("stakeholders.col_influence"), min_value=SCALE_RANGE[0],
                                         max_value=SCALE_RANGE[1], step=1, format="%d"),
        "position": config.NumberColumn(tr("stakeholders.col_position"), min_value=POSITION_RANGE[0],
                                        max_value=POSITION_RANGE[1], step=1, format="%d"),
        "expertise": config.TextColumn(tr("stakeholders.col_expertise"), max_chars=2000, width="medium"),
        "knows_project": config.CheckboxColumn(tr("stakeholders.col_knows_project")),
        "contact": config.TextColumn(tr("stakeholders.col_contact"), max_chars=200),
        "latitude": config.NumberColumn(tr("stakeholders.col_latitude"), min_value=-90, max_value=90,
                                        format="%.5f"),
        "longitude": config.NumberColumn(tr("stakeholders.col_longitude"), min_value=-180, max_value=180,
                                         format="%.5f"),
        "suggested_by": config.SelectboxColumn(tr("stakeholders.col_suggested_by"), options=names),
    }
    for key, enum in CHOICE_COLUMNS.items():
        prefix = _LABEL_PREFIX.get(key, "stakeholders.ladder_")
        columns[key] = config.SelectboxColumn(tr(f"stakeholders.col_{key}"), options=[m.value for m in enum],
                                              format_func=labeller(prefix), required=key == "group")
    return columns


def _editor(project_id: int, data: Saved) -> None:
    st.subheader(tr("stakeholders.table_title"))
    st.caption(tr("stakeholders.table_help"))
    if data.inventory.empty:
        st.info(tr("stakeholders.empty_inventory"))
    edited = st.data_editor(data.inventory, key=editor_key(project_id), num_rows="dynamic", hide_index=True,
                            column_order=list(COLUMNS), column_config=_column_config(data.names),
                            width="stretch")
    if st.button(tr("stakeholders.save_table"), key="stakeholders_save_table", type="primary"):
        _save(project_id, pd.DataFrame(edited))


def _save(project_id: int, edited: pd.DataFrame) -> None:
    checked = check_inventory(edited, first_row=1)
    if checked.errors:
        st.error(trn("stakeholders.table_has_errors", len(checked.bad_rows)))
        show_issues(checked.errors, "stakeholders_table_issues")  # nothing is saved: warnings would only distract
        return
    try:
        store().write(stored.save_inventory, project_id, records(checked.valid))
    except WijkError as err:
        show_error(err)
        return
    reset_widget(editor_key(project_id))
    flash("success", trn("stakeholders.table_saved", len(checked.valid)))
    st.rerun()


# --------------------------------------------------------------------------- erasure


def _erase(project_id: int, data: Saved) -> None:
    """Erase one stakeholder everywhere, on their request: choose, then confirm."""
    st.caption(tr("access.erase_help"))
    names = {int(i): name for i, name in zip(data.inventory["id"], data.inventory["name"])}
    chosen = st.selectbox(tr("access.erase_choose"), list(names), index=None, key=_ERASE_CHOICE,
                          format_func=names.get, placeholder=tr("access.erase_placeholder"))
    if chosen is None:
        return
    if st.session_state.get(_ERASE_PENDING) != chosen:
        if st.button(tr("access.erase_button"), key="stakeholders_erase", icon=":material/delete_forever:"):
            st.session_state[_ERASE_PENDING] = chosen
            st.rerun()
        return
    st.warning(trm("access.erase_confirm", name=names[chosen]), icon=":material/warning:")
    yes, no = st.columns(2)
    if yes.button(tr("access.erase_yes"), key="stakeholders_erase_yes", type="primary"):
        try:
            store().write(stored.erase_stakeholder, chosen)
        except WijkError as err:
            show_error(err)
            return
        for key in (_ERASE_PENDING, _ERASE_CHOICE):
            reset_widget(key)
        reset_widget(editor_key(project_id))
        flash("success", trm("access.erased", name=names[chosen]))
        st.rerun()
    if no.button(tr("access.erase_cancel"), key="stakeholders_erase_cancel"):
        reset_widget(_ERASE_PENDING)
        st.rerun()
