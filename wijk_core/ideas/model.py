"""What the idea map's store returns: ideas with their tallies, comments, votes, the audit log.

Frozen dataclasses, made by :mod:`wijk_core.ideas.store` from the tables of
:mod:`wijk_core.ideas.tables`; :class:`Place` is what a new idea is pinned at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class Place(Protocol):
    """Where an idea is: WGS84 ``lon``/``lat`` and the same point in EPSG:31370 ``x``/``y``.

    :meth:`wijk_core.ideas.IdeaArea.locate` returns one, after checking the perimeter.
    """

    lon: float
    lat: float
    x: float
    y: float


@dataclass(frozen=True)
class Idea:
    """An idea with its tallies.

    Attributes
    ----------
    text
        The idea's description (may be empty).
    pseudonym
        None when the resident did not sign.
    status
        ``visible``, ``pending`` (hidden after reports, awaiting review), ``hidden`` or ``merged``.
    merged_into
        The idea this duplicate was merged into, else None.
    support
        Sum of the −2..+2 votes counted for this idea (its own and its duplicates', one per participant).
    votes, votes_for, votes_against
        Number of participants counted; of them, how many voted above / below zero.
    comments
        Visible comments on the idea and its duplicates.
    reports, open_reports
        Reports on this idea; those not yet reviewed by the facilitator.
    """

    id: int
    project_id: int
    category: str
    title: str
    text: str
    pseudonym: str | None
    lon: float
    lat: float
    x: float
    y: float
    status: str
    merged_into: int | None
    created_at: datetime
    updated_at: datetime
    support: int = 0
    votes: int = 0
    votes_for: int = 0
    votes_against: int = 0
    comments: int = 0
    reports: int = 0
    open_reports: int = 0


@dataclass(frozen=True)
class Comment:
    """A comment; ``idea_id`` may be a duplicate merged into the idea it is listed under."""

    id: int
    idea_id: int
    stance: str
    text: str
    pseudonym: str | None
    status: str
    created_at: datetime


@dataclass(frozen=True)
class Vote:
    """A participant's current vote on an idea.

    ``counted`` is False when the vote was refused because another participant token
    already voted on this idea from the same client address (nothing was stored).
    """

    idea_id: int
    value: int
    updated_at: datetime
    counted: bool = True


@dataclass(frozen=True)
class ReportOutcome:
    """What a report did.

    ``counted`` is False when this participant had already reported the idea (a report
    counts once); ``open_reports`` is the number not yet reviewed; ``hidden`` is True when
    this report took the idea to the threshold and it is now pending review.
    """

    idea_id: int
    counted: bool
    open_reports: int
    hidden: bool
    open_reporters: int = 0
    """Distinct reporters among the open reports: participants told apart by their client key too (what is
    compared with the threshold)."""


@dataclass(frozen=True)
class IdeaSettings:
    """Moderation settings of a project, and how it tells residents apart.

    ``identification`` is a :class:`wijk_core.ideas.rules.Identification` value;
    ``device_days`` how long the device cookie lasts in ``device`` mode;
    ``workshop_code`` what residents type in ``workshop`` mode (None until made).
    """

    project_id: int
    report_threshold: int
    identification: str = "session"
    device_days: int = 30
    workshop_code: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where a resident's action comes from, as the app saw it.

    ``address`` is the client's address (from the trusted proxy header or the
    peer); it is turned into a rotating salted hash and never stored.
    ``code`` is the workshop code this resident typed, if any.
    """

    address: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class ClientFlag:
    """A burst of actions from one client address, as the facilitator sees it (never the address).

    ``kind`` is one of ``post``, ``comment``, ``vote``, ``report`` (many within the
    window) or ``vote_again``, ``report_again`` (one idea again under another
    participant token); ``source`` numbers the addresses of the project's flags of
    one day (1, 2, …) so flags of one source can be told together.
    """

    id: int
    project_id: int
    kind: str
    count: int
    window_minutes: int
    first_at: datetime
    last_at: datetime
    idea_ids: tuple[int, ...]
    source: int
    reviewed: bool


@dataclass(frozen=True)
class ModerationEntry:
    """One line of the audit log."""

    id: int
    project_id: int
    action: str
    actor: str
    idea_id: int | None
    comment_id: int | None
    target_id: int | None
    previous_status: str | None
    note: str | None
    created_at: datetime
