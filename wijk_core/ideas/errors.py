"""The one exception of the idea map, carrying an i18n key."""

from __future__ import annotations

from wijk_core.errors import WijkError

__all__ = ["IdeaError"]


class IdeaError(WijkError):
    """An idea, comment, vote or moderation request that cannot be accepted as given.

    ``code`` is an i18n key under ``errors.`` (all prefixed ``ideas_``); ``params``
    fill its placeholders, e.g. ``IdeaError("errors.ideas_title_too_long", "...",
    max=120, length=131)``.
    """
