"""Section "Export": the file for the council."""

from __future__ import annotations

import streamlit as st

from ..state import tr


def render(project, data, data_key: str) -> None:
    st.write(tr("selection.export_intro"))
