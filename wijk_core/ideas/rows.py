"""The idea map's rows: found by id, counted by the database, turned into dataclasses; the
moderation log and the checks of a new idea's place and category.

Used by :mod:`wijk_core.ideas.store` (which re-exports the readers). A merged idea (a duplicate) counts for the
idea it was merged into: its comments there, and its votes for participants who
did not vote on that idea itself (the vote on the idea itself wins, else the most
recent vote on one of its duplicates).
"""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from wijk_core.ideas.categories import Category, IdeaStatus, ModerationAction, all_categories
from wijk_core.ideas.rules import DEFAULT_REPORT_THRESHOLD
from wijk_core.ideas.model import Comment, Idea, IdeaSettings, ModerationEntry, Place
from wijk_core.ideas.tables import (NOTE_MAX, IdeaCategoryRow, IdeaCommentRow, IdeaModerationRow, IdeaReportRow,
                                    IdeaRow, IdeaSettingsRow, IdeaVoteRow)
from wijk_core.ideas.text import clean_reason
from wijk_core.store.base import checked_id, utc_now
from wijk_core.store.errors import StoreError
from wijk_core.store.projects import existing_project_id


def idea_row(session: Session, idea_id: int, *, lock: bool = False) -> IdeaRow:
    """The row of an idea (locked FOR UPDATE with ``lock``); ``errors.ideas_not_found`` (id) if none."""
    checked = checked_id(idea_id, "idea")
    row = (session.get(IdeaRow, checked, with_for_update=True if lock else None)
           if 0 < checked < 2**31 else None)
    if row is None:
        raise StoreError("errors.ideas_not_found", id=checked)
    return row


def open_idea(session: Session, idea_id: int, *, lock: bool = False) -> IdeaRow:
    """The row of a visible idea; ``errors.ideas_not_open`` (id) if it is hidden, pending or merged."""
    row = idea_row(session, idea_id, lock=lock)
    if row.status != IdeaStatus.VISIBLE.value:
        raise StoreError("errors.ideas_not_open", id=row.id)
    return row


def tallies(session: Session, project_id: int, ids: list[int] | None) -> dict[int, dict[str, int]]:
    """Vote, comment and report totals per idea (of ``ids``, or of the whole project), counted by the database."""
    root = func.coalesce(IdeaRow.merged_into, IdeaRow.id)
    ranked = (
        select(root.label("root"), IdeaVoteRow.value.label("value"),
               func.row_number().over(
                   partition_by=(root, IdeaVoteRow.participant),
                   order_by=(case((IdeaRow.merged_into.is_(None), 0), else_=1),
                             IdeaVoteRow.updated_at.desc(), IdeaVoteRow.id.desc())).label("rank"))
        .select_from(IdeaVoteRow).join(IdeaRow, IdeaRow.id == IdeaVoteRow.idea_id)
        .where(IdeaRow.project_id == project_id)
    )
    if ids is not None:
        ranked = ranked.where(root.in_(ids))
    ranked = ranked.subquery()
    totals: dict[int, dict[str, int]] = {}
    for idea_id, support, votes, votes_for, votes_against in session.execute(
            select(ranked.c.root, func.sum(ranked.c.value), func.count(),
                   func.sum(case((ranked.c.value > 0, 1), else_=0)),
                   func.sum(case((ranked.c.value < 0, 1), else_=0)))
            .where(ranked.c.rank == 1).group_by(ranked.c.root)):
        totals[idea_id] = dict(support=int(support), votes=int(votes), votes_for=int(votes_for),
                               votes_against=int(votes_against))
    comments = (select(root.label("root"), func.count().label("n")).select_from(IdeaCommentRow)
                .join(IdeaRow, IdeaRow.id == IdeaCommentRow.idea_id)
                .where(IdeaRow.project_id == project_id, IdeaCommentRow.status == "visible"))
    if ids is not None:
        comments = comments.where(root.in_(ids))
    for idea_id, count in session.execute(comments.group_by(root)):
        totals.setdefault(idea_id, {})["comments"] = int(count)
    reports = (select(IdeaReportRow.idea_id, func.count()).select_from(IdeaReportRow)
               .join(IdeaRow, IdeaRow.id == IdeaReportRow.idea_id).where(IdeaRow.project_id == project_id))
    if ids is not None:
        reports = reports.where(IdeaReportRow.idea_id.in_(ids))
    for idea_id, count in session.execute(reports.group_by(IdeaReportRow.idea_id)):
        totals.setdefault(idea_id, {})["reports"] = int(count)
    return totals


def with_tallies(session: Session, rows: list[IdeaRow], project_id: int) -> list[Idea]:
    """The ideas of ``rows`` (all of one project) with their vote, comment and report totals."""
    if not rows:
        return []
    # A handful of ideas: filter the totals by id; a whole map: one pass over the project.
    ids = [row.id for row in rows] if len(rows) <= 500 else None
    totals = tallies(session, project_id, ids)
    ideas = []
    for row in rows:
        found = totals.get(row.id, {})
        reports = found.get("reports", 0)
        ideas.append(to_idea(row, support=found.get("support", 0), votes=found.get("votes", 0),
                              votes_for=found.get("votes_for", 0), votes_against=found.get("votes_against", 0),
                              comments=found.get("comments", 0), reports=reports,
                              open_reports=max(0, reports - row.reviewed_reports)))
    return ideas


