"""How a project tells residents apart, through AppTest: the resident page's sentence, the workshop code,
a second browser's vote refused with a message, the facilitator's settings and flags in the queue.

The client's address reaches the page from the web server (tests/browser/test_ideas_abuse.py); here it is
set where the page asks for it.
"""

from __future__ import annotations

import pytest

from wijk_core.i18n import t, tn
from wijk_core.ideas import IdeaArea, new_participant_token, to_wgs84
from wijk_core.ideas import store as si
from wijk_core.ideas.model import Origin
from wijk_core.sectors.data import load_demo
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

from wijk_app.ideas.common import DEVICE_COOKIE_SCRIPT, PARTICIPANT_COOKIE, TOKEN_KEY

RESIDENTS, MODERATION = "pages/ideas.py", "pages/moderation.py"
ADDRESS = "203.0.113.7"


@pytest.fixture
def world(app_db, monkeypatch):
    """The demo project with one idea; every browser of this test comes from ADDRESS."""
    monkeypatch.setattr("wijk_app.ideas.common.client_address", lambda: ADDRESS)
    store = get_store(app_db)
    project = store.write(project_store.ensure_project, t("project.demo_name", "nl"))
    sectors = load_demo().sectors
    area = IdeaArea.from_layer(sectors, "sectors")
    point = to_wgs84(*sectors.geometry.representative_point().iloc[3].coords[0])
    idea = store.write(si.add_idea, project.id, new_participant_token(), area.locate(*point), category="mobility",
                       title="Fietspad")
    return store, project, idea, point


def _open(run_app, page=RESIDENTS, role="resident", **state):
    at = run_app(role=role, **state)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _submit(at, form: str):
    button = next(b for b in at.button if (b.key or "").startswith(f"FormSubmitter:{form}"))  # a name or its prefix
    return button.click().run()


