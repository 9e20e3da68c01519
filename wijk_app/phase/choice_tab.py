"""Section "The choice": record the chosen neighbourhood; its reasons, as frozen with it."""

from __future__ import annotations

from datetime import date

import streamlit as st
from babel.dates import format_date

from wijk_core.i18n import Language
from wijk_core.phase import store as phase_store
from wijk_core.phase.collect import record_choice
from wijk_core.phase.model import Decision
from wijk_core.phase.snapshot import reasons
from wijk_core.phase.summary import choice_facts, reason_lines, snapshot_ranking, snapshot_weights

from ..cache import store
from ..state import lang, md, tr, trm
from .common import page_link, save, selection_state, text_table


def _shown(found: Decision, key: str) -> None:
    """The reasons and the frozen ranking of a recorded choice."""
    st.markdown(f"**{md(tr('phase.choice.reasons_title'))}**")
    st.markdown("\n".join(f"- {md(line)}" for line in reason_lines(reasons(found.snapshot, found.chosen),
                                                                    found.snapshot, lang())))
    text_table(choice_facts(found, lang()), f"phase_choice_facts_{key}")
    if found.snapshot.get("ranking"):
        st.caption(tr("phase.choice.frozen_note"))
        text_table(snapshot_ranking(found.snapshot, lang()), f"phase_choice_ranking_{key}")
        text_table(snapshot_weights(found.snapshot, lang()), f"phase_choice_weights_{key}")


def _form(project_id: int, state) -> None:
    data, saved, _, assessed = state
    names = {c.id: c.name for c in saved}
    ranked = assessed.outcome if assessed is not None else None
    first = (next(c.id for c in saved if c.name == assessed.winner[0]) if ranked is not None
             else saved[0].id)
    if ranked is None:
        st.warning(tr("phase.choice.unranked_warning"))
    with st.form("phase_choice"):
        chosen = st.selectbox(tr("phase.choice.chosen"), list(names), index=list(names).index(first),
                              format_func=names.get, key="phase_choice_candidate")
        others = st.multiselect(tr("phase.choice.alternatives"), list(names), format_func=names.get,
                                default=[i for i in names if i != first], key="phase_choice_alternatives")
        agreed_by = st.text_input(tr("phase.choice.agreed_by"), max_chars=200, key="phase_choice_agreed_by",
                                  placeholder=tr("phase.choice.agreed_by_help"))
        decided_on = st.date_input(tr("phase.choice.decided_on"), value=date.today(), key="phase_choice_date",
                                   format="DD/MM/YYYY")
        motivation = st.text_area(tr("phase.choice.motivation"), max_chars=2000, key="phase_choice_motivation")
        submitted = st.form_submit_button(tr("phase.choice.record"), type="primary")
    if submitted:
        save(record_choice, project_id, chosen, assessed, data, alternatives=[i for i in others if i != chosen],
             motivation=motivation, agreed_by=agreed_by, decided_on=decided_on,
             message=lambda found: trm("phase.choice.recorded", name=found.chosen))


def render(project_id: int) -> None:
    st.subheader(tr("phase.choice.title"))
    st.caption(tr("phase.choice.intro"))
    history = store().read(phase_store.decisions, project_id)
    if history:
        current = history[0]
        when = format_date(current.recorded_at, format="long", locale=Language(lang()).locale)
        st.success(trm("phase.choice.current", name=current.chosen, date=when), icon=":material/flag:")
        _shown(current, "current")
    else:
        st.info(tr("phase.choice.none"))
    state = selection_state(project_id)
    if len(state[1]) < 2:
        st.warning(tr("phase.choice.need_candidates"))
        page_link("wijkselectie")
        return
    _form(project_id, state)
    if len(history) > 1:
        with st.expander(tr("phase.choice.history")):
            for number, earlier in enumerate(history[1:], start=1):
                st.markdown(f"**{md(earlier.chosen)}** – {md(earlier.agreed_by or '–')}")
                text_table(choice_facts(earlier, lang()), f"phase_choice_history_{number}")
