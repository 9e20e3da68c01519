"""The facilitator's stakeholder inventory in the store: stakeholders, relations, interview notes.

Functions work on an open session (the caller commits), like every domain's ``store.py``::

    store.write(stakeholder_store.save_inventory, project_id, rows)
    rows = store.read(stakeholder_store.inventory_rows, project_id)

Rows go in and come out as mappings with the inventory's canonical keys
(``name``, ``group``, ``interest``, …, ``suggested_by`` as a *name*), the form
:func:`wijk_core.stakeholders.check_inventory` produces and
:func:`wijk_core.stakeholders.inventory_frame` reads. Check rows with the core
first: the store repeats only what keeps the database consistent and refuses
the rest with :class:`StoreError`:

========================================== ================================================
``errors.project_not_found``               (id)
``errors.stakeholders_not_found``          (id) no such stakeholder in this project
``errors.stakeholders_name_empty``         a stakeholder without name
``errors.stakeholders_text_too_long``      (max, length)
``errors.stakeholders_name_taken``         (name) two stakeholders with one name (ignoring case)
``errors.stakeholders_value_invalid``      (column, value) outside its closed set or scale
``errors.stakeholders_suggested_unknown``  (value) "suggested by" names nobody of the project
``errors.stakeholders_suggested_self``     (name)
``errors.stakeholders_relation_unknown``   (value) a relation names nobody of the project
``errors.stakeholders_relation_self``      (name)
``errors.stakeholders_relation_duplicate`` (source, target, first_row) a pair twice
``errors.stakeholders_question_invalid``   (value) not a question key
========================================== ================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from wijk_core.stakeholders.checks import (ANSWER_MAX, FIELDS, QUESTION_KEY, missing, refuse, row_values, scale,
                                           text_value, unique_names)
from wijk_core.stakeholders.tables import (QUESTION_KEY_MAX, STAKEHOLDER_NAME_MAX, InterviewNoteRow, StakeholderRelationRow,
                                           StakeholderRow)
from wijk_core.store import projects
from wijk_core.store.base import flush_unique, utc_now
from wijk_core.store.projects import existing_project_id as _project_id
from wijk_core.store.guard import project_of, writes

__all__ = ["FIELDS", "InterviewNote", "Relation", "Stakeholder", "add_stakeholder", "delete_stakeholder",
           "get_stakeholder", "import_inventory", "interview_notes", "inventory_rows", "list_relations",
           "list_stakeholders", "relation_rows", "save_inventory", "save_notes", "save_relations"]

@dataclass(frozen=True)
class Stakeholder:
    """A stored stakeholder; ``suggested_by_id`` is who suggested them (snowball), or None."""

    id: int
    project_id: int
    name: str
    organisation: str
    group: str
    level: str | None
    interest: int | None
    influence: int | None
    position: int | None
    expertise: str
    knows_project: bool | None
    governance: str | None
    ladder_diagnosis: str | None
    ladder_design: str | None
    ladder_decision: str | None
    ladder_implementation: str | None
    ladder_evaluation: str | None
    contact: str
    latitude: float | None
    longitude: float | None
    suggested_by_id: int | None
    sort_order: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Relation:
    """A tie between two stakeholders (``a_id`` < ``b_id``) with trust 1–5 (or None)."""

    id: int
    project_id: int
    a_id: int
    b_id: int
    trust: int | None
    note: str


@dataclass(frozen=True)
class InterviewNote:
    """A stakeholder's answer to one interview question."""

    stakeholder_id: int
    question: str
    answer: str
    updated_at: datetime


def _flush_or_name_taken(session: Session, names: Iterable[str]) -> None:
    """Flush; a name another writer took meanwhile becomes ``errors.stakeholders_name_taken``."""
    name = next(iter(names), "")
    taken = refuse("errors.stakeholders_name_taken", name=name)
    flush_unique(session, taken, StakeholderRow.name_key)


# --------------------------------------------------------------------------- stakeholders


def _to_stakeholder(row: StakeholderRow) -> Stakeholder:
    return Stakeholder(
        id=row.id, project_id=row.project_id, name=row.name, organisation=row.organisation, group=row.group,
        level=row.level, interest=row.interest, influence=row.influence, position=row.position,
        expertise=row.expertise, knows_project=row.knows_project, governance=row.governance,
        ladder_diagnosis=row.ladder_diagnosis, ladder_design=row.ladder_design,
        ladder_decision=row.ladder_decision, ladder_implementation=row.ladder_implementation,
        ladder_evaluation=row.ladder_evaluation, contact=row.contact, latitude=row.latitude,
        longitude=row.longitude, suggested_by_id=row.suggested_by_id, sort_order=row.sort_order,
        created_at=row.created_at, updated_at=row.updated_at)


