"""The project's data files in the database: upload, list, read back, re-option, delete.

Functions take an open session (the caller commits); run one in its own
transaction with ``store.write(add_file, project_id, "sectors", name, data)`` or
``store.read(list_files, project_id)``. Everything returned is a frozen
:class:`~wijk_core.sectors.model.ProjectFile`. Refusals are :class:`StoreError`:

===================================== ============================================================
``errors.project_not_found``          (id) the project does not exist
``errors.file_not_found``             (id)
``errors.file_empty``                 (filename) zero bytes
``errors.file_too_large``             (size_mb, max_mb)
``errors.criteria_option_invalid``    (name, value, allowed) an unknown role
``errors.data_change_none``           () no data change to undo
===================================== ============================================================

The project's *data sources* are its active files of the roles in
:data:`~wijk_core.sectors.model.DATA_ROLES`. :func:`change_sources` adds, replaces and
removes sources in one step and keeps the set from before, which
:func:`undo_data_change` restores (undoing twice redoes). A source set aside is kept
(inactive) only while that previous set holds it.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from numbers import Real
from pathlib import PureWindowsPath
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wijk_core.sectors.model import DATA_ROLES, MAX_FILE_MB, SINGLE_ROLES, FileRole, NewSource, ProjectFile
from wijk_core.sectors.tables import DataChangeRow, ProjectFileRow
from wijk_core.store.base import FILENAME_MAX, checked_option, get_row, printable, utc_now
from wijk_core.store.errors import StoreError
from wijk_core.store.projects import existing_project_id as _project_id
from wijk_core.store.guard import project_of, writes

__all__ = ["MAX_FILE_MB", "add_file", "change_sources", "data_sources", "delete_file", "file_content", "get_file",
           "list_files", "previous_sources", "set_file_options", "set_source_year", "undo_data_change"]

_MIB = 1024 * 1024
_YEARS = (1800, 2200)  # as the readers recognise a year column


@writes("data.upload")
def add_file(session: Session, project_id: int, role: FileRole, filename: str, content: bytes, *,
             options: Mapping[str, Any] | None = None, max_mb: float = MAX_FILE_MB) -> ProjectFile:
    """Keep an uploaded file's bytes so it can be read again after a restart.

    Parameters
    ----------
    session : Session
    project_id : int
    role : {"sectors", "indicators", "catalogue", "neighbourhoods", "link_table", "basemap"}
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
        kept; change options with :func:`set_file_options`).

    Raises
    ------
    StoreError
        ``errors.project_not_found`` (id), ``errors.criteria_option_invalid`` (name,
        value, allowed), ``errors.file_empty`` (filename) or
        ``errors.file_too_large`` (size_mb, max_mb).
    TypeError
        If ``content`` is not bytes or ``options`` is not JSON-compatible.
    """
    return _to_file(_store_file(session, project_id, role, filename, content, options=options, max_mb=max_mb))


def _store_file(session: Session, project_id: int, role: FileRole, filename: str, content: bytes, *,
               options: Mapping[str, Any] | None = None, max_mb: float = MAX_FILE_MB) -> ProjectFileRow:
    """As :func:`add_file`, returning the row (for the writes of this module).

    A file set aside by a data change (``active`` false) that is uploaded again is active again.
    """
    project_id = _project_id(session, project_id)
    checked_role = checked_option("role", role, FileRole)
    data = _bytes(content)
    name = _clean_filename(filename)
    if not data:
        raise StoreError("errors.file_empty", filename=name)
    _check_size(len(data), max_mb)
    stored_options = _json_object(options)
    digest = hashlib.sha256(data).hexdigest()
    existing = _find_row(session, project_id, checked_role, digest)
    if existing is None:
        row = ProjectFileRow(project_id=project_id, role=checked_role, filename=name, content=data, sha256=digest,
                             size=len(data), options=stored_options, uploaded_at=utc_now(), active=True)
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
            return row
        except IntegrityError:
            # The same upload committed by another writer since our check: return theirs.
            existing = _find_row(session, project_id, checked_role, digest)
            if existing is None:
                raise
    if not existing.active:
        existing.active = True
        session.flush()
    return existing


def list_files(session: Session, project_id: int, role: FileRole | None = None) -> list[ProjectFile]:
    """Files of a project (optionally of one role), oldest first, without content.

    Files set aside by a data change (kept only so the change can be undone) are not listed.
    """
    project_id = _project_id(session, project_id)
    query = select(ProjectFileRow).where(ProjectFileRow.project_id == project_id, ProjectFileRow.active)
    if role is not None:
        query = query.where(ProjectFileRow.role == checked_option("role", role, FileRole))
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


@writes("data.upload", project=project_of(ProjectFileRow, "file_id"))
def set_file_options(session: Session, file_id: int, options: Mapping[str, Any] | None) -> ProjectFile:
    """Replace how a file is read (e.g. another year) without uploading it again."""
    row = _file_row(session, file_id)
    row.options = _json_object(options)
    session.flush()
    return _to_file(row)


@writes("data.upload", project=project_of(ProjectFileRow, "file_id"))
def set_source_year(session: Session, file_id: int, year: int | None) -> ProjectFile:
    """Choose the year a long indicator table is read for; None reads its latest. Its other options stay.

    The choice belongs to the source: an undo of a data change that brings the table
    back brings its year with it. Whether the table holds ``year`` is checked when it is
    read (``errors.year_not_available``).

    Raises
    ------
    StoreError
        ``errors.file_not_found`` (id) unless ``file_id`` is an active indicator table.
    ValueError
        If ``year`` is not a whole year between 1800 and 2200.
    """
    row = _file_row(session, file_id)
    if row.role != "indicators" or not row.active:
        raise StoreError("errors.file_not_found", id=file_id)
    whole = isinstance(year, int) and not isinstance(year, bool)
    if year is not None and not (whole and _YEARS[0] <= year <= _YEARS[1]):
        raise ValueError(f"a table's year is a whole year between {_YEARS[0]} and {_YEARS[1]}, got {year!r}")
    options = {key: value for key, value in (row.options or {}).items() if key != "year"}
    row.options = options if year is None else {**options, "year": year}
    session.flush()
    return _to_file(row)


@writes("data.upload", project=project_of(ProjectFileRow, "file_id"))
def delete_file(session: Session, file_id: int) -> None:
    """Delete one file."""
    session.delete(_file_row(session, file_id))
    session.flush()


def data_sources(session: Session, project_id: int) -> list[ProjectFile]:
    """The project's active data sources (files of the data roles), oldest first, without content."""
    return [f for f in list_files(session, project_id) if f.role in DATA_ROLES]


