"""The project's data files in the store: upload, dedupe, options, limits, concurrent uploads.

Every test runs on SQLite and PostgreSQL (the ``store`` / ``database_url`` fixtures).
"""

from __future__ import annotations

import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import get_args

import pytest

from wijk_core.sectors import store as sector_store
from wijk_core.sectors import tables
from wijk_core.sectors.model import FileRole, ProjectFile
from wijk_core.store import StoreError
from wijk_core.store import projects as project_store


def _error(caught: pytest.ExceptionInfo[StoreError]) -> tuple[str, dict]:
    return caught.value.code, caught.value.params


@pytest.fixture
def project(store):
    return store.write(project_store.create_project, "Muide-Meulestede")


def test_a_file_round_trips_byte_for_byte(store, project):
    content = b"cd_sector;year;population\n44021A00-;2024;1234\n\x00\xff binary tail"

    stored = store.write(sector_store.add_file,
                         project.id, "indicators", "bevolking.csv", content, options={"year": 2024})

    assert isinstance(stored, ProjectFile)
    assert (stored.role, stored.filename, stored.size) == ("indicators", "bevolking.csv", len(content))
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.options == {"year": 2024}
    assert stored.uploaded_at.tzinfo is not None
    assert store.read(sector_store.file_content, stored.id) == content
    assert store.read(sector_store.list_files, project.id) == [stored]
    assert store.read(sector_store.get_file, stored.id) == stored


def test_the_same_bytes_in_the_same_role_are_stored_once(store, project):
    first = store.write(sector_store.add_file, project.id, "sectors", "sectoren.gpkg", b"GPKG one")

    again = store.write(sector_store.add_file, project.id, "sectors", "kopie.gpkg", b"GPKG one", options={"layer": "x"})
    other_role = store.write(sector_store.add_file, project.id, "neighbourhoods", "sectoren.gpkg", b"GPKG one")
    other_bytes = store.write(sector_store.add_file, project.id, "sectors", "sectoren.gpkg", b"GPKG two")

    assert again == first
    assert len({first.id, other_role.id, other_bytes.id}) == 3
    assert [f.id for f in store.read(sector_store.list_files, project.id, "sectors")] == [first.id, other_bytes.id]
    assert len(store.read(sector_store.list_files, project.id)) == 3


def test_file_names_lose_folders_and_control_characters(store, project):
    stored = store.write(sector_store.add_file, project.id, "catalogue", "C:\\fakepath\\cata\x00logus.xlsx", b"PK")
    long_name = store.write(sector_store.add_file, project.id, "link_table", "a" * 300 + ".csv", b"x;y")

    assert stored.filename == "catalogus.xlsx"
    assert len(long_name.filename) == 255 and long_name.filename.endswith(".csv")


def test_file_options_can_change_and_files_can_be_deleted(store, project):
    stored = store.write(sector_store.add_file,
                         project.id, "indicators", "data.xlsx", b"PK\x03\x04", options={"year": 2023})

    changed = store.write(sector_store.set_file_options, stored.id, {"year": 2024, "sheet": "Bevolking"})
    store.write(sector_store.delete_file, stored.id)

    assert changed.options == {"year": 2024, "sheet": "Bevolking"}
    assert store.read(sector_store.list_files, project.id) == []
    with pytest.raises(StoreError) as caught:
        store.read(sector_store.file_content, stored.id)
    assert _error(caught) == ("errors.file_not_found", {"id": stored.id})


def test_five_megabytes_round_trip(store, project):
    content = os.urandom(5 * 1024 * 1024)

    stored = store.write(sector_store.add_file, project.id, "neighbourhoods", "wijken.zip", content)

    assert stored.size == len(content)
    assert store.read(sector_store.file_content, stored.id) == content


def test_files_over_the_size_limit_are_refused(store, project):
    content = b"\x01" * (1024 * 1024 + 1)

    with pytest.raises(StoreError) as caught:
        store.write(sector_store.add_file, project.id, "sectors", "groot.gpkg", content, max_mb=1)
    assert _error(caught) == ("errors.file_too_large", {"size_mb": 2, "max_mb": 1})
    assert store.write(sector_store.add_file,
                       project.id, "sectors", "groot.gpkg", content, max_mb=2).size == len(content)


