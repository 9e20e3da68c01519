"""The form for a new idea, under the map once a spot is chosen; and choosing a spot without the map."""

from __future__ import annotations

import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.ideas import PSEUDONYM_MAX, TEXT_MAX, TITLE_MAX, IdeaArea
from wijk_core.ideas import store as idea_store

from ..cache import store
from ..state import error_text, flash, form_error, md, renew, show_form_error, tr, widget_key
from .common import DONE_ICON, origin, participant_token, pseudonym_field, remember_pseudonym
from .resident_map import PENDING_KEY, SELECTED_KEY, start_new

_FIELDS = ("ideas_new_category", "ideas_new_title", "ideas_new_text")


_FORM = "ideas_new_form"


def _send(project_id: int, area: IdeaArea) -> None:
    """Callback of the send button: store the idea before the page is drawn (see :func:`~..state.form_error`)."""
    pending = st.session_state.get(PENDING_KEY)
    if pending is None:  # sent twice from a stale page: the first one was taken
        return
    form_error(_FORM, None)
    state = st.session_state
    category = state.get(widget_key("ideas_new_category"))
    if category is None:
        form_error(_FORM, tr("ideas.choose_category"))
        return
    pseudonym = state.get(pseudonym_field("ideas_pseudonym"), "")
    try:
        idea = store().write(idea_store.add_idea, project_id, participant_token(), area.locate(*pending),
                             category=category, title=state.get(widget_key("ideas_new_title"), ""),
                             text=state.get(widget_key("ideas_new_text"), ""), pseudonym=pseudonym, origin=origin())
    except WijkError as err:
        form_error(_FORM, error_text(err))
        return
    state[PENDING_KEY] = None
    state[SELECTED_KEY] = idea.id
    remember_pseudonym(pseudonym)
    renew(*_FIELDS)  # an empty form for the next idea; the pseudonym stays
    flash("success", tr("ideas.sent", title=md(idea.title)), DONE_ICON)


def _cancel() -> None:
    st.session_state[PENDING_KEY] = None


def render(project_id: int, area: IdeaArea, categories: dict[str, tuple[str, str]]) -> None:
    """The new-idea form for the pending spot."""
    st.subheader(tr("ideas.new_title"))
    st.caption(tr("ideas.new_where"))
    with st.form(_FORM, border=True):
        st.radio(tr("ideas.field_category"), list(categories), index=None, horizontal=True,
                 format_func=lambda key: md(categories[key][0]), key=widget_key("ideas_new_category"))
        # No max_chars: Streamlit drops a paste longer than the limit without a word; the
        # core refuses an over-long text with its length and the limit, and the text stays to shorten.
        st.text_input(tr("ideas.field_title"), key=widget_key("ideas_new_title"),
                      placeholder=tr("ideas.field_title_placeholder"))
        st.text_area(tr("ideas.field_text"), key=widget_key("ideas_new_text"), height=110)
        st.text_input(tr("ideas.field_pseudonym"), key=pseudonym_field("ideas_pseudonym"),
                      help=tr("ideas.pseudonym_help"))
        st.caption(tr("ideas.idea_limits", title=TITLE_MAX, text=TEXT_MAX, pseudonym=PSEUDONYM_MAX))
        show_form_error(_FORM)
        st.form_submit_button(tr("ideas.send"), type="primary", icon=":material/send:", on_click=_send,
                              args=(project_id, area))
    st.button(tr("ideas.cancel_new"), key="ideas_cancel_new", on_click=_cancel)


def render_places(places: dict[str, tuple[float, float]]) -> None:
    """Choosing the spot from a list: for residents who cannot or would rather not use the map."""
    if not places:
        return
    with st.expander(tr("ideas.place_without_map"), icon=":material/list:"):
        names = sorted(places, key=str.casefold)
        choice = st.selectbox(tr("ideas.place_choose"), names, index=None, key="ideas_place_choice",
                              placeholder=tr("ideas.place_placeholder"))
        st.button(tr("ideas.place_use"), key="ideas_place_use", disabled=choice is None,
                  on_click=start_new, args=places[choice] if choice is not None else (0.0, 0.0))
