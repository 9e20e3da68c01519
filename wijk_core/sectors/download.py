"""Download Statbel's official open-data files: the sector geometry and income per sector.

:data:`OFFICIAL_FILES` names each file by its path under Statbel's open-data folder
(:data:`STATBEL_OPENDATA`); ``base_url`` replaces that folder (a mirror, or a loopback
server in tests) and ``urls`` replaces single files. Each file is streamed into a
temporary file next to its destination and renamed only when complete, so an
interrupted download never leaves a half-written file; its size and SHA-256 are
returned (and checked when a checksum is given).

With ``municipality_nis5`` the downloads are also cut to one municipality: the sectors
whose code starts with the NIS5 code as ``sectors_<nis5>.gpkg`` (EPSG:31370, normalised
columns) and the income rows of those sectors as ``TF_PSNL_INC_TAX_SECTOR_<nis5>.csv``.

Generations of sector codes: the default geometry is the 2024-01-01 edition
(pre-2025 codes), which the income file uses up to income year 2023; ``sectors_2025`` is
the 2025-01-01 edition (2025 codes, zipped Shapefile).

Which addresses are verified: Statbel publishes no index of its open-data files, and this
project cannot reach statbel.fgov.be from its build machines. Each path below was checked
against public code that downloads that exact file from Statbel (read in December 2026):
the 2024 GeoJSON and 2025 Shapefile editions of the sectors, ``TF_PSNL_INC_TAX_SECTOR``
(fiscal income per sector, a zip holding the ``|``-separated txt, also published as .xlsx)
``OPENDATA_SECTOREN_2024`` (population per sector on 1 January 2024, a zip holding a
``|``-separated txt: ``CD_REFNIS``, ``CD_SECTOR``, ``TOTAL``, ``DT_STRT_SECTOR``, ``DT_STOP_SECTOR``,
``OPPERVLAKKTE IN HM²``, ``TX_DESCR_SECTOR_NL/FR``, ``TX_DESCR_NL/FR``, as in its 2022 edition) and
``TF_CAR_HH_SECTOR`` (households and cars per sector: ``CD_YEAR``, ``CD_REFNIS``,
``TX_MUNTY_DESCR_FR/NL/DE/EN``, ``cd_sector``, ``total_huisH``, ``total_wagens``). Statbel
publishes further tables per sector (census 2011 and 2021 tables) whose addresses could not be
verified; they are left out rather than guessed.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import socket
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from wijk_core import __version__
from wijk_core.errors import WijkError
from wijk_core.readers import read_sectors
from wijk_core.readers.codes import find_code_column, normalise_codes
from wijk_core.readers.files import DEFAULT_MAX_BYTES
from wijk_core.readers.text import read_table

__all__ = ["DEFAULT_KEYS", "OFFICIAL_FILES", "STATBEL_OPENDATA", "DownloadError", "Downloaded", "OfficialFile",
           "check_archive", "download_official", "extract_municipality"]

STATBEL_OPENDATA = "https://statbel.fgov.be/sites/default/files/files/opendata/"


@dataclass(frozen=True)
class OfficialFile:
    """One of Statbel's open-data files: its path under the open-data folder and meaning."""

    key: str
    path: str
    description: str
    kind: str = "table"
    """``geometry`` (sector polygons) or ``table`` (values per sector)."""

    @property
    def filename(self) -> str:
        """The file's name as downloaded."""
        return unquote(PurePosixPath(self.path).name)


OFFICIAL_FILES: dict[str, OfficialFile] = {
    "sectors": OfficialFile(
        "sectors",
        "Statistische%20sectoren/sh_statbel_statistical_sectors_31370_20240101.geojson.zip",
        "Statbel statistical sectors, edition 2024-01-01 (pre-2025 codes), EPSG:31370, GeoJSON", "geometry"),
    "sectors_2025": OfficialFile(
        "sectors_2025",
        "Statistische%20sectoren/sh_statbel_statistical_sectors_31370_20250101.shp.zip",
        "Statbel statistical sectors, edition 2025-01-01 (2025 codes), EPSG:31370, Shapefile", "geometry"),
    "income": OfficialFile(
        "income",
        "arbeid%20per%20sector/TF_PSNL_INC_TAX_SECTOR.zip",
        "Statbel fiscal income per statistical sector (TF_PSNL_INC_TAX_SECTOR), all years"),
    "population": OfficialFile(
        "population",
        "bevolking/sectoren/OPENDATA_SECTOREN_2024.zip",
        "Statbel population per statistical sector on 1 January 2024 (pre-2025 codes)"),
    "cars": OfficialFile(
        "cars",
        "Aantal%20wagens%20per%20statistische%20sector/TF_CAR_HH_SECTOR.zip",
        "Statbel households and cars per statistical sector (TF_CAR_HH_SECTOR)"),
}

