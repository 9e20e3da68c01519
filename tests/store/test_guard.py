"""The store asks the session's actor before a write, and records the writes of those who sign in."""

from __future__ import annotations

import pytest

from wijk_core.access import AccessError, Actor, audit_entries
from wijk_core.access.store import add_account, set_role
from wijk_core.ideas import IdeaPlace, new_participant_token, to_lambert
from wijk_core.ideas.store import add_idea, hide_idea
from wijk_core.store import Store
from wijk_core.store.projects import create_project, get_project, rename_project


def _place() -> IdeaPlace:
    return IdeaPlace(4.35, 50.85, *to_lambert(4.35, 50.85))


def _idea(store, project, title):
    return store.write(add_idea, project.id, new_participant_token(), _place(), category="mobility", title=title)


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'guard.sqlite3'}")
    yield store
    store.dispose()


def test_a_resident_cannot_rename_a_project_and_nothing_is_written(store):
    project = store.write(create_project, "Wijk")
    resident = store.acting_as(Actor.resident("192.0.2.7"))
    with pytest.raises(AccessError) as refused:
        resident.write(rename_project, project.id, "Gekaapt")
    assert refused.value.code == "errors.access_denied"
    assert refused.value.params == {"role": "resident", "action": "project.rename"}
    assert store.read(get_project, project.id).name == "Wijk"
    assert store.read(audit_entries) == []


def test_a_role_in_one_project_is_no_role_in_another(store):
    first, second = store.write(create_project, "Een"), store.write(create_project, "Twee")
    account = store.write(add_account, "olga", password="correct horse battery")
    store.write(set_role, account.id, "facilitator", first.id)
    olga = store.acting_as(Actor.for_account(account))
    idea = _idea(store, second, "Bank")
    mine = _idea(store, first, "Boom")
    with pytest.raises(AccessError):
        olga.write(hide_idea, idea.id)
    olga.write(hide_idea, mine.id)
    [entry] = store.read(audit_entries)
    assert (entry.account_id, entry.actor, entry.action, entry.project_id) == (
        account.id, "olga", "ideas.moderate", first.id)
    assert entry.target == f"hide_idea, idea_id {mine.id}"


def test_the_system_store_checks_nothing_and_logs_nothing(store):
    project = store.write(create_project, "Wijk")
    store.write(rename_project, project.id, "Wijk 2")
    assert store.read(audit_entries) == []


def test_the_shared_password_is_logged_by_its_label(store):
    project = store.write(create_project, "Wijk")
    idea = _idea(store, project, "Bank")
    shared = store.acting_as(Actor.shared_facilitator("192.0.2.1"))
    shared.write(hide_idea, idea.id)
    with pytest.raises(AccessError):
        shared.write(rename_project, project.id, "Nee")
    [entry] = store.read(audit_entries)
    assert (entry.account_id, entry.actor) == (None, "facilitator password")
