"""Moderation and fairness rules: participant tokens, rate limits, the report threshold.

A resident has no account. The page gives each browser session a random
*participant token* (:func:`new_participant_token`); the database keeps only its
SHA-256 (:func:`participant_key`), so a copy of the database cannot be used to speak
or vote in a resident's name, and no personal data is stored.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from wijk_core.ideas.errors import IdeaError

__all__ = [
    "DEFAULT_LIMITS", "DEFAULT_REPORT_THRESHOLD", "REPORT_THRESHOLD_MAX", "RateLimit", "RateLimits",
    "check_report_threshold", "check_token", "is_issued_token", "marker_radius", "new_participant_token",
    "participant_key",
]

DEFAULT_REPORT_THRESHOLD = 3
"""Reports (from different participants) after which an idea is hidden pending review."""
REPORT_THRESHOLD_MAX = 100

_TOKEN_MIN, _TOKEN_MAX = 16, 200
_ISSUED_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def new_participant_token() -> str:
    """A fresh random participant token (32 URL-safe characters, 192 bits)."""
    return secrets.token_urlsafe(24)


def is_issued_token(value: object) -> bool:
    """Whether ``value`` has exactly the shape :func:`new_participant_token` gives (e.g. a token read back from
    a browser cookie, which anyone can edit)."""
    return isinstance(value, str) and _ISSUED_TOKEN.fullmatch(value) is not None


def check_token(token: object) -> str:
    """The token if it looks like one; ``TypeError``/``ValueError`` otherwise (a programming error)."""
    if not isinstance(token, str):
        raise TypeError(f"A participant token is a str, got {type(token).__name__}.")
    if not _TOKEN_MIN <= len(token) <= _TOKEN_MAX or not token.isprintable():
        raise ValueError("A participant token has 16–200 printable characters; "
                         "make one with new_participant_token().")
    return token


def participant_key(token: str) -> str:
    """What the database stores for a participant: the hex SHA-256 of the token."""
    return hashlib.sha256(check_token(token).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RateLimit:
    """At most ``count`` actions of one kind per participant within ``window``."""

    count: int
    window: timedelta

    def __post_init__(self) -> None:
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 1:
            raise ValueError(f"RateLimit.count is a positive int, got {self.count!r}.")
        if not isinstance(self.window, timedelta) or self.window <= timedelta(0):
            raise ValueError(f"RateLimit.window is a positive timedelta, got {self.window!r}.")

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.window.total_seconds() / 60))


@dataclass(frozen=True)
class RateLimits:
    """Per-participant limits, counted in the database (so they hold across app instances).

    Defaults: 5 ideas, 20 comments and 20 reports per 10 minutes. Votes are not
    limited: there is one per participant per idea, and changing it overwrites it.
    """

    ideas: RateLimit = RateLimit(5, timedelta(minutes=10))
    comments: RateLimit = RateLimit(20, timedelta(minutes=10))
    reports: RateLimit = RateLimit(20, timedelta(minutes=10))


DEFAULT_LIMITS = RateLimits()


def check_report_threshold(value: object) -> int:
    """A report threshold as int in 1..100; ``errors.ideas_report_threshold_invalid`` otherwise."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= REPORT_THRESHOLD_MAX:
        return value
    raise IdeaError("errors.ideas_report_threshold_invalid",
                    value=str(value), low=1, high=REPORT_THRESHOLD_MAX)


def marker_radius(support: float, *, smallest: float = 6.0, largest: float = 22.0) -> float:
    """Radius in pixels of an idea's marker, growing with its support.

    Notes
    -----
    .. math:: r = \\min\\left(r_{max},\\; r_{min} + 2.5\\sqrt{\\max(0, s)}\\right)

    where :math:`s` is the sum of the −2..+2 votes. The square root makes the marker's
    *area* roughly proportional to support, as a reader compares areas; ideas with no
    or net negative support keep the smallest size (still easy to tap: 12 px across).
    """
    value = float(support) if support == support else 0.0  # NaN → 0
    return min(largest, smallest + 2.5 * math.sqrt(max(0.0, value)))