DEFAULT_KEYS = ("sectors", "income")
"""What :func:`download_official` fetches without ``keys``: the 2024 geometry and the income table."""

Progress = Callable[[str, int, "int | None"], None]
"""``progress(key, bytes_received, bytes_expected_or_None)``, called per chunk."""


class DownloadError(WijkError):
    """A download that failed: offline, refused, not found, cut short or corrupted."""


@dataclass(frozen=True)
class Downloaded:
    """A downloaded file: where it came from, where it is, its size and checksum.

    ``extract`` is the municipality's part (``sectors_<nis5>.gpkg`` or
    ``TF_PSNL_INC_TAX_SECTOR_<nis5>.csv``) when ``municipality_nis5`` was given.
    """

    key: str
    url: str
    path: Path
    size: int
    sha256: str
    extract: Path | None = None
    rows: int | None = None


def download_official(dest_dir: str | os.PathLike, municipality_nis5: str | None = None,
                      base_url: str = STATBEL_OPENDATA, urls: Mapping[str, str] | None = None, *,
                      keys: Iterable[str] | None = None, progress: Progress | None = None,
                      checksums: Mapping[str, str] | None = None, timeout: float = 60.0,
                      max_bytes: int = 2 * 1024 ** 3) -> list[Downloaded]:
    """Download the official sector file and the income table into ``dest_dir``.

    Parameters
    ----------
    dest_dir
        Folder for the files (created if needed).
    municipality_nis5
        Optional 5-digit NIS code: also write the municipality's part of each file.
    base_url
        Folder the :data:`OFFICIAL_FILES` paths are relative to (default Statbel's).
    urls
        Full URLs replacing single files, by key (``"sectors"``, ``"income"``).
    keys
        Which files of :data:`OFFICIAL_FILES` to fetch; default :data:`DEFAULT_KEYS`.
    progress
        Called as ``progress(key, received, expected)`` while downloading.
    checksums
        Expected SHA-256 (hex) per key; a mismatch raises and keeps no file.
    timeout
        Seconds to wait for the server on connect and on each read.
    max_bytes
        Largest download accepted per file.

    Returns
    -------
    list of Downloaded

    Raises
    ------
    DownloadError
        ``errors.download_failed`` (offline, refused, timeout), ``errors.download_http``
        (404, 500, …), ``errors.download_incomplete``, ``errors.download_checksum``,
        ``errors.download_too_large``, ``errors.download_corrupt`` (a zip that does not
        open), ``errors.municipality_code_invalid``,
        ``errors.municipality_not_found``.
    """
    if municipality_nis5 is not None and not re.fullmatch(r"\d{5}", str(municipality_nis5)):
        raise DownloadError("errors.municipality_code_invalid",
                            nis5=str(municipality_nis5))
    folder = Path(dest_dir)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = list(keys) if keys is not None else list(DEFAULT_KEYS)
    results = []
    for key in wanted:
        url = (urls or {}).get(key) or base_url.rstrip("/") + "/" + OFFICIAL_FILES[key].path
        target = folder / unquote(PurePosixPath(urlsplit(url).path).name or f"{key}.bin")
        size, digest = _fetch(key, url, target, progress, timeout, max_bytes,
                              (checksums or {}).get(key))
        extract, rows = (None, None)
        if municipality_nis5 is not None:
            extract, rows = extract_municipality(key, target, folder, (str(municipality_nis5),))
        results.append(Downloaded(key=key, url=url, path=target, size=size, sha256=digest,
                                  extract=extract, rows=rows))
    return results


