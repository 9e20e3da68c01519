"""Section "Ready to start?": the checklist for the team as a whole, with the chosen neighbourhood's scores beside it."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from wijk_core.phase import store as phase_store
from wijk_core.phase.model import READINESS_STATUSES, ReadinessAnswer, readiness_questions
from wijk_core.phase.summary import readiness_table

from ..cache import store
from ..state import labeller, lang, md, tr, trm
from .common import decision, evidence_view, save, text_table

EDITOR_PREFIX = "phase_readiness_editor_"
FIELDS = ("status", "owner", "answer", "evidence")


def _frame(answers) -> pd.DataFrame:
    labels = {q.key: q.question(lang()) for q in readiness_questions()}
    frame = pd.DataFrame([{"question": labels[a.key], "status": a.status, "owner": a.owner, "answer": a.answer,
                           "evidence": a.evidence} for a in answers])
    return frame.astype("string")


def _columns() -> dict:
    column = st.column_config
    return {"question": column.TextColumn(tr("phase.col.question"), disabled=True, width="large"),
            "status": column.SelectboxColumn(tr("phase.col.status"), options=list(READINESS_STATUSES),
                                             required=True, format_func=labeller("phase.status.")),
            "owner": column.TextColumn(tr("phase.col.owner"), max_chars=200),
            "answer": column.TextColumn(tr("phase.col.answer"), max_chars=2000, width="large"),
            "evidence": column.TextColumn(tr("phase.col.evidence"), max_chars=1000)}


def _answers(answers, edited: pd.DataFrame) -> list[ReadinessAnswer]:
    found = []
    for answer, row in zip(answers, edited.to_dict("records"), strict=True):
        values = {name: "" if pd.isna(row.get(name)) else str(row.get(name)) for name in FIELDS}
        found.append(ReadinessAnswer(answer.key, values["answer"], values["owner"], values["status"] or "open",
                                     values["evidence"]))
    return found


def render(project_id: int) -> None:
    st.subheader(tr("phase.readiness.title"))
    st.caption(tr("phase.readiness.intro"))
    answers = store().read(phase_store.readiness, project_id)
    stamp = hashlib.sha1(repr(answers).encode()).hexdigest()[:8]
    with st.form(f"phase_readiness_{stamp}"):
        edited = st.data_editor(_frame(answers), key=f"{EDITOR_PREFIX}{stamp}", num_rows="fixed", hide_index=True,
                                width="stretch", column_config=_columns())
        submitted = st.form_submit_button(tr("phase.readiness.save"), type="primary")
    if submitted:
        save(phase_store.save_readiness, project_id, _answers(answers, edited), message=tr("phase.saved"))
    with_evidence = [a for a in answers if a.evidence]
    if with_evidence:
        st.markdown(f"**{md(tr('phase.readiness.evidence_links'))}**")
        labels = {q.key: q.label(lang()) for q in readiness_questions()}
        for answer in with_evidence:
            st.caption(md(labels[answer.key]))
            evidence_view(answer.evidence)
    chosen = decision(project_id)
    if chosen is not None:
        st.caption(trm("phase.readiness.chosen_note", name=chosen.chosen))
        text_table(readiness_table(answers, lang(), chosen), "phase_readiness_chosen")
