"""The idea map's storage: ideas, comments, votes, reports, categories, moderation log.

Functions work on an open session (the caller commits): ``store.write(add_idea, ...)``
or ``with store.writing() as session: add_idea(session, ...)``; read with
``store.read(list_ideas, ...)``. Everything returned is a frozen dataclass of
:mod:`wijk_core.ideas.model`; tallies are counted in :mod:`wijk_core.ideas.rows`.
Residents are identified by their browser session's random token, of which only
the SHA-256 is stored (:func:`wijk_core.ideas.participant_key`).

Exact counts under concurrency come from the database, not from counters kept in
Python: a vote is an ``INSERT … ON CONFLICT (idea_id, participant) DO UPDATE`` (one
row per participant and idea, enforced by a UNIQUE constraint; −2..+2 by a CHECK),
and totals are ``SUM``/``COUNT`` over those rows when read. Moderation takes the idea's
row lock (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite write transactions are
serialised by ``BEGIN IMMEDIATE``), and the per-participant rate limit takes a
transaction-level advisory lock on PostgreSQL, so concurrent requests of one
participant cannot slip past it.

A *merged* idea (a duplicate) counts for the idea it was merged into: its comments
are listed there, and its votes count there for participants who did not vote on
that idea itself (one vote per participant: the vote on the idea itself wins, else the
most recent vote on one of its duplicates). Nothing is copied, so approving a merged
idea again undoes the merge exactly.

Refusals: :class:`StoreError` for the codes below, :class:`wijk_core.ideas.IdeaError`
for text and value checks (``errors.ideas_title_empty``, ``…_too_long``,
``errors.ideas_vote_out_of_range``, ``errors.ideas_stance_unknown``, …).

=================================== ==========================================================
``errors.project_not_found``        (id)
``errors.ideas_not_found``          (id) no idea with this id
``errors.ideas_comment_not_found``  (id)
``errors.ideas_not_open``           (id) voting, commenting or reporting on an idea that is
                                    hidden, pending review or merged
``errors.ideas_category_unknown``   (category) not built in and not defined by the project
``errors.ideas_category_taken``     (label) the project already has this category
``errors.ideas_location_invalid``   coordinates that are not finite WGS84 / Lambert 72 numbers
``errors.ideas_rate_limited_ideas`` (count, minutes, wait) too many ideas from one participant
``errors.ideas_rate_limited_comments`` (count, minutes, wait)
``errors.ideas_rate_limited_reports``  (count, minutes, wait)
``errors.ideas_merge_same``         (id) merging an idea into itself
``errors.ideas_merge_target_invalid`` (id) the target is merged itself or in another project
``errors.ideas_cannot_hide_merged`` (id) approve it first
=================================== ==========================================================
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from wijk_core.ideas.categories import (BUILTIN_CATEGORIES, Category, IdeaStatus, ModerationAction, Stance,
                                all_categories, category_key, check_colour, check_vote)
from wijk_core.ideas.rules import (DEFAULT_LIMITS, DEFAULT_REPORT_THRESHOLD, RateLimit, RateLimits,
                           check_report_threshold, participant_key)
from wijk_core.ideas.text import (clean_category_label, clean_comment, clean_pseudonym, clean_reason, clean_text,
                          clean_title)
from wijk_core.ideas.model import Comment, Idea, IdeaSettings, ModerationEntry, Place, ReportOutcome, Vote
from wijk_core.ideas.tables import (NOTE_MAX, IdeaCategoryRow, IdeaCommentRow, IdeaModerationRow, IdeaReportRow,
                                    IdeaRow, IdeaSettingsRow, IdeaVoteRow)
from wijk_core.ideas.rows import idea_row, open_idea, to_comment, to_idea, with_tallies
from wijk_core.store.base import checked_id as _id, flush_unique, upsert_into, utc_now
from wijk_core.store.errors import StoreError
from wijk_core.store.projects import existing_project_id as _project_id
from wijk_core.store.guard import project_of, writes

_COMMENT_PROJECT = project_of(IdeaCommentRow, "comment_id",
                              via=lambda session, row: session.get(IdeaRow, row.idea_id).project_id)

__all__ = [
    "Comment", "Idea", "IdeaSettings", "ModerationEntry", "Place", "ReportOutcome", "Vote",
    "add_category", "add_comment", "add_idea", "approve_idea", "get_idea", "get_settings",
    "hide_comment", "hide_idea", "list_categories", "list_comments", "list_ideas", "merge_ideas",
    "moderation_log", "my_votes", "project_comments", "report_idea", "set_report_threshold",
    "show_comment", "vote",
]


# --- Ideas ---------------------------------------------------------------------------


@writes("ideas.post")
def add_idea(session: Session, project_id: int, token: str, place: Place, *, category: str, title: str,
             text: str = "", pseudonym: str | None = None, limits: RateLimits = DEFAULT_LIMITS,
             now: datetime | None = None) -> Idea:
    """Pin an idea; everything is checked before anything is written."""
    project_id = _project_id(session, project_id)
    participant = participant_key(token)
    lon, lat, x, y = _place(place)
    values = dict(category=_category(session, project_id, category), title=clean_title(title),
                  body=clean_text(text), pseudonym=clean_pseudonym(pseudonym))
    now = now or utc_now()
    _rate_limit(session, IdeaRow, participant, limits.ideas, now, "errors.ideas_rate_limited_ideas")
    row = IdeaRow(project_id=project_id, participant=participant, lon=lon, lat=lat, x=x, y=y,
                  status=IdeaStatus.VISIBLE.value, reviewed_reports=0, created_at=now, updated_at=now, **values)
    session.add(row)
    session.flush()
    return to_idea(row)


def get_idea(session: Session, idea_id: int) -> Idea:
    """One idea with its tallies, whatever its status."""
    row = idea_row(session, idea_id)
    return with_tallies(session, [row], row.project_id)[0]


def list_ideas(session: Session, project_id: int,
               statuses: Iterable[str | IdeaStatus] | None = (IdeaStatus.VISIBLE,)) -> list[Idea]:
    """The ideas of a project with their tallies, oldest first.

    ``statuses`` defaults to the visible ones (what residents see); ``None`` means all.
    """
    project_id = _project_id(session, project_id)
    query = select(IdeaRow).where(IdeaRow.project_id == project_id)
    if statuses is not None:
        wanted = sorted({IdeaStatus(status).value for status in statuses})
        query = query.where(IdeaRow.status.in_(wanted))
    rows = session.scalars(query.order_by(IdeaRow.created_at, IdeaRow.id)).all()
    return with_tallies(session, rows, project_id)


# --- Votes ---------------------------------------------------------------------------


@writes("ideas.vote", project=project_of(IdeaRow, "idea_id"))
def vote(session: Session, idea_id: int, token: str, value: int, *, now: datetime | None = None) -> Vote:
    """Set this participant's vote on an idea (a second call changes it: one row per participant)."""
    checked = check_vote(value)
    participant = participant_key(token)
    row = open_idea(session, idea_id)
    now = now or utc_now()
    statement = upsert_into(session, IdeaVoteRow).values(idea_id=row.id, participant=participant, value=checked,
                                                     created_at=now, updated_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=["idea_id", "participant"],
        set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
    ).returning(IdeaVoteRow.value, IdeaVoteRow.updated_at)
    stored, updated_at = session.execute(statement).one()
    return Vote(idea_id=row.id, value=stored, updated_at=updated_at)


