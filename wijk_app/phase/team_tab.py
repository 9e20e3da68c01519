"""Section "Team": the members with their expertise, what the team still misses, its size, its agreements."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from wijk_core.phase import store as phase_store
from wijk_core.phase.dossier import team_lines
from wijk_core.phase.model import EXPERTISE, MEMBER_ROLES, Agreement, missing_expertise

from ..cache import store
from ..state import labeller, lang, tr, trn
from .common import save

EDITOR_PREFIX = "phase_team_editor_"


def _frame(team) -> pd.DataFrame:
    rows = [{"name": m.name, "organisation": m.organisation, "role": m.role,
             **{kind: kind in m.expertise for kind in EXPERTISE}} for m in team]
    frame = pd.DataFrame(rows, columns=["name", "organisation", "role", *EXPERTISE])
    return frame.astype({"name": "string", "organisation": "string", "role": "string",
                         **{kind: "bool" for kind in EXPERTISE}})


def _columns() -> dict:
    column = st.column_config
    return {"name": column.TextColumn(tr("phase.col.name"), max_chars=200, width="medium"),
            "organisation": column.TextColumn(tr("phase.col.organisation"), max_chars=200),
            "role": column.SelectboxColumn(tr("phase.col.role"), options=list(MEMBER_ROLES), default="other",
                                           format_func=labeller("phase.role_")),
            **{kind: column.CheckboxColumn(tr(f"phase.expertise.{kind}"), default=False) for kind in EXPERTISE}}


def _rows(edited: pd.DataFrame) -> list[dict]:
    return [{"name": row.get("name"), "organisation": row.get("organisation"), "role": row.get("role"),
             "expertise": [kind for kind in EXPERTISE if bool(row.get(kind)) and not pd.isna(row.get(kind))]}
            for row in edited.to_dict("records")]


def _team(project_id: int) -> None:
    team = store().read(phase_store.list_team, project_id)
    stamp = hashlib.sha1(repr(team).encode()).hexdigest()[:8]
    with st.form(f"phase_team_{stamp}"):
        edited = st.data_editor(_frame(team), key=f"{EDITOR_PREFIX}{stamp}", num_rows="dynamic", hide_index=True,
                                width="stretch", column_config=_columns())
        submitted = st.form_submit_button(tr("phase.team.save"), type="primary")
    if submitted:
        save(phase_store.save_team, project_id, _rows(edited), message=lambda team: trn("phase.team.saved", len(team)))
    size, gaps = team_lines(team, lang())
    st.info(size, icon=":material/groups:")
    (st.warning if missing_expertise(team) else st.success)(gaps)


def _agreements(project_id: int) -> None:
    st.subheader(tr("phase.team.agreements_title"))
    st.caption(tr("phase.team.agreements_help"))
    items = store().read(phase_store.agreements, project_id)
    with st.form("phase_agreements"):
        chosen = []
        for item in items:
            agreed = st.checkbox(tr(f"phase.agreement.{item.key}"), value=item.agreed,
                                 key=f"phase_agreed_{item.key}")
            note = st.text_area(tr("phase.col.note"), value=item.note, key=f"phase_agreement_note_{item.key}",
                                height=68, max_chars=2000, label_visibility="collapsed")
            chosen.append(Agreement(item.key, agreed, note))
        submitted = st.form_submit_button(tr("phase.team.agreements_save"))
    if submitted:
        save(phase_store.save_agreements, project_id, chosen, message=tr("phase.saved"))


def render(project_id: int) -> None:
    st.subheader(tr("phase.team.title"))
    st.caption(tr("phase.team.intro"))
    _team(project_id)
    _agreements(project_id)
