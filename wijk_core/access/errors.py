"""The one exception of access control, carrying an i18n key."""

from __future__ import annotations

from wijk_core.errors import WijkError

__all__ = ["AccessError"]


class AccessError(WijkError):
    """A role that may not do what was asked, or a sign-in, role or account request refused.

    ``code`` is an i18n key under ``errors.`` (``errors.access_…`` or
    ``errors.sign_in_…``); ``params`` fill its placeholders, e.g.
    ``AccessError("errors.access_denied", role="resident", action="costs.write")``.
    """
