"""The issues of a check in the user's language: which row, which column, why."""

from __future__ import annotations

from wijk_core.i18n import t
from wijk_core.stakeholders.model import CHOICE_COLUMNS
from wijk_core.stakeholders.validation import RowIssue

__all__ = ["describe_issue", "issue_column", "issue_reason"]


def issue_reason(issue: RowIssue, lang: str) -> str:
    """Why the cell is wrong, in ``lang``; for a closed set the allowed values in ``lang`` too."""
    params = dict(issue.params)
    if issue.column in CHOICE_COLUMNS and "allowed" in params:
        enum = CHOICE_COLUMNS[issue.column]
        params["allowed"] = ", ".join(t(enum.label_key(m.value), lang) for m in enum)
    return t(issue.code, lang, **params)


def issue_column(issue: RowIssue, lang: str) -> str:
    """The column as the user knows it: its heading in the file, else its label in ``lang``."""
    if issue.column is None:
        return ""
    if issue.header and issue.header != issue.column:
        return issue.header
    return t(f"stakeholders.col_{issue.column}", lang)


def describe_issue(issue: RowIssue, lang: str) -> str:
    """The issue as one sentence in ``lang``: which row, which column, why.

    E.g. ``Rij 4, kolom ‘Invloed’: ‘7’ is geen geheel getal van 1 tot 5.``
    """
    reason = issue_reason(issue, lang)
    if issue.column is None:
        return t("stakeholders.issue_row", lang, row=issue.row, reason=reason)
    return t("stakeholders.issue_cell", lang, row=issue.row, column=issue_column(issue, lang), reason=reason)
