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
===================================== ============================================================
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from numbers import Real
from pathlib import PureWindowsPath
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wijk_core.sectors.model import MAX_FILE_MB, FileRole, ProjectFile
from wijk_core.sectors.tables import ProjectFileRow
from wijk_core.store.base import FILENAME_MAX, checked_option, get_row, printable, utc_now
from wijk_core.store.errors import StoreError
from wijk_core.store.projects import existing_project_id as _project_id
from wijk_core.store.guard import project_of, writes

__all__ = ["MAX_FILE_MB", "add_file", "delete_file", "file_content", "get_file", "list_files",
           "set_file_options"]

_MIB = 1024 * 1024


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
    project_id = _project_id(session, project_id)
    checked_role = checked_option("role", role, FileRole)
    data = _bytes(content)
    name = _clean_filename(filename)
    if not data:
        raise StoreError("errors.file_empty", filename=name)
    _check_size(len(data), max_mb)
    stored_options = _json_object(options)
    digest = hashlib.sha256(data).hexdigest()
    existing = _find_file(session, project_id, checked_role, digest)
    if existing is not None:
        return existing
    row = ProjectFileRow(project_id=project_id, role=checked_role, filename=name, content=data,
                         sha256=digest, size=len(data), options=stored_options, uploaded_at=utc_now())
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        # The same upload committed by another writer since our check: return theirs.
        found = _find_file(session, project_id, checked_role, digest)
        if found is None:
            raise
        return found
    return _to_file(row)


def list_files(session: Session, project_id: int, role: FileRole | None = None) -> list[ProjectFile]:
    """Files of a project (optionally of one role), oldest first, without content."""
    project_id = _project_id(session, project_id)
    query = select(ProjectFileRow).where(ProjectFileRow.project_id == project_id)
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
