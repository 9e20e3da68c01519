"""The project's data sources add up: add, replace, remove, preview what is lost, undo.

Store tests run on SQLite and PostgreSQL (the ``store`` fixture); the preview is pure.
"""

from __future__ import annotations

import io

import pytest

from wijk_core.sectors import store as sector_store
from wijk_core.sectors.data import load_demo, load_sources
from wijk_core.sectors.model import NewSource
from wijk_core.sectors.sources import compare_data, planned_sources
from wijk_core.sectors.tables import ProjectFileRow
from wijk_core.store import StoreError
from wijk_core.store import projects as project_store

SECTORS = NewSource("sectors", "sectoren.geojson", b'{"type": "FeatureCollection", "features": []}')
INCOME = NewSource("indicators", "inkomen.csv", b"cd_sector;income\n99991A00-;1\n")
HEAT = NewSource("indicators", "hitte.csv", b"cd_sector;heat\n99991A00-;2\n")
WIJKEN = NewSource("neighbourhoods", "wijken.gpkg", b"GPKG wijken")


def _names(files) -> list[tuple[str, str]]:
    return sorted((f.role, f.filename) for f in files)


@pytest.fixture
def project(store):
    return store.write(project_store.create_project, "Zennevallei")


@pytest.fixture
def loaded(store, project):
    """Geometry, income, heat and wijken, loaded in one step."""
    store.write(sector_store.change_sources, project.id, [SECTORS, INCOME, HEAT, WIJKEN])
    return project


def test_adding_a_table_keeps_the_other_sources(store, loaded):
    before = store.read(sector_store.data_sources, loaded.id)
    extra = NewSource("indicators", "groen.csv", b"cd_sector;green\n99991A00-;3\n")

    after = store.write(sector_store.change_sources, loaded.id, [extra])

    assert _names(after) == sorted(_names(before) + [("indicators", "groen.csv")])
    assert {f.id for f in before} < {f.id for f in after}
    assert _names(store.read(sector_store.previous_sources, loaded.id)) == _names(before)


def test_a_new_geometry_replaces_the_active_one_and_keeps_the_tables(store, loaded):
    other = NewSource("sectors", "sectoren-2025.geojson", b'{"type": "FeatureCollection", "features": [] }')

    after = store.write(sector_store.change_sources, loaded.id, [other])

    assert [f.filename for f in after if f.role == "sectors"] == ["sectoren-2025.geojson"]
    assert [f.filename for f in after if f.role == "indicators"] == ["inkomen.csv", "hitte.csv"]
    assert [f.filename for f in after if f.role == "neighbourhoods"] == ["wijken.gpkg"]


def test_removing_one_source_keeps_the_others(store, loaded):
    [heat] = [f for f in store.read(sector_store.data_sources, loaded.id) if f.filename == "hitte.csv"]

    after = store.write(sector_store.change_sources, loaded.id, remove=[heat.id])

    assert _names(after) == [("indicators", "inkomen.csv"), ("neighbourhoods", "wijken.gpkg"),
                             ("sectors", "sectoren.geojson")]
    assert store.read(sector_store.list_files, loaded.id, "indicators")[0].filename == "inkomen.csv"
    with pytest.raises(StoreError) as caught:  # no longer an active source
        store.write(sector_store.change_sources, loaded.id, remove=[heat.id])
    assert caught.value.code == "errors.file_not_found"


def test_undo_restores_the_exact_previous_set_and_undoing_again_redoes(store, loaded):
    before = store.read(sector_store.data_sources, loaded.id)
    [heat] = [f for f in before if f.filename == "hitte.csv"]
    replaced = store.write(sector_store.change_sources, loaded.id,
                           [NewSource("indicators", "groen.csv", b"cd_sector;green\n")], remove=[heat.id])

    restored = store.write(sector_store.undo_data_change, loaded.id)

    assert restored == before  # same files, same ids, same options
    assert store.read(sector_store.file_content, heat.id) == HEAT.content
    assert store.write(sector_store.undo_data_change, loaded.id) == replaced


def test_only_the_previous_set_is_kept(store, loaded):
    [heat] = [f for f in store.read(sector_store.data_sources, loaded.id) if f.filename == "hitte.csv"]
    store.write(sector_store.change_sources, loaded.id, remove=[heat.id])
    store.write(sector_store.change_sources, loaded.id, [NewSource("indicators", "groen.csv", b"g;1\n")])

    with store.reading() as session:
        kept = session.query(ProjectFileRow).filter_by(project_id=loaded.id).count()
    assert kept == 4  # sectors, income, wijken, groen: heat is in neither the current nor the previous set
    with pytest.raises(StoreError):
        store.read(sector_store.get_file, heat.id)


def test_a_source_set_aside_comes_back_when_uploaded_again(store, loaded):
    [heat] = [f for f in store.read(sector_store.data_sources, loaded.id) if f.filename == "hitte.csv"]
    store.write(sector_store.change_sources, loaded.id, remove=[heat.id])

    after = store.write(sector_store.change_sources, loaded.id, [HEAT])

    assert heat.id in {f.id for f in after}


