"""What the officer makes while choosing a neighbourhood: files, candidates, criteria sets, scores.

Module-level functions work on an open session (the caller commits), like
``projects.py``; :class:`SelectionMixin` gives :class:`~wijk_core.store.Store`
the same operations, each in its own short transaction. Everything returned is
a frozen dataclass. Refusals are :class:`StoreError` with these i18n codes:

===================================== ============================================================
``errors.project_not_found``          (id) the project does not exist
``errors.file_not_found``             (id)
``errors.file_empty``                 (filename) zero bytes
``errors.file_too_large``             (size_mb, max_mb)
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
``errors.criteria_option_invalid``    (name, value, allowed) unknown role, origin, method, ...
===================================== ============================================================
"""

from __future__ import annotations

import hashlib
import json
import math
import operator
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from numbers import Real
from pathlib import PureWindowsPath
from typing import Any, Literal, get_args

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wijk_core.store import projects
from wijk_core.store.projects import checked_id as _id, existing_project_id as _project_id
from wijk_core.store.errors import StoreError
from wijk_core.store.models import (
    FILENAME_MAX,
    LABEL_MAX,
    LAMBERT72_SRID,
    PROJECT_NAME_MAX,
    SCORE_MAX,
    SCORE_MIN,
    SHORT_TEXT_MAX,
    CandidateRow,
    CriteriaSetRow,
    CriterionRow,
    CriterionScoreRow,
    ProjectFileRow,
    utc_now,
)

FileRole = Literal["sectors", "indicators", "catalogue", "neighbourhoods", "link_table"]
CandidateOrigin = Literal["drawn", "sectors", "neighbourhood", "upload"]
CriteriaMethod = Literal["weighted_sum", "topsis"]
CriterionKind = Literal["indicator", "qualitative"]
CriterionDirection = Literal["benefit", "cost"]

MAX_FILE_MB = 200
"""Default largest upload, in MiB: Streamlit's own default ``server.maxUploadSize``."""

TEXT_MAX = 2000
"""Longest pro or con text, in characters."""

_MIB = 1024 * 1024
_COLOUR = re.compile(r"#(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})")


# --- Dataclasses ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectFile:
    """An uploaded data file, without its bytes (read them with ``file_content``).

    ``options`` holds how it was read (chosen year, layer name, ...);
    timestamps are timezone-aware UTC.
    """

    id: int
    project_id: int
    role: FileRole
    filename: str
    sha256: str
    size: int
    options: dict[str, Any] = field(hash=False)  # hashable all the same, by the other fields
    uploaded_at: datetime


@dataclass(frozen=True)
class Candidate:
    """A candidate neighbourhood; ``geometry`` is a shapely (multi)polygon in EPSG:``srid`` (31370).

    ``sector_codes`` is empty unless the perimeter was assembled from sectors or
    a predefined neighbourhood; ``source_ref`` names that source (e.g. a wijk code).
    """

    id: int
    project_id: int
    name: str
    origin: CandidateOrigin
    geometry: BaseGeometry
    srid: int
    sector_codes: tuple[str, ...]
    source_ref: str | None
    colour: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class CriterionSpec:
    """One criterion of a set, as saved and as loaded.

    ``key`` is an indicator id or a qualitative criterion key, unique in the set;
    ``label`` names a custom qualitative criterion (checklist ones are translated by key).
    """

    key: str
    kind: CriterionKind = "indicator"
    direction: CriterionDirection = "benefit"
    weight: float = 1.0
    label: str | None = None


