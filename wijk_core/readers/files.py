"""Opening what the user gives: a path, bytes with a file name, or an upload object.

A Streamlit upload is a file-like object with a ``name``; the command line passes paths;
tests pass bytes. :func:`load` turns any of them into a :class:`Loaded` file, refusing
empty and oversize files before anything is parsed. Zip archives are opened with
:func:`open_zip` and only the members a reader needs are extracted (:func:`extract`),
flattened into a temporary folder, with the unzipped size limited too (zip bombs).
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Union

from wijk_core.readers.errors import FileError

__all__ = ["DEFAULT_MAX_BYTES", "UNZIP_FACTOR", "Loaded", "Source", "extract", "load",
           "open_zip", "zip_members"]

Source = Union[str, os.PathLike, bytes, bytearray, memoryview, BinaryIO]
"""A file as a path, its bytes (then pass ``filename``), or a binary file-like object."""

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
"""Largest file accepted by default (200 MB)."""

UNZIP_FACTOR = 5
"""The members extracted from a zip may total at most this many times ``max_bytes``."""

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class Loaded:
    """A file ready to be parsed: on disk (``path``) or in memory (``data``)."""

    name: str
    path: Path | None = None
    data: bytes | None = None

    @property
    def suffix(self) -> str:
        """Lower-case extension of the name, with the dot ("" when none)."""
        return PurePosixPath(self.name).suffix.lower()

    def head(self, size: int = 16) -> bytes:
        """The first ``size`` bytes, to recognise the format."""
        if self.data is not None:
            return self.data[:size]
        with open(self.path, "rb") as handle:  # type: ignore[arg-type]
            return handle.read(size)

    def read_bytes(self) -> bytes:
        return self.data if self.data is not None else self.path.read_bytes()  # type: ignore[union-attr]

    @property
    def is_zip(self) -> bool:
        return self.head(4) in _ZIP_MAGIC


def load(source: Source, filename: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Check size and emptiness of ``source`` and name it.

    Parameters
    ----------
    source
        Path, bytes or binary file-like object (an upload; its ``name`` is used).
    filename
        Name of the file; needed for bytes, overrides the name of a path or upload.
    max_bytes
        Largest accepted size.

    Raises
    ------
    FileError
        ``errors.path_not_found``, ``errors.file_empty``, ``errors.file_too_large``.
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = filename or path.name
        if not path.is_file():
            raise FileError("errors.path_not_found",
                            filename=name)
        _check_size(name, path.stat().st_size, max_bytes)
        return Loaded(name=name, path=path)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "read"):
        if hasattr(source, "seek"):
            try:
                source.seek(0)
            except (OSError, ValueError):
                pass
        data = source.read(max_bytes + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        raise TypeError(f"expected a path, bytes or a binary file object, got {type(source).__name__}")
    name = filename or os.path.basename(str(getattr(source, "name", "") or "")) or "upload"
    _check_size(name, len(data), max_bytes)
    return Loaded(name=name, data=data)


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size == 0:
        raise FileError("errors.file_empty", filename=name)
    if size > max_bytes:
        raise FileError("errors.file_too_large",
                        filename=name, size_mb=_mb(size), max_mb=_mb(max_bytes))


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}" if size >= 1024 * 1024 else f"{size / 1024 / 1024:.2f}"


def open_zip(loaded: Loaded) -> zipfile.ZipFile:
    """Open a zip archive; a damaged one raises ``errors.zip_corrupt``."""
    try:
        handle = loaded.path if loaded.path is not None else io.BytesIO(loaded.data or b"")
        return zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as err:
        raise FileError("errors.zip_corrupt",
                        filename=loaded.name, detail=str(err)) from None


def zip_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Regular files of the archive, without folders and macOS resource forks."""
    members = []
    for info in archive.infolist():
        parts = PurePosixPath(info.filename).parts
        if info.is_dir() or not parts or "__MACOSX" in parts or parts[-1].startswith("."):
            continue
        members.append(info)
    return members


def extract(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], folder: Path,
            name: str, max_bytes: int) -> list[Path]:
    """Copy ``members`` into ``folder`` under their base names, at most ``max_bytes`` in all.

    The sizes are counted while copying, not taken from the archive's directory (which a
    crafted zip can misstate). A damaged member raises ``errors.zip_corrupt``.
    """
    written, paths = 0, []
    for info in members:
        target = folder / PurePosixPath(info.filename).name
        try:
            with archive.open(info) as src, open(target, "wb") as dst:
                while chunk := src.read(1024 * 1024):
                    written += len(chunk)
                    if written > max_bytes:
                        raise FileError("errors.file_too_large", filename=name, size_mb=f">{_mb(max_bytes)}",
                                        max_mb=_mb(max_bytes))
                    dst.write(chunk)
        except FileError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError) as err:
            raise FileError("errors.zip_corrupt", filename=name, detail=str(err)) from None
        paths.append(target)
    return paths


def copy_to(loaded: Loaded, folder: Path) -> Path:
    """Put ``loaded`` in ``folder`` under its name and return the new path."""
    target = folder / (PurePosixPath(loaded.name).name or "upload")
    if loaded.path is not None:
        shutil.copyfile(loaded.path, target)
    else:
        target.write_bytes(loaded.data or b"")
    return target
