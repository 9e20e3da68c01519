"""HTML cards of an idea and its comments: escaped, right-to-left isolated."""

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from wijk_core.ideas import IdeaLabels, comments_html, idea_card_html, legend_html

from hostile import IMG, RTL, SCRIPT

from .helpers import FakeIdea
from .test_ideamap import _tags


@dataclass
class _Comment:
    id: int
    idea_id: int
    stance: str
    text: str
    pseudonym: str | None = None
    created_at: datetime = datetime(2026, 3, 1, tzinfo=timezone.utc)


def test_an_idea_card_shows_hostile_text_as_text(hostile_text):
    text = hostile_text
    html = idea_card_html(FakeIdea(5, title=text, text=text, pseudonym=text, support=-2, votes=3),
                          category_label=text, colour="#0072B2", created="1 mrt 2026", labels=IdeaLabels(status=text))
    assert [tag for tag, _ in _tags(html)] == ["div", "h3", "bdi", "div", "span", "bdi", "span", "div", "strong",
                                               "div", "bdi"]
    assert "−2" in html or "-2" in html


def test_comments_mark_stance_author_and_merged_duplicates():
    html = comments_html([_Comment(1, 5, "against", SCRIPT, IMG), _Comment(2, 9, "for", RTL)], idea_id=5,
                         dates={1: "1 mrt"}, labels=IdeaLabels(merged_note="samengevoegd"))
    assert "<script>" not in html and "<img" not in html
    assert html.count("<li") == 2 and "wijk-comment-against" in html and "samengevoegd" in html
    assert html.count("samengevoegd") == 1  # only the comment of the duplicate (idea 9)
    assert comments_html([], idea_id=1, dates={}, labels=IdeaLabels(no_comments="Nog niets")).endswith(
        "Nog niets</p>")


def test_a_bad_colour_is_refused_rather_than_written():
    with pytest.raises(ValueError):
        idea_card_html(FakeIdea(1), category_label="x", colour="red;x:expression(1)", created="")
    html = legend_html({"a": (IMG, "#000000")}, {"a": 3})
    assert "<img" not in html and "(3)" in html


@pytest.mark.parametrize("lang, votes, comments, expected", [
    ("nl", 1, 1, "(1 stem, 1 reactie)"), ("nl", 2, 0, "(2 stemmen, 0 reacties)"),
    ("fr", 0, 1, "(0 vote, 1 commentaire)"), ("en", 1, 2, "(1 vote, 2 comments)")])
def test_a_card_counts_votes_and_comments_in_the_right_plural(lang, votes, comments, expected):
    html = idea_card_html(FakeIdea(5, support=0, votes=votes, comments=comments), category_label="x",
                          colour="#0072b2", created="", labels=IdeaLabels.for_language(lang))
    assert expected in html


@pytest.mark.parametrize("support, shown", [(0, "<strong>0</strong>"), (3, "<strong>+3</strong>"),
                                            (-2, "<strong>\u22122</strong>")])
def test_no_support_is_zero_without_a_sign(support, shown):
    html = idea_card_html(FakeIdea(5, support=support), category_label="x", colour="#0072b2", created="",
                          labels=IdeaLabels.for_language("nl"))
    assert shown in html and "+0" not in html
