"""The residents' idea map through AppTest: post, vote, comment, report; hostile text; limits.

Tapping the map needs a browser (tests/browser/test_ideas_story.py); here a tap is the
session's pending spot, set as the map would set it.
"""

from __future__ import annotations

import re
from pathlib import Path
from html.parser import HTMLParser

import pytest
from sqlalchemy import text

from wijk_app.ideas.common import COOKIE_SCRIPT, PARTICIPANT_COOKIE, TOKEN_KEY
from wijk_core.i18n import t
from wijk_core.ideas import IdeaArea, new_participant_token, participant_key
from wijk_core.sectors.data import load_demo
from wijk_core.store import get_store
from wijk_core.ideas import store as si

from ideas.hostile import ALL, IMG, SCRIPT
from wijk_core.store import projects as project_store

PAGE = "pages/ideas.py"
REPO = Path(__file__).resolve().parents[2]
TOKEN = new_participant_token()


@pytest.fixture(scope="module")
def inside():
    area = IdeaArea.from_layer(load_demo().sectors, "sectors")
    point = load_demo().sectors.geometry.iloc[3].representative_point()
    from wijk_core.ideas import to_wgs84

    return area, to_wgs84(point.x, point.y)


def _open(run_app, **state):
    at = run_app(ideas_participant=TOKEN, **state)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _submit(at, form: str):
    button = next(b for b in at.button if (b.key or "").startswith(f"FormSubmitter:{form}"))  # a name or its prefix
    return button.click().run()


def _project(app_db):
    store = get_store(app_db)
    return store, store.write(project_store.ensure_project, t("project.demo_name", "nl"))  # what the app opens first


