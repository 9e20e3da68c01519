"""Phase 1 in the database: the team, its agreements, the readiness answers, the choices, the impact assumptions.

Functions take an open session (the caller commits), like every domain's
``store.py``: ``store.write(save_team, project_id, rows)``,
``store.read(latest_decision, project_id)``. Refusals are :class:`PhaseError`
(or the selection's :class:`~wijk_core.store.errors.StoreError` for a candidate)
with these i18n codes:

================================ ==============================================================
``errors.phase_member_name_empty``  (row) a member without a name
``errors.phase_option_invalid``     (name, value, allowed) an unknown role, expertise, status or key
``errors.text_too_long``            (max) a text over its limit
``errors.phase_choice_invalid``     the chosen neighbourhood is also listed as an alternative
``errors.candidate_not_found``      (id) not a candidate of this project
================================ ==============================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wijk_core.phase.errors import PhaseError
from wijk_core.phase.impact import ImpactAssumptions
from wijk_core.phase.model import (AGREEMENTS, EXPERTISE, MEMBER_ROLES, READINESS_STATUSES, Agreement, Decision,
                                   ReadinessAnswer, TeamMember, readiness_questions)
from wijk_core.phase.tables import AgreementRow, DecisionRow, ImpactSettingsRow, ReadinessRow, TeamMemberRow
from wijk_core.selection.checks import long_text, short_text
from wijk_core.selection.tables import CandidateRow
from wijk_core.store.base import LABEL_MAX, utc_now
from wijk_core.store.errors import StoreError
from wijk_core.store.guard import writes
from wijk_core.store.projects import existing_project_id as _project_id

__all__ = ["agreements", "decisions", "get_impact_assumptions", "latest_decision", "list_team", "readiness",
           "record_decision", "save_agreements", "save_impact_assumptions", "save_readiness", "save_team"]

EVIDENCE_MAX = 5 * LABEL_MAX


def _option(name: str, value: Any, allowed: Sequence[str]) -> str:
    text = str(value.value if hasattr(value, "value") else value).strip().lower()
    if text not in allowed:
        raise PhaseError("errors.phase_option_invalid", name=name, value=str(value), allowed=", ".join(allowed))
    return text


def _keyed_row(session: Session, model: type, project_id: int, key: str) -> Any:
    """The project's row of ``model`` for ``key``, added when there is none yet."""
    row = session.get(model, (project_id, key))
    if row is None:
        row = model(project_id=project_id, key=key)
        session.add(row)
    return row


def _line(value: Any, limit: int = LABEL_MAX) -> str:
    return short_text(None if value is None else str(value), limit) or ""


# --------------------------------------------------------------------------- team


def _to_member(row: TeamMemberRow) -> TeamMember:
    return TeamMember(id=row.id, project_id=row.project_id, name=row.name, organisation=row.organisation,
                      role=row.role, expertise=tuple(row.expertise), position=row.position)


def list_team(session: Session, project_id: int) -> list[TeamMember]:
    """The project's team in the order it was entered."""
    query = select(TeamMemberRow).where(TeamMemberRow.project_id == _project_id(session, project_id))
    return [_to_member(row) for row in session.scalars(query.order_by(TeamMemberRow.position)).all()]


@writes("phase.write")
def save_team(session: Session, project_id: int, members: Iterable[Mapping[str, Any]]) -> list[TeamMember]:
    """Replace the team as a whole.

    Parameters
    ----------
    session : Session
    project_id : int
    members : iterable of mapping
        ``name`` (required, at most 200 characters), ``organisation``, ``role`` (one of
        :data:`~wijk_core.phase.model.MEMBER_ROLES`, default ``other``) and
        ``expertise`` (any of :data:`~wijk_core.phase.model.EXPERTISE`). A row whose
        every field is blank is skipped.

    Returns
    -------
    list of TeamMember

    Raises
    ------
    PhaseError
        ``errors.phase_member_name_empty`` (row), ``errors.phase_option_invalid``.
    StoreError
        ``errors.text_too_long`` (max).
    """
    project_id = _project_id(session, project_id)
    rows = []
    for number, member in enumerate(members, start=1):
        name, organisation = _line(member.get("name")), _line(member.get("organisation"))
        expertise = member.get("expertise") or ()
        if isinstance(expertise, str):
            expertise = [part for part in expertise.replace(";", ",").split(",") if part.strip()]
        chosen = {_option("expertise", kind, EXPERTISE) for kind in expertise}
        role = member.get("role")
        if not name and not organisation and not chosen and not (role and str(role).strip()):
            continue
        if not name:
            raise PhaseError("errors.phase_member_name_empty", row=number)
        rows.append(TeamMemberRow(project_id=project_id, position=len(rows), name=name, organisation=organisation,
                                  role=_option("role", role or "other", MEMBER_ROLES),
                                  expertise=[kind for kind in EXPERTISE if kind in chosen]))
    session.execute(delete(TeamMemberRow).where(TeamMemberRow.project_id == project_id))
    session.flush()
    session.add_all(rows)
    session.flush()
    return list_team(session, project_id)


# --------------------------------------------------------------------------- agreements


def agreements(session: Session, project_id: int) -> list[Agreement]:
    """Every agreement of :data:`~wijk_core.phase.model.AGREEMENTS`, in order (not agreed until saved)."""
    stored = {row.key: row for row in session.scalars(
        select(AgreementRow).where(AgreementRow.project_id == _project_id(session, project_id))).all()}
    return [Agreement(key, stored[key].agreed, stored[key].note) if key in stored else Agreement(key)
            for key in AGREEMENTS]


