"""The one exception the store raises for bad input, carrying an i18n key."""

from __future__ import annotations

from wijk_core.errors import WijkError


class StoreError(WijkError):
    """A request the store refuses, such as an empty or duplicate project name."""
