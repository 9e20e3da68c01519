"""Moderation and fairness rules: participant tokens, rate limits, the report threshold, bursts.

A resident has no account. The page gives each browser session a random
*participant token* (:func:`new_participant_token`); the database keeps only its
SHA-256 (:func:`participant_key`), so a copy of the database cannot be used to speak
or vote in a resident's name, and no personal data is stored.

How long a token lasts is the project's choice (:class:`Identification`): the
browser session, a device cookie of some days, or the browser session behind a
workshop code (:func:`new_workshop_code`) that must be typed first. Actions are also
counted per client address (:mod:`wijk_core.ideas.abuse`); :class:`BurstLimits`
says when many of them from one address are flagged to the facilitator.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from wijk_core.ideas.errors import IdeaError

__all__ = [
    "DEFAULT_BURSTS", "DEFAULT_DEVICE_DAYS", "DEFAULT_LIMITS", "DEFAULT_REPORT_THRESHOLD", "DEVICE_DAYS_MAX",
    "REPORT_THRESHOLD_MAX", "BurstLimits", "Identification", "RateLimit", "RateLimits", "check_device_days",
    "check_report_threshold", "check_token", "is_issued_token", "marker_radius", "new_participant_token",
    "new_workshop_code", "normal_workshop_code", "participant_key",
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


@dataclass(frozen=True)
class BurstLimits:
    """When actions from one client address are flagged to the facilitator: ``count`` within ``window``.

    Not a refusal: several residents may share an address (a household, a hall's
    Wi-Fi), so a burst is shown in the moderation queue for a person to judge.
    Defaults: 8 ideas, 20 comments or 5 reports per 10 minutes, 40 votes per 5
    minutes. A second vote or report on the same idea from one address under
    another participant token is flagged at once (kinds ``vote_again``,
    ``report_again``).
    """

    post: RateLimit = RateLimit(8, timedelta(minutes=10))
    comment: RateLimit = RateLimit(20, timedelta(minutes=10))
    vote: RateLimit = RateLimit(40, timedelta(minutes=5))
    report: RateLimit = RateLimit(5, timedelta(minutes=10))


DEFAULT_BURSTS = BurstLimits()


class Identification(str, Enum):
    """How a project tells residents apart (the facilitator's choice).

    ``session``: a token for the browser session (closing the browser starts anew);
    ``device``: a token kept in a cookie for a chosen number of days;
    ``workshop``: the browser session, once the workshop code shown on the projector
    is typed; only then may a resident post, vote, comment or report.
    """

    SESSION = "session"
    DEVICE = "device"
    WORKSHOP = "workshop"

    @classmethod
    def _missing_(cls, value: object) -> Identification:
        if isinstance(value, str):
            for member in cls:
                if member.value == value.strip().lower():
                    return member
        raise IdeaError("errors.ideas_identification_unknown", value=str(value),
                        allowed=", ".join(member.value for member in cls))


DEFAULT_DEVICE_DAYS = 30
DEVICE_DAYS_MAX = 365
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector
_CODE_LENGTH = 6


def check_device_days(value: object) -> int:
    """Days a device cookie lasts, as int in 1..365; ``errors.ideas_device_days_invalid`` otherwise."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= DEVICE_DAYS_MAX:
        return value
    raise IdeaError("errors.ideas_device_days_invalid", value=str(value), low=1, high=DEVICE_DAYS_MAX)


def new_workshop_code() -> str:
    """A fresh workshop code: 6 characters that cannot be misread (about 30 bits), e.g. ``K7QM2X``."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))


def normal_workshop_code(typed: object) -> str:
    """A typed code as it is compared: upper case, without spaces and dashes ('' for nothing typed)."""
    if not isinstance(typed, str):
        return ""
    return "".join(ch for ch in typed.upper() if ch not in " -\t\u00a0")[:40]


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
