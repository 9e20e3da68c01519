"""Wijkwerf: entry point. Who is visiting, navigation by role, language switch and project picker; pages do the rest."""

from pathlib import Path

import streamlit as st

from wijk_app.a11y import page_semantics
from wijk_app.gate import may
from wijk_app.identity import visitor
from wijk_app.sidebar import identity_box, language_picker, project_picker
from wijk_app.state import current_project, new_run, show_error, tr
from wijk_app.ui_words import localise_streamlit
from wijk_core.access import AccessError, Action
from wijk_core.maps.leaflet import use_local_assets

ROOT = Path(__file__).resolve().parent

st.set_page_config(page_title="Wijkwerf", page_icon="static/wijkwerf.png", layout="wide")
use_local_assets()

# (section, file in pages/, title key, icon, URL path, action the page needs). URL paths
# are Dutch words and page files English ones on purpose: a URL path equal to a file name
# in pages/ makes Streamlit's legacy pages-folder lookup run that file alone.
PAGES = [
    ("nav.section_start", "home.py", "nav.home", ":material/home:", "start", Action.SELECTION_READ),
    ("nav.section_officer", "phase.py", "nav.phase", ":material/flag:", "fase1", Action.PHASE_READ),
    ("nav.section_officer", "selection.py", "nav.selection", ":material/map:", "wijkselectie", Action.SELECTION_READ),
    ("nav.section_officer", "costs.py", "nav.costs", ":material/euro:", "kosten", Action.COSTS_READ),
    ("nav.section_facilitator", "stakeholders.py", "nav.stakeholders", ":material/groups:", "actoren",
     Action.STAKEHOLDERS_READ),
    ("nav.section_facilitator", "moderation.py", "nav.moderation", ":material/shield_person:", "moderatie",
     Action.IDEAS_MODERATE),
    ("nav.section_resident", "ideas.py", "nav.ideas", ":material/lightbulb:", "ideeen", Action.IDEAS_READ),
    ("nav.section_admin", "administration.py", "nav.accounts", ":material/manage_accounts:", "accounts",
     Action.ACCOUNTS_MANAGE),
]

new_run()
actor = visitor()
language_picker()
page_semantics()
localise_streamlit()
project = current_project()
allowed = {filename: may(actor, action, project.id) for _, filename, _, _, _, action in PAGES}
staff = actor.kind != "resident"
if staff:
    project_picker(actor)
identity_box(actor)

# Every page stays reachable by its URL (it then asks to sign in); the menu lists only
# what this visitor may open, and a resident gets no menu at all, starting on the idea map.
# Home stays the default page for everyone: Streamlit serves a default page at "/" only,
# so an idea map made default would answer its own link (/ideeen, the QR code's) with
# "Page not found".
sections: dict[str, list] = {}
for section, filename, title, icon, url_path, _ in PAGES:
    if (ROOT / "pages" / filename).is_file():  # pages arrive one issue at a time
        sections.setdefault(tr(section), []).append(st.Page(
            f"pages/{filename}", title=tr(title), icon=icon, url_path=url_path, default=filename == "home.py",
            visibility="visible" if allowed[filename] else "hidden"))
navigation = st.navigation(sections, position="sidebar" if staff else "hidden")
if navigation.url_path == "" and not allowed["home.py"]:  # a resident at "/": the idea map, same project
    st.switch_page("pages/ideas.py", query_params=st.query_params.to_dict())
try:
    navigation.run()
except AccessError as refused:  # a write the visitor's role may not take: said, not a traceback
    show_error(refused)
