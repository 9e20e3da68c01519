"""What a page asks before it draws anything: may this visitor take the page's action here?"""

from __future__ import annotations

import streamlit as st

from wijk_core.access import Action, Actor

from . import identity
from .cache import store
from .state import lang, tr, trm


def may(actor: Actor, action: Action, project_id: int | None = None) -> bool:
    """Whether ``actor`` may take ``action`` in the project (None: outside any project)."""
    return store().read(actor.may, action, project_id)


def sign_in_buttons(place: str) -> None:
    """The ways to sign in that are set up: the local sign-in page, and single sign-on when configured.

    ``place`` tells the buttons of the sidebar from those of the page apart.
    """
    if identity.sso_configured() and st.button(tr("signin.sign_in_sso"), key=f"_sso_sign_in_{place}",
                                               icon=":material/account_circle:"):
        st.login()
    st.link_button(tr("signin.sign_in_link"), identity.sign_in_url(lang()), icon=":material/login:")


def require_page(action: Action, project_id: int | None = None) -> Actor:
    """The visitor, when they may take ``action`` here; otherwise say why, offer to sign in, and stop the page."""
    actor = identity.visitor()
    if may(actor, action, project_id):
        return actor
    if actor.signed_in:
        role = store().read(actor.role_in, project_id)
        st.warning(trm("signin.no_role_here", name=actor.label, role=tr(f"signin.role_{role.value}")),
                   icon=":material/lock:")
    else:
        st.warning(tr("signin.page_needs_sign_in"), icon=":material/lock:")
        sign_in_buttons("page")
    st.stop()


def read_only_notice(actor: Actor, write: Action, project_id: int | None) -> bool:
    """Say so when the visitor may look at this page but not change it; True when they may change it."""
    if may(actor, write, project_id):
        return True
    st.info(tr("signin.read_only"), icon=":material/visibility:")
    return False
