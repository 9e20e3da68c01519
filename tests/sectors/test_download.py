"""Downloading the official files, against a loopback HTTP server (no outside network)."""

from __future__ import annotations

import hashlib
import socket
import zipfile
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest
from real_data import real_file

from wijk_core.sectors.download import (DEFAULT_KEYS, OFFICIAL_FILES, STATBEL_OPENDATA, DownloadError,
                                        download_official)
from wijk_core.readers import read_indicators, read_sectors

from .statbel_mirror import CutShort, Quiet, serve

SECTORS = "zennevallei_sectors_statbel_20240101.geojson"
INCOME = "zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv"


def _zip(path: Path, member: str, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)


@pytest.fixture
def mirror(tmp_path) -> Path:
    """A folder laid out like Statbel's open-data folder, holding the real Zennevallei files.

    The sector GeoJSON is zipped in a subfolder as Statbel does; the income CSV is turned
    into a ``|``-separated TF_ txt, as in Statbel's zip.
    """
    root = tmp_path / "statbel"
    sectors = OFFICIAL_FILES["sectors"].path.replace("%20", " ")
    stem = Path(sectors).name.removesuffix(".zip")
    _zip(root / sectors, f"{stem}/{stem}", real_file(SECTORS).read_bytes())
    income = real_file(INCOME).read_text(encoding="utf-8").replace(",", "|")
    _zip(root / OFFICIAL_FILES["income"].path.replace("%20", " "),
         "TF_PSNL_INC_TAX_SECTOR.txt", income.encode("utf-8"))
    return root


@pytest.fixture
def server(mirror) -> Iterator[str]:
    yield from serve(Quiet, mirror)


def test_default_urls_point_at_statbel():
    assert STATBEL_OPENDATA.startswith("https://statbel.fgov.be/")
    assert set(OFFICIAL_FILES) == {"sectors", "sectors_2025", "income", "population", "cars"}
    assert DEFAULT_KEYS == ("sectors", "income")
    assert all(f.path.startswith(("Statistische%20sectoren/", "arbeid%20per%20sector/", "bevolking/sectoren/",
                                           "Aantal%20wagens%20per%20statistische%20sector/"))
               for f in OFFICIAL_FILES.values())


def test_download_both_files_with_progress_and_checksums(server, mirror, tmp_path):
    calls = []
    results = download_official(tmp_path / "out", base_url=server,
                                progress=lambda key, done, total: calls.append((key, done, total)))
    assert [r.key for r in results] == ["sectors", "income"]
    for result in results:
        served = mirror / OFFICIAL_FILES[result.key].path.replace("%20", " ")
        assert result.path.read_bytes() == served.read_bytes()
        assert result.size == served.stat().st_size
        assert result.sha256 == hashlib.sha256(served.read_bytes()).hexdigest()
        assert result.url.startswith(server) and result.extract is None
    last = {key: (done, total) for key, done, total in calls}
    assert last["sectors"] == (results[0].size, results[0].size)
    assert not list((tmp_path / "out").glob(".*.part"))
    # what was downloaded is what the readers read
    assert len(read_sectors(results[0].path).sectors) == 132
    assert read_indicators(results[1].path).year == 2023


def test_municipality_extracts(server, tmp_path):
    results = download_official(tmp_path, municipality_nis5="23003", base_url=server)
    sectors, income = results
    assert sectors.extract.name == "sectors_23003.gpkg" and sectors.rows == 39
    layer = gpd.read_file(sectors.extract)
    assert layer.crs.to_epsg() == 31370 and set(layer["cd_munty_refnis"]) == {"23003"}
    assert income.extract.name == "TF_PSNL_INC_TAX_SECTOR_23003.csv"
    table = read_indicators(income.extract)
    assert table.separator == "|" and income.rows == 5 * len(table.data)
    assert all(code.startswith("23003") for code in table.data.index)


def test_single_url_override_and_checksum_mismatch(server, tmp_path):
    url = server + OFFICIAL_FILES["income"].path
    out = tmp_path / "out"
    with pytest.raises(DownloadError) as caught:
        download_official(out, base_url="http://127.0.0.1:9/", urls={"income": url},
                          keys=["income"], checksums={"income": "0" * 64})
    assert caught.value.code == "errors.download_checksum"
    assert not list(out.iterdir())  # nothing half-written


def test_not_found(server, tmp_path):
    with pytest.raises(DownloadError) as caught:
        download_official(tmp_path, urls={"income": server + "missing.zip"}, keys=["income"])
    assert caught.value.code == "errors.download_http" and caught.value.params["status"] == 404


def test_offline_gives_a_clear_error(tmp_path):
    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DownloadError) as caught:
        download_official(tmp_path, base_url=f"http://127.0.0.1:{port}/", timeout=5)
    assert caught.value.code == "errors.download_failed"
    assert "online" in caught.value.message and not list(tmp_path.iterdir())


def test_a_connection_cut_short(tmp_path):
    for base in serve(CutShort):
        with pytest.raises(DownloadError) as caught:
            download_official(tmp_path, base_url=base, keys=["income"], timeout=5)
    assert caught.value.code == "errors.download_incomplete"
    assert not list(tmp_path.iterdir())


def test_size_limit_and_bad_municipality_code(server, tmp_path):
    with pytest.raises(DownloadError) as caught:
        download_official(tmp_path, base_url=server, keys=["sectors"], max_bytes=1000)
    assert caught.value.code == "errors.download_too_large"
    with pytest.raises(DownloadError) as caught:
        download_official(tmp_path, municipality_nis5="2300", base_url=server)
    assert caught.value.code == "errors.municipality_code_invalid"
    with pytest.raises(DownloadError) as caught:
        download_official(tmp_path, municipality_nis5="44021", base_url=server, keys=["sectors"])
    assert caught.value.code == "errors.municipality_not_found"


def test_command_line_download_then_aggregate(server, tmp_path, capsys):
    """`download` fetches the official files (here from a loopback mirror) and `aggregate` reads them."""
    import json

    from wijk_core.cli import main

    assert main(["download", "--dest", str(tmp_path / "official"), "--nis5", "23003",
                 "--base-url", server]) == 0
    files = {entry["key"]: entry for entry in json.loads(capsys.readouterr().out)}
    assert set(files) == {"sectors", "income"}
    perimeter = tmp_path / "beersel.geojson"
    sectors = read_sectors(files["sectors"]["extract"]).sectors
    sectors[["geometry"]].dissolve().assign(name="Beersel").to_file(perimeter, driver="GeoJSON")
    assert main(["aggregate", "--sectors", files["sectors"]["extract"], "--indicators",
                 files["income"]["extract"], "--perimeter", str(perimeter)]) == 0
    [beersel] = json.loads(capsys.readouterr().out)["perimeters"]
    income = read_indicators(files["income"]["extract"], sectors=sectors).data
    assert beersel["indicators"]["MS_NBR_NON_ZERO_INC"]["value"] == pytest.approx(
        income["MS_NBR_NON_ZERO_INC"].sum(), rel=1e-12)
