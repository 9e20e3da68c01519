"""What the criteria module raises and warns: one error class, one warning class."""

from __future__ import annotations

from collections.abc import Iterable

from wijk_core.errors import WijkError

__all__ = ["CriteriaError", "MissingValuesWarning"]

#: How many names an error message lists before it ends with "…".
_EXAMPLES = 5


class CriteriaError(WijkError):
    """A decision matrix, weight set, direction or option that cannot be scored.

    ``code`` is an i18n key under ``errors.``; ``params`` fill its placeholders.
    """

    def __reduce__(self):  # keep code and params when pickled (caches, multiprocessing)
        return (_restore, (type(self), self.code, self.params))


def _restore(cls: type[CriteriaError], code: str, params: dict) -> CriteriaError:
    return cls(code, **params)


class MissingValuesWarning(UserWarning):
    """Missing values were filled in under ``missing="worst"`` or ``missing="mean"``."""


def name_list(names: Iterable[object]) -> str:
    """The first few names joined by commas, with "…" when there are more."""
    names = [str(name) for name in names]
    shown = ", ".join(names[:_EXAMPLES])
    return shown + (", …" if len(names) > _EXAMPLES else "")
