"""Accounts, roles and sign-in on SQLite and PostgreSQL: lockout counted in the database, shared by instances."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hostile import SCRIPT

from wijk_core.access import AccessError, LockoutPolicy, Role, RoleGrant
from wijk_core.access import store as access_store
from wijk_core.access.tables import AccountRow, SignInAttemptRow
from wijk_core.schema import metadata
from wijk_core.store import Store, StoreError
from wijk_core.store import projects as project_store
from wijk_core.store.base import utc_now

PASSWORD = "lange zin als wachtwoord"
ADDRESS = "203.0.113.77"
POLICY = LockoutPolicy(max_failures=3, window=timedelta(minutes=15), lockout=timedelta(minutes=10))


@pytest.fixture
def anna(store):
    return store.write(access_store.add_account, "Anna", password=PASSWORD, display_name="Anna Peeters",
               email="anna@example.be", role="officer")


# --- Accounts ----------------------------------------------------------------------------------


def test_an_account_keeps_its_fields_and_never_shows_its_hash(store, anna):
    assert (anna.username, anna.display_name, anna.email, anna.has_password, anna.disabled) == (
        "Anna", "Anna Peeters", "anna@example.be", True, False)
    assert anna.roles == (RoleGrant(None, Role.OFFICER),)
    assert not hasattr(anna, "password_hash")
    with store.reading() as session:
        stored = session.scalar(select(AccountRow.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert store.read(access_store.get_account, anna.id) == anna
    assert store.read(access_store.find_account, "ANNA") == anna
    assert store.read(access_store.find_account, "nobody") is None


def test_usernames_are_unique_ignoring_case(store, anna):
    with pytest.raises(AccessError) as taken:
        store.write(access_store.add_account, "anna", password=PASSWORD)
    assert taken.value.code == "errors.access_username_taken"
    assert [a.username for a in store.read(access_store.list_accounts)] == ["Anna"]


@pytest.mark.parametrize(("username", "code"), [
    ("", "errors.access_username_empty"), ("   ", "errors.access_username_empty"),
    ("anna peeters", "errors.access_username_invalid"), (SCRIPT, "errors.access_username_invalid"),
    ("a" * 121, "errors.access_username_too_long")])
def test_bad_usernames_are_refused(store, username, code):
    with pytest.raises(AccessError) as refused:
        store.write(access_store.add_account, username)
    assert refused.value.code == code
    assert store.read(access_store.list_accounts) == []


def test_bad_email_and_display_name_are_refused(store):
    with pytest.raises(AccessError, match="e-mail"):
        store.write(access_store.add_account, "jef", email="not an address")
    with pytest.raises(StoreError) as long_name:
        store.write(access_store.add_account, "jef", display_name="x" * 201)
    assert long_name.value.code == "errors.text_too_long"


def test_a_single_sign_on_account_has_no_password_and_cannot_sign_in_with_one(store):
    jef = store.write(access_store.add_account, "jef@stad.be", email="jef@stad.be", role="begeleider")
    assert jef.has_password is False and jef.roles == (RoleGrant(None, Role.FACILITATOR),)
    outcome = store.write(access_store.sign_in, "jef@stad.be", "", ADDRESS, policy=POLICY)
    assert not outcome.ok and outcome.reason == "no_password"
    assert outcome.error.code == "errors.sign_in_failed"


def test_a_display_name_with_hostile_text_is_kept_as_text(store):
    account = store.write(access_store.add_account, "lien", display_name=SCRIPT)
    assert account.display_name == SCRIPT


# --- Roles -------------------------------------------------------------------------------------


def test_the_role_in_a_project_wins_over_the_role_for_every_project(store, project, anna):
    other = store.write(project_store.create_project, "Ander project")
    store.write(access_store.set_role, anna.id, "facilitator", project.id)
    assert store.read(access_store.role_of, anna.id, project.id) is Role.FACILITATOR
    assert store.read(access_store.role_of, anna.id, other.id) is Role.OFFICER
    assert store.read(access_store.role_of, anna.id) is Role.OFFICER
    updated = store.write(access_store.set_role, anna.id, "ambtenaar")  # replaces, never a second row
    assert updated.roles == (RoleGrant(None, Role.OFFICER), RoleGrant(project.id, Role.FACILITATOR))
    removed = store.write(access_store.remove_role, anna.id)
    assert removed.roles == (RoleGrant(project.id, Role.FACILITATOR),)
    assert store.read(access_store.role_of, anna.id, other.id) is None


def test_one_role_per_account_and_project_even_for_every_project(store, project, anna):
    for role in ("officer", "administrator", "facilitator"):
        store.write(access_store.set_role, anna.id, role)
        store.write(access_store.set_role, anna.id, role, project.id)
    assert len(store.read(access_store.get_account, anna.id).roles) == 2


def test_a_role_in_a_deleted_or_missing_project_is_refused(store, anna):
    with pytest.raises(StoreError) as missing:
        store.write(access_store.set_role, anna.id, "officer", 999)
    assert missing.value.code == "errors.project_not_found"
    with pytest.raises(AccessError) as unknown:
        store.write(access_store.set_role, anna.id, "koning")
    assert unknown.value.code == "errors.access_role_unknown"
    with pytest.raises(StoreError) as no_account:
        store.write(access_store.set_role, 4242, "officer")
    assert no_account.value.code == "errors.access_account_not_found"


def test_a_disabled_account_has_no_role_and_cannot_sign_in(store, anna):
    store.write(access_store.disable_account, anna.id)
    assert store.read(access_store.role_of, anna.id) is None
    outcome = store.write(access_store.sign_in, "anna", PASSWORD, ADDRESS, policy=POLICY)
    assert not outcome.ok and outcome.reason == "disabled" and outcome.error.code == "errors.sign_in_failed"
    store.write(access_store.enable_account, anna.id)
    assert store.read(access_store.role_of, anna.id) is Role.OFFICER
    assert store.write(access_store.sign_in, "anna", PASSWORD, ADDRESS, policy=POLICY).ok


def test_a_new_password_replaces_the_old_one(store, anna):
    store.write(access_store.set_password, anna.id, "een ander wachtwoord")
    assert not store.write(access_store.sign_in, "anna", PASSWORD, ADDRESS, policy=POLICY).ok
    assert store.write(access_store.sign_in, "anna", "een ander wachtwoord", ADDRESS, policy=POLICY).ok
    assert store.write(access_store.set_password, anna.id, None).has_password is False


# --- Sign-in and lockout -------------------------------------------------------------------------


def test_a_successful_sign_in_gives_the_account_and_its_role(store, anna):
    outcome = store.write(access_store.sign_in, " ANNA", PASSWORD, ADDRESS)
    assert outcome.ok and outcome.account.id == anna.id and outcome.role is Role.OFFICER
    assert outcome.reason == "ok" and outcome.error is None and outcome.delay == 0


def test_unknown_account_and_wrong_password_get_the_same_answer(store, anna):
    unknown = store.write(access_store.sign_in, "nobody", PASSWORD, ADDRESS, policy=POLICY)
    wrong = store.write(access_store.sign_in, "anna", "fout wachtwoord", "198.51.100.1", policy=POLICY)
    assert (unknown.reason, wrong.reason) == ("unknown", "wrong_password")
    assert unknown.error.code == wrong.error.code == "errors.sign_in_failed"
    assert str(unknown.error) == str(wrong.error) == "Wrong username or password."


def test_failures_lock_the_account_with_a_growing_delay_and_unlock_after_the_period(store, anna):
    start = utc_now()
    delays = []
    for minute in range(POLICY.max_failures):
        outcome = store.write(access_store.sign_in, "anna", f"guess {minute}", ADDRESS,
                      now=start + timedelta(minutes=minute), policy=POLICY)
        assert not outcome.ok
        delays.append(outcome.delay)
    assert delays == [0.5, 1.0, 2.0]
    assert outcome.reason == "locked" and outcome.error.code == "errors.sign_in_locked"
    assert outcome.error.params == {"minutes": 10}
    # Locked: even the right password, from another client, is refused, and the attempt is not counted.
    locked_at = start + timedelta(minutes=2)
    later = store.write(access_store.sign_in, "anna", PASSWORD, "198.51.100.9",
                now=locked_at + timedelta(minutes=6), policy=POLICY)
    assert not later.ok and later.reason == "locked" and later.error.params == {"minutes": 4}
    assert "4 minutes" in str(later.error)
    # After the period the right password works, and the count starts again.
    after = store.write(access_store.sign_in, "anna", PASSWORD, "198.51.100.9",
                now=locked_at + POLICY.lockout, policy=POLICY)
    assert after.ok and after.delay == 0


def test_failures_from_one_client_on_many_accounts_lock_the_client(store, anna):
    start = utc_now()
    for n in range(POLICY.max_failures):
        outcome = store.write(access_store.sign_in, f"user{n}", "guess guess", ADDRESS,
                      now=start + timedelta(seconds=n), policy=POLICY)
    assert outcome.reason == "locked"
    blocked = store.write(access_store.sign_in, "anna", PASSWORD, ADDRESS, now=start + timedelta(minutes=1),
                  policy=POLICY)
    assert not blocked.ok and blocked.reason == "locked"
    elsewhere = store.write(access_store.sign_in, "anna", PASSWORD, "2001:db8::1", now=start + timedelta(minutes=1),
                    policy=POLICY)
    assert elsewhere.ok


def test_failures_spread_over_more_than_the_window_do_not_lock(store, anna):
    start = utc_now()
    for n in range(POLICY.max_failures + 1):
        outcome = store.write(access_store.sign_in, "anna", "guess guess", ADDRESS,
                      now=start + n * POLICY.window, policy=POLICY)
        assert outcome.reason == "wrong_password"


def test_a_second_store_on_the_same_database_sees_the_same_lockout(store, database_url, anna):
    """Two app instances on one database: failures made through one lock the account in the other."""
    other = Store(database_url)
    try:
        start = utc_now()
        for n in range(POLICY.max_failures):
            instance = store if n % 2 == 0 else other
            instance.write(access_store.sign_in, "anna", "guess guess", f"192.0.2.{n}",
                now=start + timedelta(seconds=n), policy=POLICY)
        refused = other.write(access_store.sign_in, "anna", PASSWORD, "192.0.2.200",
                      now=start + timedelta(minutes=1), policy=POLICY)
        assert refused.reason == "locked"
        assert store.write(access_store.sign_in, "anna", PASSWORD, "192.0.2.201",
                   now=start + timedelta(minutes=1), policy=POLICY).reason == "locked"
    finally:
        other.dispose()


def test_the_client_address_is_never_stored(store, anna):
    for address in (ADDRESS, "2001:db8::ab:cd"):
        store.write(access_store.sign_in, "anna", "guess guess", address, policy=POLICY)
    with store.reading() as session:
        keys = session.scalars(select(SignInAttemptRow.client_key)).all()
        everything = " ".join(str(row) for table in metadata.sorted_tables
                              for row in session.execute(select(table)).all())
    assert len(set(keys)) == 2 and all(len(key) == 64 for key in keys)
    for written in (ADDRESS, "2001:db8::ab:cd", "2001:0db8:0000:0000:0000:0000:00ab:00cd"):
        assert written not in everything


def test_one_address_written_two_ways_is_one_client(store):
    with store.writing() as session:
        assert access_store.client_key(session, "2001:db8::1") == access_store.client_key(
            session, " 2001:0DB8:0:0:0:0:0:1 ")
        assert access_store.client_key(session, ADDRESS) != access_store.client_key(session, "203.0.113.78")


def test_the_salt_is_made_once_and_kept(store, database_url, monkeypatch):
    monkeypatch.delenv("WIJK_CLIENT_KEY_SALT", raising=False)
    first = store.write(access_store.client_key, ADDRESS)
    other = Store(database_url)
    try:
        assert other.write(access_store.client_key, ADDRESS) == first
    finally:
        other.dispose()
    monkeypatch.setenv("WIJK_CLIENT_KEY_SALT", "a configured salt")
    assert store.write(access_store.client_key, ADDRESS) != first


def test_old_attempts_are_forgotten(store, anna):
    long_ago = utc_now() - timedelta(days=2)
    store.write(access_store.sign_in, "anna", "guess guess", ADDRESS, now=long_ago, policy=POLICY)
    store.write(access_store.sign_in, "anna", PASSWORD, ADDRESS, policy=POLICY)
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(SignInAttemptRow)) == 1
