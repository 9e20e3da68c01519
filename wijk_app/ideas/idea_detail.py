"""One idea opened: its text, the resident's vote (−2..+2), comments for / against / neutral, reporting."""

from __future__ import annotations

import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.ideas import (COMMENT_MAX, PSEUDONYM_MAX, VOTE_MAX, VOTE_MIN, comments_html, format_support,
                             idea_card_html)
from wijk_core.ideas.text import REASON_MAX
from wijk_core.store import StoreError
from wijk_core.ideas import store as idea_store

from ..cache import store
from ..state import error_text, flash, form_error, labeller, renew, show_error, show_form_error, tr, widget_key
from .common import DONE_ICON, card_labels, origin, participant_token, pseudonym_field, remember_pseudonym, when
from .resident_map import SELECTED_KEY

VOTES = list(range(VOTE_MIN, VOTE_MAX + 1))
STANCES = ("for", "against", "neutral")
_ERROR_KEY = "_ideas_vote_error"
_NOT_COUNTED_KEY = "_ideas_vote_not_counted"  # id of the idea whose vote was just refused
_REPORTED_KEY = "_ideas_reported"  # (idea id, counted) of this session's last report
_COMMENT_FIELDS = ("ideas_comment_stance", "ideas_comment_text")


def vote_label(value: int) -> str:
    return format_support(value)


def vote_key(idea_id: int) -> str:
    return f"ideas_vote_{idea_id}"


def _save_vote(idea_id: int, previous: int | None) -> None:
    """Callback of the vote control: store the new vote at once (a second tap changes it)."""
    value = st.session_state.get(vote_key(idea_id))
    if value is None:  # tapping the chosen value again would clear it: keep the stored vote
        st.session_state[vote_key(idea_id)] = previous
        return
    try:
        saved = store().write(idea_store.vote, idea_id, participant_token(), value, origin=origin())
    except WijkError as err:
        st.session_state[vote_key(idea_id)] = previous
        st.session_state[_ERROR_KEY] = err
        return
    if not saved.counted:  # another browser on this connection voted on this idea already
        st.session_state[vote_key(idea_id)] = previous
        st.session_state[_NOT_COUNTED_KEY] = idea_id
        return
    flash("success", tr("ideas.vote_saved", value=vote_label(value)), DONE_ICON)


_COMMENT_FORM = "ideas_comment_form"
_REPORT_FORM = "ideas_report_form"


def _send_comment(idea_id: int) -> None:
    """Callback of the comment form's button: store the comment before the page is drawn (see form_error)."""
    state = st.session_state
    form_error(_COMMENT_FORM, None)
    stance = state.get(widget_key("ideas_comment_stance"))
    if stance is None:
        form_error(_COMMENT_FORM, tr("ideas.choose_stance"))
        # A choice made while a run was drawing can show in the browser without reaching the server: a new,
        # empty stance control shows what the server has (her text stays), so choosing again is heard.
        renew("ideas_comment_stance")
        return
    pseudonym = state.get(pseudonym_field("ideas_comment_pseudonym"), "")
    try:
        store().write(idea_store.add_comment, idea_id, participant_token(), stance=stance,
                      text=state.get(widget_key("ideas_comment_text"), ""), pseudonym=pseudonym, origin=origin())
    except WijkError as err:
        form_error(_COMMENT_FORM, error_text(err))
        return
    remember_pseudonym(pseudonym)
    renew(*_COMMENT_FIELDS)  # empty stance and text; the pseudonym stays for the next comment
    flash("success", tr("ideas.comment_saved"), DONE_ICON)