def my_votes(session: Session, project_id: int, token: str) -> dict[int, int]:
    """This participant's vote per idea id, as counted (a vote on a duplicate shows on its target)."""
    participant = participant_key(token)
    root = func.coalesce(IdeaRow.merged_into, IdeaRow.id)
    rows = session.execute(
        select(root, IdeaRow.merged_into, IdeaVoteRow.value, IdeaVoteRow.updated_at, IdeaVoteRow.id)
        .select_from(IdeaVoteRow).join(IdeaRow, IdeaRow.id == IdeaVoteRow.idea_id)
        .where(IdeaRow.project_id == _id(project_id, "project"), IdeaVoteRow.participant == participant)
    ).all()
    best: dict[int, tuple] = {}
    for root_id, merged_into, value, updated_at, vote_id in rows:
        rank = (merged_into is None, updated_at, vote_id)  # own vote first, then the newest
        if root_id not in best or rank > best[root_id][0]:
            best[root_id] = (rank, value)
    return {root_id: value for root_id, (_, value) in best.items()}


# --- Comments ------------------------------------------------------------------------


@writes("ideas.comment", project=project_of(IdeaRow, "idea_id"))
def add_comment(session: Session, idea_id: int, token: str, *, stance: str | Stance, text: str,
                pseudonym: str | None = None, limits: RateLimits = DEFAULT_LIMITS,
                now: datetime | None = None) -> Comment:
    """Comment on a visible idea."""
    checked_stance = Stance(stance).value
    body = clean_comment(text)
    signed = clean_pseudonym(pseudonym)
    participant = participant_key(token)
    row = open_idea(session, idea_id)
    now = now or utc_now()
    _rate_limit(session, IdeaCommentRow, participant, limits.comments, now,
                "errors.ideas_rate_limited_comments")
    comment = IdeaCommentRow(idea_id=row.id, participant=participant, pseudonym=signed, stance=checked_stance,
                             body=body, status="visible", created_at=now)
    session.add(comment)
    session.flush()
    return to_comment(comment)


