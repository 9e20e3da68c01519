"""The list of ideas beside the map: the same ideas as buttons, for keyboards and screen readers."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from wijk_core.ideas import filter_ideas

from ..state import labeller, md, tr
from .common import idea_label
from .resident_map import SELECTED_KEY, select

PAGE_SIZE = 10
SORTS = ("newest", "support", "comments")


def filters(frame: pd.DataFrame, categories: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """Category and text filters (shared by the map and the list); returns the ideas that pass."""
    with st.expander(tr("ideas.filter_title"), icon=":material/filter_list:"):
        chosen = st.multiselect(tr("ideas.filter_categories"), list(categories), default=list(categories),
                                format_func=lambda key: categories[key][0], key="ideas_filter_categories")
        text = st.text_input(tr("ideas.filter_text"), key="ideas_filter_text", max_chars=100)
    return filter_ideas(frame, categories=chosen, text=text)


def _ordered(frame: pd.DataFrame, sort: str) -> pd.DataFrame:
    if sort == "support":
        return frame.sort_values(["support", "votes", "created_at"], ascending=[False, False, False])
    if sort == "comments":
        return frame.sort_values(["comments", "created_at"], ascending=[False, False])
    return frame.sort_values(["created_at", "id"], ascending=[False, False])


def render(frame: pd.DataFrame, categories: dict[str, tuple[str, str]]) -> None:
    st.subheader(tr("ideas.list_title", count=len(frame)))
    if frame.empty:
        st.info(tr("ideas.list_empty"))
        return
    sort = st.selectbox(tr("ideas.sort"), SORTS, format_func=labeller("ideas.sort_"), key="ideas_sort")
    ordered = _ordered(frame, sort)
    pages = max(1, math.ceil(len(ordered) / PAGE_SIZE))
    page = st.pagination(pages, key="ideas_page") if pages > 1 else 1
    page = min(max(1, int(page or 1)), pages)
    selected = st.session_state.get(SELECTED_KEY)
    for idea in ordered.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE].itertuples():
        label, _colour = categories.get(idea.category, (idea.category, ""))
        st.button(idea_label(idea, label), key=f"ideas_open_{idea.id}", on_click=select, args=(int(idea.id),),
                  type="primary" if selected == idea.id else "secondary", width="stretch",
                  help=tr("ideas.open_help", title=md(idea.title)))
