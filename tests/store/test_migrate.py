"""Migrations: a fresh database reaches head, reopening is a no-op, models match revisions."""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from wijk_core.store import Store, alembic_config, current_revision, head_revision, make_engine, upgrade
from wijk_core.store import migrate
from wijk_core.schema import metadata
from wijk_core.store import projects as project_store


def test_head_is_the_newest_numbered_revision():
    numbers = [path.name[:4] for path in (migrate.MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")]
    assert head_revision() == max(numbers)


def test_a_fresh_database_is_upgraded_to_head_on_opening(database_url):
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) is None
        store = Store(database_url)
        store.dispose()
        assert current_revision(engine) == head_revision()
        tables = set(inspect(engine).get_table_names())
        assert {"projects", "alembic_version"} <= tables
    finally:
        engine.dispose()


def test_reopening_an_up_to_date_database_changes_nothing(store, database_url):
    project = store.write(project_store.create_project, "Muide")
    store.dispose()

    again = Store(database_url)
    try:
        assert current_revision(again.engine) == head_revision()
        upgrade(again.engine)  # explicit second upgrade: still a no-op
        assert current_revision(again.engine) == head_revision()
        assert again.read(project_store.list_projects) == [project]
    finally:
        again.dispose()


def test_models_match_the_migrations(store):
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)

    assert differences == []


def test_downgrade_to_base_and_back(store, database_url):
    store.write(project_store.create_project, "Tijdelijk")
    store.dispose()
    engine = make_engine(database_url)
    try:
        command.downgrade(alembic_config(database_url), "base")
        assert "projects" not in inspect(engine).get_table_names()
        assert current_revision(engine) is None

        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_app_instances_opening_a_fresh_database_together_do_not_race(database_url):
    instances = 6
    start = threading.Barrier(instances)

    def open_store(_: int) -> Store:
        start.wait(timeout=30)
        return Store(database_url)

    with ThreadPoolExecutor(max_workers=instances) as pool:
        stores = list(pool.map(open_store, range(instances)))
    try:
        assert {current_revision(store.engine) for store in stores} == {head_revision()}
        stores[0].write(project_store.create_project, "Samen gestart")
        assert [p.name for p in stores[-1].read(project_store.list_projects)] == ["Samen gestart"]
    finally:
        for store in stores:
            store.dispose()


def test_command_line_reports_and_upgrades(database_url, capsys):
    assert migrate.main(["heads"]) == 0
    assert capsys.readouterr().out.strip() == head_revision()

    assert migrate.main(["--url", database_url, "upgrade"]) == 0
    assert capsys.readouterr().out.strip() == head_revision()


def test_revision_helper_numbers_the_next_file(tmp_path, monkeypatch):
    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", copy)

    head = head_revision()
    following = f"{int(head) + 1:04d}"

    migrate.main(["revision", "--autogenerate", "-m", "add ideas"])

    written = copy / "versions" / f"{following}_add_ideas.py"
    assert written.is_file()
    text = written.read_text()
    assert f"revision: str = '{following}'" in text
    assert f"down_revision: str | None = '{head}'" in text
    assert "op." not in text  # models and migrations agree: nothing to do


def test_revisions_form_one_numbered_chain():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    revisions = list(reversed(list(script.walk_revisions())))

    assert len(script.get_heads()) == 1
    assert [rev.revision for rev in revisions] == [f"{n:04d}" for n in range(1, len(revisions) + 1)]
    for rev in revisions:
        assert Path(rev.path).name.startswith(f"{rev.revision}_")
        text = Path(rev.path).read_text()
        assert "from wijk_core" not in text and "import wijk_core" not in text  # frozen in time