def test_a_change_that_changes_nothing_is_not_recorded(store, loaded):
    before = store.read(sector_store.previous_sources, loaded.id)
    store.write(sector_store.change_sources, loaded.id, [INCOME])  # already there
    assert store.read(sector_store.previous_sources, loaded.id) == before == []


def test_undo_without_a_change_is_refused(store, project):
    assert store.read(sector_store.previous_sources, project.id) is None
    with pytest.raises(StoreError) as caught:
        store.write(sector_store.undo_data_change, project.id)
    assert caught.value.code == "errors.data_change_none"


def test_the_first_upload_can_be_undone_back_to_the_demo(store, loaded):
    assert store.write(sector_store.undo_data_change, loaded.id) == []
    assert store.read(sector_store.list_files, loaded.id) == []


OTHER = NewSource("sectors_other", "sectoren-2024.geojson", b'{"type": "FeatureCollection", "features": [ ]}')


def test_a_second_geometry_is_added_replaced_removed_and_undone_apart_from_the_project_geometry(store, loaded):
    before = store.read(sector_store.data_sources, loaded.id)

    added = store.write(sector_store.change_sources, loaded.id, [OTHER])
    newer = NewSource("sectors_other", "sectoren-2024-bis.geojson", b'{"type": "FeatureCollection" , "features": []}')
    replaced = store.write(sector_store.change_sources, loaded.id, [newer])

    assert _names(added) == sorted(_names(before) + [("sectors_other", "sectoren-2024.geojson")])
    assert [f.filename for f in replaced if f.role == "sectors_other"] == ["sectoren-2024-bis.geojson"]
    assert [f.filename for f in replaced if f.role == "sectors"] == ["sectoren.geojson"]  # the project's stays
    assert store.write(sector_store.undo_data_change, loaded.id) == added
    [second] = [f for f in added if f.role == "sectors_other"]
    removed = store.write(sector_store.change_sources, loaded.id, remove=[second.id])
    assert _names(removed) == _names(before)
    assert planned_sources(added, ["sectors_other"]) == [f for f in added if f.role != "sectors_other"]


def test_two_sources_of_one_single_role_are_refused(store, project):
    with pytest.raises(ValueError):
        store.write(sector_store.change_sources, project.id, [SECTORS, SECTORS])
    assert store.read(sector_store.data_sources, project.id) == []


# --- the preview --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo():
    return load_demo()


def _sources(demo, *, tables: bool = True, wijken: bool = True) -> list[tuple[str, bytes, str]]:
    files = [("sectors", demo.sectors.to_json().encode(), "sectors.geojson")]
    if tables:
        out = io.StringIO()
        demo.indicators[["pop_total", "area_ha"]].to_csv(out)
        files.append(("indicators", out.getvalue().encode(), "bevolking.csv"))
    if wijken:
        files.append(("neighbourhoods", demo.wijken.to_json().encode(), "wijken.geojson"))
        out = io.StringIO()
        demo.sector_to_wijk.to_csv(out, index=False)
        files.append(("link_table", out.getvalue().encode(), "koppeling.csv"))
    return files


def test_the_preview_lists_exactly_what_a_removal_loses(demo):
    before, _ = load_sources(_sources(demo))
    after, _ = load_sources(_sources(demo, tables=False))

    change = compare_data(before, after, ["Muide", "Meulestede"])

    assert change.lost_indicators == ("pop_total",)  # area_ha stays: the geometry has it too
    assert change.gained_indicators == () and change.lost_wijken == () and change.lost_sectors == ()
    assert change.candidates == ("Muide", "Meulestede") and change.loses


def test_the_preview_lists_the_neighbourhoods_lost(demo):
    before, _ = load_sources(_sources(demo))
    after, _ = load_sources(_sources(demo, wijken=False))

    change = compare_data(before, after, ["Muide"])

    assert change.lost_wijken == tuple(demo.wijken["wijk_code"]) and len(change.lost_wijken) == len(demo.wijken)
    assert change.lost_indicators == () and change.candidates == () and change.loses


def test_adding_loses_nothing(demo):
    before, _ = load_sources(_sources(demo, tables=False))
    after, _ = load_sources(_sources(demo))

    change = compare_data(before, after, ["Muide"])

    assert change.gained_indicators == ("pop_total",) and not change.loses and change.candidates == ()
    assert (change.sectors_before, change.sectors_after) == (len(demo.sectors),) * 2


def test_the_planned_set_matches_the_store(store, loaded):
    current = store.read(sector_store.data_sources, loaded.id)
    [heat] = [f for f in current if f.filename == "hitte.csv"]
    planned = planned_sources(current, ["sectors", "indicators"], [heat.id])
    stored = store.write(sector_store.change_sources, loaded.id,
                         [NewSource("sectors", "nieuw.geojson", b"{}"), NewSource("indicators", "x.csv", b"x")],
                         remove=[heat.id])
    assert [f.id for f in planned] == [f.id for f in stored if f.id in {p.id for p in current}]
    assert [f.filename for f in planned] == ["inkomen.csv", "wijken.gpkg"]
