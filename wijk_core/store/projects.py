"""Projects: the ``projects`` table and its operations, functions taking an open session.

A project is the container of everything else a user creates; every domain's
table points at it. Call the functions through the store, which opens the
transaction: ``store.write(projects.create_project, "Muide")``,
``store.read(projects.list_projects)``. Refusals are :class:`StoreError`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from wijk_core.store.base import (PROJECT_NAME_KEY_MAX, PROJECT_NAME_MAX, Base, IdKey, Timestamps, checked_id,
                                  flush_unique, utc_now)
from wijk_core.store.errors import StoreError
from wijk_core.store.guard import writes


class ProjectRow(IdKey, Timestamps, Base):
    """A renovation project: the container of everything else a user creates."""

    __tablename__ = "projects"

    name: Mapped[str] = mapped_column(String(PROJECT_NAME_MAX), unique=True)
    # Normalised name (see name_key); its unique constraint is what
    # makes duplicate names impossible, even for concurrent writers.
    name_key: Mapped[str] = mapped_column(String(PROJECT_NAME_KEY_MAX), unique=True)


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
        raise StoreError("errors.project_name_empty")
    if len(cleaned) > PROJECT_NAME_MAX:
        raise StoreError(
            "errors.project_name_too_long",
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
    """All projects, sorted by name ignoring case and accents (then by id).

    Parameters
    ----------
    session : Session

    Returns
    -------
    list of Project
    """
    rows = session.scalars(select(ProjectRow)).all()
    # Sorted in Python: PostgreSQL's collation would order differently from SQLite's.
    rows = sorted(rows, key=lambda row: (sort_key(row.name_key), row.name_key, row.name, row.id))
    return [_to_project(row) for row in rows]


def sort_key(key: str) -> str:
    """The order of names: accents ignored at first, so "Élisabeth" sorts among the E's, not after Z.

    Parameters
    ----------
    key : str
        A :func:`name_key`.

    Returns
    -------
    str
    """
    decomposed = unicodedata.normalize("NFKD", key)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def get_project(session: Session, project_id: int) -> Project:
    """The project with this id.

    Parameters
    ----------
    session : Session
    project_id : int

    Returns
    -------
    Project

    Raises
    ------
    StoreError
        ``errors.project_not_found`` (params: ``id``).
    """
    return _to_project(_get_row(session, project_id))



def existing_project_id(session: Session, project_id: int) -> int:
    """The id as int, after checking the project exists (``errors.project_not_found``)."""
    return get_project(session, checked_id(project_id, "project")).id


def find_project(session: Session, name: str) -> Project | None:
    """The project whose name equals ``name`` ignoring case, or None."""
    row = session.scalars(select(ProjectRow).where(ProjectRow.name_key == name_key(name))).first()
    return _to_project(row) if row is not None else None


@writes("project.create", project=None)
def create_project(session: Session, name: str) -> Project:
    """Create a project (flushed, so a duplicate name fails here; the caller commits).

    Parameters
    ----------
    session : Session
    name : str
        Stripped; must be non-empty, at most 120 characters and unique ignoring case.

    Returns
    -------
    Project

    Raises
    ------
    StoreError
        ``errors.project_name_empty``, ``errors.project_name_too_long``
        (params: ``max``) or ``errors.project_name_taken`` (params: ``name``).
        Two concurrent calls with the same name: exactly one succeeds.
    """
    cleaned = clean_name(name)
    now = utc_now()
    row = ProjectRow(name=cleaned, name_key=name_key(cleaned), created_at=now, updated_at=now)
    session.add(row)
    _flush_or_name_taken(session, cleaned)
    return _to_project(row)


@writes("project.create", project=None)
def ensure_project(session: Session, name: str) -> Project:
    """The project with this name (ignoring case), created if missing.

    Parameters
    ----------
    session : Session
    name : str

    Returns
    -------
    Project

    Raises
    ------
    StoreError
        ``errors.project_name_empty`` or ``errors.project_name_too_long``.

    Notes
    -----
    The insert runs in a savepoint: when another writer created the same
    project since our read, that savepoint is rolled back and their project,
    committed meanwhile, is returned.
    """
    cleaned = clean_name(name)
    found = find_project(session, cleaned)
    if found is not None:
        return found
    try:
        with session.begin_nested():
            return create_project(session, cleaned)
    except StoreError as err:
        if err.code != "errors.project_name_taken":
            raise
    found = find_project(session, cleaned)
    if found is None:  # pragma: no cover - it was renamed away in that instant
        raise RuntimeError(f"Project {cleaned!r} appeared and vanished during ensure_project.")
    return found


@writes("project.rename")
def rename_project(session: Session, project_id: int, new_name: str) -> Project:
    """Give a project a new name, under the same rules as :func:`create_project`.

    Parameters
    ----------
    session : Session
    project_id : int
    new_name : str
        Another case of the same name is allowed.

    Returns
    -------
    Project
        With the new name and a fresh ``updated_at`` (unchanged if the name is).

    Raises
    ------
    StoreError
        ``errors.project_not_found`` or any name error of :func:`create_project`.
    """
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
            "errors.project_not_found", id=project_id
        )
    return row


def _flush_or_name_taken(session: Session, name: str) -> None:
    taken = StoreError("errors.project_name_taken", name=name)
    flush_unique(session, taken, ProjectRow.name, ProjectRow.name_key)


def _to_project(row: ProjectRow) -> Project:
    return Project(id=row.id, name=row.name, created_at=row.created_at, updated_at=row.updated_at)
