"""The closed sets of the idea map: categories, stances, statuses and moderation actions.

The five built-in categories are Debatomap's (seed 000): Mobiliteit, Milieu, Lokale
economie, Vrije tijd, Diensten. Their labels are catalogue keys
(``ideas.category_<key>``); a project may add its own categories with a label and a
colour (stored in ``idea_categories``). Colours are the Okabe–Ito palette, which stays
distinguishable for the common forms of colour blindness.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from wijk_core.enums import AliasEnum
from wijk_core.ideas.errors import IdeaError

__all__ = [
    "BUILTIN_CATEGORIES", "CUSTOM_COLOURS", "Category", "IdeaStatus", "ModerationAction",
    "Stance", "VOTE_MAX", "VOTE_MIN", "all_categories", "category_key", "check_colour",
    "check_vote",
]

VOTE_MIN, VOTE_MAX = -2, 2
"""Debatomap's support scale: −2 (strongly against) … +2 (strongly for)."""

_COLOUR = re.compile(r"#[0-9a-f]{6}")


@dataclass(frozen=True)
class Category:
    """An idea category.

    Attributes
    ----------
    key
        Stable identifier stored with each idea (``mobility``, or a slug of a
        project-defined label such as ``speelpleinen``).
    colour
        ``#rrggbb``, lower case: the marker colour.
    label
        The project's own label; None for built-in categories, whose label is the
        catalogue message ``ideas.category_<key>`` in the reader's language.
    """

    key: str
    colour: str
    label: str | None = None

    @property
    def builtin(self) -> bool:
        return self.label is None


# The Okabe–Ito colours (told apart with every common colour-vision deficiency), the orange
# darkened to 3:1 against white, the contrast a marker or legend dot needs (WCAG 1.4.11).
BUILTIN_CATEGORIES: tuple[Category, ...] = (
    Category("mobility", "#0072b2"),       # blue
    Category("environment", "#009e73"),    # bluish green
    Category("local_economy", "#c58800"),  # orange
    Category("leisure", "#cc79a7"),        # reddish purple
    Category("services", "#d55e00"),       # vermillion
)

CUSTOM_COLOURS: tuple[str, ...] = ("#229de2", "#8c6d31", "#6a3d9a", "#b15928", "#33a02c", "#444444")
"""Suggested colours for project-defined categories (distinct from the built-in ones, 3:1 against white)."""


def all_categories(custom: Iterable[Category] = ()) -> dict[str, Category]:
    """The built-in categories followed by the project's own, keyed by ``key``."""
    merged = {category.key: category for category in BUILTIN_CATEGORIES}
    for category in custom:
        merged.setdefault(category.key, category)
    return merged


def category_key(label: str) -> str:
    """The key of a project-defined category: its label folded to ``a-z0-9_``.

    Accents are dropped (``Speelpleinen & jeugd`` → ``speelpleinen_jeugd``); a label
    without any letter or digit (only emoji, say) gets ``cat_`` plus a short hash, so
    every non-empty label has a key.
    """
    folded = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii").lower()
    key = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:40]
    if not key:
        import hashlib

        key = "cat_" + hashlib.sha256(label.encode("utf-8")).hexdigest()[:8]
    return key


def check_colour(colour: str) -> str:
    """``colour`` as ``#rrggbb`` lower case (``#abc`` is expanded); ``errors.ideas_colour_invalid`` otherwise."""
    value = colour.strip().lower() if isinstance(colour, str) else ""
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        value = "#" + "".join(ch * 2 for ch in value[1:])
    if not _COLOUR.fullmatch(value):
        raise IdeaError("errors.ideas_colour_invalid",
                        value=str(colour))
    return value


def check_vote(value: object) -> int:
    """A support vote as int in −2..+2; ``errors.ideas_vote_out_of_range`` otherwise.

    Accepts ints (numpy too), whole floats and text such as ``"+2"`` or ``"−1"``.
    """
    number: int | None = None
    if isinstance(value, str):
        text = value.strip().replace("\u2212", "-")
        number = int(text) if re.fullmatch(r"[+-]?\d{1,3}", text) else None
    elif isinstance(value, float):
        number = int(value) if value.is_integer() else None
    elif not isinstance(value, bool):
        try:
            number = operator.index(value)
        except TypeError:
            number = None
    if number is not None and VOTE_MIN <= number <= VOTE_MAX:
        return number
    raise IdeaError("errors.ideas_vote_out_of_range",
                    value=str(value), low=VOTE_MIN, high=VOTE_MAX)


class _IdeaEnum(AliasEnum):
    """A closed set of the idea map: text stripped and lower-cased, unknown values refused."""

    @classmethod
    def _normalise(cls, value: object) -> str | None:
        return value.strip().lower() if isinstance(value, str) else None

    @classmethod
    def _unknown(cls, value: object) -> IdeaError:
        return cls._refusal(IdeaError, _UNKNOWN[cls.__name__], value)


_UNKNOWN = {"Stance": "errors.ideas_stance_unknown", "IdeaStatus": "errors.ideas_status_unknown"}


class Stance(_IdeaEnum):
    """How a comment relates to its idea. Accepts ``voor``/``tegen``/``pour``/``contre``/``+``/``-``/``0``."""

    FOR = "for"
    AGAINST = "against"
    NEUTRAL = "neutral"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"pro": "for", "voor": "for", "pour": "for", "+": "for",
                "contra": "against", "tegen": "against", "contre": "against", "-": "against",
                "neutraal": "neutral", "neutre": "neutral", "0": "neutral"}


class IdeaStatus(_IdeaEnum):
    """Where an idea stands in moderation.

    ``visible``: shown to everyone. ``pending``: hidden automatically after N reports,
    waiting for the facilitator. ``hidden``: hidden by the facilitator. ``merged``: a
    duplicate folded into another idea (``merged_into``); its votes and comments
    count for that idea. No status deletes anything.
    """

    VISIBLE = "visible"
    PENDING = "pending"
    HIDDEN = "hidden"
    MERGED = "merged"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"shown": "visible", "approved": "visible", "reported": "pending",
                "duplicate": "merged"}


class ModerationAction(str, Enum):
    """What the audit log records: who did what to which idea or comment."""

    APPROVE = "approve"          # facilitator: pending/hidden → visible (reports so far reviewed)
    HIDE = "hide"                # facilitator: → hidden
    MERGE = "merge"              # facilitator: → merged into another idea
    AUTO_HIDE = "auto_hide"      # system: N reports reached → pending
    HIDE_COMMENT = "hide_comment"
    SHOW_COMMENT = "show_comment"
    SETTINGS = "settings"        # facilitator: report threshold changed
    CATEGORY = "category"        # facilitator: project category added or changed
