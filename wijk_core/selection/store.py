"""Neighbourhood selection in the database: candidates, criteria sets, the team's scores.

Functions take an open session (the caller commits), like every domain's
``store.py``; run one in its own transaction with
``store.write(create_candidate, project_id, "Muide", polygon, origin="drawn")`` or
``store.read(list_candidates, project_id)``. Everything returned is a frozen
dataclass of :mod:`wijk_core.selection.model`; the project's data files are in
:mod:`wijk_core.sectors.store`. Refusals are :class:`StoreError` with these i18n codes:

===================================== ============================================================
``errors.project_not_found``          (id) the project does not exist
``errors.candidate_not_found``        (id)
``errors.candidate_name_empty``       blank name
``errors.candidate_name_too_long``    (max)
``errors.candidate_name_taken``       (name) same name ignoring case in this project
``errors.candidate_geometry_invalid`` (detail) not a valid, non-empty (multi)polygon in EPSG:31370
``errors.colour_invalid``             (value) not ``#rgb``, ``#rrggbb`` or ``#rrggbbaa``
``errors.criteria_set_not_found``     (id)
``errors.criteria_set_name_empty``    blank name
``errors.criteria_set_name_too_long`` (max)
``errors.criterion_key_empty``        a criterion without key
``errors.criterion_duplicate``        (key) two criteria with one key in a set
``errors.weight_invalid``             (criteria) not a finite number
``errors.weight_negative``            (criteria) below zero
``errors.criterion_not_scorable``     (key) not a qualitative criterion of the set
``errors.score_out_of_range``         (value, low, high) not an integer 1-5
``errors.text_too_long``              (max) pro/con over 2,000 characters, or a long label
``errors.criteria_option_invalid``    (name, value, allowed) unknown origin, method, kind, ...
===================================== ============================================================
"""

from __future__ import annotations

from collections.abc import Sequence

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wijk_core.selection.checks import (clean_criteria, colour_value, entity_name, geometry_wkb, long_text,
                                        score_value, sector_codes_list, short_text)
from wijk_core.selection.model import (Candidate, CandidateOrigin, CriteriaMethod, CriteriaSet, CriterionScore,
                                       CriterionSpec)
from wijk_core.selection.tables import CandidateRow, CriteriaSetRow, CriterionRow, CriterionScoreRow
from wijk_core.store import projects
from wijk_core.store.base import (LAMBERT72_SRID, SHORT_TEXT_MAX, checked_id, checked_option, flush_unique,
                                  get_row, upsert_into, utc_now)
from wijk_core.store.errors import StoreError
from wijk_core.store.projects import existing_project_id as _project_id
from wijk_core.store.guard import project_of, writes

__all__ = [
    "create_candidate", "delete_candidate", "delete_criteria_set", "delete_score", "find_criteria_set",
    "get_candidate", "get_criteria_set", "list_candidates", "list_criteria_sets", "rename_candidate",
    "save_criteria_set", "scores", "set_candidate_colour", "set_score", "update_candidate_geometry",
]


# --- Candidates ----------------------------------------------------------------------


@writes("selection.write")
def create_candidate(session: Session, project_id: int, name: str, geometry: BaseGeometry, *,
                     origin: CandidateOrigin, sector_codes: Sequence[str] | None = None,
                     source_ref: str | None = None, colour: str | None = None) -> Candidate:
    """Save a candidate neighbourhood.

    Parameters
    ----------
    session : Session
    project_id : int
    name : str
        Tidied like a project name; unique in the project ignoring case.
    geometry : shapely Polygon or MultiPolygon
        Valid, non-empty, in EPSG:31370 (Belgian Lambert 72). Stored as WKB.
    origin : {"drawn", "sectors", "neighbourhood", "upload"}
    sector_codes : sequence of str, optional
        The sectors it was assembled from (stripped, duplicates dropped).
    source_ref : str, optional
        Where it came from, e.g. the code of a predefined neighbourhood.
    colour : str, optional
        ``#rrggbb`` (or ``#rgb``, ``#rrggbbaa``), stored lower-case.

    Returns
    -------
    Candidate

    Raises
    ------
    StoreError
        ``errors.project_not_found``, ``errors.candidate_name_empty``,
        ``errors.candidate_name_too_long`` (max), ``errors.candidate_name_taken``
        (name), ``errors.candidate_geometry_invalid`` (detail; also for
        coordinates that look like longitude/latitude), ``errors.criteria_option_invalid``,
        ``errors.colour_invalid`` (value), ``errors.text_too_long`` (max).
    """
    project_id = _project_id(session, project_id)
    cleaned = _candidate_name(name)
    now = utc_now()
    row = CandidateRow(project_id=project_id, name=cleaned, name_key=projects.name_key(cleaned),
                       origin=checked_option("origin", origin, CandidateOrigin),
                       geometry=geometry_wkb(geometry), srid=LAMBERT72_SRID,
                       sector_codes=sector_codes_list(sector_codes),
                       source_ref=short_text(source_ref, SHORT_TEXT_MAX), colour=colour_value(colour),
                       created_at=now, updated_at=now)
    session.add(row)
    _flush_or_candidate_name_taken(session, cleaned)
    return _to_candidate(row)


