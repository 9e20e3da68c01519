"""The administrator's page: accounts and roles, the audit log; and the gate that keeps everyone else out.

The section functions are called with the store acting as an account (every write
guarded and logged); the page itself runs in AppTest as a resident and as an
administrator (``run_app(role=...)`` of ``conftest.py`` signs in through single sign-on).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from wijk_app.access import accounts_tab, audit_tab
from wijk_app.state import md
from wijk_core.access import AccessError, Actor, audit_entries, record, sign_in
from wijk_core.access import store as access_store
from wijk_core.i18n import t
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

PAGE = "pages/administration.py"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def db(app_db):
    return get_store(app_db)


def _account(db, username, role, project_id=None):
    return Actor.for_account(db.write(access_store.add_account, username, password=PASSWORD, role=role,
                                      project_id=project_id))


def test_an_administrator_adds_an_account_with_a_role_and_the_log_says_who(db):
    project = db.write(project_store.create_project, "Muide")
    admin = _account(db, "beheer", "administrator")
    added = accounts_tab.add(db.acting_as(admin), "fien", PASSWORD, PASSWORD, display_name="Fien",
                             role="facilitator", project_id=project.id)
    assert [(grant.project_id, grant.role.value) for grant in added.roles] == [(project.id, "facilitator")]
    assert db.write(sign_in, "fien", PASSWORD, "192.0.2.1").account.id == added.id
    [entry] = db.read(audit_entries)
    assert (entry.account_id, entry.action, entry.project_id) == (admin.account_id, "accounts.manage", None)
    assert entry.target == f"add account: role facilitator, project {project.id}, account {added.id}"


def test_two_different_passwords_create_nothing(db):
    admin = _account(db, "beheer", "administrator")
    with pytest.raises(AccessError) as refused:
        accounts_tab.add(db.acting_as(admin), "fien", PASSWORD, PASSWORD + "!")
    assert refused.value.code == "errors.access_passwords_differ"
    assert [a.username for a in db.read(access_store.list_accounts)] == ["beheer"]


@pytest.mark.parametrize("role", ["officer", "facilitator"])
def test_no_one_but_an_administrator_manages_accounts(db, role):
    someone = _account(db, "iemand", role)
    with pytest.raises(AccessError) as refused:
        accounts_tab.add(db.acting_as(someone), "fien", PASSWORD, PASSWORD, role="administrator")
    assert refused.value.params == {"role": role, "action": "accounts.manage"}
    with pytest.raises(AccessError):
        accounts_tab.reset_password(db.acting_as(someone), someone.account_id, "a new passphrase", "a new passphrase")
    assert [a.username for a in db.read(access_store.list_accounts)] == ["iemand"]
    assert db.read(audit_entries) == []


def test_a_reset_password_works_and_the_old_one_no_longer(db):
    admin = _account(db, "beheer", "administrator")
    fien = _account(db, "fien", "facilitator")
    accounts_tab.reset_password(db.acting_as(admin), fien.account_id, "a new passphrase", "a new passphrase")
    assert db.write(sign_in, "fien", "a new passphrase", "192.0.2.1").account is not None
    assert db.write(sign_in, "fien", PASSWORD, "192.0.2.1").account is None


def test_the_log_filters_by_project_account_action_and_period(db):
    first, second = db.write(project_store.create_project, "Een"), db.write(project_store.create_project, "Twee")
    anna, ben = _account(db, "anna", "officer"), _account(db, "ben", "officer")
    when = {day: datetime(2026, 3, day, 12, tzinfo=UTC) for day in (1, 2, 3)}
    with db.writing() as session:
        anna_row = access_store.get_account(session, anna.account_id)
        ben_row = access_store.get_account(session, ben.account_id)
        record(session, anna_row, "costs.write", "save budget: project 1", first.id, now=when[1])
        record(session, ben_row, "costs.write", "save budget: project 2", second.id, now=when[2])
        record(session, anna_row, "selection.write", "delete candidate: candidate 4", first.id, now=when[3])
    admin = db.acting_as(_account(db, "beheer", "administrator"))
    assert [e.target for e in audit_tab.entries(admin)] == [
        "delete candidate: candidate 4", "save budget: project 2", "save budget: project 1"]
    assert [e.actor for e in audit_tab.entries(admin, project_id=first.id)] == ["anna", "anna"]
    assert [e.project_id for e in audit_tab.entries(admin, account_id=ben.account_id)] == [second.id]
    assert len(audit_tab.entries(admin, action="costs.write")) == 2
    assert [e.at for e in audit_tab.entries(admin, period=(date(2026, 3, 2),))] == [when[3], when[2]]
    assert [e.at for e in audit_tab.entries(admin, period=(date(2026, 3, 1), date(2026, 3, 2)))] == [
        when[2], when[1]]


# --- The page ------------------------------------------------------------------------------------------------


def _page(run_app, **state):
    at = run_app(**state)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_a_resident_sees_only_the_sign_in_hint(run_app, lang, db):
    at = _page(run_app, role="resident", lang=lang)
    assert [w.value for w in at.warning] == [t("signin.page_needs_sign_in", lang)]
    assert not at.main.dataframe and not at.main.text_input and not at.main.button
    assert db.read(access_store.list_accounts) == []


def test_an_officer_is_told_the_role_does_not_reach_this_page(run_app):
    at = _page(run_app, role="officer")
    assert [w.value for w in at.warning] == [t("signin.no_role_here", "nl", name=md("officer@example.org"),
                                                 role=t("signin.role_officer", "nl"))]
    assert not at.main.text_input and not at.main.button


def test_an_administrator_adds_an_account_on_the_page(run_app, db):
    at = _page(run_app, role="administrator")
    admin = db.read(access_store.find_account, "administrator@example.org")
    at.text_input(key="accounts_new_username").input("fien")
    at.text_input(key="accounts_new_password").input(PASSWORD)
    at.text_input(key="accounts_new_again").input(PASSWORD)
    at.selectbox(key="accounts_new_role").set_value("facilitator")
    at.button(key="FormSubmitter:accounts_add-" + t("access.add_button", "nl")).click().run()
    assert not at.exception, at.exception
    fien = db.read(access_store.find_account, "fien")
    assert fien is not None and fien.roles[0].role.value == "facilitator"
    assert db.read(audit_entries)[0].account_id == admin.id
    assert any(t("access.added", "nl", name="fien") in s.value for s in at.success)


def test_an_administrator_disables_an_account_and_reads_the_log(run_app, db):
    fien = _account(db, "fien", "facilitator")
    at = _page(run_app)
    at.selectbox(key="accounts_chosen").set_value(fien.account_id).run()
    at.button(key="accounts_disable").click().run()
    assert not at.exception, at.exception
    assert db.read(access_store.get_account, fien.account_id).disabled
    at = run_app(access_section="audit")
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    [table] = at.dataframe
    assert list(table.value[t("access.col_target", "nl")]) == [f"disable account: account {fien.account_id}"]
    assert at.get("download_button")
