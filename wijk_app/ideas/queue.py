"""The moderation queue: reported and hidden ideas, approve / hide / merge, comments, the audit log."""

from __future__ import annotations

import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.ideas import comments_html, format_support, idea_card_html
from wijk_core.ideas.summary import log_table
from wijk_core.ideas import store as idea_store

from ..cache import store
from ..state import error_text, flash, lang, md, show_flash, tr, trn
from .common import card_labels, when

def _act(operation, *args, message: str) -> None:
    try:
        store().write(operation, *args)
    except WijkError as err:
        flash("error", error_text(err))
    else:
        flash("success", message)


def _approve(idea_id: int) -> None:
    _act(idea_store.approve_idea, idea_id, message=tr("ideas.mod_approved", id=idea_id))


def _hide(idea_id: int) -> None:
    _act(idea_store.hide_idea, idea_id, message=tr("ideas.mod_hidden", id=idea_id))


def _merge(duplicate_key: str, target_key: str) -> None:
    duplicate, target = st.session_state.get(duplicate_key), st.session_state.get(target_key)
    if duplicate is None or target is None:
        flash("error", tr("ideas.mod_merge_choose"))
        return
    _act(idea_store.merge_ideas, duplicate, target, message=tr("ideas.mod_merged", duplicate=duplicate, target=target))


def _comment(comment_id: int, hide: bool) -> None:
    operation = idea_store.hide_comment if hide else idea_store.show_comment
    _act(operation, comment_id, message=tr("ideas.mod_comment_done"))


def _seen(flag_id: int) -> None:
    _act(idea_store.dismiss_flag, flag_id, message=tr("abuse.flag_seen"))


_FLAG_KEYS = {"post": "abuse.flag_post", "comment": "abuse.flag_comment", "vote": "abuse.flag_vote",
              "report": "abuse.flag_report", "vote_again": "abuse.flag_vote_again",
              "report_again": "abuse.flag_report_again"}


def _source(number: int) -> str:
    """A, B, … Z, AA, AB, …: a name for one connection in today's flags (never its address)."""
    name = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def flag_text(flag) -> str:
    """One line saying what a burst was: which source, what, on which ideas, when."""
    what = trn(_FLAG_KEYS[flag.kind], flag.count, minutes=flag.window_minutes)
    return tr("abuse.flag_line", source=_source(flag.source), what=what,
              ideas=", ".join(f"#{idea_id}" for idea_id in flag.idea_ids), start=when(flag.first_at),
              end=when(flag.last_at))


def _flags(project_id: int) -> None:
    flags = store().read(idea_store.list_flags, project_id)
    if not flags:
        return
    st.subheader(tr("abuse.flags_title", count=len(flags)))
    st.caption(tr("abuse.flags_help"))
    for flag in flags:
        columns = st.columns([5, 1])
        columns[0].markdown(flag_text(flag))
        columns[1].button(tr("abuse.flag_seen"), key=f"ideas_flag_seen_{flag.id}", on_click=_seen, args=(flag.id,),
                          icon=":material/done:")


def _card(idea, categories) -> None:
    label, colour = categories.get(idea.category, (idea.category, "#5f6368"))
    status = tr(f"ideas.status_{idea.status}")
    if idea.open_reports:
        status += " · " + trn("ideas.mod_open_reports", idea.open_reports)
    st.html(idea_card_html(idea, category_label=label, colour=colour, created=when(idea.created_at),
                           labels=card_labels(status)))


def _queue(ideas: dict, categories) -> None:
    waiting = [idea for idea in ideas.values() if idea.status in ("pending", "hidden") or idea.open_reports]
    waiting.sort(key=lambda idea: ({"pending": 0, "visible": 1, "hidden": 2}.get(idea.status, 3), idea.id))
    st.subheader(tr("ideas.mod_queue_title", count=len(waiting)))
    if not waiting:
        st.info(tr("ideas.mod_queue_empty"))
    for idea in waiting:
        with st.container(border=True):
            _card(idea, categories)
            columns = st.columns(2)
            columns[0].button(tr("ideas.mod_approve"), key=f"ideas_approve_{idea.id}", on_click=_approve,
                              args=(idea.id,), icon=":material/check:", type="primary")
            if idea.status != "hidden":
                columns[1].button(tr("ideas.mod_hide"), key=f"ideas_hide_{idea.id}", on_click=_hide,
                                  args=(idea.id,), icon=":material/visibility_off:")


