"""The Store object: shared per URL, disposable, usable in memory."""

from __future__ import annotations

import pickle
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from wijk_core.store import Store, StoreError, get_store
from wijk_core.store import projects as project_store


def test_get_store_shares_one_store_per_url_across_threads(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    start = threading.Barrier(8)

    def fetch(_: int) -> Store:
        start.wait(timeout=30)
        return get_store(url)

    with ThreadPoolExecutor(max_workers=8) as pool:
        stores = list(pool.map(fetch, range(8)))
    try:
        assert len({id(store) for store in stores}) == 1
        assert get_store(f"sqlite:///{tmp_path / 'other.sqlite3'}") is not stores[0]
    finally:
        stores[0].dispose()
        get_store(f"sqlite:///{tmp_path / 'other.sqlite3'}").dispose()


def test_dispose_forgets_the_cached_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'cached.sqlite3'}"
    first = get_store(url)
    first.write(project_store.create_project, "Blijft")
    first.dispose()

    second = get_store(url)
    try:
        assert second is not first
        assert [p.name for p in second.read(project_store.list_projects)] == ["Blijft"]
    finally:
        second.dispose()


def test_the_default_store_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WIJK_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    store = get_store()
    try:
        assert store.url.database == str(tmp_path / "env.sqlite3")
    finally:
        store.dispose()


def test_an_in_memory_store_works_for_notebooks():
    store = Store("sqlite://")
    try:
        store.write(project_store.create_project, "Kladblok")
        assert [p.name for p in store.read(project_store.list_projects)] == ["Kladblok"]
    finally:
        store.dispose()


def test_store_errors_keep_code_and_params_when_pickled():
    err = StoreError("errors.project_name_too_long", max=120)

    copy = pickle.loads(pickle.dumps(err))

    assert isinstance(copy, ValueError)
    assert (copy.code, copy.params, str(copy)) == ("errors.project_name_too_long", {"max": 120}, str(err))
    assert "120" in str(copy)


def test_read_and_write_call_a_store_function_with_a_session_and_its_arguments(store):
    def named(session, prefix: str, *, suffix: str) -> list[str]:
        return [f"{prefix}{p.name}{suffix}" for p in project_store.list_projects(session)]

    created = store.write(project_store.create_project, "Ledeberg")

    assert store.read(project_store.get_project, created.id) == created
    assert store.read(named, "<", suffix=">") == ["<Ledeberg>"]


def test_write_keeps_nothing_of_a_function_that_raises(store):
    def create_two_then_fail(session) -> None:
        project_store.create_project(session, "Eerste")
        project_store.create_project(session, "Tweede")
        raise RuntimeError("halfway")

    with pytest.raises(RuntimeError, match="halfway"):
        store.write(create_two_then_fail)

    assert store.read(project_store.list_projects) == []
