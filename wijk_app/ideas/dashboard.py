"""The facilitator's overview: filters, counts per category and over time, top ideas, the map, per candidate."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from wijk_core import config
from wijk_core.selection import store as selection_store
from wijk_core.i18n import format_number
from wijk_core.ideas.charts import category_chart, timeline_chart, top_ideas_chart
from wijk_core.ideas import (counts_over_time, counts_per_category, filter_ideas, idea_map, ideas_per_candidate,
                             format_support, local_dates, top_ideas)
from wijk_core.ideas.summary import candidate_table, top_table

from ..cache import store
from ..basemap import offline_tiles
from ..state import labeller, lang, tr, trn
from .common import map_labels, workshop_mode

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


def _large(figure):
    """On a projector, chart text grows with the page's type."""
    if workshop_mode():
        figure.update_layout(font_size=18, title_font_size=24)
    return figure


def render(project_id: int, frame: pd.DataFrame, categories: dict[str, tuple[str, str]], area) -> None:
    shown = filters(frame, categories, project_id)
    _metrics(shown)
    left, right = st.columns(2)
    counts = counts_per_category(shown, list(categories))
    left.plotly_chart(_large(category_chart(counts, categories, title=tr("ideas.mod_chart_categories"),
                                            ideas_label=tr("ideas.mod_ideas"), support_label=tr("ideas.support"),
                                            ideas_text=lambda n: trn("ideas.ideas_count", n), lang=lang())),
                      key="ideas_chart_categories")
    with right:
        period = st.segmented_control(tr("ideas.mod_per"), PERIODS, default="day", key="ideas_mod_per",
                                      format_func=labeller("ideas.mod_per_")) or "day"
        over_time = counts_over_time(shown, period, list(categories))
        if over_time.empty:
            st.subheader(tr("ideas.mod_chart_time"))
            st.info(tr("ideas.mod_chart_time_empty"), icon=":material/info:")
        else:
            st.plotly_chart(_large(timeline_chart(over_time, categories, title=tr("ideas.mod_chart_time"),
                                                  ideas_label=tr("ideas.mod_ideas"), lang=lang(), period=period)),
                            key="ideas_chart_time")
    st.subheader(tr("ideas.mod_top_title"))
    top = top_ideas(shown, 10) if not shown.empty else shown
    if top.empty:
        st.info(tr("ideas.list_empty"))
    else:
        st.plotly_chart(_large(top_ideas_chart(top, categories, title="", support_label=tr("ideas.support"),
                                               votes_text=lambda n: trn("ideas.votes_count", n), lang=lang())),
                        key="ideas_chart_top")
        st.dataframe(top_table(top, categories, lang()), hide_index=True, key="ideas_top_table")
    st.subheader(tr("ideas.mod_map_title"))
    st_folium(idea_map(shown, categories=categories, area=area, labels=map_labels(), basemap=config.basemap(),
                       view_key=f"wijk-ideas-moderation-view:{project_id}",
                       local_tiles=offline_tiles(project_id)),
              height=640 if workshop_mode() else 480, use_container_width=True, key="ideas_mod_map",
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
