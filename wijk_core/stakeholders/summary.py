"""The stakeholder tables as the facilitator reads them: headers and labels in one language.

Each function takes the saved inventory (:func:`~wijk_core.stakeholders.frames.inventory_frame`),
relations or notes and returns a small table for the page to show or export:

- :func:`relations_frame`: stored relation rows as the typed relation list;
- :func:`issues_table`: the issues of a check, one line each;
- :func:`quadrant_table`: the power–interest quadrants with their advice and members;
- :func:`network_table`: who connects the network and who stands apart;
- :func:`suggested_by` and :func:`suggestions_table`: the snowball suggestions;
- :func:`suggestion_row`: a suggestion typed in the form, as a one-row inventory to check;
- :func:`notes_table`: interview notes with each question's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from wijk_core.i18n import format_number, t
from wijk_core.stakeholders.charts import QUADRANTS, power_interest_table
from wijk_core.stakeholders.messages import issue_column, issue_reason
from wijk_core.stakeholders.model import Group
from wijk_core.stakeholders.network import build_graph, network_measures
from wijk_core.stakeholders.templates import interview_questions
from wijk_core.stakeholders.validation import RowIssue, empty_relations

__all__ = ["issues_table", "network_table", "notes_table", "quadrant_table", "relations_frame", "suggested_by",
           "suggestion_row", "suggestions_table"]

RELATION_COLUMNS = ["source", "target", "trust", "note"]


def relations_frame(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """Stored relations ``(source, target, trust, note)`` as the relation list (``trust`` as Int64)."""
    if not rows:
        return empty_relations()
    frame = pd.DataFrame(rows, columns=RELATION_COLUMNS)
    frame["trust"] = frame["trust"].astype("Int64")
    return frame


def issues_table(issues: Iterable[RowIssue], lang: str) -> pd.DataFrame:
    """The issues as a table (row, column, problem, severity) in ``lang``; user text stays text."""
    return pd.DataFrame([{t("stakeholders.col_row", lang): issue.row,
                          t("stakeholders.col_column", lang): issue_column(issue, lang),
                          t("stakeholders.col_problem", lang): issue_reason(issue, lang),
                          t("stakeholders.col_severity", lang): t(f"stakeholders.severity_{issue.severity}", lang)}
                         for issue in issues])


def quadrant_table(inventory: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per power–interest quadrant: its name, the advice, its members (``–`` when none)."""
    table = power_interest_table(inventory)
    return pd.DataFrame([{
        t("stakeholders.col_quadrant", lang): t(f"stakeholders.quadrant_{key}", lang),
        t("stakeholders.col_advice", lang): t(f"stakeholders.advice_{key}", lang),
        t("stakeholders.col_members", lang): ", ".join(table.loc[table["quadrant"] == key, "name"]) or "–",
    } for key in QUADRANTS])


def network_table(inventory: pd.DataFrame, relations: pd.DataFrame, lang: str, *,
                  include_suggestions: bool = True) -> pd.DataFrame:
    """Each stakeholder's place in the network, the best connectors first.

    Columns: name, group, degree, betweenness (2 decimals) and the role (connector,
    isolated or nothing), sorted by betweenness then degree.
    """
    measures = network_measures(build_graph(inventory, relations, include_suggestions=include_suggestions))
    measures = measures.sort_values(["betweenness", "degree"], ascending=False)
    groups = dict(zip(inventory["name"], inventory["group"]))
    return pd.DataFrame({
        t("stakeholders.col_name", lang): measures.index,
        t("stakeholders.col_group", lang): [t(Group.label_key(groups[n]), lang) for n in measures.index],
        t("stakeholders.col_degree", lang): measures["degree"].to_numpy(),
        t("stakeholders.col_betweenness", lang): [format_number(b, lang, 2) for b in measures["betweenness"]],
        t("stakeholders.col_role_in_network", lang): [
            t("stakeholders.node_connector", lang) if c else t("stakeholders.node_isolated", lang) if i else ""
            for c, i in zip(measures["connector"], measures["isolated"])],
    })


def suggested_by(inventory: pd.DataFrame, name: str, lang: str) -> pd.DataFrame:
    """The stakeholders that ``name`` suggested, one column headed in ``lang`` (no rows when none)."""
    suggested = inventory.loc[inventory["suggested_by"] == name, "name"]
    return pd.DataFrame({t("stakeholders.suggested_list", lang, name=name): suggested.to_numpy()})


def suggestions_table(inventory: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every snowball suggestion: who suggested whom."""
    suggested = inventory[inventory["suggested_by"].notna()]
    return pd.DataFrame({t("stakeholders.col_suggested_by", lang): suggested["suggested_by"].to_numpy(),
                         t("stakeholders.col_name", lang): suggested["name"].to_numpy()})


def suggestion_row(name: str, organisation: str, group: str, suggested_by: str) -> pd.DataFrame:
    """A stakeholder suggested in an interview, as a one-row inventory for
    :func:`~wijk_core.stakeholders.validation.check_inventory`."""
    return pd.DataFrame([{"name": name, "organisation": organisation, "group": group,
                          "suggested_by": suggested_by}])


def notes_table(inventory: pd.DataFrame, notes: Iterable[Any], lang: str) -> pd.DataFrame:
    """Interview notes as ``name``, ``question`` (its text in ``lang``), ``answer``.

    Parameters
    ----------
    inventory
        The saved inventory, with its ``id`` column.
    notes
        Stored notes (``stakeholder_id``, ``question`` key, ``answer``).
    """
    names = dict(zip(inventory["id"].astype(int), inventory["name"]))
    texts = {q.key: q.text(lang) for q in interview_questions()}
    return pd.DataFrame([{"name": names.get(n.stakeholder_id, ""), "question": texts.get(n.question, n.question),
                          "answer": n.answer} for n in notes], columns=["name", "question", "answer"])
