"""The base of every error the core raises for bad input.

Each error carries ``code``, a key of the i18n catalogue, and ``params`` for its
placeholders, so the app tells the user what is wrong in their own language.
``str(error)`` is the same message from the English catalogue (for logs, the
command line and tests): the text lives only in ``i18n/``, never in the code.
"""

from __future__ import annotations

from typing import Any

from wijk_core.i18n import english


class WijkError(ValueError):
    """Bad input that the user can fix; ``code`` is an i18n key, ``params`` fill it.

    Parameters
    ----------
    code
        Key of the message in the i18n catalogue, e.g. ``errors.weights_all_zero``.
    **params
        Values for the placeholders of the message.

    Notes
    -----
    ``message`` (and ``str(error)``) is the English catalogue's text filled with
    ``params``; the interface shows the user's language from ``code`` instead.
    """

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params: dict[str, Any] = params
        self.message = english(code, **params)
        super().__init__(self.message)

    def __reduce__(self):  # keep code and params when pickled (multiprocessing, caches)
        return (_rebuild, (type(self), self.code, self.params))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, params={self.params!r})"


def _rebuild(cls: type[WijkError], code: str, params: dict[str, Any]) -> WijkError:
    return cls(code, **params)
