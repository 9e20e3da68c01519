"""What the costs module raises for input the user can fix."""

from __future__ import annotations

from wijk_core.errors import WijkError

__all__ = ["CostError"]


class CostError(WijkError):
    """A scenario, item, parameter or budget line that cannot be calculated.

    ``code`` is an i18n key under ``errors.costs_…``; ``params`` fill its
    placeholders. A parameter called ``field`` holds a field key (``amount``,
    ``lifetime``, …) that the interface translates with ``costs.field.<key>``.
    """