@dataclass(frozen=True)
class CriteriaSet:
    """A named assessment framework with its criteria in order."""

    id: int
    project_id: int
    name: str
    method: CriteriaMethod
    criteria: tuple[CriterionSpec, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class CriterionScore:
    """The team's score (1-5) of one candidate on one qualitative criterion, with pro and con."""

    set_id: int
    key: str
    candidate_id: int
    score: int
    pro: str
    con: str
    updated_at: datetime


# --- Files ---------------------------------------------------------------------------


def add_file(session: Session, project_id: int, role: FileRole, filename: str, content: bytes, *,
             options: Mapping[str, Any] | None = None, max_mb: float = MAX_FILE_MB) -> ProjectFile:
    """Store an upload; the same bytes in the same role of a project return the stored file."""
    project_id = _project_id(session, project_id)
    checked_role = _option("role", role, FileRole)
    data = _bytes(content)
    name = _clean_filename(filename)
    if not data:
        raise StoreError("errors.file_empty", f"{name!r} is empty: nothing to store.", filename=name)
    _check_size(len(data), max_mb)
    stored_options = _json_object(options)
    digest = hashlib.sha256(data).hexdigest()
    existing = _find_file(session, project_id, checked_role, digest)
    if existing is not None:
        return existing
    row = ProjectFileRow(project_id=project_id, role=checked_role, filename=name, content=data,
                         sha256=digest, size=len(data), options=stored_options, uploaded_at=utc_now())
    session.add(row)
    session.flush()
    return _to_file(row)


def list_files(session: Session, project_id: int, role: FileRole | None = None) -> list[ProjectFile]:
    """Files of a project (optionally of one role), oldest first, without content."""
    project_id = _project_id(session, project_id)
    query = select(ProjectFileRow).where(ProjectFileRow.project_id == project_id)
    if role is not None:
        query = query.where(ProjectFileRow.role == _option("role", role, FileRole))
    rows = session.scalars(query.order_by(ProjectFileRow.uploaded_at, ProjectFileRow.id)).all()
    return [_to_file(row) for row in rows]


def get_file(session: Session, file_id: int) -> ProjectFile:
    """The metadata of one file."""
    return _to_file(_file_row(session, file_id))


def file_content(session: Session, file_id: int) -> bytes:
    """The bytes of one file, exactly as uploaded."""
    row = _file_row(session, file_id)
    query = select(ProjectFileRow.content).where(ProjectFileRow.id == row.id)
    return bytes(session.scalars(query).one())


def set_file_options(session: Session, file_id: int, options: Mapping[str, Any] | None) -> ProjectFile:
    """Replace how a file is read (e.g. another year) without uploading it again."""
    row = _file_row(session, file_id)
    row.options = _json_object(options)
    session.flush()
    return _to_file(row)


def delete_file(session: Session, file_id: int) -> None:
    """Delete one file."""
    session.delete(_file_row(session, file_id))
    session.flush()


def _find_file(session: Session, project_id: int, role: str, digest: str) -> ProjectFile | None:
    row = session.scalars(select(ProjectFileRow).where(
        ProjectFileRow.project_id == project_id, ProjectFileRow.role == role,
        ProjectFileRow.sha256 == digest)).first()
    return _to_file(row) if row is not None else None


def _file_row(session: Session, file_id: int) -> ProjectFileRow:
    return _row(session, ProjectFileRow, file_id, "errors.file_not_found", "file")


def _bytes(content: Any) -> bytes:
    if isinstance(content, (bytes, bytearray, memoryview)):
        return bytes(content)
    raise TypeError(f"File content is bytes, got {type(content).__name__}; "
                    "pass uploaded_file.getvalue().")


def _check_size(size: int, max_mb: float) -> None:
    if isinstance(max_mb, bool) or not isinstance(max_mb, Real) or not max_mb > 0:
        raise ValueError(f"max_mb must be a positive number of MiB, got {max_mb!r}.")
    if size > max_mb * _MIB:
        limit = int(max_mb) if float(max_mb).is_integer() else max_mb
        raise StoreError("errors.file_too_large",
                         f"The file has {size:,} bytes; at most {limit} MiB is allowed.",
                         size_mb=math.ceil(size / _MIB), max_mb=limit)


def _clean_filename(filename: str | None) -> str:
    """The base name without folders (browsers may send ``C:\\fakepath\\...``) or control characters."""
    if filename is not None and not isinstance(filename, str):
        raise TypeError(f"A file name is a string, got {type(filename).__name__}.")
    base = PureWindowsPath(filename or "").name  # splits on both / and \
    cleaned = " ".join(_printable(base).split()) or "upload"
    if len(cleaned) > FILENAME_MAX:
        stem, dot, suffix = cleaned.rpartition(".")
        suffix = f".{suffix}" if dot and stem and len(suffix) < 20 else ""
        cleaned = cleaned[: FILENAME_MAX - len(suffix)] + suffix
    return cleaned


def _json_object(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """A JSON round trip of ``options``, so what is returned equals what a later read gives."""
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise TypeError(f"File options are a mapping, got {type(options).__name__}.")
    try:
        return json.loads(json.dumps(dict(options), allow_nan=False))
    except (TypeError, ValueError) as exc:
        message = f"File options must be plain JSON (str keys, numbers, text, lists): {exc}"
        raise TypeError(message) from exc


def _to_file(row: ProjectFileRow) -> ProjectFile:
    return ProjectFile(id=row.id, project_id=row.project_id, role=row.role, filename=row.filename,
                       sha256=row.sha256, size=row.size, options=dict(row.options or {}),
                       uploaded_at=row.uploaded_at)


# --- Candidates ----------------------------------------------------------------------


def create_candidate(session: Session, project_id: int, name: str, geometry: BaseGeometry, *,
                     origin: CandidateOrigin, sector_codes: Sequence[str] | None = None,
                     source_ref: str | None = None, colour: str | None = None) -> Candidate:
    """Insert a candidate and flush, so a duplicate name fails here."""
    project_id = _project_id(session, project_id)
    cleaned = _candidate_name(name)
    now = utc_now()
    row = CandidateRow(project_id=project_id, name=cleaned, name_key=projects.name_key(cleaned),
                       origin=_option("origin", origin, CandidateOrigin),
                       geometry=_geometry_wkb(geometry), srid=LAMBERT72_SRID,
                       sector_codes=_codes(sector_codes),
                       source_ref=_short_text(source_ref, SHORT_TEXT_MAX), colour=_colour(colour),
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


def rename_candidate(session: Session, candidate_id: int, new_name: str) -> Candidate:
    """Rename a candidate; another case of the same name is allowed."""
    cleaned = _candidate_name(new_name)
    row = _candidate_row(session, candidate_id)
    if row.name != cleaned:
        row.name, row.name_key, row.updated_at = cleaned, projects.name_key(cleaned), utc_now()
        _flush_or_candidate_name_taken(session, cleaned)
    return _to_candidate(row)


def update_candidate_geometry(session: Session, candidate_id: int, geometry: BaseGeometry, *,
                              sector_codes: Sequence[str] | None = None) -> Candidate:
    """Replace the perimeter, and with it the sector list (``None`` clears it)."""
    wkb = _geometry_wkb(geometry)
    codes = _codes(sector_codes)
    row = _candidate_row(session, candidate_id)
    row.geometry, row.sector_codes, row.updated_at = wkb, codes, utc_now()
    session.flush()
    return _to_candidate(row)


def set_candidate_colour(session: Session, candidate_id: int, colour: str | None) -> Candidate:
    """Change (or with ``None`` remove) the map colour of a candidate."""
    checked = _colour(colour)
    row = _candidate_row(session, candidate_id)
    row.colour, row.updated_at = checked, utc_now()
    session.flush()
    return _to_candidate(row)


def delete_candidate(session: Session, candidate_id: int) -> None:
    """Delete a candidate and its scores."""
    session.delete(_candidate_row(session, candidate_id))
    session.flush()


def _candidate_row(session: Session, candidate_id: int) -> CandidateRow:
    return _row(session, CandidateRow, candidate_id, "errors.candidate_not_found", "candidate")


def _candidate_name(name: str | None) -> str:
    return _entity_name(name, "candidate", "errors.candidate_name_empty", "errors.candidate_name_too_long")


def _flush_or_candidate_name_taken(session: Session, name: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        # PostgreSQL names the constraint, SQLite the columns.
        markers = ("uq_candidates_project_id_name_key", "candidates.name_key")
        if not any(marker in str(exc.orig) for marker in markers):
            raise
        raise StoreError(
            "errors.candidate_name_taken",
            f"This project already has a candidate called {name!r} (names ignore case).",
            name=name,
        ) from exc


def _geometry_wkb(geometry: BaseGeometry) -> bytes:
    """Check a perimeter and encode it; refusals say what is wrong and how to fix it."""
    if not isinstance(geometry, BaseGeometry):
        raise TypeError(f"A candidate geometry is a shapely geometry, got {type(geometry).__name__}.")

    def refuse(detail: str) -> StoreError:
        return StoreError("errors.candidate_geometry_invalid",
                          f"Invalid candidate perimeter: {detail}.", detail=detail)

    if geometry.is_empty:
        raise refuse("the geometry is empty")
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise refuse(f"a {geometry.geom_type} is not a perimeter; draw or upload a polygon")
    if not all(math.isfinite(value) for value in geometry.bounds):
        raise refuse("the coordinates are not finite numbers")
    if not geometry.is_valid:
        raise refuse(f"{shapely.is_valid_reason(geometry)}; repair it with shapely.make_valid")
    minx, miny, maxx, maxy = geometry.bounds
    if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
        raise refuse("the coordinates look like longitude/latitude; "
                     f"reproject to EPSG:{LAMBERT72_SRID}")
    return shapely.to_wkb(geometry)


def _codes(sector_codes: Iterable[str] | None) -> list[str] | None:
    """Stripped, unique, in the given order; None when there are none."""
    if sector_codes is None:
        return None
    if isinstance(sector_codes, str | bytes | Mapping) or not isinstance(sector_codes, Iterable):
        raise TypeError(f"Sector codes are a list of strings, got {type(sector_codes).__name__}.")
    codes: dict[str, None] = {}
    for code in sector_codes:
        if not isinstance(code, str):
            raise TypeError(f"A sector code is a string, got {code!r}.")
        if code.strip():
            codes[code.strip()] = None
    return list(codes) or None


def _colour(colour: str | None) -> str | None:
    if colour is None or (isinstance(colour, str) and not colour.strip()):
        return None
    value = colour.strip().lower() if isinstance(colour, str) else colour
    if not isinstance(value, str) or not _COLOUR.fullmatch(value):
        raise StoreError("errors.colour_invalid", f"{colour!r} is not a colour like '#1f77b4'.",
                         value=str(colour))
    return value


def _to_candidate(row: CandidateRow) -> Candidate:
    return Candidate(id=row.id, project_id=row.project_id, name=row.name, origin=row.origin,
                     geometry=shapely.from_wkb(row.geometry), srid=row.srid,
                     sector_codes=tuple(row.sector_codes or ()), source_ref=row.source_ref,
                     colour=row.colour, created_at=row.created_at, updated_at=row.updated_at)


# --- Criteria sets -------------------------------------------------------------------


def save_criteria_set(session: Session, project_id: int, name: str, method: CriteriaMethod,
                      criteria: Sequence[CriterionSpec]) -> CriteriaSet:
    """Create the set called ``name`` (ignoring case) or replace all its criteria; flushes."""
    project_id = _project_id(session, project_id)
    cleaned = _entity_name(name, "criteria set", "errors.criteria_set_name_empty",
                           "errors.criteria_set_name_too_long")
    checked_method = _option("method", method, CriteriaMethod)
    specs = _clean_criteria(criteria)  # everything checked before anything is written
    key = projects.name_key(cleaned)
    # FOR UPDATE: concurrent saves of one set take turns (SQLite's BEGIN IMMEDIATE already does).
    row = session.scalars(
        select(CriteriaSetRow)
        .where(CriteriaSetRow.project_id == project_id, CriteriaSetRow.name_key == key)
        .with_for_update()
    ).first()
    now = utc_now()
    if row is None:
        row = CriteriaSetRow(project_id=project_id, name=cleaned, name_key=key,
                             method=checked_method, created_at=now, updated_at=now)
        session.add(row)
        session.flush()
    else:
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
        CriteriaSetRow.project_id == _id(project_id, "project"),
        CriteriaSetRow.name_key == projects.name_key(name))).first()
    return _to_set(row, _criteria_of(session, row.id)) if row is not None else None


def list_criteria_sets(session: Session, project_id: int) -> list[CriteriaSet]:
    """The criteria sets of a project, sorted by name ignoring case and accents."""
    project_id = _project_id(session, project_id)
    query = select(CriteriaSetRow).where(CriteriaSetRow.project_id == project_id)
    rows = sorted(session.scalars(query).all(), key=_by_name)
    return [_to_set(row, _criteria_of(session, row.id)) for row in rows]


def delete_criteria_set(session: Session, set_id: int) -> None:
    """Delete a criteria set with its criteria and scores."""
    session.delete(_set_row(session, set_id))
    session.flush()


def _set_row(session: Session, set_id: int) -> CriteriaSetRow:
    return _row(session, CriteriaSetRow, set_id, "errors.criteria_set_not_found", "criteria set")


def _criteria_of(session: Session, set_id: int) -> tuple[CriterionSpec, ...]:
    rows = session.scalars(select(CriterionRow).where(CriterionRow.set_id == set_id)
                           .order_by(CriterionRow.position)).all()
    return tuple(CriterionSpec(r.key, r.kind, r.direction, r.weight, r.label) for r in rows)


def _clean_criteria(criteria: Sequence[CriterionSpec]) -> list[CriterionSpec]:
    if isinstance(criteria, str) or not isinstance(criteria, Sequence):
        raise TypeError(f"Criteria are a list of CriterionSpec, got {type(criteria).__name__}.")
    cleaned: list[CriterionSpec] = []
    for spec in criteria:
        # Duck-typed, so wijk_core.selection.framework.CriterionChoice can be saved as it is.
        if not all(hasattr(spec, name) for name in ("key", "kind", "direction", "weight")):
            raise TypeError(f"A criterion is a CriterionSpec, got {type(spec).__name__}.")
        key = " ".join(_printable(spec.key).split()) if isinstance(spec.key, str) else None
        if not key:
            raise StoreError("errors.criterion_key_empty", "Every criterion needs a key.")
        cleaned.append(CriterionSpec(
            key=_short_text(key, SHORT_TEXT_MAX),
            kind=_option("kind", spec.kind, CriterionKind),
            direction=_option("direction", spec.direction, CriterionDirection),
            weight=spec.weight,
            label=_short_text(getattr(spec, "label", None), LABEL_MAX)))
    seen: set[str] = set()
    for spec in cleaned:
        if spec.key in seen:
            raise StoreError("errors.criterion_duplicate",
                             f"The criterion {spec.key!r} appears twice in the set.", key=spec.key)
        seen.add(spec.key)
    invalid = ", ".join(s.key for s in cleaned if not _finite_number(s.weight))
    if invalid:
        raise StoreError("errors.weight_invalid",
                         f"Weights must be finite numbers; check: {invalid}.", criteria=invalid)
    negative = ", ".join(s.key for s in cleaned if s.weight < 0)
    if negative:
        raise StoreError("errors.weight_negative",
                         f"Weights cannot be negative; check: {negative}.", criteria=negative)
    return [CriterionSpec(s.key, s.kind, s.direction, float(s.weight), s.label) for s in cleaned]


def _finite_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, Real) and math.isfinite(value)


def _to_set(row: CriteriaSetRow, criteria: Sequence[CriterionSpec]) -> CriteriaSet:
    return CriteriaSet(id=row.id, project_id=row.project_id, name=row.name, method=row.method,
                       criteria=tuple(criteria), created_at=row.created_at, updated_at=row.updated_at)


# --- Qualitative scores --------------------------------------------------------------


def set_score(session: Session, set_id: int, key: str, candidate_id: int, score: int,
              pro: str | None = "", con: str | None = "") -> CriterionScore:
    """Insert or replace one score in one statement, which concurrent writers cannot duplicate."""
    checked_score = _score(score)
    pro_text, con_text = _long_text(pro), _long_text(con)
    set_row = _set_row(session, set_id)
    candidate = _candidate_row(session, candidate_id)
    if candidate.project_id != set_row.project_id:
        raise StoreError("errors.candidate_not_found",
                         f"Candidate {candidate_id} is not in the project of criteria set {set_id}.",
                         id=candidate_id)
    criterion = None
    if isinstance(key, str):
        criterion = session.scalars(select(CriterionRow).where(
            CriterionRow.set_id == set_row.id, CriterionRow.key == key)).first()
    if criterion is None or criterion.kind != "qualitative":
        raise StoreError("errors.criterion_not_scorable",
                         f"{key!r} is not a qualitative criterion of criteria set {set_id}; "
                         "save it in the set first.", key=str(key))
    values = {"set_id": set_row.id, "key": criterion.key, "candidate_id": candidate.id,
              "score": checked_score, "pro": pro_text, "con": con_text, "updated_at": utc_now()}
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(CriterionScoreRow).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["set_id", "key", "candidate_id"],
        set_={name: statement.excluded[name] for name in ("score", "pro", "con", "updated_at")},
    ).returning(CriterionScoreRow.updated_at)
    stored_at = session.execute(statement).scalar_one()
    return CriterionScore(set_id=set_row.id, key=criterion.key, candidate_id=candidate.id,
                          score=checked_score, pro=pro_text, con=con_text, updated_at=stored_at)


