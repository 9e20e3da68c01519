"""The one alias-accepting Enum base of the core: :class:`AliasEnum`.

Every small closed set of the product (criterion direction, indicator kind, cost
category, stakeholder group, idea stance, interface language, …) is a ``str`` Enum
that accepts its canonical value and a few spellings more (Dutch, French and English
words, symbols such as ``+``/``-``), and refuses the rest. The rule is written once
here; a set only says how to normalise a value, which aliases it knows and what an
unknown value does (raise its domain's error with its code, or fall back to Enum's
``ValueError``).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

__all__ = ["AliasEnum"]

# Lookup tables, built on first use per class: some sets read their aliases from the
# message catalogues, which need not be loaded when the module is imported.
_TABLES: dict[type, dict[str, str]] = {}


class AliasEnum(str, Enum):
    """A ``str`` Enum that also accepts aliases of its values.

    ``Kind("Intensief")`` finds the member whose normalised value, or one of whose
    normalised aliases, equals the normalised ``"Intensief"``. Three class-method
    hooks shape a set:

    - ``_normalise(value)``: the lookup key of a value, or None when the value
      cannot name a member (default: text stripped and case-folded; anything that
      is not text gives None);
    - ``_aliases()``: alias → canonical value (keys are normalised on lookup);
    - ``_unknown(value)``: the exception to raise for a value that names no member
      (:meth:`_refusal` builds the usual one), or None to let Enum raise its
      ``ValueError`` (the default).

    Canonical values win over aliases, and earlier aliases over later ones.

    Examples
    --------
    >>> class Side(AliasEnum):
    ...     LEFT = "left"
    ...     RIGHT = "right"
    ...     @classmethod
    ...     def _aliases(cls):
    ...         return {"links": "left", "rechts": "right"}
    >>> Side(" Links ") is Side.LEFT
    True
    """

    @classmethod
    def _normalise(cls, value: object) -> str | None:
        return value.strip().casefold() if isinstance(value, str) else None

    @classmethod
    def _aliases(cls) -> Mapping[str, str]:
        return {}

    @classmethod
    def _unknown(cls, value: object) -> Exception | None:
        return None

    @classmethod
    def allowed(cls) -> str:
        """The canonical values, comma-separated: for error messages."""
        return ", ".join(member.value for member in cls)

    @classmethod
    def _refusal(cls, error: type[Exception], code: str, value: object) -> Exception:
        """The domain error for an unknown ``value``, with the params ``value`` and ``allowed``."""
        return error(code, value=str(value), allowed=cls.allowed())

    @classmethod
    def _missing_(cls, value: object):
        key = cls._normalise(value)
        if key is not None:
            canonical = _lookup(cls).get(key)
            if canonical is not None:
                return cls(canonical)
        error = cls._unknown(value)
        if error is not None:
            raise error
        return None


def _lookup(cls: type[AliasEnum]) -> dict[str, str]:
    table = _TABLES.get(cls)
    if table is None:
        table = {}
        for member in cls:
            key = cls._normalise(member.value)
            if key is not None:
                table.setdefault(key, member.value)
        for alias, canonical in cls._aliases().items():
            key = cls._normalise(alias)
            if key is not None:
                table.setdefault(key, canonical)
        _TABLES[cls] = table
    return table
