"""Every page runs; the app shell switches language and manages projects."""

import pytest

from wijk_app.state import md
from wijk_core.i18n import t

from pathlib import Path
from wijk_core.store import projects as project_store

REPO = Path(__file__).resolve().parents[2]
PAGES = sorted((REPO / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_page_runs(run_app, page, lang):
    """Each file in pages/ is reachable through the navigation and runs without error."""
    at = run_app(lang=lang)
    at.switch_page(str(page.relative_to(REPO))).run()
    assert not at.exception, at.exception
    assert at.title, "a page without a title"


def test_home_is_dutch_by_default(run_app):
    at = run_app()
    assert not at.exception
    assert at.title[0].value == "Wijkwerf"
    assert at.sidebar.selectbox[0].label == "Taal"
    assert any(t("home.metric_sectors", "nl") == m.label for m in at.metric)
    # the demo data is labelled as fictitious
    assert any("fictieve demogegevens" in w.value for w in at.warning)


def test_language_switch(run_app):
    at = run_app()
    at.sidebar.selectbox(key="lang").set_value("fr").run()
    assert not at.exception
    assert any(t("home.metric_sectors", "fr") == m.label for m in at.metric)
    assert at.query_params["lang"] == "fr"
    # AppTest drops the sidebar of a rerun under st.navigation: check it in a fresh run
    assert run_app(lang="fr").sidebar.selectbox[0].label == "Langue"


def test_language_from_url(app_db, sign_in):
    from streamlit.testing.v1 import AppTest

    at = sign_in(AppTest.from_file(str(REPO / "app.py"), default_timeout=60), "officer")
    at.query_params["lang"] = "en"
    at.run()
    assert at.sidebar.selectbox[0].label == "Language"
    assert at.title[0].value == "Wijkwerf" and any(
        t("home.metric_population", "en") == m.label for m in at.metric)


def _create(at, name):
    at.sidebar.text_input(key="_new_project_name").input(name)
    at.sidebar.button(key="_create_project").click()
    return at.run()


def _projects(app_db):
    from wijk_core.store import get_store

    return {p.name: p.id for p in get_store(app_db).read(project_store.list_projects)}


def test_create_switch_and_rename_projects(run_app, app_db):
    at = run_app()
    demo = at.session_state["project_id"]
    at = _create(at, "  Noordwijk  ")
    assert not at.exception
    created = _projects(app_db)["Noordwijk"]
    assert at.session_state["project_id"] == created != demo
    assert at.toast[0].value == t("project.created", "nl", name=md("Noordwijk"))
    assert at.info[0].value == t("project.current", "nl", name=md("Noordwijk"))

    at = run_app(project_id=created, _rename_project_name="Noordwijk-Oost")
    at.sidebar.button(key="_rename_project").click().run()
    assert _projects(app_db)["Noordwijk-Oost"] == created
    assert at.info[0].value == t("project.current", "nl", name=md("Noordwijk-Oost"))

    at = run_app()
    at.sidebar.selectbox(key="project_id").set_value(demo).run()
    assert at.info[0].value == t("project.current", "nl", name=md(t("project.demo_name", "nl")))
    assert not at.exception


def test_bad_project_names_are_refused_in_the_users_language(run_app, app_db):
    at = _create(run_app(lang="fr"), "   ")
    assert at.toast[0].value == t("errors.project_name_empty", "fr")
    _create(run_app(lang="fr"), "Zuid")
    at = _create(run_app(lang="fr"), "ZUID")
    assert at.toast[0].value == t("errors.project_name_taken", "fr", name=md("ZUID"))
    assert sorted(_projects(app_db)) == sorted([t("project.demo_name", "nl"), "Zuid"])
    assert not at.exception


def test_projects_survive_a_restart(run_app, app_db):
    _create(run_app(), "Stationsbuurt")
    at = run_app()  # a new session on the same database
    assert "Stationsbuurt" in at.sidebar.selectbox(key="project_id").options
