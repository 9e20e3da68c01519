"""How a project tells residents apart: the sentence on the resident page, the workshop code, the settings.

The facilitator chooses per project (:class:`wijk_core.ideas.rules.Identification`):
the browser session, a device cookie of some days, or a workshop code shown on the
projector that residents type before they post, vote, comment or report. The core
checks the code on every write (:func:`wijk_core.ideas.abuse.check_code`); this page
only keeps what the resident typed.
"""

from __future__ import annotations

import html

import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.ideas import store as idea_store
from wijk_core.ideas.abuse import check_code
from wijk_core.ideas.model import IdeaSettings, Origin
from wijk_core.ideas.rules import DEVICE_DAYS_MAX, Identification

from ..cache import store
from ..state import flash, labeller, show_error, tr, trn
from .common import CODE_KEY, DONE_ICON

MODES = tuple(mode.value for mode in Identification)


def votes_sentence(settings: IdeaSettings) -> str:
    """One sentence telling residents how their votes are counted, in the reader's language."""
    if settings.identification == Identification.DEVICE.value:
        return trn("abuse.counted_device", settings.device_days)
    if settings.identification == Identification.WORKSHOP.value:
        return tr("abuse.counted_workshop")
    return tr("abuse.counted_session")


def _code_accepted(settings: IdeaSettings) -> bool:
    try:
        check_code(settings, Origin(code=st.session_state.get(CODE_KEY)))
    except WijkError:
        return False
    return True


def code_form(settings: IdeaSettings) -> None:
    """In ``workshop`` mode, until this resident typed the current code: the form to type it."""
    if settings.identification != Identification.WORKSHOP.value or _code_accepted(settings):
        return
    with st.form("ideas_code_form", border=True):
        st.markdown(f"**{tr('abuse.code_title')}**")
        st.caption(tr("abuse.code_prompt"))
        typed = st.text_input(tr("abuse.code_field"), max_chars=20, key="ideas_code_typed")
        submitted = st.form_submit_button(tr("abuse.code_send"), type="primary", icon=":material/login:")
    if not submitted:
        return
    try:
        check_code(settings, Origin(code=typed))
    except WijkError as err:
        show_error(err)
        return
    st.session_state[CODE_KEY] = typed
    flash("success", tr("abuse.code_accepted"), DONE_ICON)
    st.rerun()


def show_code(settings: IdeaSettings) -> None:
    """The workshop code, large, for the projector (facilitator's pages only)."""
    if settings.identification == Identification.WORKSHOP.value and settings.workshop_code:
        st.markdown(f"**{tr('abuse.code_show')}**")
        st.html(f'<div class="wijk-workshop-code" style="font: 700 3.2rem/1.2 monospace; letter-spacing: .3em">'
                f'{html.escape(settings.workshop_code)}</div>')
        st.caption(tr("abuse.code_caption"))


def render_settings(project_id: int) -> None:
    """The facilitator's choice of how residents are told apart (a part of the moderation settings)."""
    settings = store().read(idea_store.get_settings, project_id)
    st.markdown(f"**{tr('abuse.settings_title')}**")
    st.caption(tr("abuse.settings_help"))
    with st.form("ideas_identification_form", border=True):
        mode = st.radio(tr("abuse.identification"), MODES, index=MODES.index(settings.identification),
                        format_func=labeller("abuse.identification_"), key="ideas_identification")
        days = st.number_input(tr("abuse.device_days"), min_value=1, max_value=DEVICE_DAYS_MAX, step=1,
                               value=settings.device_days, key="ideas_device_days")
        new_code = st.checkbox(tr("abuse.new_code"), key="ideas_new_code", value=False)
        submitted = st.form_submit_button(tr("ideas.mod_save"))
    if submitted:
        try:
            settings = store().write(idea_store.set_identification, project_id, mode, device_days=int(days),
                                     new_code=new_code)
        except WijkError as err:
            show_error(err)
        else:
            st.success(tr("abuse.settings_saved", sentence=votes_sentence(settings)))
    show_code(settings)
