"""Idea map (residents): tap the map, describe the idea, vote and comment. ``?workshop=1`` for a projector."""

import streamlit as st

from wijk_app.ideas import idea_detail, idea_list, new_idea, resident_map
from wijk_app.ideas.common import apply_workshop_style, categories, idea_area, keep_participant, load_frame, places
from wijk_app.gate import require_page
from wijk_app.state import current_project, show_flash, tr
from wijk_core.access import Action
from wijk_core.ideas import legend_html

project = current_project()
require_page(Action.IDEAS_READ, project.id)
st.title(tr("ideas.title"))
apply_workshop_style()
st.caption(tr("ideas.intro"))
area = idea_area(project.id)
labels = categories(project.id)
ideas = load_frame(project.id)
shown = idea_list.filters(ideas, labels)
st.html(legend_html(labels, shown["category"].value_counts().to_dict()))

map_column, list_column = st.columns([3, 2], gap="medium")
with map_column:
    resident_map.render(project.id, shown, area, labels)
    show_flash()
    if st.session_state.get(resident_map.PENDING_KEY):
        with st.container(key=resident_map.NEW_PANEL):
            new_idea.render(project.id, area, labels)
        resident_map.scroll_once(resident_map.NEW_PANEL)
    elif st.session_state.get(resident_map.SELECTED_KEY) is not None:
        with st.container(key=resident_map.DETAIL_PANEL):
            idea_detail.render(project.id, st.session_state[resident_map.SELECTED_KEY], labels)
        resident_map.scroll_once(resident_map.DETAIL_PANEL)
    else:
        st.info(tr("ideas.tap_hint"), icon=":material/touch_app:")
        new_idea.render_places(places(project.id, area))
with list_column:
    idea_list.render(shown, labels)
keep_participant()  # last: its script takes no room in the layout
