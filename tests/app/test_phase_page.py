"""The phase-1 page and its sections through AppTest, and the home page's roadmap.

Tables are edited by giving the editor its edit state before the form is submitted
(what the browser sends), as in the other page tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from wijk_app.phase.dossier_tab import dossier_html
from wijk_app.state import md
from wijk_core.i18n import t, tn
from wijk_core.phase import store as phase_store
from wijk_core.phase.collect import project_impact
from wijk_core.phase.summary import impact_figures
from wijk_core.sectors.data import load_demo
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

from hostile import SCRIPT
from phase.helpers import STATION, choose, set_up
from phase.test_dossier import _read

PAGE = "pages/phase.py"
SECTIONS = ("roadmap", "team", "readiness", "choice", "impact", "dossier")


def _open(run_app, section="roadmap", **state):
    at = run_app(phase_section=section, **state)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _store_and_project(app_db):
    store = get_store(app_db)
    return store, store.write(project_store.ensure_project, t("project.demo_name", "nl"))


def _button(at, label):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}: {[b.label for b in at.button]}"
    return found[0]


def _editor_key(at, prefix):
    keys = [editor.key for editor in at.data_editor if editor.key and editor.key.startswith(prefix)]
    assert len(keys) == 1, [editor.key for editor in at.data_editor]
    return keys[0]


def _texts(at) -> list[str]:
    return [e.value for e in (*at.markdown, *at.caption, *at.success, *at.info, *at.warning, *at.subheader)]


def _cells(at) -> list[str]:
    return [str(v) for frame in at.dataframe for v in frame.value.astype(str).to_numpy().ravel()]


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_runs_on_a_new_project(run_app, section, lang):
    at = _open(run_app, section, lang=lang)
    assert at.title[0].value == t("phase.title", lang)


def test_the_team_is_saved_and_the_missing_expertise_named(run_app, app_db):
    at = _open(run_app, "team")
    assert t("phase.team.size_empty", "nl") in [i.value for i in at.info]
    at.session_state[_editor_key(at, "phase_team_editor_")] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"name": "An", "organisation": "Stad", "role": "initiator", "technical": True},
        {"name": SCRIPT, "organisation": "Energiehuis", "role": "communication", "communicative": True}]}
    _button(at, t("phase.team.save", "nl")).click()
    at.run()
    assert not at.exception, at.exception
    assert at.success[0].value == tn("phase.team.saved", 2, "nl")
    assert t("phase.team.missing", "nl", kinds="sociaal") in [w.value for w in at.warning]
    store, project = _store_and_project(app_db)
    team = store.read(phase_store.list_team, project.id)
    assert [(m.name, m.expertise) for m in team] == [("An", ("technical",)), (SCRIPT, ("communicative",))]


def test_agreements_are_ticked_and_kept(run_app, app_db):
    at = _open(run_app, "team")
    at.checkbox(key="phase_agreed_workflow").check()
    at.text_area(key="phase_agreement_note_workflow").input("Wekelijks overleg")
    _button(at, t("phase.team.agreements_save", "nl")).click()
    at.run()
    assert not at.exception, at.exception
    store, project = _store_and_project(app_db)
    found = store.read(phase_store.agreements, project.id)
    assert [(a.key, a.note) for a in found if a.agreed] == [("workflow", "Wekelijks overleg")]


def test_readiness_answers_are_saved_and_the_home_page_lists_the_open_ones(run_app, app_db):
    at = _open(run_app, "readiness")
    at.session_state[_editor_key(at, "phase_readiness_editor_")] = {"edited_rows": {
        "0": {"status": "done", "owner": "An", "answer": "Halftijds", "evidence": "kosten"},
        "1": {"status": "in_progress", "evidence": "javascript:alert(1)"}}, "added_rows": [], "deleted_rows": []}
    _button(at, t("phase.readiness.save", "nl")).click()
    at.run()
    assert not at.exception, at.exception
    store, project = _store_and_project(app_db)
    answers = store.read(phase_store.readiness, project.id)
    assert [(a.status, a.owner, a.evidence) for a in answers[:2]] == [("done", "An", "kosten"),
                                                                       ("in_progress", "", "javascript:alert(1)")]
    # an evidence that is not a page or a web address stays text
    assert md("javascript:alert(1)") in _texts(at)
    home = run_app()
    assert not home.exception
    listed = "\n".join(m.value for m in home.markdown)
    assert "- " + md("Rolverdeling met partners") in listed
    assert "Capaciteit en middelen" not in listed  # answered
    assert any(tn("phase.step_status.readiness", 1, "nl", total=9) in m.value for m in home.markdown)


def test_a_choice_is_recorded_with_its_reasons_and_impact_and_the_figures_match_the_dossier(run_app, app_db):
    store, project = _store_and_project(app_db)
    demo = load_demo()
    set_up(store, project.id, demo)
    at = _open(run_app, "choice")
    assert at.selectbox(key="phase_choice_candidate").value is not None
    at.text_input(key="phase_choice_agreed_by").input("College")
    at.date_input(key="phase_choice_date").set_value(date(2027, 1, 15))
    at.text_area(key="phase_choice_motivation").input(SCRIPT)
    _button(at, t("phase.choice.record", "nl")).click()
    at.run()
    assert not at.exception, at.exception
    found = store.read(phase_store.latest_decision, project.id)
    assert found.chosen == STATION and found.decided_on == date(2027, 1, 15) and found.motivation == SCRIPT
    assert found.snapshot["ranked"] and len(found.alternatives) == 2
    assert any(m.value.startswith("- " + md(STATION)) for m in at.markdown)
    assert SCRIPT in _cells(at)  # the motivation, shown in a table as text

    impact_page = _open(run_app, "impact")
    cells = _cells(impact_page)
    with store.reading() as session:
        impact = project_impact(session, project.id, found, None)
    assert impact.missing == ()
    assert [value for _, value in impact_figures(impact, "nl") if value not in cells] == []

    texts = _read(dossier_html(project)).texts
    assert [value for _, value in impact_figures(impact, "nl") if value not in texts] == []


def test_impact_assumptions_are_edited_with_their_source(run_app, app_db):
    store, project = _store_and_project(app_db)
    demo = load_demo()
    ids = set_up(store, project.id, demo)
    choose(store, project.id, demo, ids)
    at = _open(run_app, "impact")
    at.checkbox(key="phase_impact_use_profile").uncheck()
    at.number_input(key="phase_impact_dwellings").set_value(200)
    at.number_input(key="phase_impact_share").set_value(30)
    at.text_input(key="phase_impact_source_renovation_share").input("Woonenquête 2025")
    _button(at, t("phase.impact.save", "nl")).click()
    at.run()
    assert not at.exception, at.exception
    saved = store.read(phase_store.get_impact_assumptions, project.id)
    assert (saved.dwellings, saved.renovation_share) == (200, pytest.approx(0.3))
    assert "Woonenquête 2025" in _cells(at) and "60" in _cells(at)  # 200 × 30 % renovations


def test_the_dossier_is_offered_for_download(run_app):
    at = _open(run_app, "dossier", lang="fr")
    assert [b.label for b in at.get("download_button")] == [t("phase.dossier_tab.download", "fr")]


def test_a_facilitator_reads_phase_one_but_changes_nothing(run_app, app_db):
    at = _open(run_app, "team", role="facilitator")
    assert t("signin.read_only", "nl") in [i.value for i in at.info]
    at.session_state[_editor_key(at, "phase_team_editor_")] = {"edited_rows": {}, "deleted_rows": [],
                                                                 "added_rows": [{"name": "An", "role": "other"}]}
    _button(at, t("phase.team.save", "nl")).click()
    at.run()
    store, project = _store_and_project(app_db)
    assert store.read(phase_store.list_team, project.id) == []
    refused = t("errors.access_denied", "nl", role=md("facilitator"), action=md("phase.write"))
    assert [e.value for e in at.error] == [refused]
