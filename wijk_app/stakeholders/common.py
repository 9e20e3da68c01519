"""What every section of the stakeholders page shares: the saved inventory, messages, tables."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.stakeholders import RowIssue, empty_relations, inventory_frame, issue_column, issue_reason
from wijk_core.stakeholders import store as stored

from ..cache import store
from ..state import lang, tr, trm

FEEDBACK_KEY = "_stakeholders_feedback"

def show_error(err: WijkError) -> None:
    """Tell the user what is wrong, in their language."""
    st.error(trm(err.code, **err.params))


def remember(kind: str, text: str) -> None:
    """A message to show after the rerun that follows a save."""
    st.session_state[FEEDBACK_KEY] = (kind, text)


def show_feedback() -> None:
    """The message of the last save, once (kept in the page, not a fading toast)."""
    feedback = st.session_state.pop(FEEDBACK_KEY, None)
    if feedback:
        kind, text = feedback
        (st.success if kind == "success" else st.error)(text)


@dataclass(frozen=True)
class Saved:
    """The project's inventory (typed, with ``id``), relations and interview notes as stored."""

    inventory: pd.DataFrame
    relations: pd.DataFrame
    notes: list[stored.InterviewNote]

    @property
    def names(self) -> list[str]:
        return list(self.inventory["name"])


def saved(project_id: int) -> Saved:
    """Read what the project holds (a few small queries, every run: several facilitators may edit)."""
    with store().reading() as session:
        rows = stored.inventory_rows(session, project_id)
        relations = stored.relation_rows(session, project_id)
        notes = stored.interview_notes(session, project_id)
    inventory = inventory_frame(rows)
    if relations:
        frame = pd.DataFrame(relations, columns=["source", "target", "trust", "note"])
        frame["trust"] = frame["trust"].astype("Int64")
    else:
        frame = empty_relations()
    return Saved(inventory, frame, notes)


def issues_table(issues: tuple[RowIssue, ...]) -> pd.DataFrame:
    """The issues as a table (row, column, problem, effect) in the user's language; user text as text."""
    code = lang()
    return pd.DataFrame([{tr("stakeholders.col_row"): issue.row,
                          tr("stakeholders.col_column"): issue_column(issue, code),
                          tr("stakeholders.col_problem"): issue_reason(issue, code),
                          tr("stakeholders.col_severity"): tr(f"stakeholders.severity_{issue.severity}")}
                         for issue in issues])


def show_issues(issues: tuple[RowIssue, ...], key: str) -> None:
    """Every issue, one line each, in a table (a file with many bad rows stays readable)."""
    if issues:
        config = st.column_config
        st.dataframe(issues_table(issues), hide_index=True, key=key, column_config={
            tr("stakeholders.col_row"): config.NumberColumn(width="small"),
            tr("stakeholders.col_column"): config.TextColumn(width="small"),
            tr("stakeholders.col_problem"): config.TextColumn(width="large"),
            tr("stakeholders.col_severity"): config.TextColumn(width="small")})


def reset_widget(key: str) -> None:
    """Forget a widget's state (e.g. a table editor's edits) so it shows the stored data again."""
    st.session_state.pop(key, None)


def background(project_id: int):
    """The project's neighbourhood outlines for the map (its uploaded data, else the demo): (layer, label column)."""
    from ..selection.common import project_data

    data, _, _ = project_data(project_id)
    layer = data.wijken if data.wijken is not None and len(data.wijken) else data.sectors
    label = next((c for c in ("wijk_naam", "name", "naam") if c in layer.columns), None)
    return layer, label
