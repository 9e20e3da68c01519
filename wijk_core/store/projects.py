"""Project operations on an open session: validate names, map rows to plain dataclasses."""

from __future__ import annotations

import operator
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wijk_core.store.errors import StoreError
from wijk_core.store.models import PROJECT_NAME_MAX, ProjectRow, utc_now

# How a violated name constraint shows up: PostgreSQL names the constraint,
# SQLite the column ("UNIQUE constraint failed: projects.name_key").
_NAME_CONSTRAINT_MARKERS = ("uq_projects_name", "projects.name")


@dataclass(frozen=True)
class Project:
    """A renovation project as the rest of the application sees it.

    Attributes
    ----------
    id : int
        Database identifier.
    name : str
        Display name, stripped, at most 120 characters, unique ignoring case.
    created_at, updated_at : datetime
        Timezone-aware UTC timestamps.
    """

    id: int
    name: str
    created_at: datetime
    updated_at: datetime


def clean_name(name: str | None) -> str:
    """Tidy a project name and check it is neither empty nor too long.

    Parameters
    ----------
    name : str or None
        The name as typed. ``None`` counts as empty.

    Returns
    -------
    str
        The name stripped, with every run of white space (tabs, newlines)
        turned into one space and other control characters (NUL) removed.

    Raises
    ------
    StoreError
        ``errors.project_name_empty`` or ``errors.project_name_too_long`` (params: ``max``).
    TypeError
        If ``name`` is not a string.
    """
    if name is None:
        name = ""
    if not isinstance(name, str):
        raise TypeError(f"A project name is a string, got {type(name).__name__}.")
    printable = "".join(ch for ch in name if ch.isspace() or unicodedata.category(ch) != "Cc")
    cleaned = " ".join(printable.split())
    if not cleaned:
        raise StoreError("errors.project_name_empty", "A project needs a name.")
    if len(cleaned) > PROJECT_NAME_MAX:
        raise StoreError(
            "errors.project_name_too_long",
            f"Project names have at most {PROJECT_NAME_MAX} characters, got {len(cleaned)}.",
            max=PROJECT_NAME_MAX,
        )
    return cleaned


def name_key(name: str) -> str:
    """The form under which two names count as the same: NFKC, case-folded, single spaces.

    Computed in Python rather than with SQL ``lower()`` because SQLite's
    ``lower()`` only folds ASCII, and both backends must agree.
    """
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def list_projects(session: Session) -> list[Project]:
    """All projects, sorted by name ignoring case and accents (then by id)."""
    rows = session.scalars(select(ProjectRow)).all()
    # Sorted in Python: PostgreSQL's collation would order differently from SQLite's.
    rows = sorted(rows, key=lambda row: (_sort_key(row.name_key), row.name_key, row.name, row.id))
    return [_to_project(row) for row in rows]


def _sort_key(key: str) -> str:
    """Accents ignored at first, so "Élisabeth" sorts among the E's, not after Z."""
    decomposed = unicodedata.normalize("NFKD", key)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def get_project(session: Session, project_id: int) -> Project:
    """The project with this id; raises ``errors.project_not_found`` if there is none."""
    return _to_project(_get_row(session, project_id))


def checked_id(value: int, what: str) -> int:
    """An id as int; numpy integers are accepted, text and bools are not (``TypeError``)."""
    if isinstance(value, bool):
        raise TypeError(f"A {what} id is an int, got bool.")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"A {what} id is an int, got {type(value).__name__}.") from None


def existing_project_id(session: Session, project_id: int) -> int:
    """The id as int, after checking the project exists (``errors.project_not_found``)."""
    return get_project(session, checked_id(project_id, "project")).id


def find_project(session: Session, name: str) -> Project | None:
    """The project whose name equals ``name`` ignoring case, or None."""
    row = session.scalars(select(ProjectRow).where(ProjectRow.name_key == name_key(name))).first()
    return _to_project(row) if row is not None else None


def create_project(session: Session, name: str) -> Project:
    """Insert a project and flush, so a duplicate name fails here; the caller commits."""
    cleaned = clean_name(name)
    now = utc_now()
    row = ProjectRow(name=cleaned, name_key=name_key(cleaned), created_at=now, updated_at=now)
    session.add(row)
    _flush_or_name_taken(session, cleaned)
    return _to_project(row)


def rename_project(session: Session, project_id: int, new_name: str) -> Project:
    """Rename a project and flush; renaming to the same name in other case is allowed."""
    cleaned = clean_name(new_name)
    row = _get_row(session, project_id)
    if row.name != cleaned:
        row.name = cleaned
        row.name_key = name_key(cleaned)
        row.updated_at = utc_now()
        _flush_or_name_taken(session, cleaned)
    return _to_project(row)


def _get_row(session: Session, project_id: int) -> ProjectRow:
    if isinstance(project_id, bool) or not isinstance(project_id, int):
        raise TypeError(f"A project id is an int, got {type(project_id).__name__}.")
    # Ids outside PostgreSQL's integer range would raise a driver error instead.
    row = session.get(ProjectRow, project_id) if 0 < project_id < 2**31 else None
    if row is None:
        raise StoreError(
            "errors.project_not_found", f"No project with id {project_id}.", id=project_id
        )
    return row


def _flush_or_name_taken(session: Session, name: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        if not any(marker in str(exc.orig) for marker in _NAME_CONSTRAINT_MARKERS):
            raise
        raise StoreError(
            "errors.project_name_taken",
            f"A project called {name!r} already exists (names ignore case).",
            name=name,
        ) from exc


def _to_project(row: ProjectRow) -> Project:
    return Project(id=row.id, name=row.name, created_at=row.created_at, updated_at=row.updated_at)
