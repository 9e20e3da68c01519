"""The tables of the project's own data files: sectors, indicators, catalogue, neighbourhoods.

Created by migration 0002 (``active`` and ``data_changes`` by 0010, role ``sectors_other`` by 0014); change them only
together with a migration. The bytes are kept as uploaded, so the app reads the same
sector data again after a restart. A data file set aside by a data change stays
(``active`` false) as long as the project's previous set of sources holds it, so that
change can be undone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (JSON, BigInteger, Boolean, CheckConstraint, ForeignKey, LargeBinary, String, UniqueConstraint,
                        text)
from sqlalchemy.orm import Mapped, mapped_column

from wijk_core.store.base import FILENAME_MAX, Base, IdKey, ProjectOwned, one_of, timestamp_column

FILE_ROLES = ("sectors", "indicators", "catalogue", "neighbourhoods", "link_table", "basemap", "sectors_other")


class ProjectFileRow(IdKey, ProjectOwned, Base):
    """A data file the officer uploaded, kept byte for byte so it can be read again."""

    __tablename__ = "project_files"
    __table_args__ = (
        # One copy of the same bytes per role: uploading it again returns the stored row.
        UniqueConstraint("project_id", "role", "sha256"),
        CheckConstraint(one_of("role", FILE_ROLES), name="role"),
        CheckConstraint("size >= 0", name="size"),
    )

    role: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(FILENAME_MAX))
    # Deferred: listing files never loads megabytes of content.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    uploaded_at: Mapped[datetime] = timestamp_column()
    # False: set aside by a data change, kept only while the previous set of sources holds it.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))


class DataChangeRow(Base):
    """The project's set of data sources before its last data change: what "undo" restores."""

    __tablename__ = "data_changes"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    # ids of the project files that were active before the change (may be empty: the demo)
    previous: Mapped[list[int]] = mapped_column(JSON)
    changed_at: Mapped[datetime] = timestamp_column()
