"""The app as an ASGI application: the Streamlit pages of ``app.py`` plus the routes of :mod:`wijk_app.routes`.

``python -m wijk_app.serve`` runs this module with ``streamlit run`` (which finds ``app``).
A write the visitor's role may not take, refused in a widget's callback, is told in the
visitor's language instead of a traceback.
"""

from pathlib import Path

import streamlit as st

from wijk_app.routes import ROUTES
from wijk_app.state import show_error
from wijk_core.access import AccessError


def _refusal_shown(error: Exception) -> bool | None:
    if isinstance(error, AccessError):
        show_error(error)
        return True
    return None


app = st.App(Path(__file__).resolve().parent.parent / "app.py", routes=ROUTES, on_script_error=_refusal_shown)
