"""The page gate: a page that needs an action shows only a sign-in hint to anyone who may not take it."""

from __future__ import annotations

import streamlit as st

from wijk_core.access import Action, Actor

from . import identity
from .cache import store
from .state import tr


def require_page(action: Action, project_id: int | None = None) -> Actor:
    """The visitor, when they may take ``action`` (in ``project_id``); otherwise a warning and the page stops."""
    actor = identity.visitor()
    if not store().read(actor.may, action, project_id):
        st.warning(tr("access.page_needs_sign_in"), icon=":material/lock:")
        st.stop()
    return actor