def _fetch(key: str, url: str, target: Path, progress: Progress | None, timeout: float,
           max_bytes: int, expected_sha256: str | None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"User-Agent": f"wijkwerf/{__version__}"})
    digest, received = hashlib.sha256(), 0
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            expected = int(length) if length and length.isdigit() else None
            if expected is not None and expected > max_bytes:
                raise _too_large(url, expected, max_bytes)
            while chunk := response.read(1 << 16):
                received += len(chunk)
                if received > max_bytes:
                    raise _too_large(url, received, max_bytes)
                digest.update(chunk)
                out.write(chunk)
                if progress is not None:
                    progress(key, received, expected)
        if expected is not None and received != expected:
            raise DownloadError("errors.download_incomplete", url=url, received=received,
                                expected=expected)
        actual = digest.hexdigest()
        if expected_sha256 and actual.lower() != expected_sha256.lower():
            raise DownloadError("errors.download_checksum", url=url,
                                expected=expected_sha256, actual=actual)
        if target.suffix.lower() == ".zip":
            check_archive(Path(partial), url)
        os.replace(partial, target)
        return received, actual
    except urllib.error.HTTPError as err:
        raise DownloadError("errors.download_http", url=url, status=err.code) from None
    except (http.client.IncompleteRead, ConnectionResetError):
        raise DownloadError("errors.download_incomplete", url=url, received=received,
                            expected="?") from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as err:
        detail = getattr(err, "reason", err)
        raise DownloadError("errors.download_failed", url=url,
                            detail=str(detail)) from None
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def _too_large(url: str, size: int, max_bytes: int) -> DownloadError:
    return DownloadError("errors.download_too_large",
                         url=url, size=size, max_bytes=max_bytes)


def check_archive(path: Path, url: str, *, thorough: bool = True) -> None:
    """Refuse a zip that does not open or (``thorough``) whose members fail their CRC.

    A truncated download loses the zip's directory at its end and does not open; ``thorough``
    also reads every member, which takes seconds for a national file.

    Raises
    ------
    DownloadError
        ``errors.download_corrupt`` (url).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            broken = archive.testzip() if thorough else None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        broken = "?"
    if broken is not None:
        raise DownloadError("errors.download_corrupt", url=url)


def extract_municipality(key: str, path: Path, folder: Path, codes: tuple[str, ...],
                         name: str | None = None) -> tuple[Path, int]:
    """Write the part of a downloaded national file that lies in municipalities ``codes``.

    A geometry keeps the sectors whose municipality code (``cd_munty_refnis``) is one of
    ``codes`` or whose sector code starts with one; a table keeps the rows whose municipality
    column (``CD_MUNTY_REFNIS``/``CD_REFNIS``) is one of ``codes`` or, without one, whose sector
    code starts with one. The part is written as ``sectors_<name>.gpkg`` or
    ``<table>_<name>.csv`` (``name`` defaults to the first code).

    Returns
    -------
    tuple of (Path, int)
        The written file and its number of rows.

    Raises
    ------
    DownloadError
        ``errors.municipality_not_found`` (nis5, filename) when no row is in ``codes``.
    """
    nis5 = name or codes[0]
    prefixes = tuple(codes)
    if OFFICIAL_FILES[key].kind == "geometry":
        layer = read_sectors(path, max_bytes=max(path.stat().st_size, DEFAULT_MAX_BYTES))
        part = layer.sectors[layer.sectors["cd_sector"].str.startswith(prefixes)
                             | layer.sectors["cd_munty_refnis"].isin(codes)]
        _require_rows(part, nis5, path)
        target = folder / f"sectors_{nis5}.gpkg"
        partial = folder / f".sectors_{nis5}.part.gpkg"
        partial.unlink(missing_ok=True)
        part.to_file(partial, driver="GPKG", layer=f"sectors_{nis5}")
        os.replace(partial, target)
        return target, len(part)
    raw = read_table(path, max_bytes=max(path.stat().st_size, DEFAULT_MAX_BYTES))
    upper = {str(column).strip().upper(): column for column in raw.frame.columns}
    munty = next((upper[c] for c in ("CD_MUNTY_REFNIS", "CD_REFNIS") if c in upper), None)
    column = find_code_column(raw.frame)
    if munty is not None:
        part = raw.frame[raw.frame[munty].astype(str).str.strip().str.zfill(5).isin(codes).to_numpy()]
    elif column is not None:
        part = raw.frame[normalise_codes(raw.frame[column]).str.startswith(prefixes).to_numpy()]
    else:
        raise DownloadError("errors.municipality_not_found", nis5=nis5, filename=path.name)
    _require_rows(part, nis5, path)
    target = folder / f"{PurePosixPath(raw.name).stem}_{nis5}.csv"
    partial = folder / f".{target.name}.part"
    part.to_csv(partial, sep=raw.separator or ",", index=False, encoding="utf-8")
    os.replace(partial, target)
    return target, len(part)


def _require_rows(part: object, nis5: str, path: Path) -> None:
    if len(part) == 0:  # type: ignore[arg-type]
        raise DownloadError("errors.municipality_not_found", nis5=nis5, filename=path.name)