def _captions(at) -> list[str]:
    return [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_resident_page_says_how_votes_count(run_app, world, lang):
    store, project, _idea, _point = world
    assert t("abuse.counted_session", lang) in _captions(_open(run_app, lang=lang))
    store.write(si.set_identification, project.id, "device", device_days=7)
    at = _open(run_app, lang=lang)
    assert tn("abuse.counted_device", 7, lang) in _captions(at)
    # the token is kept in a cookie for the chosen days (Max-Age in seconds), written once per visit and again
    # when the days change
    store.write(si.set_identification, project.id, "device", device_days=9)
    cookie = DEVICE_COOKIE_SCRIPT % (PARTICIPANT_COOKIE, at.session_state[TOKEN_KEY], 9 * 86_400)
    assert [h.proto.body for h in at.run().get("html")].count(cookie) == 1
    assert tn("abuse.counted_device", 9, lang) in _captions(at)
    assert [h.proto.body for h in at.run().get("html")].count(cookie) == 0
    store.write(si.set_identification, project.id, "workshop")
    assert t("abuse.counted_workshop", lang) in _captions(_open(run_app, lang=lang))


def test_a_second_browser_on_one_connection_is_told_its_vote_does_not_count(run_app, world):
    store, project, idea, _point = world
    store.write(si.vote, idea.id, new_participant_token(), 2, origin=Origin(ADDRESS))  # the first browser
    at = _open(run_app, ideas_selected=idea.id)
    at.button_group(key=f"ideas_vote_{idea.id}").set_value(-2).run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == [t("abuse.vote_not_counted", "nl")]
    assert at.button_group(key=f"ideas_vote_{idea.id}").value is None  # the control shows no vote of hers
    tallied = store.read(si.get_idea, idea.id)
    assert (tallied.votes, tallied.support) == (1, 2)
    assert [flag.kind for flag in store.read(si.list_flags, project.id)] == ["vote_again"]


def test_in_workshop_mode_a_resident_types_the_code_before_posting(run_app, world):
    store, project, idea, (lon, lat) = world
    code = store.write(si.set_identification, project.id, "workshop").workshop_code
    at = _open(run_app, ideas_pending=(lon, lat))
    assert at.text_input(key="ideas_code_typed")  # the code form is there
    # posting without the code is refused by the store, with the way out in the message
    at.radio(key="ideas_new_category").set_value("mobility")
    at.text_input(key="ideas_new_title").input("Zebrapad")
    at = _submit(at, "ideas_new_form")
    assert t("errors.ideas_workshop_code_needed", "nl") in [e.value for e in at.error]
    at.text_input(key="ideas_code_typed").input("ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY")
    at = _submit(at, "ideas_code_form")
    assert t("errors.ideas_workshop_code_wrong", "nl") in [e.value for e in at.error]
    at.text_input(key="ideas_code_typed").input(code.lower())
    at = _submit(at, "ideas_code_form")
    assert not any(box.key == "ideas_code_typed" for box in at.text_input)  # accepted: the form is gone
    assert t("abuse.code_accepted", "nl") in [s.value for s in at.success]
    at = _submit(at, "ideas_new_form")
    assert [i.title for i in store.read(si.list_ideas, project.id)] == ["Fietspad", "Zebrapad"]
    # a new code on the projector: the old one no longer lets her vote, and the form asks again
    store.write(si.set_identification, project.id, "workshop", new_code=True)
    at.session_state["ideas_selected"] = idea.id
    at.run()
    assert any(box.key == "ideas_code_typed" for box in at.text_input)
    at.button_group(key=f"ideas_vote_{idea.id}").set_value(1).run()
    assert t("errors.ideas_workshop_code_wrong", "nl") in [e.value for e in at.error]
    assert store.read(si.get_idea, idea.id).votes == 0


def _moderate(run_app, section: str):
    return _open(run_app, MODERATION, role="facilitator", ideas_mod_section=section)


def test_the_facilitator_chooses_the_workshop_code_and_sees_it_for_the_projector(run_app, world):
    store, project, _idea, _point = world
    at = _moderate(run_app, "settings")
    assert at.radio(key="ideas_identification").value == "session"
    at.radio(key="ideas_identification").set_value("workshop")
    at = _submit(at, "ideas_identification_form")
    assert not at.exception, at.exception
    settings = store.read(si.get_settings, project.id)
    assert settings.identification == "workshop" and len(settings.workshop_code) == 6
    assert t("abuse.settings_saved", "nl", sentence=t("abuse.counted_workshop", "nl")) in [s.value for s in
                                                                                          at.success]
    assert any(settings.workshop_code in h.proto.body for h in at.get("html"))
    at.checkbox(key="ideas_new_code").check()
    at = _submit(at, "ideas_identification_form")
    assert store.read(si.get_settings, project.id).workshop_code != settings.workshop_code
    at.radio(key="ideas_identification").set_value("device")
    at.number_input(key="ideas_device_days").set_value(14)
    at = _submit(at, "ideas_identification_form")
    assert (store.read(si.get_settings, project.id).identification,
            store.read(si.get_settings, project.id).device_days) == ("device", 14)
    assert not any("wijk-workshop-code" in h.proto.body for h in at.get("html"))


def test_bursts_are_in_the_queue_without_the_address_and_can_be_marked_seen(run_app, world):
    store, project, idea, _point = world
    for _ in range(3):  # one person, three browsers, one address
        store.write(si.report_idea, idea.id, new_participant_token(), "weg ermee", origin=Origin(ADDRESS))
    assert store.read(si.get_idea, idea.id).status == "visible"
    at = _moderate(run_app, "queue")
    assert t("abuse.flags_title", "nl", count=1) in [h.value for h in at.subheader]
    [line] = [m.value for m in at.markdown if "Bron A" in m.value]
    assert tn("abuse.flag_report_again", 3, "nl") in line and f"#{idea.id}" in line
    page_text = " ".join(str(element.value) for element in at.markdown) + " ".join(_captions(at))
    assert ADDRESS not in page_text
    at.button(key=f"ideas_flag_seen_{store.read(si.list_flags, project.id)[0].id}").click().run()
    assert store.read(si.list_flags, project.id) == []
    assert not any("Bron A" in m.value for m in at.markdown)
