"""The base of every error the core raises for bad input.

Each error carries ``code``, a key of the i18n catalogue, and ``params`` for its
placeholders, so the app can tell the user what is wrong in their own language while
``str(error)`` stays a readable English message for logs and the command line.
"""

from __future__ import annotations

from typing import Any


class WijkError(ValueError):
    """Bad input that the user can fix; ``code`` is an i18n key, ``params`` fill it.

    Parameters
    ----------
    code
        Key of the message in the i18n catalogue, e.g. ``errors.weights_all_zero``.
        The interface translates this key; it never shows ``str(err)`` to a user.
    message
        English explanation, for logs, the command line and tests.
    **params
        Values for the placeholders of the translated message.
    """

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params: dict[str, Any] = params

    def __reduce__(self):  # keep code and params when pickled (multiprocessing, caches)
        return (_rebuild, (type(self), self.code, self.message, self.params))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, params={self.params!r})"


def _rebuild(cls: type[WijkError], code: str, message: str, params: dict[str, Any]) -> WijkError:
    return cls(code, message, **params)
