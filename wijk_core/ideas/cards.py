"""HTML snippets for an idea, its comments and the category legend (for ``st.html``).

Every resident-written string and every label is escaped with
:func:`wijk_core.ideas.text.escape_html` and wrapped in ``<bdi>``, so right-to-left
text cannot reorder what follows it; texts keep their line breaks
(``white-space: pre-wrap``). Only fixed markup, numbers and validated ``#rrggbb``
colours are written unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wijk_core.i18n import t, tn
from wijk_core.ideas.text import escape_html

STANCES = ("for", "against", "neutral")

__all__ = ["IdeaLabels", "comments_html", "format_support", "idea_card_html", "legend_html"]

_COLOUR = re.compile(r"#[0-9a-f]{6}")


def _colour(value: str) -> str:
    colour = str(value).lower()
    if not _COLOUR.fullmatch(colour):
        raise ValueError(f"colour {value!r} is not '#rrggbb'")
    return colour


def format_support(value: int) -> str:
    """An idea's support as shown: signed when not zero ("+3", "−2"), plain "0" for none."""
    value = int(value)
    return f"{value:+d}".replace("-", "\u2212") if value else "0"


def _bdi(text: object) -> str:
    return f"<bdi>{escape_html(text)}</bdi>"


def _english(key: str):
    return field(default_factory=lambda: t(key, "en"))


@dataclass(frozen=True)
class IdeaLabels:
    """Translated words of the idea cards and map popups (catalogue messages; escaped where
    rendered). Defaults: English."""

    anonymous: str = _english("ideas.anonymous")
    support: str = _english("ideas.support")
    no_comments: str = _english("ideas.no_comments")
    stances: tuple[tuple[str, str], ...] = field(
        default_factory=lambda: tuple((s, t(f"ideas.stance_{s}", "en")) for s in STANCES))
    merged_note: str = _english("ideas.merged_comment")
    more: str = _english("ideas.popup_more")
    status: str = ""
    language: str = "en"

    def tally(self, votes: int, comments: int) -> str:
        """Votes and comments counted in the labels' language, each noun in its plural form
        ("1 vote, 3 comments")."""
        return (f"{tn('ideas.votes_count', int(votes), self.language)}, "
                f"{tn('ideas.comments_count', int(comments), self.language)}")

    @classmethod
    def for_language(cls, lang: str, status: str = "") -> IdeaLabels:
        """The labels in ``lang``, with ``status`` shown beside the title when not empty."""
        return cls(anonymous=t("ideas.anonymous", lang), support=t("ideas.support", lang),
                   no_comments=t("ideas.no_comments", lang),
                   stances=tuple((s, t(f"ideas.stance_{s}", lang)) for s in STANCES),
                   merged_note=t("ideas.merged_comment", lang), more=t("ideas.popup_more", lang),
                   status=status, language=lang)


def idea_card_html(idea: Any, *, category_label: str, colour: str, created: str,
                   labels: IdeaLabels | None = None) -> str:
    """An idea's title, category, author, date, tallies and text.

    ``idea`` is a store ``Idea`` or an :func:`ideas_frame` row; ``created`` is the
    date already formatted for the reader.
    """
    labels = labels or IdeaLabels()
    pseudonym = getattr(idea, "pseudonym", None) or labels.anonymous
    text = getattr(idea, "text", "") or ""
    status = f' <span class="wijk-status">· {escape_html(labels.status)}</span>' if labels.status else ""
    body = (f'<div class="wijk-idea-text" style="white-space:pre-wrap;margin-top:.4em">{_bdi(text)}</div>'
            if text else "")
    return (
        f'<div class="wijk-idea-card" data-idea="{int(idea.id)}">'
        f'<h3 style="margin:0 0 .2em 0;overflow-wrap:anywhere">{_bdi(idea.title)}</h3>'
        f'<div class="wijk-idea-meta"><span style="color:{_colour(colour)}" aria-hidden="true">\u25cf</span> '
        f"{escape_html(category_label)} · {_bdi(pseudonym)} · {escape_html(created)}{status}</div>"
        f'<div class="wijk-idea-tally">{escape_html(labels.support)}: <strong>{format_support(idea.support)}</strong> '
        f"({escape_html(labels.tally(idea.votes, idea.comments))})"
        f"</div>{body}</div>"
    )


def comments_html(comments: Iterable[Any], *, idea_id: int, dates: Mapping[int, str],
                  labels: IdeaLabels | None = None) -> str:
    """The comments of an idea as a list, each with its stance, author and date.

    ``dates`` maps comment id → formatted date. Comments of a merged duplicate
    (``comment.idea_id != idea_id``) are marked as such.
    """
    labels = labels or IdeaLabels()
    stances = dict(labels.stances)
    marks = {"for": ("#1a7f37", "+"), "against": ("#b42318", "\u2212"), "neutral": ("#5f6368", "\u00b7")}
    items = []
    for comment in comments:
        colour, sign = marks.get(comment.stance, marks["neutral"])
        merged = (f' <em>({escape_html(labels.merged_note)})</em>' if comment.idea_id != idea_id else "")
        items.append(
            f'<li class="wijk-comment wijk-comment-{escape_html(comment.stance)}" style="margin-bottom:.6em">'
            f'<strong style="color:{colour}">{sign} {escape_html(stances.get(comment.stance, comment.stance))}'
            f"</strong> · {_bdi(comment.pseudonym or labels.anonymous)} · "
            f"{escape_html(dates.get(comment.id, ''))}{merged}"
            f'<div style="white-space:pre-wrap;overflow-wrap:anywhere">{_bdi(comment.text)}</div></li>')
    if not items:
        return f'<p class="wijk-no-comments">{escape_html(labels.no_comments)}</p>'
    return '<ul class="wijk-comments" style="list-style:none;padding-left:0">' + "".join(items) + "</ul>"


def legend_html(categories: Mapping[str, tuple[str, str]], counts: Mapping[str, int] | None = None) -> str:
    """A row of coloured dots with the category labels (and counts), for beside the map."""
    parts = []
    for key, (label, colour) in categories.items():
        count = f" ({int(counts.get(key, 0))})" if counts is not None else ""
        parts.append(f'<span class="wijk-legend-item" style="white-space:nowrap">'
                     f'<span style="color:{_colour(colour)};font-size:1.2em" aria-hidden="true">\u25cf</span> '
                     f"{escape_html(label)}{count}</span>")
    return ('<div class="wijk-legend" style="display:flex;flex-wrap:wrap;column-gap:1em;row-gap:.2em">'
            + "".join(parts) + "</div>")
