"""The facilitator's idea tables: the top ideas, ideas per candidate, the moderation log, in one language.

Each function takes what the page already has (the top ideas of :func:`~wijk_core.ideas.stats.top_ideas`,
the counts of :func:`~wijk_core.ideas.place.ideas_per_candidate`, the stored log) and
returns the table to show, headers from the message catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import pandas as pd

from wijk_core.i18n import t

__all__ = ["candidate_table", "log_table", "top_table"]


def top_table(top: pd.DataFrame, categories: Mapping[str, tuple[str, str]], lang: str) -> pd.DataFrame:
    """The top ideas: number, title, category label, support, votes (all, for, against), comments.

    Parameters
    ----------
    top
        Ideas as :func:`~wijk_core.ideas.stats.top_ideas` returns them.
    categories
        Category key → (label, colour); an unknown key is shown as itself.
    """
    return pd.DataFrame({
        "#": top["id"].to_numpy(), t("ideas.field_title", lang): top["title"].to_numpy(),
        t("ideas.field_category", lang): [categories.get(k, (k, ""))[0] for k in top["category"]],
        t("ideas.support", lang): top["support"].to_numpy(), t("ideas.votes", lang): top["votes"].to_numpy(),
        t("ideas.mod_votes_for", lang): top["votes_for"].to_numpy(),
        t("ideas.mod_votes_against", lang): top["votes_against"].to_numpy(),
        t("ideas.comments", lang): top["comments"].to_numpy()})


def candidate_table(counts: pd.Series, lang: str) -> pd.DataFrame:
    """Ideas per candidate neighbourhood (the counts of :func:`~wijk_core.ideas.place.ideas_per_candidate`)."""
    return pd.DataFrame({t("ideas.mod_candidate", lang): counts.index, t("ideas.mod_ideas", lang): counts.to_numpy()})


def log_table(entries: Sequence[Any], lang: str, when: Callable[[datetime], str]) -> pd.DataFrame:
    """The moderation log: when, action, by whom, which idea (→ merged into), the note.

    Parameters
    ----------
    entries
        Stored log entries (``created_at``, ``action``, ``actor``, ``idea_id``, ``target_id``, ``note``).
    when
        Writes a moment for the reader (local time, their language).
    """
    return pd.DataFrame({
        t("ideas.mod_log_when", lang): [when(e.created_at) for e in entries],
        t("ideas.mod_log_action", lang): [t(f"ideas.action_{e.action}", lang) for e in entries],
        t("ideas.mod_log_actor", lang): [t(f"ideas.actor_{e.actor}", lang) for e in entries],
        "#": [e.idea_id for e in entries], "→": [e.target_id for e in entries],
        t("ideas.mod_log_note", lang): [e.note or "" for e in entries]})
