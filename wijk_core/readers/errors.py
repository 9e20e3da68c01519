"""What the readers raise: one :class:`~wijk_core.errors.WijkError` subclass per kind of file.

Every error is something the user can fix (another file, another export setting); its
``code`` is an i18n key under ``errors.`` and ``params`` fill the placeholders. The
``filename`` parameter is always present so the message can name the upload.
"""

from __future__ import annotations

from wijk_core.errors import WijkError

__all__ = ["CatalogueError", "FileError", "GeometryError", "NeighbourhoodError", "TableError"]


class FileError(WijkError):
    """A file that cannot be opened at all: empty, too large, a corrupt zip, unknown format."""


class GeometryError(WijkError):
    """A geodata file that opens but cannot be a sector layer: CRS, location, layers, codes."""


class TableError(WijkError):
    """An indicator or link table without a sector code column, a year, or any number."""


class CatalogueError(WijkError):
    """An indicator catalogue with missing columns or an invalid kind, direction or weight."""


class NeighbourhoodError(WijkError):
    """A neighbourhood layer or link table that cannot be read or linked to the sectors."""