def _rows(session: Session, project_id: int) -> list[StakeholderRow]:
    query = select(StakeholderRow).where(StakeholderRow.project_id == project_id)
    return list(session.scalars(query.order_by(StakeholderRow.sort_order, StakeholderRow.id)).all())


def list_stakeholders(session: Session, project_id: int) -> list[Stakeholder]:
    """The stakeholders of a project in inventory order."""
    return [_to_stakeholder(row) for row in _rows(session, _project_id(session, project_id))]


def get_stakeholder(session: Session, stakeholder_id: int) -> Stakeholder:
    """One stakeholder; ``errors.stakeholders_not_found`` (id) if there is none."""
    return _to_stakeholder(_row(session, stakeholder_id))


def _row(session: Session, stakeholder_id: int, project_id: int | None = None) -> StakeholderRow:
    checked = int(stakeholder_id)
    row = session.get(StakeholderRow, checked) if 0 < checked < 2**31 else None
    if row is None or (project_id is not None and row.project_id != project_id):
        raise refuse("errors.stakeholders_not_found",
                      id=checked)
    return row


def inventory_rows(session: Session, project_id: int) -> list[dict[str, Any]]:
    """The inventory as rows with the canonical keys, ``id`` and ``suggested_by`` (a name)."""
    rows = _rows(session, _project_id(session, project_id))
    names = {row.id: row.name for row in rows}
    return [{"id": row.id, **{key: getattr(row, key) for key in FIELDS if key != "suggested_by"},
             "suggested_by": names.get(row.suggested_by_id)} for row in rows]


def _apply(row: StakeholderRow, values: Mapping[str, Any], order: int, now: datetime) -> None:
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    row.name_key = projects.name_key(values["name"])
    if row.sort_order != order:
        row.sort_order = order
    if changed:
        row.updated_at = now


def _link_suggestions(session: Session, by_name: Mapping[str, StakeholderRow],
                      wanted: Iterable[tuple[StakeholderRow, Any]],
                      former: Mapping[str, StakeholderRow] | None = None) -> None:
    """Point ``suggested_by`` at the named stakeholder; a former name (renamed in this save) still counts."""
    for row, reference in wanted:
        if missing(reference) or not str(reference).strip():
            row.suggested_by_id = None
            continue
        key = projects.name_key(str(reference))
        target = by_name.get(key) or (former or {}).get(key)
        if target is None:
            raise refuse("errors.stakeholders_suggested_unknown", value=str(reference))
        if target is row:
            raise refuse("errors.stakeholders_suggested_self",
                          name=row.name)
        row.suggested_by_id = target.id
    session.flush()


@writes("stakeholders.write")
def save_inventory(session: Session, project_id: int, rows: Iterable[Mapping[str, Any]]) -> list[Stakeholder]:
    """Make the project's inventory exactly ``rows``, in that order (what the table editor shows).

    A row with an ``id`` of this project updates that stakeholder (so a rename
    keeps relations and notes); a row without updates nothing and is inserted;
    stakeholders of the project not among the rows are deleted with their
    relations and notes. ``suggested_by`` may name someone by the name they had
    before this save. Everything is checked before anything is written.
    """
    project_id = _project_id(session, project_id)
    incoming = [(row.get("id"), row_values(row), row.get("suggested_by")) for row in rows]
    unique_names([values for _, values, _ in incoming])
    existing = {row.id: row for row in _rows(session, project_id)}
    for stakeholder_id, _, _ in incoming:
        if not missing(stakeholder_id) and int(stakeholder_id) not in existing:
            raise refuse("errors.stakeholders_not_found",
                          id=int(stakeholder_id))
    kept = {int(i) for i, _, _ in incoming if not missing(i)}
    for stakeholder_id, row in existing.items():
        if stakeholder_id not in kept:
            session.delete(row)
    # A "suggested by" may still name someone renamed in this very save (the editor shows old names).
    former = {existing[i].name_key: existing[i] for i in kept}
    # Free every name first, so that two stakeholders can swap names in one save.
    for stakeholder_id in kept:
        existing[stakeholder_id].name_key = f"\x1f{stakeholder_id}"
    session.flush()
    return _write(session, project_id, incoming, existing, former=former)