def test_bad_files_are_refused(store, project):
    with pytest.raises(StoreError) as caught:
        store.write(sector_store.add_file, project.id, "sectors", "leeg.csv", b"")
    assert _error(caught) == ("errors.file_empty", {"filename": "leeg.csv"})
    with pytest.raises(StoreError) as caught:
        store.write(sector_store.add_file, project.id, "photos", "foto.jpg", b"\xff\xd8")
    assert caught.value.code == "errors.criteria_option_invalid"
    assert caught.value.params["name"] == "role" and caught.value.params["value"] == "photos"
    with pytest.raises(StoreError) as caught:
        store.write(sector_store.add_file, 4242, "sectors", "x.csv", b"x")
    assert caught.value.code == "errors.project_not_found"
    with pytest.raises(TypeError, match="bytes"):
        store.write(sector_store.add_file, project.id, "sectors", "x.csv", "not bytes")
    with pytest.raises(TypeError, match="JSON"):
        store.write(sector_store.add_file, project.id, "sectors", "x.csv", b"x", options={"when": object()})
    assert store.read(sector_store.list_files, project.id) == []


def test_concurrent_uploads_of_one_file_store_it_once(store, project):
    threads = 8
    start = threading.Barrier(threads)

    def upload(_: int) -> ProjectFile:
        start.wait(timeout=30)
        return store.write(sector_store.add_file, project.id, "sectors", "sectoren.gpkg", b"same bytes")

    with ThreadPoolExecutor(max_workers=threads) as pool:
        uploaded = list(pool.map(upload, range(threads)))

    assert len(set(uploaded)) == 1
    assert store.read(sector_store.list_files, project.id) == uploaded[:1]


def test_the_file_roles_agree_with_the_database_check():
    assert get_args(FileRole) == tables.FILE_ROLES


def test_a_tables_year_is_kept_with_it_through_reload_and_undo(store, project):
    from wijk_core.sectors.model import NewSource

    sectors, table = store.write(sector_store.change_sources, project.id, [
        NewSource("sectors", "sectoren.gpkg", b"GPKG"),
        NewSource("indicators", "inkomen.csv", b"CD_YEAR;CD_SECTOR;x\n2021;23003A001;1", {"sheet": "1"})])

    chosen = store.write(sector_store.set_source_year, table.id, 2021)

    assert chosen.options == {"sheet": "1", "year": 2021}  # its other options stay
    assert store.read(sector_store.get_file, table.id).options == {"sheet": "1", "year": 2021}
    store.write(sector_store.change_sources, project.id, remove=[table.id])
    assert [f.id for f in store.read(sector_store.data_sources, project.id)] == [sectors.id]
    store.write(sector_store.undo_data_change, project.id)
    [_, back] = store.read(sector_store.data_sources, project.id)
    assert (back.id, back.options) == (table.id, {"sheet": "1", "year": 2021})  # undo brings its year back
    assert store.write(sector_store.set_source_year, table.id, None).options == {"sheet": "1"}  # the latest again


def test_a_year_is_chosen_only_for_an_active_table_and_is_a_year(store, project):
    from wijk_core.sectors.model import NewSource

    sectors, table = store.write(sector_store.change_sources, project.id, [
        NewSource("sectors", "sectoren.gpkg", b"GPKG"), NewSource("indicators", "inkomen.csv", b"a;b\n1;2")])
    for wrong in (sectors.id, 4242):
        with pytest.raises(StoreError) as caught:
            store.write(sector_store.set_source_year, wrong, 2021)
        assert _error(caught) == ("errors.file_not_found", {"id": wrong})
    for wrong in (True, 2021.0, "2021", 99, 12021):
        with pytest.raises(ValueError, match="whole year"):
            store.write(sector_store.set_source_year, table.id, wrong)
    store.write(sector_store.change_sources, project.id, remove=[table.id])  # kept for undo, not active
    with pytest.raises(StoreError):
        store.write(sector_store.set_source_year, table.id, 2021)
    assert store.read(sector_store.get_file, table.id).options == {}


def test_a_second_sector_geometry_passes_the_database_check(store, project):
    stored = store.write(sector_store.add_file, project.id, "sectors_other", "sectoren-2024.geojson", b"{}")

    assert store.read(sector_store.data_sources, project.id) == [stored]
    assert store.read(sector_store.file_content, stored.id) == b"{}"
