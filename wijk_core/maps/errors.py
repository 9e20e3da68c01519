"""The one exception of the maps package, carrying an i18n key."""

from __future__ import annotations

from wijk_core.errors import WijkError

__all__ = ["MapError"]


class MapError(WijkError):
    """A base map that cannot be prepared, read or stored as asked.

    ``code`` is an i18n key under ``errors.`` (all prefixed ``basemap_``), e.g.
    ``MapError("errors.basemap_fetch_failed", done=120, total=480, reason="HTTP 503")``.
    """
