"""Residents' text: tidied and checked on the way in, escaped on the way out.

Ideas, comments and pseudonyms are plain text. Nothing a resident writes is ever
interpreted as markup: it is stored as typed (minus invisible control characters) and
escaped wherever it is shown: :func:`escape_html` for map popups, tooltips and HTML
cards (the app escapes markdown with ``wijk_app.state.md``). A ``javascript:`` URL is
therefore just text: no link is ever made from user input.

What cleaning removes, and why:

- C0/C1 control characters other than white space (PostgreSQL refuses NUL; the
  others are invisible); white space is tidied (one line for titles and names);
- the bidirectional *embedding, override and isolate* controls U+202A–U+202E and
  U+2066–U+2069: an unpaired U+202E would reverse the text that follows it on the
  page. Right-to-left scripts themselves (Arabic, Hebrew) need none of them and are
  kept, as are emoji with their joiners (U+200D) and variation selectors;
- Unicode is normalised to NFC, so the same word typed on two phones compares equal.

Limits count characters (code points) after cleaning.
"""

from __future__ import annotations

import html
import re
import unicodedata

from wijk_core.ideas.errors import IdeaError

__all__ = [
    "COMMENT_MAX", "PSEUDONYM_MAX", "REASON_MAX", "TEXT_MAX", "TITLE_MAX", "CATEGORY_LABEL_MAX",
    "clean_category_label", "clean_comment", "clean_pseudonym", "clean_reason", "clean_text",
    "clean_title", "escape_html", "shorten",
]

TITLE_MAX = 120
"""Longest idea title, in characters."""
TEXT_MAX = 2000
"""Longest idea text."""
COMMENT_MAX = 1000
"""Longest comment."""
PSEUDONYM_MAX = 40
"""Longest pseudonym."""
REASON_MAX = 300
"""Longest reason given with a report."""
CATEGORY_LABEL_MAX = 40
"""Longest label of a project-defined category."""

_BIDI_CONTROLS = {chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def _printable(text: str) -> str:
    """NFC, without bidi controls and without control characters other than white space."""
    return "".join(ch for ch in unicodedata.normalize("NFC", text)
                   if ch not in _BIDI_CONTROLS and (ch.isspace() or unicodedata.category(ch) != "Cc"))


def _as_text(value: object, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{what} is text, got {type(value).__name__}.")
    return value


def _line(value: object, what: str) -> str:
    """One line: every run of white space (newlines too) becomes one space."""
    return " ".join(_printable(_as_text(value, what)).split())


def _paragraphs(value: object, what: str) -> str:
    """Newlines kept (at most one blank line in a row), spaces inside lines tidied."""
    text = _as_text(value, what).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in _printable(text).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _limit(text: str, limit: int, code: str, what: str) -> str:
    if len(text) > limit:
        raise IdeaError(code,
                        max=limit, length=len(text))
    return text


def clean_title(value: object) -> str:
    """An idea title: one line, 1–120 characters.

    Raises
    ------
    IdeaError
        ``errors.ideas_title_empty`` or ``errors.ideas_title_too_long`` (max, length).
    """
    text = _line(value, "A title")
    if not text:
        raise IdeaError("errors.ideas_title_empty")
    return _limit(text, TITLE_MAX, "errors.ideas_title_too_long", "The title")


def clean_text(value: object) -> str:
    """An idea's text: paragraphs kept, optional, at most 2,000 characters.

    Raises ``errors.ideas_text_too_long`` (max, length).
    """
    return _limit(_paragraphs(value, "An idea's text"), TEXT_MAX, "errors.ideas_text_too_long", "The text")


def clean_comment(value: object) -> str:
    """A comment: paragraphs kept, 1–1,000 characters.

    Raises ``errors.ideas_comment_empty`` or ``errors.ideas_comment_too_long`` (max, length).
    """
    text = _paragraphs(value, "A comment")
    if not text:
        raise IdeaError("errors.ideas_comment_empty")
    return _limit(text, COMMENT_MAX, "errors.ideas_comment_too_long", "The comment")


def clean_pseudonym(value: object) -> str | None:
    """A pseudonym: one line, optional (None when blank), at most 40 characters.

    Raises ``errors.ideas_pseudonym_too_long`` (max, length).
    """
    text = _line(value, "A pseudonym")
    return _limit(text, PSEUDONYM_MAX, "errors.ideas_pseudonym_too_long", "The pseudonym") or None


def clean_reason(value: object) -> str | None:
    """The optional reason given with a report, at most 300 characters.

    Raises ``errors.ideas_reason_too_long`` (max, length).
    """
    text = _line(value, "A reason")
    return _limit(text, REASON_MAX, "errors.ideas_reason_too_long", "The reason") or None


def clean_category_label(value: object) -> str:
    """The label of a project-defined category: one line, 1–40 characters.

    Raises ``errors.ideas_category_label_empty`` or ``errors.ideas_category_label_too_long``.
    """
    text = _line(value, "A category label")
    if not text:
        raise IdeaError("errors.ideas_category_label_empty")
    return _limit(text, CATEGORY_LABEL_MAX, "errors.ideas_category_label_too_long", "The label")


def escape_html(text: object) -> str:
    """``text`` safe inside HTML elements and quoted attributes (``<`` → ``&lt;``, quotes too)."""
    return html.escape("" if text is None else str(text), quote=True)


def shorten(text: str, limit: int) -> str:
    """The first ``limit`` characters of ``text``, ending in "…" when cut (on a word if one is near)."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"