@writes("phase.write")
def save_agreements(session: Session, project_id: int, items: Iterable[Agreement]) -> list[Agreement]:
    """Set the given agreements (agreed or not, and the note: at most 2,000 characters)."""
    project_id = _project_id(session, project_id)
    now = utc_now()
    for item in items:
        row = _keyed_row(session, AgreementRow, project_id, _option("agreement", item.key, AGREEMENTS))
        row.agreed, row.note, row.updated_at = bool(item.agreed), long_text(item.note), now
    session.flush()
    return agreements(session, project_id)


# --------------------------------------------------------------------------- readiness


def readiness(session: Session, project_id: int) -> list[ReadinessAnswer]:
    """The answer to every checklist question, in the catalogue's order (``open`` until answered)."""
    stored = {row.key: row for row in session.scalars(
        select(ReadinessRow).where(ReadinessRow.project_id == _project_id(session, project_id))).all()}
    answers = []
    for question in readiness_questions():
        row = stored.get(question.key)
        answers.append(ReadinessAnswer(question.key) if row is None else ReadinessAnswer(
            key=row.key, answer=row.answer, owner=row.owner, status=row.status, evidence=row.evidence,
            updated_at=row.updated_at))
    return answers


@writes("phase.write")
def save_readiness(session: Session, project_id: int, answers: Iterable[ReadinessAnswer]) -> list[ReadinessAnswer]:
    """Set the team's answers: answer (2,000 characters), owner, status, evidence (1,000 characters)."""
    project_id = _project_id(session, project_id)
    keys = [question.key for question in readiness_questions()]
    now = utc_now()
    for item in answers:
        row = _keyed_row(session, ReadinessRow, project_id, _option("question", item.key, keys))
        row.answer, row.owner = long_text(item.answer), _line(item.owner)
        row.status = _option("status", item.status or "open", READINESS_STATUSES)
        row.evidence, row.updated_at = _line(item.evidence, EVIDENCE_MAX), now
    session.flush()
    return readiness(session, project_id)


# --------------------------------------------------------------------------- the choice


def _to_decision(row: DecisionRow) -> Decision:
    return Decision(id=row.id, project_id=row.project_id, candidate_id=row.candidate_id, chosen=row.chosen,
                    alternatives=tuple(row.alternatives), motivation=row.motivation, agreed_by=row.agreed_by,
                    decided_on=row.decided_on, snapshot=dict(row.snapshot), recorded_at=row.recorded_at)


@writes("phase.write")
def record_decision(session: Session, project_id: int, candidate_id: int, *, alternatives: Sequence[int] = (),
                    motivation: str = "", agreed_by: str = "", decided_on: date | None = None,
                    snapshot: Mapping[str, Any] | None = None) -> Decision:
    """Record the choice of a neighbourhood with its frozen justification.

    Parameters
    ----------
    session : Session
    project_id : int
    candidate_id : int
        The chosen candidate.
    alternatives : sequence of int
        The other candidates that were weighed.
    motivation : str
        The team's own words (at most 2,000 characters).
    agreed_by : str
        Who agreed, e.g. "College van burgemeester en schepenen".
    decided_on : date, optional
        The date of that decision.
    snapshot : mapping
        :func:`wijk_core.phase.snapshot.take_snapshot`: stored as is, never updated.

    Returns
    -------
    Decision
        The new current choice; earlier ones stay as history.
    """
    project_id = _project_id(session, project_id)
    by_id = {row.id: row for row in session.scalars(
        select(CandidateRow).where(CandidateRow.project_id == project_id)).all()}
    for wanted in (candidate_id, *alternatives):
        if wanted not in by_id:
            raise StoreError("errors.candidate_not_found", id=wanted)
    if candidate_id in alternatives:
        raise PhaseError("errors.phase_choice_invalid")
    if decided_on is not None and not isinstance(decided_on, date):
        raise TypeError(f"decided_on is a date, got {type(decided_on).__name__}.")
    row = DecisionRow(project_id=project_id, candidate_id=candidate_id, chosen=by_id[candidate_id].name,
                      alternatives=[by_id[a].name for a in alternatives], motivation=long_text(motivation),
                      agreed_by=_line(agreed_by), decided_on=decided_on, snapshot=dict(snapshot or {}),
                      recorded_at=utc_now())
    session.add(row)
    session.flush()
    return _to_decision(row)


def decisions(session: Session, project_id: int) -> list[Decision]:
    """Every recorded choice of a project, the most recent first."""
    query = select(DecisionRow).where(DecisionRow.project_id == _project_id(session, project_id))
    return [_to_decision(row) for row in session.scalars(query.order_by(DecisionRow.id.desc())).all()]


def latest_decision(session: Session, project_id: int) -> Decision | None:
    """The current choice (the last recorded), or None."""
    found = decisions(session, project_id)
    return found[0] if found else None


# --------------------------------------------------------------------------- impact assumptions


def get_impact_assumptions(session: Session, project_id: int) -> ImpactAssumptions:
    """The project's impact assumptions (the defaults until saved)."""
    row = session.get(ImpactSettingsRow, _project_id(session, project_id))
    return ImpactAssumptions() if row is None else ImpactAssumptions.from_dict(row.assumptions)


@writes("phase.write")
def save_impact_assumptions(session: Session, project_id: int, assumptions: ImpactAssumptions
                            ) -> ImpactAssumptions:
    """Keep the impact assumptions (checked by :class:`~wijk_core.phase.impact.ImpactAssumptions`)."""
    project_id = _project_id(session, project_id)
    row = session.get(ImpactSettingsRow, project_id)
    if row is None:
        row = ImpactSettingsRow(project_id=project_id, assumptions={})
        session.add(row)
    row.assumptions, row.updated_at = assumptions.to_dict(), utc_now()
    session.flush()
    return ImpactAssumptions.from_dict(row.assumptions)
