"""The facilitator's overview: filters, counts per category and over time, top ideas, the map, per candidate.

The overview is a fragment: a filter or the period changes only it, so only it runs again (it reads the
ideas itself, so a filter change still shows what residents posted meanwhile). Its charts are built once per
content (the ideas that pass the filters, the categories, language, period and type size) and shared.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from wijk_core import config
from wijk_core.selection import store as selection_store
from wijk_core.i18n import format_number, t, tn
from wijk_core.ideas.charts import category_chart, timeline_chart, top_ideas_chart
from wijk_core.ideas import (counts_over_time, counts_per_category, filter_ideas, idea_map, ideas_per_candidate,
                             format_support, local_dates, top_ideas)
from wijk_core.ideas.summary import candidate_table, top_table

from ..cache import store
from ..basemap import offline_tiles
from ..state import labeller, lang, tr
from .common import categories as project_categories
from .common import idea_area, load_frame, map_labels, workshop_mode

PERIODS = ("day", "week", "month")


def filters(frame: pd.DataFrame, categories: dict[str, tuple[str, str]], project_id: int) -> pd.DataFrame:
    """Category, period, candidate-neighbourhood and text filters; returns the ideas that pass."""
    columns = st.columns([3, 2, 2, 2])
    chosen = columns[0].multiselect(tr("ideas.filter_categories"), list(categories), default=list(categories),
                                    format_func=lambda key: categories[key][0], key="ideas_mod_categories")
    if frame.empty:
        first = last = date.today()
    else:
        days = local_dates(frame["created_at"])
        first, last = min(days), max(days)
    period = columns[1].date_input(tr("ideas.mod_period"), value=(first, last), key="ideas_mod_period",
                                   format="DD/MM/YYYY")
    saved = {candidate.id: candidate for candidate in store().read(selection_store.list_candidates, project_id)}
    within = columns[2].selectbox(tr("ideas.mod_within"), list(saved), index=None, key="ideas_mod_within",
                                  format_func=lambda cid: saved[cid].name, placeholder=tr("ideas.mod_within_all"))
    text = columns[3].text_input(tr("ideas.filter_text"), key="ideas_mod_text", max_chars=100)
    start, end = (tuple(period) + (None, None))[:2] if isinstance(period, (tuple, list)) else (period, period)
    if start is not None and end is not None and start > end:
        start, end = end, start
    perimeter = saved[within].geometry if within in saved else None
    return filter_ideas(frame, categories=chosen, start=start, end=end, text=text, perimeter=perimeter)


def _metrics(frame: pd.DataFrame) -> None:
    columns = st.columns(4)
    code = lang()
    columns[0].metric(tr("ideas.mod_metric_ideas"), format_number(len(frame), code))
    columns[1].metric(tr("ideas.mod_metric_votes"), format_number(int(frame["votes"].sum()), code))
    columns[2].metric(tr("ideas.mod_metric_support"), format_support(frame["support"].sum()))
    columns[3].metric(tr("ideas.mod_metric_comments"), format_number(int(frame["comments"].sum()), code))


def _large(figure, large: bool):
    """On a projector, chart text grows with the page's type."""
    if large:
        figure.update_layout(font_size=18, title_font_size=24)
    return figure


# Streamlit hashes the frame's content for the key; the figures are only read by st.plotly_chart.
@st.cache_resource(show_spinner=False, max_entries=32)
def _category_chart(shown: pd.DataFrame, categories: tuple, code: str, large: bool):
    labels = dict(categories)
    counts = counts_per_category(shown, list(labels))
    return _large(category_chart(counts, labels, title=t("ideas.mod_chart_categories", code),
                                 ideas_label=t("ideas.mod_ideas", code), support_label=t("ideas.support", code),
                                 ideas_text=lambda n: tn("ideas.ideas_count", n, code), lang=code), large)


@st.cache_resource(show_spinner=False, max_entries=32)
def _timeline_chart(shown: pd.DataFrame, categories: tuple, code: str, period: str, large: bool):
    """The chart of new ideas per period, None when there is nothing to count."""
    labels = dict(categories)
    over_time = counts_over_time(shown, period, list(labels))
    if over_time.empty:
        return None
    return _large(timeline_chart(over_time, labels, title=t("ideas.mod_chart_time", code),
                                 ideas_label=t("ideas.mod_ideas", code), lang=code, period=period), large)


@st.cache_resource(show_spinner=False, max_entries=32)
def _top(shown: pd.DataFrame, categories: tuple, code: str, large: bool):
    """The top ideas' chart and table, None when no idea passes the filters."""
    top = top_ideas(shown, 10) if not shown.empty else shown
    if top.empty:
        return None
    labels = dict(categories)
    chart = top_ideas_chart(top, labels, title="", support_label=t("ideas.support", code),
                            votes_text=lambda n: tn("ideas.votes_count", n, code), lang=code)
    return _large(chart, large), top_table(top, labels, code)


@st.fragment
def render(project_id: int) -> None:
    """The overview of the project's visible ideas (a fragment: its filters run only it again)."""
    categories = project_categories(project_id)
    shown = filters(load_frame(project_id), categories, project_id)
    _metrics(shown)
    code, large, cached = lang(), workshop_mode(), tuple(categories.items())
    left, right = st.columns(2)
    left.plotly_chart(_category_chart(shown, cached, code, large), key="ideas_chart_categories")
    with right:
        period = st.segmented_control(tr("ideas.mod_per"), PERIODS, default="day", key="ideas_mod_per",
                                      format_func=labeller("ideas.mod_per_")) or "day"
        timeline = _timeline_chart(shown, cached, code, period, large)
        if timeline is None:
            st.subheader(tr("ideas.mod_chart_time"))
            st.info(tr("ideas.mod_chart_time_empty"), icon=":material/info:")
        else:
            st.plotly_chart(timeline, key="ideas_chart_time")
    st.subheader(tr("ideas.mod_top_title"))
    top = _top(shown, cached, code, large)
    if top is None:
        st.info(tr("ideas.list_empty"))
    else:
        st.plotly_chart(top[0], key="ideas_chart_top")
        st.dataframe(top[1], hide_index=True, key="ideas_top_table")
    st.subheader(tr("ideas.mod_map_title"))
    st_folium(idea_map(shown, categories=categories, area=idea_area(project_id), labels=map_labels(),
                       basemap=config.basemap(), view_key=f"wijk-ideas-moderation-view:{project_id}",
                       local_tiles=offline_tiles(project_id)),
              height=640 if large else 480, use_container_width=True, key="ideas_mod_map",
              returned_objects=[])
    _per_candidate(project_id, shown)


def _per_candidate(project_id: int, shown: pd.DataFrame) -> None:
    saved = store().read(selection_store.list_candidates, project_id)
    st.subheader(tr("ideas.mod_per_candidate_title"))
    if not saved:
        st.caption(tr("ideas.mod_per_candidate_none"))
        return
    counts = ideas_per_candidate(shown, saved)
    st.caption(tr("ideas.mod_per_candidate_help"))
    st.dataframe(candidate_table(counts, lang()), hide_index=True, key="ideas_per_candidate")


__all__ = ["filters", "render"]
