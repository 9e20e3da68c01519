"""Section "Interviews": notes per stakeholder against the seed's questions; snowball suggestions."""

from __future__ import annotations

import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.stakeholders import Group, check_inventory, interview_questions, records
from wijk_core.stakeholders.summary import suggested_by, suggestion_row
from wijk_core.stakeholders import store as stored

from ..cache import store
from ..state import flash, labeller, lang, show_error, tr, trm
from .common import Saved, editor_key, show_issues

ANSWER_MAX = stored.ANSWER_MAX


def render(project, data: Saved) -> None:
    st.write(tr("stakeholders.interviews_intro"))
    if data.inventory.empty:
        st.info(tr("stakeholders.charts_empty"))
        return
    ids = [int(i) for i in data.inventory["id"]]
    names = dict(zip(ids, data.inventory["name"]))
    interviewed = {note.stakeholder_id for note in data.notes}
    st.progress(len(interviewed) / len(ids),
                text=tr("stakeholders.interviews_progress", done=len(interviewed), total=len(ids)))
    if st.session_state.get("stakeholders_interviewee") not in names:
        st.session_state["stakeholders_interviewee"] = ids[0]
    chosen = st.selectbox(tr("stakeholders.interviewee"), ids, key="stakeholders_interviewee",
                          format_func=lambda i: names.get(i, str(i)))
    _notes_form(chosen, data)
    _snowball(project.id, chosen, names[chosen], data)


def _notes_form(stakeholder_id: int, data: Saved) -> None:
    answers = {n.question: n.answer for n in data.notes if n.stakeholder_id == stakeholder_id}
    code = lang()
    with st.form(f"stakeholders_notes_{stakeholder_id}"):
        typed = {}
        for question in interview_questions():
            typed[question.key] = st.text_area(question.text(code), value=answers.get(question.key, ""),
                                               max_chars=ANSWER_MAX, height=80,
                                               key=f"stakeholders_note_{stakeholder_id}_{question.key}")
        if st.form_submit_button(tr("stakeholders.save_notes"), type="primary"):
            try:
                store().write(stored.save_notes, stakeholder_id, typed)
            except WijkError as err:
                show_error(err)
            else:
                flash("success", tr("stakeholders.notes_saved"))
                st.rerun()


def _snowball(project_id: int, stakeholder_id: int, name: str, data: Saved) -> None:
    st.subheader(trm("stakeholders.snowball_title", name=name))
    suggested = suggested_by(data.inventory, name, lang())
    if len(suggested):
        st.dataframe(suggested, hide_index=True, key="stakeholders_suggested_by_current")
    else:
        st.caption(tr("stakeholders.nobody_suggested"))
    with st.form(f"stakeholders_snowball_{stakeholder_id}", clear_on_submit=True):
        cols = st.columns(3)
        new_name = cols[0].text_input(tr("stakeholders.col_name"), max_chars=120,
                                      key=f"stakeholders_snowball_name_{stakeholder_id}")
        organisation = cols[1].text_input(tr("stakeholders.col_organisation"), max_chars=200,
                                          key=f"stakeholders_snowball_org_{stakeholder_id}")
        group = cols[2].selectbox(tr("stakeholders.col_group"), [g.value for g in Group],
                                  format_func=labeller("stakeholders.group_"),
                                  key=f"stakeholders_snowball_group_{stakeholder_id}")
        if st.form_submit_button(tr("stakeholders.snowball_add")):
            row = suggestion_row(new_name, organisation, group, name)
            checked = check_inventory(row, first_row=1, known_names=data.names)
            if checked.errors:
                show_issues(checked.errors, "stakeholders_snowball_issues")
                return
            try:
                store().write(stored.add_stakeholder, project_id, records(checked.valid)[0])
            except WijkError as err:
                show_error(err)
                return
            st.session_state.pop(editor_key(project_id), None)
            flash("success", trm("stakeholders.snowball_added", name=checked.valid["name"].iloc[0]))
            st.rerun()
