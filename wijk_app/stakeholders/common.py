"""What every section of the stakeholders page shares: the saved inventory, issue tables, the map background."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from wijk_core.stakeholders import RowIssue, inventory_frame
from wijk_core.stakeholders.summary import issues_table, relations_frame
from wijk_core.stakeholders import store as stored

from ..cache import store
from ..project_data import project_data
from ..state import lang, tr

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def editor_key(project_id: int) -> str:
    """Session key of the inventory's table editor (the interviews reset it after adding a suggestion)."""
    return f"stakeholders_editor_{project_id}"


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
    return Saved(inventory_frame(rows), relations_frame(relations), notes)


def show_issues(issues: tuple[RowIssue, ...], key: str) -> None:
    """Every issue, one line each, in a table (a file with many bad rows stays readable)."""
    if issues:
        config = st.column_config
        st.dataframe(issues_table(issues, lang()), hide_index=True, key=key, column_config={
            tr("stakeholders.col_row"): config.NumberColumn(width="small"),
            tr("stakeholders.col_column"): config.TextColumn(width="small"),
            tr("stakeholders.col_problem"): config.TextColumn(width="large"),
            tr("stakeholders.col_severity"): config.TextColumn(width="small")})


def reset_widget(key: str) -> None:
    """Forget a widget's state (e.g. a table editor's edits) so it shows the stored data again."""
    st.session_state.pop(key, None)


def background(project_id: int):
    """The project's neighbourhood outlines for the map (its uploaded data, else the demo): (layer, label column)."""
    return background_of(project_id)[:2]


def background_of(project_id: int):
    """:func:`background` and the key of the data it comes from: (layer, label column, data key)."""
    data, _, key = project_data(project_id)
    layer = data.wijken if data.wijken is not None and len(data.wijken) else data.sectors
    label = next((c for c in ("wijk_naam", "name", "naam") if c in layer.columns), None)
    return layer, label, key
