"""One person with many browsers: client keys, bursts flagged to the facilitator, the workshop code.

A resident is a participant token (:func:`wijk_core.ideas.participant_key`), and a
new browser, a private window or cleared cookies make a new one. So the idea map
also counts each resident's action by the *client address* the app saw (the
trusted proxy's header, else the peer; :mod:`wijk_core.access.client`):

- reports towards hiding an idea count once per client key
  (:func:`open_reporters`): three reports from one address hide nothing alone;
- a vote on an idea that another participant token already voted on from the same
  client key is refused (:func:`vote_taken_elsewhere`), except in ``workshop``
  mode, where a whole room shares one Wi-Fi address and the code gates the room;
- many posts, comments, votes or reports from one client key within a short
  window (:class:`wijk_core.ideas.rules.BurstLimits`), and any second vote or
  report on one idea from one client key, are flagged in the moderation queue
  (:func:`note_burst`, :func:`note_again`). A flag says what happened, never where
  from: several residents may share an address, so a person judges.

Notes
-----
What is stored instead of the address is its *client key*:

.. math:: k = \\mathrm{SHA256}(s_d \\,\\|\\, \\mathrm{project} \\,\\|\\, \\mathrm{address})

where :math:`s_d` is a random 256-bit salt of the day :math:`d` (Belgian local
date), kept in ``idea_client_salts`` and deleted once the day is over. Why the day
and a salt that is thrown away, rather than the installation's fixed sign-in salt:

- keys of different days (and of different projects) cannot be linked, not even
  by someone holding the database *and* the salt: IPv4 has only :math:`2^{32}`
  addresses, so a hash under a salt that is still known can be reversed by trying
  them all; once a day's salt is gone, that day's keys name no address at all;
- a workshop, a burst and a run of reports happen within a day, which is all the
  rules above need to compare. The price: from one day to the next one address is
  a new client, so one person could still report an idea once a day; the queue
  shows every open report, so the facilitator sees it coming.

Every instance on one database shares the day's salt (the first writer makes it).
Client keys are made in write transactions only (a read would forget the salt).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from wijk_core.ideas.frames import LOCAL_TIMEZONE
from wijk_core.ideas.model import ClientFlag, IdeaSettings, Origin
from wijk_core.ideas.rules import BurstLimits, Identification, RateLimit, normal_workshop_code
from wijk_core.ideas.tables import (NOTE_MAX, IdeaClientFlagRow, IdeaClientSaltRow, IdeaCommentRow, IdeaReportRow,
                                    IdeaRow, IdeaVoteRow)
from wijk_core.store.base import upsert_into
from wijk_core.store.errors import StoreError

__all__ = ["BURST_TABLES", "check_code", "client_key", "list_flags", "lock_key", "note_again", "note_burst",
           "open_reporters", "period_of", "rate_limit", "vote_taken_elsewhere"]

BURST_TABLES = {"post": (IdeaRow, IdeaRow.created_at), "comment": (IdeaCommentRow, IdeaCommentRow.created_at),
                "vote": (IdeaVoteRow, IdeaVoteRow.updated_at), "report": (IdeaReportRow, IdeaReportRow.created_at)}
"""Where each kind of action is counted, and by which of its times."""


def period_of(now: datetime) -> str:
    """The period a client key belongs to: the Belgian local date of ``now``, ``YYYY-MM-DD``."""
    return now.astimezone(ZoneInfo(LOCAL_TIMEZONE)).date().isoformat()


def _period_salt(session: Session, period: str) -> str:
    found = session.get(IdeaClientSaltRow, period)
    if found is not None:
        return found.salt
    session.execute(upsert_into(session, IdeaClientSaltRow).values(period=period, salt=secrets.token_hex(32))
                    .on_conflict_do_nothing(index_elements=["period"]))
    # a new day: yesterday's salt goes, and with it any way back from yesterday's keys to an address
    session.execute(delete(IdeaClientSaltRow).where(IdeaClientSaltRow.period < period))
    return session.scalar(select(IdeaClientSaltRow.salt).where(IdeaClientSaltRow.period == period))


def client_key(session: Session, project_id: int, address: str | None, now: datetime) -> str | None:
    """The rotating key stored instead of a client address.

    Parameters
    ----------
    session : Session
        A write session (the day's salt is made on first use).
    project_id : int
    address : str or None
        An IPv4 or IPv6 address in any of its forms, or another client label.
    now : datetime
        Picks the period (:func:`period_of`).

    Returns
    -------
    str or None
        64 hex characters; None when no address is known (the action then counts by
        its participant token only).
    """
    label = address.strip() if isinstance(address, str) else ""
    if not label:
        return None
    try:
        label = ipaddress.ip_address(label.strip("[]")).compressed
    except ValueError:
        label = label.lower()
    salt = _period_salt(session, period_of(now))
    return hashlib.sha256(f"{salt}\x00{project_id}\x00{label}".encode()).hexdigest()


def check_code(settings: IdeaSettings, origin: Origin | None) -> None:
    """Refuse a resident's write in ``workshop`` mode unless the project's current code was typed.

    Raises
    ------
    StoreError
        ``errors.ideas_workshop_code_needed`` when nothing was typed,
        ``errors.ideas_workshop_code_wrong`` when it is not the current code (it
        may have been renewed since).
    """
    if settings.identification != Identification.WORKSHOP.value:
        return
    typed = normal_workshop_code(origin.code if origin is not None else None)
    if not typed:
        raise StoreError("errors.ideas_workshop_code_needed")
    expected = normal_workshop_code(settings.workshop_code)
    if not expected or not hmac.compare_digest(typed.encode(), expected.encode()):
        raise StoreError("errors.ideas_workshop_code_wrong")


def lock_key(name: str) -> int:
    """A signed 64-bit key for ``pg_advisory_xact_lock`` from a name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def _lock(session: Session, name: str) -> None:
    if session.get_bind().dialect.name == "postgresql":  # SQLite serialises write transactions already
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})