def list_comments(session: Session, idea_id: int, *, include_hidden: bool = False) -> list[Comment]:
    """Comments on an idea and on the duplicates merged into it, oldest first."""
    row = idea_row(session, idea_id)
    merged = select(IdeaRow.id).where(IdeaRow.merged_into == row.id)
    query = select(IdeaCommentRow).where(
        (IdeaCommentRow.idea_id == row.id) | IdeaCommentRow.idea_id.in_(merged))
    if not include_hidden:
        query = query.where(IdeaCommentRow.status == "visible")
    rows = session.scalars(query.order_by(IdeaCommentRow.created_at, IdeaCommentRow.id)).all()
    return [to_comment(comment) for comment in rows]


def project_comments(session: Session, project_id: int) -> list[Comment]:
    """Every comment of a project (hidden ones too), oldest first: for exports."""
    project_id = _project_id(session, project_id)
    rows = session.scalars(
        select(IdeaCommentRow).join(IdeaRow, IdeaRow.id == IdeaCommentRow.idea_id)
        .where(IdeaRow.project_id == project_id)
        .order_by(IdeaCommentRow.created_at, IdeaCommentRow.id)).all()
    return [to_comment(comment) for comment in rows]


# --- Reports and moderation ----------------------------------------------------------


@writes("ideas.report", project=project_of(IdeaRow, "idea_id"))
def report_idea(session: Session, idea_id: int, token: str, reason: str | None = None, *,
                limits: RateLimits = DEFAULT_LIMITS, now: datetime | None = None) -> ReportOutcome:
    """Report an idea; at the project's threshold of unreviewed reports it is hidden pending review."""
    cleaned = clean_reason(reason)
    participant = participant_key(token)
    row = open_idea(session, idea_id, lock=True)
    now = now or utc_now()
    already = session.scalar(select(IdeaReportRow.id).where(
        IdeaReportRow.idea_id == row.id, IdeaReportRow.participant == participant))
    if already is None:
        _rate_limit(session, IdeaReportRow, participant, limits.reports, now,
                    "errors.ideas_rate_limited_reports")
        statement = upsert_into(session, IdeaReportRow).values(
            idea_id=row.id, participant=participant, reason=cleaned, created_at=now
        ).on_conflict_do_nothing(index_elements=["idea_id", "participant"]).returning(IdeaReportRow.id)
        counted = session.execute(statement).scalar() is not None
    else:
        counted = False
    reports = session.scalar(select(func.count()).where(IdeaReportRow.idea_id == row.id))
    open_reports = reports - row.reviewed_reports
    threshold = get_settings(session, row.project_id).report_threshold
    hidden = False
    if counted and row.status == IdeaStatus.VISIBLE.value and open_reports >= threshold:
        _log(session, row, ModerationAction.AUTO_HIDE, actor="system", now=now,
             note=f"{open_reports} reports, threshold {threshold}")
        row.status, row.updated_at = IdeaStatus.PENDING.value, now
        hidden = True
    session.flush()
    return ReportOutcome(idea_id=row.id, counted=counted, open_reports=open_reports, hidden=hidden)


@writes("ideas.moderate", project=project_of(IdeaRow, "idea_id"))
def approve_idea(session: Session, idea_id: int, *, note: str | None = None,
                 now: datetime | None = None) -> Idea:
    """Show an idea (again): its reports so far count as reviewed; a merged idea is split off again."""
    row = idea_row(session, idea_id, lock=True)
    now = now or utc_now()
    _log(session, row, ModerationAction.APPROVE, note=note, now=now)
    row.reviewed_reports = session.scalar(select(func.count()).where(IdeaReportRow.idea_id == row.id))
    row.status, row.merged_into, row.updated_at = IdeaStatus.VISIBLE.value, None, now
    session.flush()
    return get_idea(session, row.id)