def _seed(app_db, inside, titles, **kwargs):
    store, project = _project(app_db)
    area, (lon, lat) = inside
    with store.writing() as session:
        return [si.add_idea(session, project.id, new_participant_token(), area.locate(lon, lat),
                            category="environment", title=title, **kwargs) for title in titles]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _tags(html: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_a_resident_posts_an_idea_at_the_tapped_spot(run_app, app_db, inside):
    at = _open(run_app)
    assert at.info[0].value == t("ideas.tap_hint", "nl")  # nothing chosen yet: how to start
    _, (lon, lat) = inside
    at = _open(run_app, ideas_pending=(lon, lat))
    at.radio(key="ideas_new_category").set_value("mobility")
    at.text_input(key="ideas_new_title").input("Veilig fietspad naar school")
    at.text_area(key="ideas_new_text").input("Langs de Vaart.\nMet verlichting.")
    at.text_input(key="ideas_pseudonym").input("Fietsmama")
    at = _submit(at, "ideas_new_form")
    assert not at.exception, at.exception
    store, project = _project(app_db)
    with store.reading() as session:
        (idea,) = si.list_ideas(session, project.id)
        assert session.execute(text("SELECT participant FROM ideas")).scalar() == participant_key(TOKEN)
    assert (idea.category, idea.title, idea.text, idea.pseudonym) == (
        "mobility", "Veilig fietspad naar school", "Langs de Vaart.\nMet verlichting.", "Fietsmama")
    assert (idea.lon, idea.lat) == pytest.approx((lon, lat))
    assert at.session_state["ideas_selected"] == idea.id and at.session_state["ideas_pending"] is None
    assert any("Veilig fietspad naar school" in s.value for s in at.success)
    assert any("Veilig fietspad naar school" in h.proto.body for h in at.get("html"))  # its card is open
    assert any(b.key == f"ideas_open_{idea.id}" for b in at.button)  # and it is in the list

    at.session_state["ideas_pending"] = (lon, lat)  # a second spot: an empty form, her pseudonym kept
    at.run()
    assert at.text_input(key="ideas_new_title.1").value == "" and at.radio(key="ideas_new_category.1").value is None
    assert at.text_input(key="ideas_pseudonym").value == "Fietsmama"


def test_a_post_without_theme_or_title_is_refused_with_a_message(run_app, app_db, inside):
    _, (lon, lat) = inside
    at = _open(run_app, ideas_pending=(lon, lat))
    at.text_input(key="ideas_new_title").input("Bankjes")
    at = _submit(at, "ideas_new_form")
    assert [e.value for e in at.error] == [t("ideas.choose_category", "nl")]
    at.radio(key="ideas_new_category").set_value("leisure")
    at.text_input(key="ideas_new_title").input("   ")
    at = _submit(at, "ideas_new_form")
    assert [e.value for e in at.error] == [t("errors.ideas_title_empty", "nl")]
    assert _ideas(app_db) == []


def test_a_pasted_title_over_the_limit_stays_and_is_refused_with_its_length(run_app, app_db, inside):
    """Streamlit's max_chars drops a longer paste without a word (the field stays empty); the form has
    no max_chars, states the limits, and an over-long title stays in the field with a message saying by how much."""
    _, (lon, lat) = inside
    at = _open(run_app, ideas_pending=(lon, lat), ideas_new_title="x" * 130, ideas_new_category="leisure")
    assert not at.text_input(key="ideas_new_title").max_chars  # 0: no cap in the browser
    assert not at.text_area(key="ideas_new_text").max_chars
    assert t("ideas.idea_limits", "nl", title=120, text=2000, pseudonym=40) in [c.value for c in at.caption]
    at = _submit(at, "ideas_new_form")
    assert [e.value for e in at.error] == [t("errors.ideas_title_too_long", "nl", length=130, max=120)]
    assert at.text_input(key="ideas_new_title").value == "x" * 130
    assert _ideas(app_db) == []


def _ideas(app_db):
    store, project = _project(app_db)
    with store.reading() as session:
        return si.list_ideas(session, project.id, None)


def test_the_sixth_idea_within_ten_minutes_is_refused(run_app, app_db, inside):
    _, (lon, lat) = inside
    for number in range(6):
        at = _open(run_app, ideas_pending=(lon, lat), ideas_new_category="services",
                   ideas_new_title=f"Idee {number}")
        at = _submit(at, "ideas_new_form")
    assert len(_ideas(app_db)) == 5
    (message,) = [e.value for e in at.error]
    assert message.startswith("Je plaatste al 5 ideeën in de laatste 10 min.")


def test_voting_changing_the_vote_and_commenting(run_app, app_db, inside):
    idea, other = _seed(app_db, inside, ["Meer bomen", "Bankjes"])
    at = _open(run_app, ideas_selected=idea.id)
    at.button_group(key=f"ideas_vote_{idea.id}").set_value(2).run()
    assert not at.exception, at.exception
    at.button_group(key=f"ideas_vote_{idea.id}").set_value(1).run()
    store, project = _project(app_db)
    with store.reading() as session:
        assert si.my_votes(session, project.id, TOKEN) == {idea.id: 1}
        assert si.get_idea(session, idea.id).votes == 1
    assert any(s.value == t("ideas.vote_saved", "nl", value="+1") for s in at.success)

    at.radio(key="ideas_comment_stance").set_value("against")
    at.text_area(key="ideas_comment_text").input("Te weinig plaats op het voetpad")
    at = _submit(at, "ideas_comment_form")
    with store.reading() as session:
        (comment,) = si.list_comments(session, idea.id)
    assert (comment.stance, comment.text) == ("against", "Te weinig plaats op het voetpad")
    assert any("Te weinig plaats" in h.proto.body and "wijk-comment-against" in h.proto.body
               for h in at.get("html"))
    # the posted comment's fields are new widgets now: empty, whatever the browser still held
    assert at.text_area(key="ideas_comment_text.1").value == "" and at.radio(key="ideas_comment_stance.1").value is None
    at.text_area(key="ideas_comment_text.1").input("Zonder standpunt")
    at = _submit(at, "ideas_comment_form")
    assert [e.value for e in at.error] == [t("ideas.choose_stance", "nl")]
    assert at.text_area(key="ideas_comment_text.1").value == "Zonder standpunt"  # refused, not lost
    # the stance control is drawn anew, empty: a choice the browser showed but never sent cannot look chosen
    assert at.radio(key="ideas_comment_stance.2").value is None
    at.radio(key="ideas_comment_stance.2").set_value("for")
    at = _submit(at, "ideas_comment_form")
    with store.reading() as session:
        assert [(c.stance, c.text) for c in si.list_comments(session, idea.id)][-1] == ("for", "Zonder standpunt")


def test_a_report_and_the_list_opens_ideas(run_app, app_db, inside):
    (idea,) = _seed(app_db, inside, ["Reclame voor mijn winkel"])
    at = _open(run_app)
    at.button(key=f"ideas_open_{idea.id}").click().run()
    assert at.session_state["ideas_selected"] == idea.id
    at.text_input(key="ideas_report_reason").input("reclame")
    at = _submit(at, "ideas_report_form")
    assert [i.value for i in at.info][-1] == t("ideas.report_thanks", "nl")
    at = _submit(at, "ideas_report_form")
    assert [i.value for i in at.info][-1] == t("ideas.report_already", "nl")
    assert _ideas(app_db)[0].reports == 1


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_hostile_text_is_shown_as_text_in_cards_list_and_legend(run_app, app_db, inside, lang):
    store, project = _project(app_db)
    with store.writing() as session:
        si.add_category(session, project.id, IMG[:40], "#444444")
    ideas = _seed(app_db, inside, [text[:120] for text in ALL], text=SCRIPT * 5, pseudonym=IMG[:40])
    with store.writing() as session:
        si.add_comment(session, ideas[0].id, new_participant_token(), stance="for", text=IMG, pseudonym=SCRIPT[:40])
    at = _open(run_app, lang=lang, ideas_selected=ideas[0].id, ideas_sort="newest")
    # the page's one script of its own: it keeps the participant token in a cookie (no user text in it)
    cookie = COOKIE_SCRIPT % (PARTICIPANT_COOKIE, at.session_state[TOKEN_KEY])
    bodies = [h.proto.body for h in at.main.get("html")]  # the sidebar holds the page semantics (wijk_app.a11y)
    assert bodies.count(cookie) == 1
    bodies.remove(cookie)
    # and the one that puts Streamlit's own widget words in the user's language (catalogue text only)
    (words,) = [body for body in bodies if "__wijkWords" in body]
    assert "__xss" not in words and "onerror" not in words
    bodies.remove(words)
    assert any("&lt;script&gt;window.__xss=1&lt;/script&gt;" in body for body in bodies)
    for body in bodies:
        assert set(_tags(body)) <= {"div", "span", "h3", "bdi", "strong", "ul", "li", "p", "em"}, body
    for button in at.button:  # button labels are markdown: user text must be escaped there
        if (button.key or "").startswith("ideas_open_"):
            assert "<script>" not in button.label and not re.search(r"(?<!\\)\]\(", button.label), button.label
    assert not at.exception


def test_workshop_mode_enlarges_the_type(app_db):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["workshop"] = "1"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert any("font-size: 22px" in h.proto.body for h in at.get("html"))
    plain = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    plain.switch_page(PAGE).run()
    assert not any("font-size: 22px" in h.proto.body for h in plain.get("html"))


def test_a_spot_can_be_chosen_from_a_list_instead_of_the_map(run_app, app_db):
    at = _open(run_app)
    places = at.selectbox(key="ideas_place_choice").options
    assert len(places) == len(load_demo().sectors)  # every demo sector, by name and code
    at.selectbox(key="ideas_place_choice").set_value(places[0]).run()
    at.button(key="ideas_place_use").click().run()
    assert not at.exception, at.exception
    lon, lat = at.session_state["ideas_pending"]
    area = IdeaArea.from_layer(load_demo().sectors, "sectors")
    assert area.locate(lon, lat)  # inside, so the form can post it
    assert any(r.key == "ideas_new_category" for r in at.radio)


# Streamlit's own typography, applied to markdown text after escapes are resolved (StreamlitMarkdown.js)
_STREAMLIT_TYPOGRAPHY = [(r"(^|\s)<->(\s|$)", "\\1↔\\2"), (r"(^|\s)->(\s|$)", "\\1→\\2"),
                         (r"(^|\s)<-(\s|$)", "\\1←\\2"), (r"(^|\s)--(\s|$)", "\\1—\\2"),
                         (r"(^|\s)>=(\s|$)", "\\1≥\\2"), (r"(^|\s)<=(\s|$)", "\\1≤\\2"),
                         (r"(^|\s)~=(\s|$)", "\\1≈\\2")]


def _as_streamlit_shows(label: str) -> str:
    shown = re.sub(r"\\(.)", r"\1", label)
    for pattern, replacement in _STREAMLIT_TYPOGRAPHY:
        shown = re.sub(pattern, replacement, shown)
    return shown.replace("\u2060", "")  # the invisible word joiner


def test_a_double_hyphen_in_a_title_stays_two_hyphens_in_the_list(run_app, app_db, inside):
    title = "Fietsen -- wandelen -> park <= 30 km/u"
    (idea,) = _seed(app_db, inside, [title])
    at = _open(run_app)
    label = at.button(key=f"ideas_open_{idea.id}").label
    assert _as_streamlit_shows(label).startswith(title + " · "), label


@pytest.mark.parametrize("lang, expected", [("nl", "(1 stem)"), ("fr", "(0 vote)"), ("en", "(0 votes)")])
def test_the_list_shows_no_support_as_zero_and_counts_votes_in_the_right_plural(run_app, app_db, inside, lang,
                                                                               expected):
    (idea,) = _seed(app_db, inside, ["Bankje"])
    if expected == "(1 stem)":
        get_store(app_db).write(si.vote, idea.id, new_participant_token(), 0)
    at = _open(run_app, lang=lang)
    label = _as_streamlit_shows(at.button(key=f"ideas_open_{idea.id}").label)
    assert label.endswith(f" · 0 {expected}"), label