def rate_limit(session: Session, model: type, participant: str, limit: RateLimit, now: datetime,
               code: str) -> None:
    """Refuse with ``code`` (count, minutes, wait) when ``participant`` made ``limit.count`` rows of ``model``
    within ``limit.window``; one participant's writes take turns on PostgreSQL, so two at once cannot both
    pass the count."""
    _lock(session, f"ideas:{participant}")
    since = now - limit.window
    count, oldest = session.execute(select(func.count(), func.min(model.created_at)).where(
        model.participant == participant, model.created_at > since)).one()
    if count >= limit.count:
        wait = max(1, math.ceil((oldest + limit.window - now) / timedelta(minutes=1)))
        raise StoreError(code,
                         count=count, minutes=limit.minutes, wait=wait)


def vote_taken_elsewhere(session: Session, idea_id: int, participant: str, client: str | None) -> bool:
    """Whether another participant token already voted on this idea from the same client key.

    Votes from one client key on one idea take turns on PostgreSQL (an advisory
    lock for the transaction), so two browsers voting at once cannot both pass.
    """
    if client is None:
        return False
    _lock(session, f"ideas-vote:{idea_id}:{client}")
    return session.scalar(select(IdeaVoteRow.id).where(
        IdeaVoteRow.idea_id == idea_id, IdeaVoteRow.client == client,
        IdeaVoteRow.participant != participant).limit(1)) is not None


def open_reporters(session: Session, row: IdeaRow) -> int:
    """Distinct reporters among an idea's open (not yet reviewed) reports.

    A report counts by its client key, or by its participant when no address was
    known: N reports from one address, under as many tokens, count once.
    """
    reports = session.execute(select(IdeaReportRow.client, IdeaReportRow.participant)
                              .where(IdeaReportRow.idea_id == row.id).order_by(IdeaReportRow.id)).all()
    return len({client or f"participant:{participant}" for client, participant in reports[row.reviewed_reports:]})


