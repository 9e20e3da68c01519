"""The project's own data files as the rest of the application sees them.

A :class:`ProjectFile` is an upload kept by :mod:`wijk_core.sectors.store`: the
sector geometries, indicator tables, catalogue, predefined neighbourhoods or a
link table, each read again by :mod:`wijk_core.sectors.data` and the readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

FileRole = Literal["sectors", "indicators", "catalogue", "neighbourhoods", "link_table", "basemap", "sectors_other"]
"""What an uploaded file holds, i.e. which reader opens it (``basemap``: an MBTiles/PMTiles tile archive;
``sectors_other``: sector geometry of the other generation of codes, to convert tables onto the project's)."""

MAX_FILE_MB = 200
"""Default largest upload, in MiB: Streamlit's own default ``server.maxUploadSize``."""


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


DATA_ROLES: tuple[str, ...] = ("sectors", "indicators", "catalogue", "neighbourhoods", "link_table", "sectors_other")
"""The roles whose files together make the project's sector data (its data sources)."""

SINGLE_ROLES: tuple[str, ...] = ("sectors", "catalogue", "neighbourhoods", "link_table", "sectors_other")
"""Roles with one active source at a time: a new one replaces it. Indicator tables add up.

``sectors_other`` is a second sector geometry, of the other generation of sector codes
(before or after the 2025 reform): a table on its codes is converted onto the project's
sectors by area (:mod:`wijk_core.areal.convert`). It is never the project's geometry.
"""


@dataclass(frozen=True)
class NewSource:
    """A data source to add to the project: what it holds, its name and bytes as uploaded."""

    role: FileRole
    filename: str
    content: bytes = field(repr=False)
    options: dict[str, Any] | None = field(default=None, hash=False)