def previous_sources(session: Session, project_id: int) -> list[ProjectFile] | None:
    """The sources before the last data change (what :func:`undo_data_change` restores), None without one.

    An empty list is a previous set without files: the demo.
    """
    project_id = _project_id(session, project_id)
    change = session.get(DataChangeRow, project_id)
    if change is None:
        return None
    rows = session.scalars(select(ProjectFileRow).where(ProjectFileRow.id.in_(change.previous))
                           .order_by(ProjectFileRow.uploaded_at, ProjectFileRow.id)).all()
    return [_to_file(row) for row in rows]


@writes("data.upload")
def change_sources(session: Session, project_id: int, add: Sequence[NewSource] = (),
                   remove: Sequence[int] = (), *, max_mb: float = MAX_FILE_MB) -> list[ProjectFile]:
    """Add, replace or remove data sources in one step; the set before it can be restored.

    Parameters
    ----------
    session : Session
    project_id : int
    add : sequence of NewSource
        Sources to add. One of a role of :data:`~wijk_core.sectors.model.SINGLE_ROLES`
        (sector geometry, catalogue, neighbourhood layer, link table, second sector
        geometry of the other code generation) replaces the project's active one;
        indicator tables add up. The same bytes in the same role
        as a source kept for undo make that source active again.
    remove : sequence of int
        Ids of active sources to remove.
    max_mb : float, default 200
        Largest accepted file, in MiB.

    Returns
    -------
    list of ProjectFile
        The project's sources after the change, as :func:`data_sources`.

    Raises
    ------
    StoreError
        ``errors.project_not_found`` (id), ``errors.file_not_found`` (id) for a removed id
        that is not an active source of the project, or any refusal of :func:`add_file`.
    ValueError
        If ``add`` holds two sources of one single role, or a role outside the data roles.

    Notes
    -----
    A change that leaves the set as it was is not recorded (the previous set stays).
    """
    project_id = _project_id(session, project_id)
    before = _active_rows(session, project_id)
    before_ids = {row.id for row in before}
    unknown = [file_id for file_id in remove if file_id not in before_ids]
    if unknown:
        raise StoreError("errors.file_not_found", id=unknown[0])
    roles = [source.role for source in add]
    if any(role not in DATA_ROLES for role in roles):
        raise ValueError(f"data sources have one of the roles {DATA_ROLES}, got {roles}")
    twice = sorted({role for role in roles if role in SINGLE_ROLES and roles.count(role) > 1})
    if twice:
        raise ValueError(f"one source at a time of role {', '.join(twice)}")
    for row in before:
        if row.id in remove or row.role in roles and row.role in SINGLE_ROLES:
            row.active = False
    session.flush()
    for source in add:
        _store_file(session, project_id, source.role, source.filename, source.content, options=source.options,
                    max_mb=max_mb)
    if {row.id for row in _active_rows(session, project_id)} != before_ids:
        _record_previous(session, project_id, before_ids)
    return data_sources(session, project_id)