def note_burst(session: Session, project_id: int, client: str | None, kind: str, idea_id: int, now: datetime,
               bursts: BurstLimits) -> bool:
    """After an action of ``kind`` from ``client``: flag it when the client reached the burst limit.

    Returns
    -------
    bool
        Whether the action is (part of) a flagged burst.
    """
    if client is None:
        return False
    limit: RateLimit = getattr(bursts, kind)
    model, at = BURST_TABLES[kind]
    count = session.scalar(select(func.count()).select_from(model).where(model.client == client,
                                                                          at > now - limit.window))
    if count < limit.count:
        return False
    _flag(session, project_id, client, kind, idea_id, count, limit, now)
    return True


def note_again(session: Session, project_id: int, client: str | None, kind: str, idea_id: int, now: datetime,
               bursts: BurstLimits, *, refused: bool = False) -> bool:
    """Flag a vote or report (``kind``) on an idea that another token already voted on or reported from
    ``client``; ``refused``: this token's action was not stored, count it all the same. Returns whether it
    flagged."""
    if client is None:
        return False
    model = IdeaVoteRow if kind == "vote" else IdeaReportRow
    tokens = session.scalar(select(func.count(func.distinct(model.participant)))
                            .where(model.idea_id == idea_id, model.client == client)) + int(refused)
    if tokens < 2:
        return False
    _flag(session, project_id, client, f"{kind}_again", idea_id, tokens, getattr(bursts, kind), now)
    return True


def _flag(session: Session, project_id: int, client: str, kind: str, idea_id: int, count: int,
          limit: RateLimit, now: datetime) -> None:
    """Start a flag, or extend the one this client's burst of this kind already has."""
    row = session.scalar(select(IdeaClientFlagRow).where(
        IdeaClientFlagRow.project_id == project_id, IdeaClientFlagRow.client == client,
        IdeaClientFlagRow.kind == kind, IdeaClientFlagRow.last_at > now - limit.window)
        .order_by(IdeaClientFlagRow.last_at.desc()).limit(1).with_for_update())
    if row is None:
        session.add(IdeaClientFlagRow(project_id=project_id, client=client, kind=kind, count=count,
                                      window_minutes=limit.minutes, first_at=now, last_at=now, ideas=str(idea_id),
                                      reviewed=False))
        return
    ids = row.ideas.split()
    if str(idea_id) not in ids and len(f"{row.ideas} {idea_id}") <= NOTE_MAX:
        row.ideas = " ".join([*ids, str(idea_id)])
    row.count, row.last_at, row.reviewed = max(row.count, count), now, False


def list_flags(session: Session, project_id: int, *, include_reviewed: bool = False) -> list[ClientFlag]:
    """The project's flags, newest first (without the ones the facilitator marked as seen, unless asked).

    Parameters
    ----------
    session : Session
    project_id : int
    include_reviewed : bool, default False

    Returns
    -------
    list of ClientFlag
        Never the client key: only a number per source, in order of first flag.
    """
    rows = session.scalars(select(IdeaClientFlagRow).where(IdeaClientFlagRow.project_id == project_id)
                           .order_by(IdeaClientFlagRow.first_at, IdeaClientFlagRow.id)).all()
    sources: dict[str, int] = {}
    flags = []
    for row in rows:
        source = sources.setdefault(row.client, len(sources) + 1)
        if row.reviewed and not include_reviewed:
            continue
        flags.append(ClientFlag(id=row.id, project_id=row.project_id, kind=row.kind, count=row.count,
                                window_minutes=row.window_minutes, first_at=row.first_at, last_at=row.last_at,
                                idea_ids=tuple(int(i) for i in row.ideas.split()), source=source,
                                reviewed=row.reviewed))
    return sorted(flags, key=lambda flag: (flag.last_at, flag.id), reverse=True)
