"""Cleaning, limits and escaping of residents' text."""

import unicodedata

import pytest
from hypothesis import given, strategies as st

from wijk_core.ideas import IdeaError, clean_comment, clean_pseudonym, clean_text, clean_title, escape_html, shorten
from wijk_core.ideas.text import CATEGORY_LABEL_MAX, REASON_MAX, clean_category_label, clean_reason

from hostile import EMOJI, IMG, RTL, SCRIPT


def _code(call, *args):
    with pytest.raises(IdeaError) as caught:
        call(*args)
    return caught.value.code, caught.value.params


def test_a_title_is_one_tidy_line():
    assert clean_title("  Veilig\tfietspad \n naar\r\nschool\x00 ") == "Veilig fietspad naar school"
    assert clean_title("e\u0301cole") == "\u00e9cole"  # NFC: the same word typed on two phones is equal


def test_empty_and_oversized_posts_get_a_code_with_the_numbers():
    assert _code(clean_title, " \n\t") == ("errors.ideas_title_empty", {})
    assert _code(clean_title, None) == ("errors.ideas_title_empty", {})
    assert clean_title("x" * 120) == "x" * 120
    assert _code(clean_title, "x" * 121) == ("errors.ideas_title_too_long", {"max": 120, "length": 121})
    assert _code(clean_text, "y" * 2001) == ("errors.ideas_text_too_long", {"max": 2000, "length": 2001})
    assert _code(clean_comment, "") == ("errors.ideas_comment_empty", {})
    assert _code(clean_comment, "z" * 1001)[0] == "errors.ideas_comment_too_long"
    assert _code(clean_pseudonym, "p" * 41)[0] == "errors.ideas_pseudonym_too_long"
    assert _code(clean_reason, "r" * (REASON_MAX + 1))[0] == "errors.ideas_reason_too_long"
    assert _code(clean_category_label, "c" * (CATEGORY_LABEL_MAX + 1))[0] == "errors.ideas_category_label_too_long"
    assert _code(clean_title, "🚲" * 121)[1]["length"] == 121  # characters, not bytes


def test_text_keeps_paragraphs_but_not_runs_of_blank_lines():
    assert clean_text("Een\r\n\r\n\r\n\r\nTwee  drie\n") == "Een\n\nTwee drie"
    assert clean_text(None) == "" and clean_pseudonym("   ") is None


def test_hostile_text_is_kept_as_text_except_invisible_controls():
    assert clean_title(SCRIPT) == SCRIPT and clean_title(IMG) == IMG  # text, escaped where shown
    assert clean_title(EMOJI) == EMOJI  # joiners and flags survive
    cleaned = clean_title(RTL)
    assert "\u202e" not in cleaned and "\u202c" not in cleaned and "مرحبا" in cleaned


def test_a_non_text_value_is_a_programming_error():
    with pytest.raises(TypeError):
        clean_title(12)


def test_escaped_hostile_text_has_no_markup_left(hostile_text):
    escaped = escape_html(hostile_text)
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped and "'" not in escaped


@given(st.text(max_size=300))
def test_cleaning_is_idempotent_and_leaves_no_control_character(text):
    try:
        title = clean_title(text)
    except IdeaError as err:
        assert err.code in ("errors.ideas_title_empty", "errors.ideas_title_too_long")
        return
    assert clean_title(title) == title and 1 <= len(title) <= 120
    assert not any(unicodedata.category(ch) == "Cc" for ch in title)
    assert not any(0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in title)


def test_shorten_cuts_on_a_word_when_one_is_near():
    assert shorten("kort", 10) == "kort"
    assert shorten("een fietspad langs de vaart", 16) == "een fietspad…"
    assert len(shorten("x" * 50, 10)) == 10
