"""The idea map's storage: ideas, comments, votes, reports, categories, moderation log.

Functions work on an open session (the caller commits): ``store.write(add_idea, ...)``
or ``with store.writing() as session: add_idea(session, ...)``; read with
``store.read(list_ideas, ...)``. Everything returned is a frozen dataclass of
:mod:`wijk_core.ideas.model`; tallies are counted in :mod:`wijk_core.ideas.rows`.
Residents are identified by their browser session's random token, of which only
the SHA-256 is stored (:func:`wijk_core.ideas.participant_key`), and their actions
are also counted by a rotating key of their client address (``origin``; see
:mod:`wijk_core.ideas.abuse`): reports hide an idea only from distinct addresses,
one address votes once per idea, bursts are flagged (:func:`list_flags`).

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
``errors.ideas_workshop_code_needed`` a resident's write in ``workshop`` mode without the code
``errors.ideas_workshop_code_wrong``  not the project's current workshop code
``errors.ideas_flag_not_found``     (id)
=================================== ==========================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from wijk_core.ideas.categories import (BUILTIN_CATEGORIES, Category, IdeaStatus, ModerationAction, Stance,
                                       category_key, check_colour, check_vote)
from wijk_core.ideas.abuse import (check_code, client_key, list_flags, note_again, note_burst, open_reporters,
                                    rate_limit, vote_taken_elsewhere)
from wijk_core.ideas.rules import (DEFAULT_BURSTS, DEFAULT_LIMITS, DEFAULT_REPORT_THRESHOLD, BurstLimits,
                                   Identification, RateLimits, check_device_days, check_report_threshold,
                                   new_workshop_code, participant_key)
from wijk_core.ideas.text import (clean_category_label, clean_comment, clean_pseudonym, clean_reason, clean_text,
                          clean_title)
from wijk_core.ideas.model import (ClientFlag, Comment, Idea, IdeaSettings, ModerationEntry, Origin, Place,
                                    ReportOutcome, Vote)
from wijk_core.ideas.tables import (NOTE_MAX, IdeaCategoryRow, IdeaClientFlagRow, IdeaCommentRow, IdeaModerationRow,
                                    IdeaReportRow, IdeaRow, IdeaSettingsRow, IdeaVoteRow)
from wijk_core.ideas.rows import (checked_category, get_settings, idea_row, list_categories, log_action,
                                  moderation_log, open_idea, place_values, set_comment_status, to_comment, to_idea,
                                  with_tallies)
from wijk_core.store.base import checked_id as _id, flush_unique, upsert_into, utc_now
from wijk_core.store.errors import StoreError
from wijk_core.store.projects import existing_project_id as _project_id
from wijk_core.store.guard import project_of, writes

_COMMENT_PROJECT = project_of(IdeaCommentRow, "comment_id",
                              via=lambda session, row: session.get(IdeaRow, row.idea_id).project_id)

__all__ = [
    "ClientFlag", "Comment", "Idea", "IdeaSettings", "ModerationEntry", "Origin", "Place", "ReportOutcome", "Vote",
    "add_category", "add_comment", "add_idea", "approve_idea", "dismiss_flag", "get_idea", "get_settings",
    "hide_comment", "hide_idea", "list_categories", "list_comments", "list_flags", "list_ideas", "merge_ideas",
    "moderation_log", "my_votes", "project_comments", "report_idea", "set_identification",
    "set_report_threshold", "show_comment", "vote",
]


# --- Ideas ---------------------------------------------------------------------------


@writes("ideas.post")
def add_idea(session: Session, project_id: int, token: str, place: Place, *, category: str, title: str,
             text: str = "", pseudonym: str | None = None, limits: RateLimits = DEFAULT_LIMITS,
             origin: Origin | None = None, bursts: BurstLimits = DEFAULT_BURSTS, now: datetime | None = None) -> Idea:
    """Pin an idea; everything is checked before anything is written."""
    project_id = _project_id(session, project_id)
    participant = participant_key(token)
    lon, lat, x, y = place_values(place)
    values = dict(category=checked_category(session, project_id, category), title=clean_title(title),
                  body=clean_text(text), pseudonym=clean_pseudonym(pseudonym))
    now = now or utc_now()
    client = _admit(session, project_id, origin, now)[1]
    rate_limit(session, IdeaRow, participant, limits.ideas, now, "errors.ideas_rate_limited_ideas")
    row = IdeaRow(project_id=project_id, participant=participant, client=client, lon=lon, lat=lat, x=x, y=y,
                  status=IdeaStatus.VISIBLE.value, reviewed_reports=0, created_at=now, updated_at=now, **values)
    session.add(row)
    session.flush()
    note_burst(session, project_id, client, "post", row.id, now, bursts)
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
def vote(session: Session, idea_id: int, token: str, value: int, *, origin: Origin | None = None,
         bursts: BurstLimits = DEFAULT_BURSTS, now: datetime | None = None) -> Vote:
    """Set this participant's vote on an idea (a second call changes it: one row per participant).

    Refused (``counted`` False, nothing stored, flagged ``vote_again``) when another
    participant token already voted on this idea from the same client address, except
    in ``workshop`` mode (a room shares one Wi-Fi address; the code gates the room).
    """
    checked = check_vote(value)
    participant = participant_key(token)
    row = open_idea(session, idea_id)
    now = now or utc_now()
    settings, client = _admit(session, row.project_id, origin, now)
    if settings.identification != Identification.WORKSHOP.value and vote_taken_elsewhere(
            session, row.id, participant, client):
        note_again(session, row.project_id, client, "vote", row.id, now, bursts, refused=True)
        return Vote(idea_id=row.id, value=checked, updated_at=now, counted=False)
    statement = upsert_into(session, IdeaVoteRow).values(idea_id=row.id, participant=participant, client=client,
                                                         value=checked, created_at=now, updated_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=["idea_id", "participant"],
        set_={"value": statement.excluded.value, "client": statement.excluded.client,
              "updated_at": statement.excluded.updated_at},
    ).returning(IdeaVoteRow.value, IdeaVoteRow.updated_at)
    stored, updated_at = session.execute(statement).one()
    note_burst(session, row.project_id, client, "vote", row.id, now, bursts)
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
                pseudonym: str | None = None, limits: RateLimits = DEFAULT_LIMITS, origin: Origin | None = None,
                bursts: BurstLimits = DEFAULT_BURSTS, now: datetime | None = None) -> Comment:
    """Comment on a visible idea."""
    checked_stance = Stance(stance).value
    body = clean_comment(text)
    signed = clean_pseudonym(pseudonym)
    participant = participant_key(token)
    row = open_idea(session, idea_id)
    now = now or utc_now()
    client = _admit(session, row.project_id, origin, now)[1]
    rate_limit(session, IdeaCommentRow, participant, limits.comments, now, "errors.ideas_rate_limited_comments")
    comment = IdeaCommentRow(idea_id=row.id, participant=participant, client=client, pseudonym=signed,
                             stance=checked_stance, body=body, status="visible", created_at=now)
    session.add(comment)
    session.flush()
    note_burst(session, row.project_id, client, "comment", row.id, now, bursts)
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
                limits: RateLimits = DEFAULT_LIMITS, origin: Origin | None = None,
                bursts: BurstLimits = DEFAULT_BURSTS, now: datetime | None = None) -> ReportOutcome:
    """Report an idea; at the project's threshold of distinct reporters among the unreviewed reports (told
    apart by participant token *and* client address) it is hidden pending review."""
    cleaned = clean_reason(reason)
    participant = participant_key(token)
    row = open_idea(session, idea_id, lock=True)
    now = now or utc_now()
    settings, client = _admit(session, row.project_id, origin, now)
    already = session.scalar(select(IdeaReportRow.id).where(
        IdeaReportRow.idea_id == row.id, IdeaReportRow.participant == participant))
    counted = False
    if already is None:
        rate_limit(session, IdeaReportRow, participant, limits.reports, now, "errors.ideas_rate_limited_reports")
        statement = upsert_into(session, IdeaReportRow).values(
            idea_id=row.id, participant=participant, client=client, reason=cleaned, created_at=now
        ).on_conflict_do_nothing(index_elements=["idea_id", "participant"]).returning(IdeaReportRow.id)
        counted = session.execute(statement).scalar() is not None
    if counted:
        note_again(session, row.project_id, client, "report", row.id, now, bursts)
        note_burst(session, row.project_id, client, "report", row.id, now, bursts)
    open_reports = session.scalar(select(func.count()).where(IdeaReportRow.idea_id == row.id)) - row.reviewed_reports
    reporters, threshold = open_reporters(session, row), settings.report_threshold
    hidden = counted and row.status == IdeaStatus.VISIBLE.value and reporters >= threshold
    if hidden:
        log_action(session, row, ModerationAction.AUTO_HIDE, actor="system", now=now,
             note=f"{open_reports} reports" + (f" from {reporters} reporters" if reporters != open_reports else "")
             + f", threshold {threshold}")
        row.status, row.updated_at = IdeaStatus.PENDING.value, now
    session.flush()
    return ReportOutcome(idea_id=row.id, counted=counted, open_reports=open_reports, hidden=hidden,
                         open_reporters=reporters)


@writes("ideas.moderate", project=project_of(IdeaRow, "idea_id"))
def approve_idea(session: Session, idea_id: int, *, note: str | None = None,
                 now: datetime | None = None) -> Idea:
    """Show an idea (again): its reports so far count as reviewed; a merged idea is split off again."""
    row = idea_row(session, idea_id, lock=True)
    now = now or utc_now()
    log_action(session, row, ModerationAction.APPROVE, note=note, now=now)
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
        log_action(session, row, ModerationAction.HIDE, note=note, now=now)
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
        log_action(session, duplicate, ModerationAction.MERGE, note=note, now=now, target_id=target.id)
        followers = session.scalars(select(IdeaRow).where(IdeaRow.merged_into == duplicate.id)
                                    .with_for_update()).all()
        for follower in followers:
            log_action(session, follower, ModerationAction.MERGE, note=f"via #{duplicate.id}", now=now,
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
    return set_comment_status(session, comment_id, "hidden", ModerationAction.HIDE_COMMENT, note, now)


@writes("ideas.moderate", project=_COMMENT_PROJECT)
def show_comment(session: Session, comment_id: int, *, note: str | None = None,
                 now: datetime | None = None) -> Comment:
    """Show a hidden comment again (logged)."""
    return set_comment_status(session, comment_id, "visible", ModerationAction.SHOW_COMMENT, note, now)


@writes("ideas.settings")
def set_report_threshold(session: Session, project_id: int, threshold: int, *,
                         now: datetime | None = None) -> IdeaSettings:
    """Change after how many distinct reporters of unreviewed reports an idea is hidden (1–100); logged.

    Ideas already at or above a lower threshold are not hidden retroactively: the
    next report decides.
    """
    project_id = _project_id(session, project_id)
    checked = check_report_threshold(threshold)
    return _save_settings(session, project_id, {"report_threshold": checked}, f"report_threshold={checked}", now)


@writes("ideas.settings")
def set_identification(session: Session, project_id: int, identification: str | Identification, *,
                       device_days: int | None = None, new_code: bool = False,
                       now: datetime | None = None) -> IdeaSettings:
    """Choose how the project tells residents apart (:class:`wijk_core.ideas.rules.Identification`); logged.

    In ``workshop`` mode a code is made when the project has none yet or
    ``new_code`` is set (residents who typed the old one must type the new one);
    the log says a new code was made, never the code. ``device_days`` (1–365)
    changes how long a device cookie lasts; None keeps it.
    """
    project_id = _project_id(session, project_id)
    mode = Identification(identification).value
    current = get_settings(session, project_id)
    days = check_device_days(device_days) if device_days is not None else current.device_days
    code = current.workshop_code
    if mode == Identification.WORKSHOP.value and (new_code or not code):
        code = new_workshop_code()
    note = (f"identification={mode}" + (f", device_days={days}" if mode == Identification.DEVICE.value else "")
            + (", new workshop code" if code != current.workshop_code else ""))
    return _save_settings(session, project_id, {"identification": mode, "device_days": days, "workshop_code": code},
                          note, now)


@writes("ideas.moderate", project=project_of(IdeaClientFlagRow, "flag_id"))
def dismiss_flag(session: Session, flag_id: int) -> ClientFlag:
    """Mark a flag as seen: it leaves the queue (a further burst from the same source flags it again)."""
    checked = _id(flag_id, "flag")
    row = session.get(IdeaClientFlagRow, checked, with_for_update=True) if 0 < checked < 2**31 else None
    if row is None:
        raise StoreError("errors.ideas_flag_not_found", id=checked)
    row.reviewed = True
    session.flush()
    return next(flag for flag in list_flags(session, row.project_id, include_reviewed=True) if flag.id == row.id)


# --- Categories ----------------------------------------------------------------------


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


def _admit(session: Session, project_id: int, origin: Origin | None,
           now: datetime) -> tuple[IdeaSettings, str | None]:
    """A resident's write: the project's settings, after the workshop code is checked, and the client key."""
    settings = get_settings(session, project_id)
    check_code(settings, origin)
    return settings, client_key(session, project_id, origin.address if origin is not None else None, now)


def _save_settings(session: Session, project_id: int, values: dict, note: str,
                   now: datetime | None) -> IdeaSettings:
    now = now or utc_now()
    statement = upsert_into(session, IdeaSettingsRow).values(
        project_id=project_id, **{"report_threshold": DEFAULT_REPORT_THRESHOLD, **values}, updated_at=now)
    session.execute(statement.on_conflict_do_update(
        index_elements=["project_id"],
        set_={name: getattr(statement.excluded, name) for name in [*values, "updated_at"]}))
    session.add(IdeaModerationRow(project_id=project_id, action=ModerationAction.SETTINGS.value,
                                  actor="facilitator", note=note[:NOTE_MAX], created_at=now))
    session.flush()
    return get_settings(session, project_id)