def get_candidate(session: Session, candidate_id: int) -> Candidate:
    """One candidate."""
    return _to_candidate(_candidate_row(session, candidate_id))


def list_candidates(session: Session, project_id: int) -> list[Candidate]:
    """The candidates of a project, sorted by name ignoring case and accents."""
    project_id = _project_id(session, project_id)
    rows = session.scalars(select(CandidateRow).where(CandidateRow.project_id == project_id)).all()
    return [_to_candidate(row) for row in sorted(rows, key=_by_name)]


@writes("selection.write", project=project_of(CandidateRow, "candidate_id"))
def rename_candidate(session: Session, candidate_id: int, new_name: str) -> Candidate:
    """Rename a candidate; another case of the same name is allowed."""
    cleaned = _candidate_name(new_name)
    row = _candidate_row(session, candidate_id)
    if row.name != cleaned:
        row.name, row.name_key, row.updated_at = cleaned, projects.name_key(cleaned), utc_now()
        _flush_or_candidate_name_taken(session, cleaned)
    return _to_candidate(row)


@writes("selection.write", project=project_of(CandidateRow, "candidate_id"))
def update_candidate_geometry(session: Session, candidate_id: int, geometry: BaseGeometry, *,
                              sector_codes: Sequence[str] | None = None) -> Candidate:
    """Replace the perimeter, and with it the sector list (``None`` clears it)."""
    wkb = geometry_wkb(geometry)
    codes = sector_codes_list(sector_codes)
    row = _candidate_row(session, candidate_id)
    row.geometry, row.sector_codes, row.updated_at = wkb, codes, utc_now()
    session.flush()
    return _to_candidate(row)


@writes("selection.write", project=project_of(CandidateRow, "candidate_id"))
def set_candidate_colour(session: Session, candidate_id: int, colour: str | None) -> Candidate:
    """Change (or with ``None`` remove) the map colour of a candidate."""
    checked = colour_value(colour)
    row = _candidate_row(session, candidate_id)
    row.colour, row.updated_at = checked, utc_now()
    session.flush()
    return _to_candidate(row)


@writes("selection.write", project=project_of(CandidateRow, "candidate_id"))
def delete_candidate(session: Session, candidate_id: int) -> None:
    """Delete a candidate and its scores."""
    session.delete(_candidate_row(session, candidate_id))
    session.flush()


def _candidate_row(session: Session, candidate_id: int) -> CandidateRow:
    return get_row(session, CandidateRow, candidate_id, "errors.candidate_not_found", "candidate")


def _candidate_name(name: str | None) -> str:
    return entity_name(name, "candidate", "errors.candidate_name_empty", "errors.candidate_name_too_long")


def _flush_or_candidate_name_taken(session: Session, name: str) -> None:
    taken = StoreError("errors.candidate_name_taken", name=name)
    flush_unique(session, taken, CandidateRow.name_key)


def _to_candidate(row: CandidateRow) -> Candidate:
    return Candidate(id=row.id, project_id=row.project_id, name=row.name, origin=row.origin,
                     geometry=shapely.from_wkb(row.geometry), srid=row.srid,
                     sector_codes=tuple(row.sector_codes or ()), source_ref=row.source_ref,
                     colour=row.colour, created_at=row.created_at, updated_at=row.updated_at)


# --- Criteria sets -------------------------------------------------------------------