def to_idea(row: IdeaRow, **tallies: int) -> Idea:
    """An :class:`Idea` from its row and its totals (see :func:`tallies`)."""
    return Idea(id=row.id, project_id=row.project_id, category=row.category, title=row.title, text=row.body,
                pseudonym=row.pseudonym, lon=row.lon, lat=row.lat, x=row.x, y=row.y, status=row.status,
                merged_into=row.merged_into, created_at=row.created_at, updated_at=row.updated_at, **tallies)


def to_comment(row: IdeaCommentRow) -> Comment:
    """A :class:`Comment` from its row."""
    return Comment(id=row.id, idea_id=row.idea_id, stance=row.stance, text=row.body, pseudonym=row.pseudonym,
                   status=row.status, created_at=row.created_at)


def list_categories(session: Session, project_id: int) -> list[Category]:
    """The project's own categories (the built-in ones are :data:`BUILTIN_CATEGORIES`), oldest first."""
    rows = session.scalars(select(IdeaCategoryRow)
                           .where(IdeaCategoryRow.project_id == checked_id(project_id, "project"))
                           .order_by(IdeaCategoryRow.id)).all()
    return [Category(key=row.key, colour=row.colour, label=row.label) for row in rows]


def checked_category(session: Session, project_id: int, category: str) -> str:
    """A category key the project knows (built in or its own); ``errors.ideas_category_unknown`` otherwise."""
    key = category.value if hasattr(category, "value") else category
    key = key.strip().lower() if isinstance(key, str) else key
    if key in all_categories(list_categories(session, project_id)):
        return key
    raise StoreError("errors.ideas_category_unknown", category=str(category))


def place_values(place: Place) -> tuple[float, float, float, float]:
    """A place's lon, lat, x, y as finite floats; ``errors.ideas_location_invalid`` otherwise."""
    try:
        lon, lat, x, y = (float(getattr(place, name)) for name in ("lon", "lat", "x", "y"))
    except (AttributeError, TypeError, ValueError) as exc:
        raise TypeError("A place has float lon, lat, x, y; use wijk_core.ideas.IdeaArea.locate().") from exc
    if not all(math.isfinite(v) for v in (lon, lat, x, y)) or not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise StoreError("errors.ideas_location_invalid")
    return lon, lat, x, y


def moderation_log(session: Session, project_id: int) -> list[ModerationEntry]:
    """The audit log of a project, newest first."""
    project_id = existing_project_id(session, project_id)
    rows = session.scalars(select(IdeaModerationRow).where(IdeaModerationRow.project_id == project_id)
                           .order_by(IdeaModerationRow.created_at.desc(), IdeaModerationRow.id.desc())).all()
    return [ModerationEntry(id=r.id, project_id=r.project_id, action=r.action, actor=r.actor, idea_id=r.idea_id,
                            comment_id=r.comment_id, target_id=r.target_id, previous_status=r.previous_status,
                            note=r.note, created_at=r.created_at) for r in rows]


def log_action(session: Session, row: IdeaRow, action: ModerationAction, *, now: datetime,
               actor: str = "facilitator", note: str | None = None, target_id: int | None = None,
               comment_id: int | None = None) -> None:
    """Write one line of the moderation log for an idea (its status before the action)."""
    cleaned = clean_reason(note)
    session.add(IdeaModerationRow(project_id=row.project_id, action=action.value, actor=actor, idea_id=row.id,
                                  comment_id=comment_id, target_id=target_id, previous_status=row.status,
                                  note=cleaned[:NOTE_MAX] if cleaned else None, created_at=now))


def set_comment_status(session: Session, comment_id: int, status: str, action: ModerationAction,
                       note: str | None, now: datetime | None) -> Comment:
    """Hide or show a comment, logged when it changes."""
    checked = checked_id(comment_id, "comment")
    comment = session.get(IdeaCommentRow, checked, with_for_update=True) if 0 < checked < 2**31 else None
    if comment is None:
        raise StoreError("errors.ideas_comment_not_found", id=checked)
    if comment.status != status:
        idea = idea_row(session, comment.idea_id)
        cleaned = clean_reason(note)
        session.add(IdeaModerationRow(project_id=idea.project_id, action=action.value, actor="facilitator",
                                      idea_id=idea.id, comment_id=comment.id, previous_status=comment.status,
                                      note=cleaned, created_at=now or utc_now()))
        comment.status = status
        session.flush()
    return to_comment(comment)


def get_settings(session: Session, project_id: int) -> IdeaSettings:
    """The project's moderation settings and how it tells residents apart (defaults until changed)."""
    row = session.get(IdeaSettingsRow, checked_id(project_id, "project"))
    if row is None:
        return IdeaSettings(project_id=project_id, report_threshold=DEFAULT_REPORT_THRESHOLD)
    return IdeaSettings(project_id=project_id, report_threshold=row.report_threshold,
                        identification=row.identification, device_days=row.device_days,
                        workshop_code=row.workshop_code)
