"""Statbel's official files as a project's data sources: one municipality's part of the national files.

:func:`fetch_official` downloads the national geometry of a chosen edition and the chosen
sector tables into a folder kept by the installation (:func:`wijk_core.config.official_dir`),
only when they are not there yet, so a second municipality or project is served from disk
without the network. It cuts each file to the municipality and returns the parts as
:class:`~wijk_core.sectors.model.NewSource`, to be stored like uploads (through
:func:`~wijk_core.sectors.store.change_sources`, so the change can be reviewed and undone).
Nothing of the project changes here: a failed download raises and leaves the kept files as
they were (a partial download is never kept).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wijk_core.i18n import format_number, t
from wijk_core.sectors.download import (OFFICIAL_FILES, STATBEL_OPENDATA, DownloadError, Progress, check_archive,
                                        download_official, extract_municipality)
from wijk_core.sectors.model import NewSource
from wijk_core.sectors.municipalities import Edition, codes_for_edition, municipality

__all__ = ["GEOMETRY_KEYS", "TABLE_KEYS", "OfficialSources", "fetch_official", "kept_files", "progress_message"]

GEOMETRY_KEYS: dict[str, str] = {"2024": "sectors", "2025": "sectors_2025"}
"""The geometry file of each edition."""

TABLE_KEYS: tuple[str, ...] = tuple(key for key, f in OFFICIAL_FILES.items() if f.kind == "table")
"""The sector tables that can be fetched (fiscal income, population)."""


@dataclass(frozen=True)
class OfficialSources:
    """The municipality's part of the official files, ready to become project sources.

    ``downloaded`` lists the keys fetched from the server this time, ``reused`` those read
    from the kept national files; ``rows`` the sectors or table rows of each part.
    """

    nis5: str
    edition: str
    codes: tuple[str, ...]
    sources: list[NewSource] = field(repr=False)
    downloaded: list[str]
    reused: list[str]
    rows: dict[str, int]


def kept_files(folder: str | os.PathLike) -> dict[str, Path]:
    """The national files already kept in ``folder``, by key of :data:`OFFICIAL_FILES`."""
    root = Path(folder)
    return {key: root / f.filename for key, f in OFFICIAL_FILES.items() if (root / f.filename).is_file()}


def fetch_official(nis5: str, edition: Edition, tables: Sequence[str], folder: str | os.PathLike, *,
                   base_url: str = STATBEL_OPENDATA, progress: Progress | None = None, timeout: float = 60.0,
                   max_bytes: int = 2 * 1024 ** 3) -> OfficialSources:
    """The sector geometry and tables of one municipality from Statbel's national files.

    Parameters
    ----------
    nis5
        NIS5 code of either generation (a merged municipality is cut with the codes of the
        edition: Merelbeke-Melle 44088 with 44040 and 44043 in the 2024 edition).
    edition
        ``"2024"`` (pre-2025 codes) or ``"2025"`` (2025 codes) geometry.
    tables
        Keys of :data:`TABLE_KEYS` to add as indicator tables.
    folder
        Where the national files are kept between calls (created if needed).
    base_url, progress, timeout, max_bytes
        As :func:`~wijk_core.sectors.download.download_official`.

    Returns
    -------
    OfficialSources

    Raises
    ------
    DownloadError
        Any refusal of :func:`~wijk_core.sectors.download.download_official`, or
        ``errors.municipality_code_invalid`` (nis5) for an unknown code.
    ValueError
        For an unknown edition or table key.
    """
    if municipality(str(nis5)) is None:
        raise DownloadError("errors.municipality_code_invalid", nis5=str(nis5))
    if edition not in GEOMETRY_KEYS:
        raise ValueError(f"edition is one of {sorted(GEOMETRY_KEYS)}, got {edition!r}")
    unknown = [key for key in tables if key not in TABLE_KEYS]
    if unknown:
        raise ValueError(f"tables are among {TABLE_KEYS}, got {unknown}")
    codes = codes_for_edition(str(nis5), edition)
    # Tables keep the pre-2025 rows of a 2025 territory too: the income series is published in
    # pre-2025 codes up to 2023; the data check then reports the codes the geometry lacks.
    table_codes = codes if edition == "2024" else (*codes, *codes_for_edition(codes[0], "2024"))
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    keys = [GEOMETRY_KEYS[edition], *dict.fromkeys(tables)]
    kept = kept_files(root)
    missing = [key for key in keys if key not in kept or not _still_good(kept[key])]
    for key in missing:  # one at a time: a failure keeps the files fetched before it
        download_official(root, base_url=base_url, keys=[key], progress=progress, timeout=timeout,
                          max_bytes=max_bytes)
    sources, rows = [], {}
    for key in keys:
        geometry = OFFICIAL_FILES[key].kind == "geometry"
        part, count = _part(key, root, codes if geometry else tuple(dict.fromkeys(table_codes)), str(nis5))
        role = "sectors" if geometry else "indicators"
        options = {"official": key, "edition": edition, "nis5": str(nis5)}
        sources.append(NewSource(role, part.name, part.read_bytes(), options))
        rows[key] = count
    return OfficialSources(nis5=str(nis5), edition=edition, codes=codes, sources=sources, downloaded=missing,
                           reused=[key for key in keys if key not in missing], rows=rows)


def _part(key: str, root: Path, codes: tuple[str, ...], name: str) -> tuple[Path, int]:
    """The municipality's part of a kept national file: cut once, then kept beside it for the next time.

    Reading a national geometry takes long; the part is kept under ``parts/`` by the file's
    size and time and the codes, so fetching the same municipality again reads only the part.
    """
    national = root / OFFICIAL_FILES[key].filename
    stat = national.stat()
    stamp = hashlib.sha256(repr((key, codes, name, stat.st_size, stat.st_mtime_ns)).encode()).hexdigest()[:16]
    kept = root / "parts" / stamp
    found = sorted(p for p in kept.glob("*") if p.is_file() and p.name != _ROWS) if kept.is_dir() else []
    if len(found) == 1 and (kept / _ROWS).is_file():
        return found[0], int((kept / _ROWS).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="wijk-official-", dir=root) as scratch:
        part, count = extract_municipality(key, national, Path(scratch), codes, name=name)
        (Path(scratch) / _ROWS).write_text(str(count), encoding="utf-8")
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(kept, ignore_errors=True)
        staged = Path(scratch) / "staged"
        staged.mkdir()
        os.replace(part, staged / part.name)
        os.replace(Path(scratch) / _ROWS, staged / _ROWS)
        os.replace(staged, kept)  # whole or not at all
    return kept / part.name, count


_ROWS = "rows.txt"


def _still_good(path: Path) -> bool:
    """A kept zip that still opens (one cut short on disk is fetched again); checked whole when downloaded."""
    if path.suffix.lower() != ".zip":
        return path.stat().st_size > 0
    try:
        check_archive(path, str(path), thorough=False)
    except DownloadError:
        return False
    return True


def progress_message(key: str, received: int, expected: int | None, seconds: float, lang: str) -> tuple[float, str]:
    """The progress bar of a download: its fraction done and a line with bytes and time left.

    The time left assumes the rate so far holds: ``(expected − received) · seconds / received``.
    Without an announced size (no ``Content-Length``) the fraction is 0 and only the bytes are said.
    """
    name = OFFICIAL_FILES[key].filename
    done = format_number(round(received / 1e6, 1), lang, 1)
    if not expected:
        return 0.0, t("official.progress_unknown", lang, file=name, done=done)
    left = round((expected - received) * seconds / received) if received else 0
    return min(received / expected, 1.0), t("official.progress", lang, file=name, done=done,
                                            total=format_number(round(expected / 1e6, 1), lang, 1),
                                            left=t("official.seconds", lang, value=format_number(left, lang)))