@writes("ideas.moderate", project=project_of(IdeaRow, "idea_id"))
def hide_idea(session: Session, idea_id: int, *, note: str | None = None, now: datetime | None = None) -> Idea:
    """Hide an idea from residents (kept, with its votes and comments; approve shows it again)."""
    row = idea_row(session, idea_id, lock=True)
    if row.status == IdeaStatus.MERGED.value:
        raise StoreError("errors.ideas_cannot_hide_merged", id=row.id)
    if row.status != IdeaStatus.HIDDEN.value:
        now = now or utc_now()
        _log(session, row, ModerationAction.HIDE, note=note, now=now)
        row.status, row.updated_at = IdeaStatus.HIDDEN.value, now
        session.flush()
    return get_idea(session, row.id)


@writes("ideas.moderate", project=project_of(IdeaRow, "duplicate_id"))
def merge_ideas(session: Session, duplicate_id: int, target_id: int, *, note: str | None = None,
                now: datetime | None = None) -> Idea:
    """Merge a duplicate into another idea of the same project; returns the target with its new tallies.

    Duplicates already merged into ``duplicate_id`` move to ``target_id`` too, so a
    merged idea always points at an idea that is not merged itself.
    """
    duplicate_id, target_id = _id(duplicate_id, "idea"), _id(target_id, "idea")
    if duplicate_id == target_id:
        raise StoreError("errors.ideas_merge_same",
                         id=duplicate_id)
    # Lock in id order, so two opposite merges cannot deadlock.
    rows = {i: idea_row(session, i, lock=True) for i in sorted((duplicate_id, target_id))}
    duplicate, target = rows[duplicate_id], rows[target_id]
    if target.status == IdeaStatus.MERGED.value or target.project_id != duplicate.project_id:
        raise StoreError("errors.ideas_merge_target_invalid", id=target.id)
    now = now or utc_now()
    if duplicate.merged_into != target.id:
        _log(session, duplicate, ModerationAction.MERGE, note=note, now=now, target_id=target.id)
        followers = session.scalars(select(IdeaRow).where(IdeaRow.merged_into == duplicate.id)
                                    .with_for_update()).all()
        for follower in followers:
            _log(session, follower, ModerationAction.MERGE, note=f"via #{duplicate.id}", now=now,
                 target_id=target.id)
        session.execute(update(IdeaRow).where(IdeaRow.merged_into == duplicate.id)
                        .values(merged_into=target.id, updated_at=now))
        duplicate.status, duplicate.merged_into, duplicate.updated_at = IdeaStatus.MERGED.value, target.id, now
        session.flush()
    return get_idea(session, target.id)


@writes("ideas.moderate", project=_COMMENT_PROJECT)
def hide_comment(session: Session, comment_id: int, *, note: str | None = None,
                 now: datetime | None = None) -> Comment:
    """Hide a comment from residents (kept and logged)."""
    return _set_comment_status(session, comment_id, "hidden", ModerationAction.HIDE_COMMENT, note, now)


@writes("ideas.moderate", project=_COMMENT_PROJECT)
def show_comment(session: Session, comment_id: int, *, note: str | None = None,
                 now: datetime | None = None) -> Comment:
    """Show a hidden comment again (logged)."""
    return _set_comment_status(session, comment_id, "visible", ModerationAction.SHOW_COMMENT, note, now)


def get_settings(session: Session, project_id: int) -> IdeaSettings:
    """The project's moderation settings (defaults until the facilitator changes them)."""
    row = session.get(IdeaSettingsRow, _id(project_id, "project"))
    threshold = row.report_threshold if row is not None else DEFAULT_REPORT_THRESHOLD
    return IdeaSettings(project_id=project_id, report_threshold=threshold)


@writes("ideas.settings")
def set_report_threshold(session: Session, project_id: int, threshold: int, *,
                         now: datetime | None = None) -> IdeaSettings:
    """Change after how many unreviewed reports an idea is hidden (1–100); logged.

    Ideas already at or above a lower threshold are not hidden retroactively: the
    next report decides.
    """
    project_id = _project_id(session, project_id)
    checked = check_report_threshold(threshold)
    now = now or utc_now()
    statement = upsert_into(session, IdeaSettingsRow).values(project_id=project_id, report_threshold=checked,
                                                         updated_at=now)
    session.execute(statement.on_conflict_do_update(
        index_elements=["project_id"],
        set_={"report_threshold": statement.excluded.report_threshold,
              "updated_at": statement.excluded.updated_at}))
    session.add(IdeaModerationRow(project_id=project_id, action=ModerationAction.SETTINGS.value,
                                  actor="facilitator", note=f"report_threshold={checked}", created_at=now))
    session.flush()
    return IdeaSettings(project_id=project_id, report_threshold=checked)


