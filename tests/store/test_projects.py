"""Project operations, on SQLite and PostgreSQL (see the ``store`` fixture in conftest)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC

import pytest

from wijk_core.store import PROJECT_NAME_MAX, Project, Store, StoreError
from wijk_core.store import projects as project_store


def test_create_strips_the_name_and_stamps_utc_times(store):
    project = store.write(project_store.create_project, "  Oud-Berchem  ")

    assert isinstance(project, Project)
    assert project.name == "Oud-Berchem"
    assert project.created_at.tzinfo is not None
    assert project.created_at.utcoffset() == UTC.utcoffset(None)
    assert project.updated_at == project.created_at
    assert store.read(project_store.get_project, project.id) == project


def test_list_is_sorted_by_name_ignoring_case_and_accents(store):
    for name in ["zuidrand", "Abdij", "Élisabethwijk", "abattoir", "Eilandje", "Zeehelden"]:
        store.write(project_store.create_project, name)

    names = [project.name for project in store.read(project_store.list_projects)]

    assert names == ["abattoir", "Abdij", "Eilandje", "Élisabethwijk", "Zeehelden", "zuidrand"]


def test_list_of_an_empty_store_is_empty(store):
    assert store.read(project_store.list_projects) == []


def test_rename_changes_the_name_and_updated_at_only(store):
    project = store.write(project_store.create_project, "Kiel")

    renamed = store.write(project_store.rename_project, project.id, "  Kiel-Noord ")

    assert renamed.id == project.id
    assert renamed.name == "Kiel-Noord"
    assert renamed.created_at == project.created_at
    assert renamed.updated_at > project.updated_at
    assert store.read(project_store.get_project, project.id) == renamed


def test_rename_to_the_same_name_in_other_case_is_allowed(store):
    project = store.write(project_store.create_project, "linkeroever")

    assert store.write(project_store.rename_project, project.id, "Linkeroever").name == "Linkeroever"
    renamed = store.write(project_store.rename_project, project.id, "Linkeroever")
    assert renamed == store.read(project_store.get_project, project.id)


@pytest.mark.parametrize("duplicate", ["Sint-Andries", "sint-andries", " SINT-ANDRIES ", "Sint-Andries\t"])
def test_duplicate_names_are_refused_ignoring_case(store, duplicate):
    store.write(project_store.create_project, "Sint-Andries")

    with pytest.raises(StoreError) as caught:
        store.write(project_store.create_project, duplicate)

    assert caught.value.code == "errors.project_name_taken"
    assert caught.value.params == {"name": duplicate.strip()}
    assert len(store.read(project_store.list_projects)) == 1


def test_renaming_onto_another_project_is_refused(store):
    store.write(project_store.create_project, "Dam")
    other = store.write(project_store.create_project, "Seefhoek")

    with pytest.raises(StoreError) as caught:
        store.write(project_store.rename_project, other.id, "DAM")

    assert caught.value.code == "errors.project_name_taken"
    assert store.read(project_store.get_project, other.id).name == "Seefhoek"


@pytest.mark.parametrize("name", ["", "   ", "\n\t ", None])
def test_empty_names_are_refused(store, name):
    with pytest.raises(StoreError) as caught:
        store.write(project_store.create_project, name)

    assert caught.value.code == "errors.project_name_empty"
    assert isinstance(caught.value, ValueError)
    assert store.read(project_store.list_projects) == []


def test_names_longer_than_the_maximum_are_refused(store):
    longest = "x" * PROJECT_NAME_MAX

    assert store.write(project_store.create_project, f"  {longest}  ").name == longest
    with pytest.raises(StoreError) as caught:
        store.write(project_store.create_project, "y" * (PROJECT_NAME_MAX + 1))

    assert caught.value.code == "errors.project_name_too_long"
    assert caught.value.params == {"max": 120}


def test_renaming_to_an_invalid_name_is_refused(store):
    project = store.write(project_store.create_project, "Haringrode")

    for bad, code in [("  ", "errors.project_name_empty"), ("z" * 121, "errors.project_name_too_long")]:
        with pytest.raises(StoreError) as caught:
            store.write(project_store.rename_project, project.id, bad)
        assert caught.value.code == code
    assert store.read(project_store.get_project, project.id) == project


def test_control_characters_and_inner_white_space_are_tidied(store):
    project = store.write(project_store.create_project, "Oud\x00 \n Berchem")

    assert project.name == "Oud Berchem"
    with pytest.raises(StoreError, match="already exists"):
        store.write(project_store.create_project, "oud   berchem")


@pytest.mark.parametrize("unknown", [4242, 0, -1, 2**40])
def test_unknown_ids_are_not_found(store, unknown):
    store.write(project_store.create_project, "Bestaand")

    operations = (lambda: store.read(project_store.get_project, unknown),
                  lambda: store.write(project_store.rename_project, unknown, "Nergens"))
    for operation in operations:
        with pytest.raises(StoreError) as caught:
            operation()
        assert caught.value.code == "errors.project_not_found"
        assert caught.value.params == {"id": unknown}


def test_ids_must_be_integers(store):
    with pytest.raises(TypeError, match="int"):
        store.read(project_store.get_project, "1")


def test_ensure_project_gets_or_creates(store):
    created = store.write(project_store.ensure_project, " Demo Wijkwerf ")

    assert created.name == "Demo Wijkwerf"
    assert store.write(project_store.ensure_project, "demo wijkwerf") == created
    assert len(store.read(project_store.list_projects)) == 1
    with pytest.raises(StoreError) as caught:
        store.write(project_store.ensure_project, "")
    assert caught.value.code == "errors.project_name_empty"


def test_projects_persist_when_the_store_is_reopened(database_url):
    first = Store(database_url)
    project = first.write(project_store.create_project, "Brugse Poort")
    first.write(project_store.rename_project, project.id, "Brugse Poort-Rooigem")
    first.dispose()

    reopened = Store(database_url)
    try:
        [again] = reopened.read(project_store.list_projects)
        assert again.id == project.id
        assert again.name == "Brugse Poort-Rooigem"
        assert again.created_at == project.created_at
    finally:
        reopened.dispose()


def test_concurrent_creates_of_one_name_let_exactly_one_win(store):
    threads = 20
    variants = ["Gedeelde Wijk", "gedeelde wijk", "GEDEELDE WIJK", " Gedeelde wijk "]
    start = threading.Barrier(threads)

    def create(index: int):
        start.wait(timeout=30)
        try:
            return store.write(project_store.create_project, variants[index % len(variants)])
        except StoreError as err:
            return err.code

    with ThreadPoolExecutor(max_workers=threads) as pool:
        outcomes = list(pool.map(create, range(threads)))

    winners = [outcome for outcome in outcomes if isinstance(outcome, Project)]
    assert len(winners) == 1
    assert sorted(o for o in outcomes if not isinstance(o, Project)) == ["errors.project_name_taken"] * 19
    assert store.read(project_store.list_projects) == winners


def test_concurrent_creates_of_different_names_all_succeed(store):
    threads = 20
    start = threading.Barrier(threads)

    def create(index: int) -> Project:
        start.wait(timeout=30)
        return store.write(project_store.create_project, f"Wijk {index:02d}")

    with ThreadPoolExecutor(max_workers=threads) as pool:
        created = list(pool.map(create, range(threads)))

    assert len({project.id for project in created}) == threads
    assert [p.name for p in store.read(project_store.list_projects)] == [f"Wijk {i:02d}" for i in range(threads)]


def test_concurrent_ensure_project_returns_one_project(store):
    threads = 10
    start = threading.Barrier(threads)

    def ensure(_: int) -> Project:
        start.wait(timeout=30)
        return store.write(project_store.ensure_project, "Demo")

    with ThreadPoolExecutor(max_workers=threads) as pool:
        ensured = list(pool.map(ensure, range(threads)))

    assert len(set(ensured)) == 1
    assert store.read(project_store.list_projects) == ensured[:1]
