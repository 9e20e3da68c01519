"""The error the stakeholder inventory raises for input the user can fix."""

from __future__ import annotations

from wijk_core.errors import WijkError

__all__ = ["StakeholderError"]


class StakeholderError(WijkError):
    """A stakeholder file, value or option the facilitator can correct.

    ``code`` is an ``errors.stakeholders_*`` key of the i18n catalogue; ``params``
    fill its placeholders.
    """
