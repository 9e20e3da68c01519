"""Who did what: the audit log, written by every write of an account and read by an administrator.

:func:`record` adds one entry in the caller's transaction, so an entry exists exactly
when the write it describes was committed. :func:`audit_entries` reads them back,
newest first; :func:`wijk_core.access.export.audit_csv` exports them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from wijk_core.access.model import Action
from wijk_core.access.tables import DISPLAY_NAME_MAX, TARGET_MAX, AuditRow
from wijk_core.store.base import checked_id, printable, utc_now

__all__ = ["Actor", "AuditEntry", "audit_entries", "record"]


class Actor(Protocol):
    """Anything with an account's ``id`` and ``username`` (e.g. :class:`wijk_core.access.store.Account`)."""

    id: int
    username: str


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log.

    Attributes
    ----------
    id : int
    at : datetime
    account_id : int or None
        The account that acted; None for a label only (the shared facilitator
        password, the command line) or an account deleted since.
    actor : str
        Who acted, as shown: the account's username or the label.
    project_id : int or None
    action : str
        An :class:`~wijk_core.access.Action` value, e.g. ``"ideas.moderate"``.
    target : str
        What was acted on, e.g. ``"idea 12"``.
    detail : dict or None
    """

    id: int
    at: datetime
    account_id: int | None
    actor: str
    project_id: int | None
    action: str
    target: str
    detail: dict[str, Any] | None


def record(session: Session, actor: Actor | str, action: Action | str, target: str, project_id: int | None = None,
           detail: Mapping[str, Any] | None = None, *, now: datetime | None = None) -> AuditEntry:
    """Add one entry to the audit log, in the caller's transaction.

    Parameters
    ----------
    session : Session
    actor : Account or str
        The account that acted, or a label for who did when there is no account
        (``"facilitator password"``, ``"command line"``).
    action : Action or str
    target : str
        What was acted on; cut to 200 characters.
    project_id : int, optional
    detail : mapping, optional
        Anything JSON can hold (other values are written as text).
    now : datetime, optional
        The time of the entry (default: now).

    Returns
    -------
    AuditEntry

    Raises
    ------
    AccessError
        ``errors.access_action_unknown`` for an action that does not exist.
    """
    if isinstance(actor, str):
        account_id, label = None, actor
    else:
        account_id, label = checked_id(actor.id, "account"), actor.username
    row = AuditRow(at=now or utc_now(), account_id=account_id,
                   actor=" ".join(printable(label).split())[:DISPLAY_NAME_MAX],
                   project_id=checked_id(project_id, "project") if project_id is not None else None,
                   action=Action(action).value, target=printable(str(target))[:TARGET_MAX],
                   detail=json.loads(json.dumps(dict(detail), default=str)) if detail is not None else None)
    session.add(row)
    session.flush()
    return _to_entry(row)


def audit_entries(session: Session, *, project_id: int | None = None, account_id: int | None = None,
                  action: Action | str | None = None, since: datetime | None = None,
                  limit: int | None = None) -> list[AuditEntry]:
    """Entries of the audit log, newest first, optionally only of a project, account, action or period.

    Parameters
    ----------
    session : Session
    project_id, account_id : int, optional
    action : Action or str, optional
    since : datetime, optional
        Only entries at or after this time.
    limit : int, optional
        At most this many (the newest).

    Returns
    -------
    list of AuditEntry
    """
    query = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc())
    if project_id is not None:
        query = query.where(AuditRow.project_id == checked_id(project_id, "project"))
    if account_id is not None:
        query = query.where(AuditRow.account_id == checked_id(account_id, "account"))
    if action is not None:
        query = query.where(AuditRow.action == Action(action).value)
    if since is not None:
        query = query.where(AuditRow.at >= since)
    if limit is not None:
        query = query.limit(max(0, int(limit)))
    return [_to_entry(row) for row in session.scalars(query).all()]


def _to_entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(row.id, row.at, row.account_id, row.actor, row.project_id, row.action, row.target,
                      row.detail)
