"""Criterion direction: is a higher value better or worse for a candidate?"""

from __future__ import annotations

from wijk_core.criteria.errors import CriteriaError
from wijk_core.enums import AliasEnum

__all__ = ["Direction"]

_ALIASES = {
    "benefit": "benefit", "max": "benefit", "maximise": "benefit", "maximize": "benefit",
    "higher": "benefit", "high": "benefit", "+": "benefit", "+1": "benefit", "1": "benefit",
    "cost": "cost", "min": "cost", "minimise": "cost", "minimize": "cost",
    "lower": "cost", "low": "cost", "-": "cost", "-1": "cost",
}


class Direction(AliasEnum):
    """Whether a higher criterion value makes a candidate better or worse.

    ``BENEFIT``: higher is better for the candidate (e.g. a higher share of old
    dwellings when selecting where renovation is most needed). ``COST``: lower is
    better. Accepts, case-insensitively, ``"benefit"``, ``"max"``, ``"higher"``,
    ``"+"``, ``1`` and ``"cost"``, ``"min"``, ``"lower"``, ``"-"``, ``-1`` (and a
    few spellings more); anything else raises :class:`CriteriaError` with code
    ``errors.direction_unknown``.

    Examples
    --------
    >>> Direction("MAX") is Direction.BENEFIT, Direction("-") is Direction.COST
    (True, True)
    """

    BENEFIT = "benefit"
    COST = "cost"

    @classmethod
    def _normalise(cls, value: object) -> str | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (1, -1):
            value = "+" if value > 0 else "-"
        return value.strip().lower() if isinstance(value, str) else None

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return _ALIASES

    @classmethod
    def _unknown(cls, value: object) -> CriteriaError:
        return CriteriaError(
            "errors.direction_unknown",
            value=str(value))

    @property
    def sign(self) -> int:
        """``+1`` for benefit, ``-1`` for cost."""
        return 1 if self is Direction.BENEFIT else -1
