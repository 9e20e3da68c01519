"""The facilitator's page through AppTest: who may open it, the queue, merging, exports, settings."""

from __future__ import annotations

import re

import pytest

from wijk_core.i18n import t
from wijk_core.ideas import IdeaArea, new_participant_token, to_wgs84
from wijk_core.sectors.data import load_demo
from wijk_core.store import get_store
from wijk_core.ideas import store as si

from ideas.hostile import SCRIPT
from wijk_core.store import projects as project_store
from wijk_core.selection import store as selection_store

PAGE = "pages/moderation.py"


@pytest.fixture
def seeded(app_db):
    """A project with four ideas: one pending after reports, two duplicates, one hostile."""
    store = get_store(app_db)
    project = store.write(project_store.ensure_project, t("project.demo_name", "nl"))
    sectors = load_demo().sectors
    area = IdeaArea.from_layer(sectors, "sectors")
    points = [to_wgs84(p.x, p.y) for p in sectors.geometry.representative_point().iloc[:4]]
    with store.writing() as session:
        si.set_report_threshold(session, project.id, 2)
        ideas = [si.add_idea(session, project.id, new_participant_token(), area.locate(*point), category=category,
                             title=title)
                 for point, (category, title) in zip(points, [("services", "Koop nu bij Jan!"),
                                                             ("mobility", "Fietspad Kerkstraat"),
                                                             ("mobility", "Fietspad in de Kerkstraat"),
                                                             ("leisure", SCRIPT)])]
        si.vote(session, ideas[1].id, new_participant_token(), 2)
        si.vote(session, ideas[2].id, new_participant_token(), 1)
    for _ in range(2):
        with store.writing() as session:
            si.report_idea(session, ideas[0].id, new_participant_token(), "reclame")
    return store, project, ideas


def _open(run_app, role="facilitator", **state):
    at = run_app(role=role, **state)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _keys(at) -> set[str]:
    return {b.key for b in at.button if b.key}


MODERATING = ("ideas_approve", "ideas_hide", "ideas_merge", "ideas_export")


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_a_resident_who_opens_the_page_is_asked_to_sign_in(run_app, seeded, lang):
    store, _, ideas = seeded
    before = [(idea.id, idea.status) for idea in store.read(si.list_ideas, ideas[0].project_id, None)]
    at = _open(run_app, role="resident", lang=lang, ideas_mod_section="queue")
    assert [w.value for w in at.warning] == [t("signin.page_needs_sign_in", lang)]
    assert not any(key.startswith(MODERATING) for key in _keys(at))
    assert [b.label for b in at.get("link_button")] == [t("signin.sign_in_link", lang)] * 2
    after = [(idea.id, idea.status) for idea in store.read(si.list_ideas, ideas[0].project_id, None)]
    assert after == before


def test_an_account_without_a_role_here_is_told_so(run_app, seeded, app_db, sign_in):
    at = _open(run_app, role="resident")
    other = get_store(app_db).write(project_store.create_project, "Andere wijk")
    sign_in(at, "facilitator", project_id=other.id)
    at.run()
    assert [w.value for w in at.warning] == [t("signin.no_role_here", "nl", name="facilitator@example\\.org",
                                                role=t("signin.role_resident", "nl"))]
    assert not any(key.startswith(MODERATING) for key in _keys(at))


def test_residents_never_see_moderation_controls(run_app, seeded):
    at = run_app(role="resident")
    at.switch_page("pages/ideas.py").run()
    assert not any(key.startswith(MODERATING) for key in _keys(at))