@writes("selection.write")
def save_criteria_set(session: Session, project_id: int, name: str, method: CriteriaMethod,
                      criteria: Sequence[CriterionSpec]) -> CriteriaSet:
    """Create or wholly replace the criteria set called ``name``, in one transaction.

    Parameters
    ----------
    session : Session
    project_id : int
    name : str
        Names ignore case: saving "Basis" over "basis" replaces it (and takes the new spelling).
    method : {"weighted_sum", "topsis"}
    criteria : sequence of CriterionSpec
        In display order. Keys unique; weights finite and >= 0; kind and
        direction from their closed sets (str Enums such as
        ``wijk_core.criteria.Direction`` are accepted). Any object with
        ``key``, ``kind``, ``direction``, ``weight`` (and optionally
        ``label``) will do, e.g. ``wijk_core.selection.framework.CriterionChoice``.

    Returns
    -------
    CriteriaSet

    Raises
    ------
    StoreError
        ``errors.project_not_found``, ``errors.criteria_set_name_empty``,
        ``errors.criteria_set_name_too_long`` (max), ``errors.criteria_option_invalid``,
        ``errors.criterion_key_empty``, ``errors.criterion_duplicate`` (key),
        ``errors.weight_invalid`` / ``errors.weight_negative`` (criteria),
        ``errors.text_too_long`` (max). On any of them nothing is written:
        the previous version of the set stays as it was.

    Notes
    -----
    Team scores are keyed by criterion key, so they survive a re-save. When
    another writer creates the same new set at the same moment, the insert's
    savepoint is rolled back and their set is replaced: one whole set remains.
    """
    project_id = _project_id(session, project_id)
    cleaned = entity_name(name, "criteria set", "errors.criteria_set_name_empty",
                           "errors.criteria_set_name_too_long")
    checked_method = checked_option("method", method, CriteriaMethod)
    specs = clean_criteria(criteria)  # everything checked before anything is written
    key = projects.name_key(cleaned)
    row = _set_for_update(session, project_id, key)
    now = utc_now()
    created = False
    if row is None:
        row = CriteriaSetRow(project_id=project_id, name=cleaned, name_key=key,
                             method=checked_method, created_at=now, updated_at=now)
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
            created = True
        except IntegrityError:
            # Another writer created the same new set since our read: replace theirs.
            row = _set_for_update(session, project_id, key)
            if row is None:
                raise
    if not created:
        row.name, row.method, row.updated_at = cleaned, checked_method, now
        session.execute(delete(CriterionRow).where(CriterionRow.set_id == row.id))
    session.add_all(CriterionRow(set_id=row.id, position=position, key=spec.key, kind=spec.kind,
                                 direction=spec.direction, weight=spec.weight, label=spec.label)
                    for position, spec in enumerate(specs))
    session.flush()
    return _to_set(row, specs)


def get_criteria_set(session: Session, set_id: int) -> CriteriaSet:
    """One criteria set with its criteria in order."""
    row = _set_row(session, set_id)
    return _to_set(row, _criteria_of(session, row.id))


def find_criteria_set(session: Session, project_id: int, name: str) -> CriteriaSet | None:
    """The set of a project whose name equals ``name`` ignoring case, or None."""
    if not isinstance(name, str):
        return None
    row = session.scalars(select(CriteriaSetRow).where(
        CriteriaSetRow.project_id == checked_id(project_id, "project"),
        CriteriaSetRow.name_key == projects.name_key(name))).first()
    return _to_set(row, _criteria_of(session, row.id)) if row is not None else None


def list_criteria_sets(session: Session, project_id: int) -> list[CriteriaSet]:
    """The criteria sets of a project, sorted by name ignoring case and accents."""
    project_id = _project_id(session, project_id)
    query = select(CriteriaSetRow).where(CriteriaSetRow.project_id == project_id)
    rows = sorted(session.scalars(query).all(), key=_by_name)
    return [_to_set(row, _criteria_of(session, row.id)) for row in rows]


@writes("selection.write", project=project_of(CriteriaSetRow, "set_id"))
def delete_criteria_set(session: Session, set_id: int) -> None:
    """Delete a criteria set with its criteria and scores."""
    session.delete(_set_row(session, set_id))
    session.flush()


def _set_for_update(session: Session, project_id: int, key: str) -> CriteriaSetRow | None:
    # FOR UPDATE: concurrent saves of one set take turns (SQLite's BEGIN IMMEDIATE already does).
    return session.scalars(
        select(CriteriaSetRow)
        .where(CriteriaSetRow.project_id == project_id, CriteriaSetRow.name_key == key)
        .with_for_update()
    ).first()


def _set_row(session: Session, set_id: int) -> CriteriaSetRow:
    return get_row(session, CriteriaSetRow, set_id, "errors.criteria_set_not_found", "criteria set")


