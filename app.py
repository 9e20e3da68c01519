"""Wijkwerf: entry point. Navigation, language switch and project picker; pages do the rest."""

from pathlib import Path

import streamlit as st

from wijk_app.sidebar import language_picker, project_picker
from wijk_app.state import tr
from wijk_core.maps.leaflet import use_local_assets

ROOT = Path(__file__).resolve().parent

st.set_page_config(page_title="Wijkwerf", page_icon="static/wijkwerf.png", layout="wide")
use_local_assets()

language_picker()
project_picker()

# (section, file in pages/, title key, icon, URL path). URL paths are Dutch words and
# page files English ones on purpose: a URL path equal to a file name in pages/ makes
# Streamlit's legacy pages-folder lookup run that file alone.
PAGES = [
    ("nav.section_start", "home.py", "nav.home", ":material/home:", "start"),
    ("nav.section_officer", "phase.py", "nav.phase", ":material/flag:", "fase1"),
    ("nav.section_officer", "selection.py", "nav.selection", ":material/map:", "wijkselectie"),
    ("nav.section_officer", "costs.py", "nav.costs", ":material/euro:", "kosten"),
    ("nav.section_facilitator", "stakeholders.py", "nav.stakeholders", ":material/groups:", "actoren"),
    ("nav.section_facilitator", "moderation.py", "nav.moderation", ":material/shield_person:",
     "moderatie"),
    ("nav.section_resident", "ideas.py", "nav.ideas", ":material/lightbulb:", "ideeen"),
]

sections: dict[str, list] = {}
for section, filename, title, icon, url_path in PAGES:
    if (ROOT / "pages" / filename).is_file():  # pages arrive one issue at a time
        sections.setdefault(tr(section), []).append(st.Page(
            f"pages/{filename}", title=tr(title), icon=icon, url_path=url_path,
            default=filename == "home.py"))
st.navigation(sections).run()