def delete_score(session: Session, set_id: int, key: str, candidate_id: int) -> bool:
    """Remove one score; True if there was one."""
    result = session.execute(delete(CriterionScoreRow).where(
        CriterionScoreRow.set_id == _id(set_id, "criteria set"), CriterionScoreRow.key == key,
        CriterionScoreRow.candidate_id == _id(candidate_id, "candidate")))
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


def _score(score: int) -> int:
    if not isinstance(score, bool):
        try:
            value = operator.index(score)
        except TypeError:
            value = None
        if value is not None and SCORE_MIN <= value <= SCORE_MAX:
            return value
    raise StoreError("errors.score_out_of_range",
                     f"A score is a whole number from {SCORE_MIN} to {SCORE_MAX}, got {score!r}.",
                     value=str(score), low=SCORE_MIN, high=SCORE_MAX)


def _long_text(text: str | None) -> str:
    """Pro or con: newlines kept, other control characters (NUL) removed, at most 2,000 characters."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise TypeError(f"A pro or con is text, got {type(text).__name__}.")
    cleaned = _printable(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(cleaned) > TEXT_MAX:
        raise StoreError("errors.text_too_long", f"At most {TEXT_MAX} characters, got {len(cleaned)}.",
                         max=TEXT_MAX)
    return cleaned


# --- Shared helpers ------------------------------------------------------------------


def _row(session: Session, model: type, row_id: int, code: str, what: str):
    checked = _id(row_id, what)
    # Ids outside PostgreSQL's integer range would raise a driver error instead.
    row = session.get(model, checked) if 0 < checked < 2**31 else None
    if row is None:
        raise StoreError(code, f"No {what} with id {checked}.", id=checked)
    return row


def _entity_name(name: str | None, entity: str, empty_code: str, too_long_code: str) -> str:
    """A name cleaned like a project name, refused with the codes of ``entity``."""
    try:
        return projects.clean_name(name)
    except StoreError as err:
        if err.code == "errors.project_name_empty":
            raise StoreError(empty_code, f"A {entity} needs a name.") from None
        raise StoreError(too_long_code, f"A {entity} name has at most {PROJECT_NAME_MAX} characters.",
                         **err.params) from None


def _option(name: str, value: Any, allowed_type: Any) -> Any:
    """``value`` (or a str Enum's value) if it is one of the Literal's values."""
    allowed = get_args(allowed_type)
    raw = value.value if isinstance(value, Enum) else value
    if isinstance(raw, str) and raw.strip().lower() in allowed:
        return raw.strip().lower()
    raise StoreError("errors.criteria_option_invalid",
                     f"{name}={value!r} is not allowed; use one of {', '.join(allowed)}.",
                     name=name, value=str(raw), allowed=", ".join(allowed))


def _short_text(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise TypeError(f"Expected text, got {type(text).__name__}.")
    cleaned = " ".join(_printable(text).split())
    if len(cleaned) > limit:
        raise StoreError("errors.text_too_long",
                         f"At most {limit} characters, got {len(cleaned)}.", max=limit)
    return cleaned or None


def _printable(text: str) -> str:
    """Drop control characters but white space: PostgreSQL refuses NUL in text."""
    return "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) != "Cc")


def _by_name(row: CandidateRow | CriteriaSetRow) -> tuple:
    # Sorted in Python, as projects are: the two databases collate differently.
    return (projects._sort_key(row.name_key), row.name_key, row.name, row.id)


# --- Store methods -------------------------------------------------------------------


class SelectionMixin:
    """The neighbourhood-selection operations of :class:`~wijk_core.store.Store`.

    Each method runs in its own transaction (``reading`` or ``writing``, provided
    by ``Store``) and returns frozen dataclasses.
    """

    def reading(self) -> AbstractContextManager[Session]:  # pragma: no cover - Store overrides
        raise NotImplementedError

    def writing(self) -> AbstractContextManager[Session]:  # pragma: no cover - Store overrides
        raise NotImplementedError

    # Files

    def add_file(self, project_id: int, role: FileRole, filename: str, content: bytes, *,
                 options: Mapping[str, Any] | None = None, max_mb: float = MAX_FILE_MB) -> ProjectFile:
        """Keep an uploaded file's bytes so it can be read again after a restart.

        Parameters
        ----------
        project_id : int
        role : {"sectors", "indicators", "catalogue", "neighbourhoods", "link_table"}
            What the file holds, i.e. which reader opens it.
        filename : str
            As uploaded; folders and control characters are removed.
        content : bytes
        options : mapping, optional
            JSON-compatible reading options (chosen year, layer name, ...).
        max_mb : float, default 200
            Largest accepted size in MiB.

        Returns
        -------
        ProjectFile
            The stored file. If the project already holds the same bytes in the
            same role, that file is returned as it is (its name and options are
            kept; change options with :meth:`set_file_options`).

        Raises
        ------
        StoreError
            ``errors.project_not_found`` (id), ``errors.criteria_option_invalid`` (name,
            value, allowed), ``errors.file_empty`` (filename) or
            ``errors.file_too_large`` (size_mb, max_mb).
        TypeError
            If ``content`` is not bytes or ``options`` is not JSON-compatible.
        """
        try:
            with self.writing() as session:
                return add_file(session, project_id, role, filename, content,
                                options=options, max_mb=max_mb)
        except IntegrityError:
            # The same upload committed by another writer since our check: return theirs.
            digest = hashlib.sha256(_bytes(content)).hexdigest()
            with self.reading() as session:
                found = _find_file(session, _id(project_id, "project"),
                                   _option("role", role, FileRole), digest)
            if found is None:
                raise
            return found

    def list_files(self, project_id: int, role: FileRole | None = None) -> list[ProjectFile]:
        """The files of a project, oldest first, without their bytes.

        Raises ``errors.project_not_found`` or, for an unknown ``role``, ``errors.criteria_option_invalid``.
        """
        with self.reading() as session:
            return list_files(session, project_id, role)

    def get_file(self, file_id: int) -> ProjectFile:
        """The metadata of one file; raises ``errors.file_not_found`` (id)."""
        with self.reading() as session:
            return get_file(session, file_id)

    def file_content(self, file_id: int) -> bytes:
        """The bytes of one file, exactly as uploaded; raises ``errors.file_not_found`` (id)."""
        with self.reading() as session:
            return file_content(session, file_id)

    def set_file_options(self, file_id: int, options: Mapping[str, Any] | None) -> ProjectFile:
        """Replace the reading options of a file; raises ``errors.file_not_found`` (id)."""
        with self.writing() as session:
            return set_file_options(session, file_id, options)

    def delete_file(self, file_id: int) -> None:
        """Delete a file; raises ``errors.file_not_found`` (id)."""
        with self.writing() as session:
            delete_file(session, file_id)

    # Candidates

    def create_candidate(self, project_id: int, name: str, geometry: BaseGeometry, *,
                         origin: CandidateOrigin, sector_codes: Sequence[str] | None = None,
                         source_ref: str | None = None, colour: str | None = None) -> Candidate:
        """Save a candidate neighbourhood.

        Parameters
        ----------
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
        with self.writing() as session:
            return create_candidate(session, project_id, name, geometry, origin=origin,
                                    sector_codes=sector_codes, source_ref=source_ref, colour=colour)

    def get_candidate(self, candidate_id: int) -> Candidate:
        """One candidate; raises ``errors.candidate_not_found`` (id)."""
        with self.reading() as session:
            return get_candidate(session, candidate_id)

    def list_candidates(self, project_id: int) -> list[Candidate]:
        """The candidates of a project, sorted by name ignoring case and accents."""
        with self.reading() as session:
            return list_candidates(session, project_id)

    def rename_candidate(self, candidate_id: int, new_name: str) -> Candidate:
        """Rename a candidate, under the name rules of :meth:`create_candidate`."""
        with self.writing() as session:
            return rename_candidate(session, candidate_id, new_name)

    def update_candidate_geometry(self, candidate_id: int, geometry: BaseGeometry, *,
                                  sector_codes: Sequence[str] | None = None) -> Candidate:
        """Replace a candidate's perimeter and its sector list (``None`` clears the list).

        Raises ``errors.candidate_not_found`` or ``errors.candidate_geometry_invalid`` (detail).
        """
        with self.writing() as session:
            return update_candidate_geometry(session, candidate_id, geometry, sector_codes=sector_codes)

    def set_candidate_colour(self, candidate_id: int, colour: str | None) -> Candidate:
        """Change or remove a candidate's map colour; raises ``errors.colour_invalid`` (value)."""
        with self.writing() as session:
            return set_candidate_colour(session, candidate_id, colour)

    def delete_candidate(self, candidate_id: int) -> None:
        """Delete a candidate and its team scores; raises ``errors.candidate_not_found`` (id)."""
        with self.writing() as session:
            delete_candidate(session, candidate_id)

    # Criteria sets

    def save_criteria_set(self, project_id: int, name: str, method: CriteriaMethod,
                          criteria: Sequence[CriterionSpec]) -> CriteriaSet:
        """Create or wholly replace the criteria set called ``name``, in one transaction.

        Parameters
        ----------
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
        Team scores are keyed by criterion key, so they survive a re-save.
        """
        for attempt in range(2):
            try:
                with self.writing() as session:
                    return save_criteria_set(session, project_id, name, method, criteria)
            except IntegrityError:
                # Another writer created the same new set first; the retry replaces it.
                if attempt:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def get_criteria_set(self, set_id: int) -> CriteriaSet:
        """One criteria set; raises ``errors.criteria_set_not_found`` (id)."""
        with self.reading() as session:
            return get_criteria_set(session, set_id)

    def find_criteria_set(self, project_id: int, name: str) -> CriteriaSet | None:
        """The set of a project with this name ignoring case, or None."""
        with self.reading() as session:
            return find_criteria_set(session, project_id, name)

    def list_criteria_sets(self, project_id: int) -> list[CriteriaSet]:
        """The criteria sets of a project, sorted by name ignoring case and accents."""
        with self.reading() as session:
            return list_criteria_sets(session, project_id)

    def delete_criteria_set(self, set_id: int) -> None:
        """Delete a set with its criteria and scores; raises ``errors.criteria_set_not_found``."""
        with self.writing() as session:
            delete_criteria_set(session, set_id)

    # Scores

    def set_score(self, set_id: int, key: str, candidate_id: int, score: int,
                  pro: str | None = "", con: str | None = "") -> CriterionScore:
        """Record the team's score of a candidate on a qualitative criterion (insert or replace).

        Parameters
        ----------
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
        with self.writing() as session:
            return set_score(session, set_id, key, candidate_id, score, pro, con)

    def delete_score(self, set_id: int, key: str, candidate_id: int) -> bool:
        """Remove one score; returns whether there was one."""
        with self.writing() as session:
            return delete_score(session, set_id, key, candidate_id)

    def scores(self, set_id: int) -> list[CriterionScore]:
        """Every score of a set (also of criteria since switched off), by key then candidate."""
        with self.reading() as session:
            return scores(session, set_id)

