"""Wijkwerf: entry point. Navigation, language switch and project picker; pages do the rest."""

import streamlit as st

from wijk_app.sidebar import language_picker, project_picker
from wijk_app.state import tr
from wijk_core.maps import use_local_assets

st.set_page_config(page_title="Wijkwerf", page_icon="static/wijkwerf.png", layout="wide")
use_local_assets()

language_picker()
project_picker()

# URL paths are Dutch words and page files English ones on purpose: a URL path equal to a
# file name in pages/ makes Streamlit's legacy pages-folder lookup run that file alone.
navigation = st.navigation({
    tr("nav.section_start"): [
        st.Page("pages/home.py", title=tr("nav.home"), icon=":material/home:", url_path="start",
                default=True),
    ],
    tr("nav.section_officer"): [
        st.Page("pages/selection.py", title=tr("nav.selection"), icon=":material/map:",
                url_path="wijkselectie"),
    ],
})
navigation.run()
