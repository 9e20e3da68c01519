"""The sidebar shared by every page: language switch, project picker (not for residents), who is signed in."""

from __future__ import annotations

import streamlit as st

from wijk_core.access import AccessError, Action, Actor
from wijk_core.i18n import LANGUAGES
from wijk_core.store import StoreError
from wijk_core.store import projects as project_store

from . import identity
from .cache import store
from .gate import may, sign_in_buttons
from .state import LANG_KEY, PROJECT_KEY, current_project, error_text, lang, tr, trm

_LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}
_FEEDBACK_KEY = "_project_feedback"


def language_picker() -> None:
    """Select box nl / fr / en; the choice is kept in the session and in the URL (``?lang=``)."""
    lang()  # initialise from the URL before the widget reads the session
    st.sidebar.selectbox(
        tr("app.language"), LANGUAGES, key=LANG_KEY,
        format_func=lambda code: _LANGUAGE_NAMES[code],
    )
    st.query_params["lang"] = st.session_state[LANG_KEY]


def _create() -> None:
    name = st.session_state.get("_new_project_name", "")
    try:
        project = store().write(project_store.create_project, name)
    except (StoreError, AccessError) as err:
        st.session_state[_FEEDBACK_KEY] = ("error", error_text(err))
        return
    st.session_state[PROJECT_KEY] = project.id
    st.session_state["_new_project_name"] = ""
    st.session_state[_FEEDBACK_KEY] = ("success", trm("project.created", name=project.name))


def _rename() -> None:
    name = st.session_state.get("_rename_project_name", "")
    try:
        project = store().write(project_store.rename_project, st.session_state[PROJECT_KEY], name)
    except (StoreError, AccessError) as err:
        st.session_state[_FEEDBACK_KEY] = ("error", error_text(err))
        return
    st.session_state["_rename_project_name"] = ""
    st.session_state[_FEEDBACK_KEY] = ("success", trm("project.renamed", name=project.name))


def project_picker(actor: Actor) -> None:
    """Pick projects; create and rename them when the visitor may. Errors are shown, nothing is half-saved."""
    sidebar = st.sidebar
    current = current_project()
    projects = store().read(project_store.list_projects)
    names = {project.id: project.name for project in projects}
    sidebar.selectbox(tr("project.label"), list(names), key=PROJECT_KEY, format_func=names.get)
    st.query_params["project"] = str(st.session_state[PROJECT_KEY])
    feedback = st.session_state.pop(_FEEDBACK_KEY, None)
    if feedback:
        kind, text = feedback
        st.toast(text, icon=":material/error:" if kind == "error" else ":material/check_circle:")
    if may(actor, Action.PROJECT_CREATE, None):
        with sidebar.expander(tr("project.new")):
            st.text_input(tr("project.new_name"), key="_new_project_name", max_chars=120)
            st.button(tr("project.create"), on_click=_create, key="_create_project")
    if may(actor, Action.PROJECT_RENAME, current.id):
        with sidebar.expander(tr("project.rename")):
            st.text_input(tr("project.rename_name"), key="_rename_project_name", max_chars=120,
                          placeholder=current.name)
            st.button(tr("project.rename_save"), on_click=_rename, key="_rename_project")


def identity_box(actor: Actor) -> None:
    """Who is signed in and a way out; on this machine with nothing set up, say so; otherwise a way in."""
    with st.sidebar.container(key="wijk_identity"):
        if actor.kind == "this_machine":
            st.caption(tr("signin.this_machine_short"))
        elif actor.signed_in:
            role = store().read(actor.role_in, st.session_state.get(PROJECT_KEY))
            st.caption(trm("signin.signed_in_as", name=actor.label, role=tr(f"signin.role_{role.value}")))
            if identity.signed_in_with_sso():
                if st.button(tr("signin.sign_out"), key="_sign_out", icon=":material/logout:"):
                    st.logout()
            else:
                st.link_button(tr("signin.sign_out"), identity.sign_out_url(), icon=":material/logout:")
        else:
            sign_in_buttons("sidebar")
