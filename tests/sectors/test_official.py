"""One municipality's official data: fetched from a loopback server in Statbel's formats, kept, cut, stored.

Every failure (server gone, 404, 500, connection dropped, truncated zip) raises its own
message and leaves both the project's sources and the kept national files as they were.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wijk_core.readers import read_indicators, read_sectors
from wijk_core.sectors import store as sector_store
from wijk_core.sectors.data import load_sources
from wijk_core.sectors.download import OFFICIAL_FILES, DownloadError
from wijk_core.sectors.model import NewSource
from wijk_core.sectors import official
from wijk_core.sectors.official import fetch_official, kept_files, progress_message
from wijk_core.store import projects as project_store

from .statbel_mirror import (SECTORS_2024, CutShort, Quiet, ServerError, Truncated, build_mirror, dead_port,
                             income_rows, serve)

BEFORE = NewSource("indicators", "eigen.csv", b"cd_sector;eigen\n44040A00-;1\n")


@pytest.fixture
def mirror(tmp_path) -> Path:
    return build_mirror(tmp_path / "statbel")


@pytest.fixture
def server(mirror):
    yield from serve(Quiet, mirror)


@pytest.fixture
def project(store):
    """A project that already holds one source of its own."""
    created = store.write(project_store.create_project, "Merelbeke-Melle")
    store.write(sector_store.change_sources, created.id, [BEFORE])
    return created


def _sources(store, project) -> list[tuple[str, str, str]]:
    return sorted((f.role, f.filename, f.sha256) for f in store.read(sector_store.data_sources, project.id))


def test_a_merged_municipality_with_progress_becomes_the_projects_sources(server, mirror, tmp_path, store, project):
    calls = []
    result = fetch_official("44088", "2024", ["income"], tmp_path / "kept", base_url=server,
                            progress=lambda key, done, total: calls.append((key, done, total)))
    assert result.codes == ("44040", "44043") and result.downloaded == ["sectors", "income"] and not result.reused
    sizes = {key: (mirror / OFFICIAL_FILES[key].path.replace("%20", " ")).stat().st_size for key in result.downloaded}
    for key, size in sizes.items():
        received = [done for k, done, total in calls if k == key]
        assert received == sorted(received) and received[-1] == size
        assert all(total == size for k, _, total in calls if k == key)
    sectors, income = result.sources
    assert (sectors.role, sectors.filename) == ("sectors", "sectors_44088.gpkg")
    assert sorted(read_sectors(sectors.content, sectors.filename).sectors["cd_sector"]) == sorted(
        SECTORS_2024["44040"] + SECTORS_2024["44043"])
    table = read_indicators(income.content, income.filename)
    expected = {row[2]: int(row[3]) for row in income_rows() if row[0] == "2023" and row[1] in ("44040", "44043")}
    assert table.year == 2023 and table.data["MS_NBR_NON_ZERO_INC"].to_dict() == expected
    after = store.write(sector_store.change_sources, project.id, result.sources)
    assert sorted(f.filename for f in after) == ["TF_PSNL_INC_TAX_SECTOR_44088.csv", "eigen.csv",
                                                 "sectors_44088.gpkg"]
    files = [(f.role, store.read(sector_store.file_content, f.id), f.filename) for f in after]
    data, _report = load_sources(files)
    assert len(data.sectors) == 5 and "MS_NBR_NON_ZERO_INC" in data.catalogue.index


def test_a_second_municipality_is_cut_from_the_kept_files_without_network(server, tmp_path):
    fetch_official("44040", "2024", ["income", "population"], tmp_path, base_url=server)
    again = fetch_official("23003", "2024", ["income"], tmp_path, base_url=dead_port(), timeout=2)
    assert again.downloaded == [] and again.reused == ["sectors", "income"] and again.rows["sectors"] == 2
    population = fetch_official("23003", "2024", ["population"], tmp_path, base_url=dead_port(), timeout=2)
    assert read_indicators(population.sources[1].content, population.sources[1].filename).data["TOTAL"].to_dict() \
        == {"23003A001": 500, "23003A002": 501}


def test_the_same_municipality_again_reads_only_its_kept_part(server, tmp_path, monkeypatch):
    first = fetch_official("23003", "2024", ["income"], tmp_path, base_url=server)
    cuts = []
    monkeypatch.setattr(official, "extract_municipality", lambda *args, **kw: cuts.append(args) or 1 / 0)
    again = fetch_official("23003", "2024", ["income"], tmp_path, base_url=dead_port(), timeout=2)
    assert cuts == []  # neither national file was read again
    assert [(s.role, s.filename, s.content) for s in again.sources] \
        == [(s.role, s.filename, s.content) for s in first.sources]
    assert again.rows == first.rows
    national = tmp_path / OFFICIAL_FILES["income"].filename
    os.utime(national, ns=(national.stat().st_atime_ns, national.stat().st_mtime_ns + 10**9))  # a newer file
    with pytest.raises(ZeroDivisionError):
        fetch_official("23003", "2024", ["income"], tmp_path, base_url=dead_port(), timeout=2)
    assert len(cuts) == 1


def test_every_published_table_reads_as_indicators(server, tmp_path):
    result = fetch_official("44043", "2024", ["income", "population", "cars"], tmp_path, base_url=server)
    tables = {s.options["official"]: read_indicators(s.content, s.filename) for s in result.sources[1:]}
    assert tables["population"].data["TOTAL"].to_dict() == {"44043A00-": 500, "44043A1MJ": 501}
    assert tables["cars"].year == 2023
    assert tables["cars"].data[["total_huisH", "total_wagens"]].to_dict("index") == {
        "44043A00-": {"total_huisH": 200, "total_wagens": 300}, "44043A1MJ": {"total_huisH": 201, "total_wagens": 301}}


def test_the_2025_edition_renumbers_a_merged_municipality(server, tmp_path):
    result = fetch_official("44040", "2025", [], tmp_path, base_url=server)  # Melle → Merelbeke-Melle
    assert result.codes == ("44088",) and result.downloaded == ["sectors_2025"]
    layer = read_sectors(result.sources[0].content, result.sources[0].filename)
    assert len(layer.sectors) == 5 and set(layer.sectors["cd_munty_refnis"]) == {"44088"}


@pytest.mark.parametrize("handler, code, detail", [
    (Quiet, "errors.download_http", 404),       # an empty folder: every file is missing
    (ServerError, "errors.download_http", 500),
    (CutShort, "errors.download_incomplete", None),
    (Truncated, "errors.download_corrupt", None),
])
def test_each_failure_has_its_message_and_changes_nothing(handler, code, detail, mirror, tmp_path, store, project):
    kept = tmp_path / "kept"
    served = tmp_path / "empty" if handler is Quiet else mirror
    served.mkdir(exist_ok=True)
    before = _sources(store, project)
    for base in serve(handler, served):
        with pytest.raises(DownloadError) as caught:
            fetch_official("44088", "2024", ["income"], kept, base_url=base, timeout=5)
    assert caught.value.code == code
    if detail is not None:
        assert caught.value.params["status"] == detail and str(detail) in caught.value.message
    assert not list(kept.iterdir())  # nothing half-written, nothing kept
    assert _sources(store, project) == before


def test_offline_keeps_what_was_fetched_before(server, tmp_path):
    fetch_official("23003", "2024", [], tmp_path, base_url=server)
    with pytest.raises(DownloadError) as caught:
        fetch_official("23003", "2024", ["income"], tmp_path, base_url=dead_port(), timeout=2)
    assert caught.value.code == "errors.download_failed"
    assert set(kept_files(tmp_path)) == {"sectors"} and not list(tmp_path.glob(".*.part"))


def test_a_damaged_kept_file_is_fetched_again_and_bad_requests_are_refused(server, tmp_path):
    fetch_official("23003", "2024", [], tmp_path, base_url=server)
    kept = kept_files(tmp_path)["sectors"]
    kept.write_bytes(kept.read_bytes()[:100])
    assert fetch_official("23003", "2024", [], tmp_path, base_url=server).downloaded == ["sectors"]
    with pytest.raises(DownloadError) as caught:
        fetch_official("99999", "2024", [], tmp_path, base_url=server)
    assert caught.value.code == "errors.municipality_code_invalid"
    with pytest.raises(ValueError):
        fetch_official("23003", "2023", [], tmp_path, base_url=server)
    with pytest.raises(ValueError):
        fetch_official("23003", "2024", ["census"], tmp_path, base_url=server)


def test_the_progress_line_says_bytes_and_time_left():
    fraction, text = progress_message("income", 5_000_000, 20_000_000, 10.0, "nl")
    assert fraction == 0.25  # a quarter in 10 s: 30 s to go at that rate
    assert text == "TF_PSNL_INC_TAX_SECTOR.zip: 5,0 van 20,0 MB, nog ongeveer 30 s"
    assert progress_message("income", 2_500_000, None, 1.0, "en") == (0.0, "TF_PSNL_INC_TAX_SECTOR.zip: 2,5 MB")  # en_BE
    assert progress_message("sectors", 0, 100, 0.0, "fr")[0] == 0.0