def _write(session: Session, project_id: int, incoming: list[tuple[Any, dict[str, Any], Any]],
           existing: Mapping[int, StakeholderRow], first_order: int = 0,
           former: Mapping[str, StakeholderRow] | None = None) -> list[Stakeholder]:
    now = utc_now()
    written: list[tuple[StakeholderRow, Any]] = []
    for order, (stakeholder_id, values, reference) in enumerate(incoming, start=first_order):
        if missing(stakeholder_id):
            row = StakeholderRow(project_id=project_id, created_at=now, updated_at=now, sort_order=order)
            session.add(row)
        else:
            row = existing[int(stakeholder_id)]
        _apply(row, values, order, now)
        written.append((row, reference))
    _flush_or_name_taken(session, [values["name"] for _, values, _ in incoming])
    by_name = {projects.name_key(row.name): row for row in _rows(session, project_id)}
    _link_suggestions(session, by_name, written, former)
    return list_stakeholders(session, project_id)


@writes("stakeholders.write")
def import_inventory(session: Session, project_id: int, rows: Iterable[Mapping[str, Any]], *,
                     mode: Literal["merge", "replace"] = "merge") -> list[Stakeholder]:
    """Add imported rows to the inventory.

    ``merge``: a row whose name (ignoring case) is already in the project
    updates that stakeholder, the others are appended. ``replace``: the project's
    inventory (with relations and notes) is emptied first. ``suggested_by`` may
    name a stakeholder of the file or of the project.
    """
    if mode not in ("merge", "replace"):
        raise ValueError(f"mode must be 'merge' or 'replace', got {mode!r}")
    project_id = _project_id(session, project_id)
    incoming = [(None, row_values(row), row.get("suggested_by")) for row in rows]
    unique_names([values for _, values, _ in incoming])
    current = _rows(session, project_id)
    if mode == "replace":
        for row in current:
            session.delete(row)
        session.flush()
        current = []
    by_key = {row.name_key: row for row in current}
    matched = [(by_key[projects.name_key(v["name"])].id if projects.name_key(v["name"]) in by_key else None, v, r)
               for _, v, r in incoming]
    existing = {row.id: row for row in current}
    start = max((row.sort_order for row in current), default=-1) + 1
    now = utc_now()
    written: list[tuple[StakeholderRow, Any]] = []
    for offset, (stakeholder_id, values, reference) in enumerate(matched):
        if stakeholder_id is None:
            row = StakeholderRow(project_id=project_id, created_at=now, updated_at=now)
            session.add(row)
            _apply(row, values, start + offset, now)
        else:
            row = existing[stakeholder_id]
            _apply(row, values, row.sort_order, now)
        written.append((row, reference))
    _flush_or_name_taken(session, [values["name"] for _, values, _ in matched])
    by_name = {projects.name_key(row.name): row for row in _rows(session, project_id)}
    _link_suggestions(session, by_name, written)
    return list_stakeholders(session, project_id)


@writes("stakeholders.write")
def add_stakeholder(session: Session, project_id: int, row: Mapping[str, Any]) -> Stakeholder:
    """Append one stakeholder (e.g. one suggested during an interview); a taken name is refused."""
    project_id = _project_id(session, project_id)
    values = row_values(row)
    current = _rows(session, project_id)
    if projects.name_key(values["name"]) in {r.name_key for r in current}:
        raise refuse("errors.stakeholders_name_taken",
                      name=values["name"])
    _write(session, project_id, [(None, values, row.get("suggested_by"))], {},
           first_order=max((r.sort_order for r in current), default=-1) + 1)
    created = session.scalars(select(StakeholderRow).where(
        StakeholderRow.project_id == project_id,
        StakeholderRow.name_key == projects.name_key(values["name"]))).one()
    return _to_stakeholder(created)


@writes("stakeholders.write", project=project_of(StakeholderRow, "stakeholder_id"))
def delete_stakeholder(session: Session, stakeholder_id: int) -> None:
    """Delete one stakeholder with its relations and notes; whom they suggested stays, unlinked."""
    session.delete(_row(session, stakeholder_id))
    session.flush()


# --------------------------------------------------------------------------- relations


def _to_relation(row: StakeholderRelationRow) -> Relation:
    return Relation(id=row.id, project_id=row.project_id, a_id=row.a_id, b_id=row.b_id, trust=row.trust,
                    note=row.note)


def list_relations(session: Session, project_id: int) -> list[Relation]:
    """The relations of a project, ordered by id."""
    project_id = _project_id(session, project_id)
    query = select(StakeholderRelationRow).where(StakeholderRelationRow.project_id == project_id)
    return [_to_relation(row) for row in session.scalars(query.order_by(StakeholderRelationRow.id)).all()]


