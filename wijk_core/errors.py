"""The base of every error the core raises for bad input.

Each error carries ``code``, a key of the i18n catalogue, and ``params`` for its
placeholders, so the app can tell the user what is wrong in their own language while
``str(error)`` stays a readable English message for logs and the command line.
"""

from __future__ import annotations


class WijkError(ValueError):
    """Bad input that the user can fix; ``code`` is an i18n key, ``params`` fill it."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params
