"""What the phase-1 area raises for input the user can fix."""

from __future__ import annotations

from wijk_core.errors import WijkError

__all__ = ["PhaseError"]


class PhaseError(WijkError):
    """A team member, agreement, readiness answer, choice or impact assumption that cannot be kept.

    ``code`` is an i18n key under ``errors.phase_…``; ``params`` fill its placeholders.
    """