def relation_rows(session: Session, project_id: int) -> list[dict[str, Any]]:
    """The relations as rows ``source``, ``target`` (names), ``trust``, ``note``."""
    names = {row.id: row.name for row in _rows(session, _project_id(session, project_id))}
    return [{"source": names[r.a_id], "target": names[r.b_id], "trust": r.trust, "note": r.note}
            for r in list_relations(session, project_id)]


@writes("stakeholders.write")
def save_relations(session: Session, project_id: int, rows: Iterable[Mapping[str, Any]], *,
                   replace: bool = True) -> list[Relation]:
    """Store relations given by stakeholder names (``source``, ``target``, ``trust``, ``note``).

    ``replace``: the rows become the project's relations (the editor); otherwise
    they are added, and a pair already stored gets the new trust and note (an import).
    """
    project_id = _project_id(session, project_id)
    by_name = {row.name_key: row for row in _rows(session, project_id)}
    pairs: dict[tuple[int, int], dict[str, Any]] = {}
    for position, row in enumerate(rows, start=1):
        ends = []
        for column in ("source", "target"):
            found = by_name.get(projects.name_key(text_value(row.get(column), STAKEHOLDER_NAME_MAX)))
            if found is None:
                raise refuse("errors.stakeholders_relation_unknown",
                              value=str(row.get(column)))
            ends.append(found)
        if ends[0].id == ends[1].id:
            raise refuse("errors.stakeholders_relation_self", name=ends[0].name)
        pair = (min(ends[0].id, ends[1].id), max(ends[0].id, ends[1].id))
        if pair in pairs:
            raise refuse("errors.stakeholders_relation_duplicate", source=ends[0].name,
                          target=ends[1].name, first_row=pairs[pair]["row"])
        pairs[pair] = {"row": position, "trust": scale("trust", row.get("trust")),
                       "note": text_value(row.get("note"), 2000, single_line=False)}
    query = select(StakeholderRelationRow).where(StakeholderRelationRow.project_id == project_id)
    stored = {(r.a_id, r.b_id): r for r in session.scalars(query).all()}
    now = utc_now()
    for pair, row in stored.items():
        if replace and pair not in pairs:
            session.delete(row)
    for (a_id, b_id), values in pairs.items():
        row = stored.get((a_id, b_id))
        if row is None:
            session.add(StakeholderRelationRow(project_id=project_id, a_id=a_id, b_id=b_id, trust=values["trust"],
                                               note=values["note"], updated_at=now))
        elif (row.trust, row.note) != (values["trust"], values["note"]):
            row.trust, row.note, row.updated_at = values["trust"], values["note"], now
    session.flush()
    return list_relations(session, project_id)


# --------------------------------------------------------------------------- interview notes


@writes("stakeholders.write", project=project_of(StakeholderRow, "stakeholder_id"))
def save_notes(session: Session, stakeholder_id: int, answers: Mapping[str, Any]) -> list[InterviewNote]:
    """Set a stakeholder's answers, question by question; an empty answer removes the note."""
    row = _row(session, stakeholder_id)
    cleaned = {}
    for question, answer in answers.items():
        if not isinstance(question, str) or not QUESTION_KEY.fullmatch(question) or len(question) > QUESTION_KEY_MAX:
            raise refuse("errors.stakeholders_question_invalid",
                          value=str(question))
        cleaned[question] = text_value(answer, ANSWER_MAX, single_line=False)
    stored = {note.question: note for note in session.scalars(
        select(InterviewNoteRow).where(InterviewNoteRow.stakeholder_id == row.id)).all()}
    now = utc_now()
    for question, answer in cleaned.items():
        note = stored.get(question)
        if not answer:
            if note is not None:
                session.delete(note)
        elif note is None:
            session.add(InterviewNoteRow(stakeholder_id=row.id, question=question, answer=answer, updated_at=now))
        elif note.answer != answer:
            note.answer, note.updated_at = answer, now
    session.flush()
    return [n for n in interview_notes(session, row.project_id) if n.stakeholder_id == row.id]


def interview_notes(session: Session, project_id: int) -> list[InterviewNote]:
    """Every interview note of a project, by stakeholder then question key."""
    project_id = _project_id(session, project_id)
    query = (select(InterviewNoteRow).join(StakeholderRow, InterviewNoteRow.stakeholder_id == StakeholderRow.id)
             .where(StakeholderRow.project_id == project_id)
             .order_by(InterviewNoteRow.stakeholder_id, InterviewNoteRow.question))
    return [InterviewNote(n.stakeholder_id, n.question, n.answer, n.updated_at) for n in session.scalars(query).all()]