def moderation_log(session: Session, project_id: int) -> list[ModerationEntry]:
    """The audit log of a project, newest first."""
    project_id = _project_id(session, project_id)
    rows = session.scalars(select(IdeaModerationRow).where(IdeaModerationRow.project_id == project_id)
                           .order_by(IdeaModerationRow.created_at.desc(), IdeaModerationRow.id.desc())).all()
    return [ModerationEntry(id=r.id, project_id=r.project_id, action=r.action, actor=r.actor, idea_id=r.idea_id,
                            comment_id=r.comment_id, target_id=r.target_id, previous_status=r.previous_status,
                            note=r.note, created_at=r.created_at) for r in rows]


# --- Categories ----------------------------------------------------------------------


def list_categories(session: Session, project_id: int) -> list[Category]:
    """The project's own categories (the built-in ones are :data:`BUILTIN_CATEGORIES`), oldest first."""
    rows = session.scalars(select(IdeaCategoryRow).where(IdeaCategoryRow.project_id == _id(project_id, "project"))
                           .order_by(IdeaCategoryRow.id)).all()
    return [Category(key=row.key, colour=row.colour, label=row.label) for row in rows]


@writes("ideas.settings")
def add_category(session: Session, project_id: int, label: str, colour: str, *,
                 now: datetime | None = None) -> Category:
    """Add a project-defined category; its key is derived from the label (:func:`category_key`)."""
    project_id = _project_id(session, project_id)
    cleaned = clean_category_label(label)
    checked_colour = check_colour(colour)
    key = category_key(cleaned)
    if key in {category.key for category in BUILTIN_CATEGORIES}:
        key = f"{key}_2"  # "mobility" typed as a label must not shadow the built-in one
    now = now or utc_now()
    session.add(IdeaCategoryRow(project_id=project_id, key=key, label=cleaned, colour=checked_colour,
                                created_at=now))
    taken = StoreError("errors.ideas_category_taken",
                       label=cleaned)
    flush_unique(session, taken, IdeaCategoryRow.key)
    session.add(IdeaModerationRow(project_id=project_id, action=ModerationAction.CATEGORY.value,
                                  actor="facilitator", note=f"{key}: {cleaned} {checked_colour}"[:NOTE_MAX],
                                  created_at=now))
    session.flush()
    return Category(key=key, colour=checked_colour, label=cleaned)


# --- Helpers -------------------------------------------------------------------------


def _place(place: Place) -> tuple[float, float, float, float]:
    try:
        lon, lat, x, y = (float(getattr(place, name)) for name in ("lon", "lat", "x", "y"))
    except (AttributeError, TypeError, ValueError) as exc:
        raise TypeError("A place has float lon, lat, x, y; use wijk_core.ideas.IdeaArea.locate().") from exc
    if not all(math.isfinite(v) for v in (lon, lat, x, y)) or not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise StoreError("errors.ideas_location_invalid")
    return lon, lat, x, y


def _category(session: Session, project_id: int, category: str) -> str:
    key = category.value if hasattr(category, "value") else category
    key = key.strip().lower() if isinstance(key, str) else key
    if key in all_categories(list_categories(session, project_id)):
        return key
    raise StoreError("errors.ideas_category_unknown", category=str(category))


def _rate_limit(session: Session, model: type, participant: str, limit: RateLimit, now: datetime,
                code: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        # One participant's writes take turns, so two at once cannot both pass the count.
        key = int.from_bytes(hashlib.sha256(f"ideas:{participant}".encode()).digest()[:8], "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    since = now - limit.window
    count, oldest = session.execute(select(func.count(), func.min(model.created_at)).where(
        model.participant == participant, model.created_at > since)).one()
    if count >= limit.count:
        wait = max(1, math.ceil((oldest + limit.window - now) / timedelta(minutes=1)))
        raise StoreError(code,
                         count=count, minutes=limit.minutes, wait=wait)


def _log(session: Session, row: IdeaRow, action: ModerationAction, *, now: datetime, actor: str = "facilitator",
         note: str | None = None, target_id: int | None = None, comment_id: int | None = None) -> None:
    cleaned = clean_reason(note)
    session.add(IdeaModerationRow(project_id=row.project_id, action=action.value, actor=actor, idea_id=row.id,
                                  comment_id=comment_id, target_id=target_id, previous_status=row.status,
                                  note=cleaned[:NOTE_MAX] if cleaned else None, created_at=now))


def _set_comment_status(session: Session, comment_id: int, status: str, action: ModerationAction,
                        note: str | None, now: datetime | None) -> Comment:
    checked = _id(comment_id, "comment")
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