def _criteria_of(session: Session, set_id: int) -> tuple[CriterionSpec, ...]:
    rows = session.scalars(select(CriterionRow).where(CriterionRow.set_id == set_id)
                           .order_by(CriterionRow.position)).all()
    return tuple(CriterionSpec(r.key, r.kind, r.direction, r.weight, r.label) for r in rows)


def _to_set(row: CriteriaSetRow, criteria: Sequence[CriterionSpec]) -> CriteriaSet:
    return CriteriaSet(id=row.id, project_id=row.project_id, name=row.name, method=row.method,
                       criteria=tuple(criteria), created_at=row.created_at, updated_at=row.updated_at)


# --- Qualitative scores --------------------------------------------------------------


@writes("selection.write", project=project_of(CriteriaSetRow, "set_id"))
def set_score(session: Session, set_id: int, key: str, candidate_id: int, score: int,
              pro: str | None = "", con: str | None = "") -> CriterionScore:
    """Record the team's score of a candidate on a qualitative criterion (insert or replace).

    Parameters
    ----------
    session : Session
    set_id : int
    key : str
        Key of a ``qualitative`` criterion saved in the set.
    candidate_id : int
        A candidate of the set's project.
    score : int
        1 (poor) to 5 (good).
    pro, con : str, optional
        At most 2,000 characters each; newlines kept, other control
        characters removed. Stored as typed: escape them when rendering.

    Returns
    -------
    CriterionScore

    Raises
    ------
    StoreError
        ``errors.score_out_of_range`` (value, low, high), ``errors.text_too_long``
        (max), ``errors.criteria_set_not_found``, ``errors.candidate_not_found``
        or ``errors.criterion_not_scorable`` (key).

    Notes
    -----
    One ``INSERT ... ON CONFLICT DO UPDATE`` statement on both databases:
    concurrent writers of the same score leave one row, the last commit wins.
    """
    checked_score = score_value(score)
    pro_text, con_text = long_text(pro), long_text(con)
    set_row = _set_row(session, set_id)
    candidate = _candidate_row(session, candidate_id)
    if candidate.project_id != set_row.project_id:
        raise StoreError("errors.candidate_not_found",
                         id=candidate_id)
    criterion = None
    if isinstance(key, str):
        criterion = session.scalars(select(CriterionRow).where(
            CriterionRow.set_id == set_row.id, CriterionRow.key == key)).first()
    if criterion is None or criterion.kind != "qualitative":
        raise StoreError("errors.criterion_not_scorable", key=str(key))
    values = {"set_id": set_row.id, "key": criterion.key, "candidate_id": candidate.id,
              "score": checked_score, "pro": pro_text, "con": con_text, "updated_at": utc_now()}
    statement = upsert_into(session, CriterionScoreRow).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["set_id", "key", "candidate_id"],
        set_={name: statement.excluded[name] for name in ("score", "pro", "con", "updated_at")},
    ).returning(CriterionScoreRow.updated_at)
    stored_at = session.execute(statement).scalar_one()
    return CriterionScore(set_id=set_row.id, key=criterion.key, candidate_id=candidate.id,
                          score=checked_score, pro=pro_text, con=con_text, updated_at=stored_at)


@writes("selection.write", project=project_of(CriteriaSetRow, "set_id"))
def delete_score(session: Session, set_id: int, key: str, candidate_id: int) -> bool:
    """Remove one score; True if there was one."""
    result = session.execute(delete(CriterionScoreRow).where(
        CriterionScoreRow.set_id == checked_id(set_id, "criteria set"), CriterionScoreRow.key == key,
        CriterionScoreRow.candidate_id == checked_id(candidate_id, "candidate")))
    return bool(result.rowcount)


def scores(session: Session, set_id: int) -> list[CriterionScore]:
    """Every stored score of a set, by key then candidate id.

    Includes keys no longer in the set: switching a criterion off and on again
    keeps the team's pros and cons.
    """
    set_row = _set_row(session, set_id)
    rows = session.scalars(select(CriterionScoreRow).where(CriterionScoreRow.set_id == set_row.id)
                           .order_by(CriterionScoreRow.key, CriterionScoreRow.candidate_id)).all()
    return [CriterionScore(set_id=r.set_id, key=r.key, candidate_id=r.candidate_id, score=r.score,
                           pro=r.pro, con=r.con, updated_at=r.updated_at) for r in rows]


def _by_name(row: CandidateRow | CriteriaSetRow) -> tuple:
    # Sorted in Python, as projects are: the two databases collate differently.
    return (projects.sort_key(row.name_key), row.name_key, row.name, row.id)