def test_the_queue_approves_hides_and_merges(run_app, seeded):
    store, project, (spam, path, duplicate, hostile) = seeded
    at = _open(run_app, ideas_mod_section="queue")
    assert f"ideas_approve_{spam.id}" in _keys(at)  # the reported idea waits in the queue
    assert at.subheader[0].value == t("ideas.mod_queue_title", "nl", count=1)

    at.button(key=f"ideas_hide_{spam.id}").click().run()
    assert [s.value for s in at.success] == [t("ideas.mod_hidden", "nl", id=spam.id)]
    at.button(key=f"ideas_approve_{spam.id}").click().run()
    at.button(key=f"ideas_hide_all_{hostile.id}").click().run()

    at.selectbox(key="ideas_merge_duplicate").set_value(duplicate.id)
    at.selectbox(key="ideas_merge_target").set_value(path.id)
    at.button(key="ideas_merge").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [t("ideas.mod_merged", "nl", duplicate=duplicate.id, target=path.id)]
    with store.reading() as session:
        status = {i.id: i.status for i in si.list_ideas(session, project.id, None)}
        merged_path = si.get_idea(session, path.id)
        log = [(e.action, e.idea_id) for e in si.moderation_log(session, project.id)]
    assert status == {spam.id: "visible", path.id: "visible", duplicate.id: "merged", hostile.id: "hidden"}
    assert (merged_path.support, merged_path.votes) == (3, 2)
    assert log[:4] == [("merge", duplicate.id), ("hide", hostile.id), ("approve", spam.id), ("hide", spam.id)]
    assert all("<script>" not in m.value for m in at.markdown)  # the hostile title is escaped markdown


def test_overview_exports_and_settings(run_app, seeded):
    store, project, ideas = seeded
    at = _open(run_app, ideas_mod_section="overview")
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("ideas.mod_metric_ideas", "nl")] == "3"  # the pending one is not among the visible
    assert metrics[t("ideas.mod_metric_votes", "nl")] == "2"
    assert len(at.get("plotly_chart")) == 3
    at.multiselect(key="ideas_mod_categories").set_value(["mobility"]).run()
    assert {m.label: m.value for m in at.metric}[t("ideas.mod_metric_ideas", "nl")] == "2"

    # inside one candidate neighbourhood (the first two sectors: the reported idea and one duplicate)
    sectors = load_demo().sectors
    candidate = store.write(selection_store.create_candidate,
                            project.id, "Noord", sectors.geometry.iloc[:2].union_all(), origin="sectors")
    at.run()
    assert at.dataframe[-1].value.to_dict("list") == {t("ideas.mod_candidate", "nl"): ["Noord"],
                                                      t("ideas.mod_ideas", "nl"): [1]}
    at.selectbox(key="ideas_mod_within").set_value(candidate.id).run()
    assert {m.label: m.value for m in at.metric}[t("ideas.mod_metric_ideas", "nl")] == "1"

    at.session_state["ideas_mod_section"] = "export"
    at.run()
    downloads = at.get("download_button")
    assert len(downloads) == 5  # CSV, GeoJSON, XLSX, QR PNG, QR SVG
    assert any("ideeen?project=" in c.value for c in at.code)

    at.session_state["ideas_mod_section"] = "settings"
    at.run()
    at.number_input(key="ideas_threshold").set_value(5)
    next(b for b in at.button if (b.key or "").startswith("FormSubmitter:ideas_threshold_form-")).click().run()
    at.text_input(key="ideas_category_label").input("Speelpleinen")
    next(b for b in at.button if (b.key or "").startswith("FormSubmitter:ideas_category_form-")).click().run()
    assert not at.exception, at.exception
    with store.reading() as session:
        assert si.get_settings(session, project.id).report_threshold == 5
        assert [c.label for c in si.list_categories(session, project.id)] == ["Speelpleinen"]


def test_a_facilitator_gets_no_base_map_section_it_is_project_data(run_app, seeded):
    at = _open(run_app, ideas_mod_section="overview")
    assert "basemap" not in at.segmented_control(key="ideas_mod_section").options


def test_the_base_map_section_estimates_the_tiles_before_fetching_them(run_app, seeded):
    at = _open(run_app, role="officer", ideas_mod_section="basemap")
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader][-1] == t("basemap.title", "nl")
    assert at.selectbox(key="basemap_source").value == "grb"
    assert at.slider(key="basemap_zooms").value == (13, 17)
    estimate = next(c.value for c in at.caption if "MB" in c.value)
    assert re.fullmatch(r"\d+ tegels, ongeveer \d+,\d MB\.", estimate), estimate
    assert any(t("basemap.none_yet", "nl") in i.value for i in at.info)
    at.slider(key="basemap_zooms").set_value((13, 19)).run()  # the whole demo municipality down to buildings
    assert not at.exception, at.exception
    closer = next(c.value for c in at.caption if "MB" in c.value)
    assert int(closer.split()[0]) > 12 * int(estimate.split()[0])  # two levels more: nearly 4 x 4 times the tiles
    assert [b for b in at.button if b.key == "basemap_prepare"]
