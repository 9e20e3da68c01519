"""Administration (administrator): accounts and their roles, the audit log."""

import streamlit as st

from wijk_app.access import accounts_tab, audit_tab
from wijk_app.gate import require_page
from wijk_app.state import labeller, show_flash, tr
from wijk_core.access import Action

SECTIONS = ("accounts", "audit")

st.title(tr("access.title"))
actor = require_page(Action.ACCOUNTS_MANAGE)
st.caption(tr("access.intro"))
section = st.segmented_control(tr("access.title"), SECTIONS, key="access_section", default="accounts",
                               format_func=labeller("access.tab_"), label_visibility="collapsed",
                               required=True) or "accounts"
show_flash()
{"accounts": accounts_tab, "audit": audit_tab}[section].render(actor)
