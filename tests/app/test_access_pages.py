"""Who sees what: a resident gets the idea map only, each role its pages, and no write goes around it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from wijk_app.state import md
from wijk_core.i18n import t
from wijk_core.schema import Base
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

PAGES = ["pages/home.py", "pages/phase.py", "pages/selection.py", "pages/costs.py", "pages/stakeholders.py",
         "pages/moderation.py", "pages/ideas.py", "pages/administration.py"]
ADMINISTRATION = {"pages/administration.py"}
# What each role may open (the permission table, page by page).
OPENS = {
    "resident": {"pages/ideas.py"},
    "facilitator": set(PAGES) - ADMINISTRATION,
    "officer": set(PAGES) - ADMINISTRATION,
    "administrator": set(PAGES),
}
STAFF_ONLY_KEYS = ("_create_project", "_rename_project")


def _counts(url: str) -> dict[str, int]:
    store = get_store(url)
    with store.reading() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


def _buttons(at) -> set[str]:
    return {b.key for b in at.button if b.key} | {b.key for b in at.sidebar.button if b.key}


@pytest.mark.parametrize("role", sorted(OPENS))
@pytest.mark.parametrize("page", PAGES)
def test_each_page_opens_for_the_roles_that_may_and_asks_the_others_to_sign_in(run_app, app_db, role, page):
    at = run_app(role=role)
    before = _counts(app_db)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    refusals = {t("signin.page_needs_sign_in", "nl"),  # no one signed in; else signed in without the role
                t("signin.no_role_here", "nl", name=md(f"{role}@example.org"), role=t(f"signin.role_{role}", "nl"))}
    refused = [w.value for w in at.warning if w.value in refusals]
    if role == "resident" and page == "pages/home.py":  # the app's address: a resident lands on the idea map
        assert not refused
        assert at.title[0].value == t("ideas.title", "nl")
    elif page in OPENS[role]:
        assert not refused
    else:
        assert refused, f"{role} opened {page}"
        assert len(at.main.children) <= 4  # title, the warning, the sign-in link: nothing of the page's own
    assert _counts(app_db) == before


def test_a_resident_has_no_menu_no_project_picker_and_no_project_tools(run_app, app_db):
    at = run_app(role="resident")
    assert not at.exception
    assert at.title[0].value == t("ideas.title", "nl")
    assert [box.label for box in at.sidebar.selectbox] == [t("app.language", "nl")]
    assert not set(STAFF_ONLY_KEYS) & _buttons(at)
    assert t("signin.sign_in_link", "nl") in [b.label for b in at.sidebar.get("link_button")]


def test_a_resident_follows_the_qr_code_to_that_projects_idea_map(app_db):
    from streamlit.testing.v1 import AppTest  # noqa: PLC0415

    store = get_store(app_db)
    store.write(project_store.ensure_project, "Demo")
    second = store.write(project_store.create_project, "Kerkwijk")
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=60)
    at.query_params["project"] = str(second.id)
    at.run()
    assert not at.exception
    assert at.title[0].value == t("ideas.title", "nl")
    assert at.session_state["project_id"] == second.id
    assert not set(STAFF_ONLY_KEYS) & _buttons(at)


def test_a_facilitator_may_not_rename_the_project_and_sees_no_tool_for_it(run_app, app_db):
    at = run_app(role="facilitator")
    assert not at.exception
    assert "_rename_project" not in _buttons(at) and "_create_project" not in _buttons(at)
    assert at.sidebar.selectbox[1].label == t("project.label", "nl")


def test_an_officer_renames_the_project_and_the_audit_log_says_who(run_app, app_db):
    from wijk_core.access import audit_entries  # noqa: PLC0415

    at = run_app(role="officer")
    at.sidebar.text_input(key="_rename_project_name").input("Kerkwijk")
    at.sidebar.button(key="_rename_project").click()
    at.run()
    assert not at.exception
    store = get_store(app_db)
    assert [p.name for p in store.read(project_store.list_projects)] == ["Kerkwijk"]
    [entry] = [e for e in store.read(audit_entries) if e.action == "project.rename"]
    assert entry.actor == "officer@example.org"