@writes("data.upload")
def undo_data_change(session: Session, project_id: int) -> list[ProjectFile]:
    """Restore the sources from before the last data change; the set replaced becomes the previous one.

    Undoing twice therefore redoes the change. Returns the sources now active.

    Raises
    ------
    StoreError
        ``errors.project_not_found`` (id) or ``errors.data_change_none`` () without a change to undo.
    """
    project_id = _project_id(session, project_id)
    change = session.get(DataChangeRow, project_id)
    if change is None:
        raise StoreError("errors.data_change_none")
    restore = set(change.previous)
    current = {row.id for row in _active_rows(session, project_id)}
    for row in session.scalars(select(ProjectFileRow).where(ProjectFileRow.project_id == project_id,
                                                            ProjectFileRow.role.in_(DATA_ROLES))):
        row.active = row.id in restore
    _record_previous(session, project_id, current)
    return data_sources(session, project_id)


def _active_rows(session: Session, project_id: int) -> list[ProjectFileRow]:
    return list(session.scalars(select(ProjectFileRow).where(
        ProjectFileRow.project_id == project_id, ProjectFileRow.active, ProjectFileRow.role.in_(DATA_ROLES))))


def _record_previous(session: Session, project_id: int, previous: set[int]) -> None:
    """Keep ``previous`` as the set to restore; sources neither active nor in it are deleted."""
    change = session.get(DataChangeRow, project_id)
    if change is None:
        change = DataChangeRow(project_id=project_id, previous=[])
        session.add(change)
    change.previous = sorted(previous)
    change.changed_at = utc_now()
    session.flush()
    unused = session.scalars(select(ProjectFileRow).where(
        ProjectFileRow.project_id == project_id, ProjectFileRow.role.in_(DATA_ROLES),
        ProjectFileRow.active.is_(False), ProjectFileRow.id.not_in(change.previous)))
    for row in unused:
        session.delete(row)
    session.flush()


def _find_row(session: Session, project_id: int, role: str, digest: str) -> ProjectFileRow | None:
    return session.scalars(select(ProjectFileRow).where(
        ProjectFileRow.project_id == project_id, ProjectFileRow.role == role,
        ProjectFileRow.sha256 == digest)).first()


def _file_row(session: Session, file_id: int) -> ProjectFileRow:
    return get_row(session, ProjectFileRow, file_id, "errors.file_not_found", "file")


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
                         size_mb=math.ceil(size / _MIB), max_mb=limit)


def _clean_filename(filename: str | None) -> str:
    """The base name without folders (browsers may send ``C:\\fakepath\\...``) or control characters."""
    if filename is not None and not isinstance(filename, str):
        raise TypeError(f"A file name is a string, got {type(filename).__name__}.")
    base = PureWindowsPath(filename or "").name  # splits on both / and \
    cleaned = " ".join(printable(base).split()) or "upload"
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
