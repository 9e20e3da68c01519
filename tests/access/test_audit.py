"""The audit log on SQLite and PostgreSQL: who did what, in the writer's transaction, read back newest first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hostile import SCRIPT

from wijk_core.access import AccessError, Action, add_account, audit_entries, record
from wijk_core.store.base import utc_now


def test_entries_name_the_account_or_a_label_and_come_back_newest_first(store, project):
    start = utc_now()
    with store.writing() as session:
        anna = add_account(session, "anna")
        record(session, anna, Action.IDEAS_MODERATE, "idea 12", project.id, {"status": "hidden"}, now=start)
        record(session, "facilitator password", "ideas.moderate", "idea 13", project.id,
               now=start + timedelta(seconds=1))
        record(session, "command line", Action.ACCOUNTS_MANAGE, "account anna", now=start + timedelta(seconds=2))
    with store.reading() as session:
        entries = audit_entries(session)
        in_project = audit_entries(session, project_id=project.id)
        by_anna = audit_entries(session, account_id=anna.id)
        moderation = audit_entries(session, action="ideas.moderate", since=start + timedelta(seconds=1))
        newest = audit_entries(session, limit=1)
    assert [e.target for e in entries] == ["account anna", "idea 13", "idea 12"]
    assert [(e.account_id, e.actor) for e in entries] == [(None, "command line"), (None, "facilitator password"),
                                                          (anna.id, "anna")]
    assert entries[2].detail == {"status": "hidden"} and entries[2].project_id == project.id
    assert entries[2].at == start
    assert [e.target for e in in_project] == ["idea 13", "idea 12"]
    assert [e.target for e in by_anna] == ["idea 12"]
    assert [e.target for e in moderation] == ["idea 13"]
    assert [e.target for e in newest] == ["account anna"]


def test_an_entry_is_kept_only_with_the_write_it_describes(store, project):
    with pytest.raises(RuntimeError), store.writing() as session:
        record(session, "command line", Action.PROJECT_RENAME, "project 1", project.id)
        raise RuntimeError("the write failed")
    assert store.read(audit_entries) == []


def test_an_unknown_action_is_refused(store):
    with pytest.raises(AccessError) as refused, store.writing() as session:
        record(session, "command line", "everything.delete", "all")
    assert refused.value.code == "errors.access_action_unknown"


def test_hostile_text_and_odd_detail_values_are_stored_as_text(store, project):
    with store.writing() as session:
        record(session, SCRIPT + "\x00", Action.IDEAS_MODERATE, SCRIPT * 50, project.id,
               {"title": SCRIPT, "when": utc_now().date()})
    entry = store.read(audit_entries)[0]
    assert entry.actor == SCRIPT
    assert entry.target == (SCRIPT * 50)[:200]
    assert entry.detail["title"] == SCRIPT and isinstance(entry.detail["when"], str)