def _comment_form(idea_id: int) -> None:
    # A new form (its name follows its fields' keys) once a comment was posted: the browser then
    # draws it afresh instead of reusing the old form's parts, which could keep the posted text and
    # choice on screen while the server had emptied them (and a resident typing on went unheard).
    form = f"{_COMMENT_FORM}_{widget_key('ideas_comment_text')}_{widget_key('ideas_comment_stance')}".replace(".", "_")
    with st.form(form, border=True):
        st.markdown(f"**{tr('ideas.comment_title')}**")
        st.radio(tr("ideas.stance"), STANCES, index=None, horizontal=True,
                 format_func=labeller("ideas.stance_"), key=widget_key("ideas_comment_stance"))
        # No max_chars (see new_idea): an over-long paste stays in the field and the core says by how much.
        st.text_area(tr("ideas.comment_text"), key=widget_key("ideas_comment_text"), height=90)
        st.text_input(tr("ideas.field_pseudonym"), key=pseudonym_field("ideas_comment_pseudonym"))
        st.caption(tr("ideas.comment_limits", text=COMMENT_MAX, pseudonym=PSEUDONYM_MAX))
        show_form_error(_COMMENT_FORM)
        st.form_submit_button(tr("ideas.comment_send"), icon=":material/chat:", on_click=_send_comment,
                              args=(idea_id,))


def _send_report(idea_id: int) -> None:
    """Callback of the report form's button (stored before the page is drawn, as comments are)."""
    form_error(_REPORT_FORM, None)
    try:
        outcome = store().write(idea_store.report_idea, idea_id, participant_token(),
                                st.session_state.get("ideas_report_reason", ""), origin=origin())
    except WijkError as err:
        form_error(_REPORT_FORM, error_text(err))
        return
    if outcome.hidden:
        st.session_state[SELECTED_KEY] = None
        flash("info", tr("ideas.report_hidden"), DONE_ICON)
        return
    st.session_state[_REPORTED_KEY] = (idea_id, outcome.counted)


def _report_form(idea_id: int) -> None:
    with st.expander(tr("ideas.report_title"), icon=":material/flag:"):
        st.caption(tr("ideas.report_help"))
        with st.form(_REPORT_FORM, border=False):
            st.text_input(tr("ideas.report_reason"), key="ideas_report_reason")
            st.caption(tr("ideas.at_most", max=REASON_MAX))
            st.form_submit_button(tr("ideas.report_send"), on_click=_send_report, args=(idea_id,))
        show_form_error(_REPORT_FORM)
        # kept in the session, not tied to this run: a rerun right after (the map sending its view) keeps it
        reported = st.session_state.get(_REPORTED_KEY)
        if reported is not None and reported[0] == idea_id:
            st.info(tr("ideas.report_thanks") if reported[1] else tr("ideas.report_already"))


def _close() -> None:
    st.session_state[SELECTED_KEY] = None


def render(project_id: int, idea_id: int, categories: dict[str, tuple[str, str]]) -> None:
    """The details of one idea, with voting, comments and reporting."""
    try:
        idea = store().read(idea_store.get_idea, idea_id)
    except StoreError:
        idea = None
    if idea is None or idea.status != "visible" or idea.project_id != project_id:
        st.session_state[SELECTED_KEY] = None
        st.info(tr("ideas.not_available"))
        return
    label, colour = categories.get(idea.category, (idea.category, "#5f6368"))
    error = st.session_state.pop(_ERROR_KEY, None)
    if error:
        show_error(error)
    st.html(idea_card_html(idea, category_label=label, colour=colour, created=when(idea.created_at),
                           labels=card_labels()))
    mine = store().read(idea_store.my_votes, project_id, participant_token()).get(idea.id)
    key = vote_key(idea.id)
    if key not in st.session_state:
        st.session_state[key] = mine
    st.segmented_control(tr("ideas.your_vote"), VOTES, key=key, format_func=vote_label,
                         on_change=_save_vote, args=(idea.id, mine), help=tr("ideas.vote_help"))
    st.caption(tr("ideas.vote_scale") if mine is None else tr("ideas.vote_current", value=vote_label(mine)))
    if st.session_state.pop(_NOT_COUNTED_KEY, None) == idea.id:
        st.warning(tr("abuse.vote_not_counted"), icon=":material/block:")
    st.markdown(f"**{tr('ideas.comments_title', count=idea.comments)}**")
    comments = store().read(idea_store.list_comments, idea.id)
    st.html(comments_html(comments, idea_id=idea.id, dates={c.id: when(c.created_at) for c in comments},
                          labels=card_labels()))
    _comment_form(idea.id)
    _report_form(idea.id)
    st.button(tr("ideas.close"), key="ideas_close", icon=":material/close:", on_click=_close)