def _all_ideas(ideas: dict, categories) -> None:
    st.subheader(tr("ideas.mod_all_title"))
    visible = [idea for idea in ideas.values() if idea.status == "visible"]
    with st.container(height=420):
        for idea in sorted(visible, key=lambda i: -i.id):
            label = categories.get(idea.category, (idea.category, ""))[0]
            columns = st.columns([5, 1])
            columns[0].markdown(f"**#{idea.id}** {md(idea.title)} · {md(label)} · {format_support(idea.support)} "
                                f"({md(card_labels().tally(idea.votes, idea.comments))})")
            columns[1].button(tr("ideas.mod_hide"), key=f"ideas_hide_all_{idea.id}", on_click=_hide,
                              args=(idea.id,), icon=":material/visibility_off:")


def _merge_form(ideas: dict) -> None:
    st.subheader(tr("ideas.mod_merge_title"))
    st.caption(tr("ideas.mod_merge_help"))
    candidates = [i for i, idea in ideas.items() if idea.status != "merged"]
    name = {i: f"#{i} · {ideas[i].title}" for i in candidates}
    columns = st.columns(2)
    columns[0].selectbox(tr("ideas.mod_duplicate"), candidates, index=None, format_func=name.get,
                         key="ideas_merge_duplicate", placeholder=tr("ideas.mod_choose_idea"))
    columns[1].selectbox(tr("ideas.mod_target"), candidates, index=None, format_func=name.get,
                         key="ideas_merge_target", placeholder=tr("ideas.mod_choose_idea"))
    st.button(tr("ideas.mod_merge"), key="ideas_merge", on_click=_merge,
              args=("ideas_merge_duplicate", "ideas_merge_target"), icon=":material/merge:")
    merged = [idea for idea in ideas.values() if idea.status == "merged"]
    if merged:
        st.caption(tr("ideas.mod_merged_list"))
        for idea in merged:
            columns = st.columns([5, 1])
            columns[0].markdown(f"#{idea.id} {md(idea.title)} → #{idea.merged_into}")
            columns[1].button(tr("ideas.mod_unmerge"), key=f"ideas_unmerge_{idea.id}", on_click=_approve,
                              args=(idea.id,))


def _comments(project_id: int, ideas: dict) -> None:
    st.subheader(tr("ideas.mod_comments_title"))
    comments = store().read(idea_store.project_comments, project_id)[-30:][::-1]
    if not comments:
        st.caption(tr("ideas.no_comments"))
        return
    with st.container(height=420):
        for comment in comments:
            columns = st.columns([5, 1])
            with columns[0]:
                title = ideas[comment.idea_id].title if comment.idea_id in ideas else ""
                st.caption(f"#{comment.idea_id} {md(title)}"
                           + (f" · {tr('ideas.status_hidden')}" if comment.status == "hidden" else ""))
                st.html(comments_html([comment], idea_id=comment.idea_id,
                                      dates={comment.id: when(comment.created_at)}, labels=card_labels()))
            hide = comment.status == "visible"
            columns[1].button(tr("ideas.mod_hide") if hide else tr("ideas.mod_show"),
                              key=f"ideas_comment_{comment.id}", on_click=_comment, args=(comment.id, hide))


def _log(project_id: int) -> None:
    entries = store().read(idea_store.moderation_log, project_id)
    with st.expander(tr("ideas.mod_log_title", count=len(entries)), icon=":material/history:"):
        if entries:
            st.dataframe(log_table(entries, lang(), when), hide_index=True, key="ideas_log")


def render(project_id: int, categories) -> None:
    show_flash()
    everything = store().read(idea_store.list_ideas, project_id, None)
    ideas = {idea.id: idea for idea in everything}
    _queue(ideas, categories)
    _flags(project_id)
    _merge_form(ideas)
    _all_ideas(ideas, categories)
    _comments(project_id, ideas)
    _log(project_id)
