"""Section "Roadmap": the guide's steps in order, each with its status from the project's data and its page."""

from __future__ import annotations

import streamlit as st

from ..state import tr
from .common import roadmap_view


def render(project_id: int) -> None:
    st.subheader(tr("phase.roadmap.title"))
    st.caption(tr("phase.roadmap.intro"))
    roadmap_view(project_id)
