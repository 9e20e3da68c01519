"""argon2id hashes: right and wrong passwords, damaged hashes, rehashing, no account told apart by time."""

from __future__ import annotations

import time

import pytest
from argon2 import PasswordHasher

from wijk_core.access import PASSWORD_MAX, PASSWORD_MIN, AccessError, hash_password, verify_password
from wijk_core.access import passwords

GOOD = "correct horse battery"


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_password(GOOD)


def test_a_hash_is_argon2id_salted_and_never_the_password(stored):
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert GOOD not in stored
    assert hash_password(GOOD) != stored  # a new salt every time


def test_the_right_password_matches_and_needs_no_new_hash(stored):
    check = verify_password(stored, GOOD)
    assert check.ok and check.new_hash is None


@pytest.mark.parametrize("wrong", ["correct horse battery ", "Correct horse battery", "", "x" * (PASSWORD_MAX + 1)])
def test_a_wrong_password_does_not_match(stored, wrong):
    assert verify_password(stored, wrong).ok is False


@pytest.mark.parametrize("damaged", ["", "not a hash", "$argon2id$v=19$m=65536,t=3,p=4$AAAA$BBBB",
                                     "$2b$12$abcdefghijklmnopqrstuvCDEFGHIJKLMNOPQRSTUVWXYZ01234567"])
def test_a_damaged_stored_hash_refuses_without_raising(damaged):
    assert verify_password(damaged, GOOD).ok is False


def test_a_password_that_is_not_text_is_refused():
    assert verify_password(hash_password(GOOD), None).ok is False  # type: ignore[arg-type]


def test_a_hash_made_with_older_parameters_is_replaced_on_success():
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(GOOD)
    check = verify_password(old, GOOD)
    assert check.ok and check.new_hash is not None
    assert check.new_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password(check.new_hash, GOOD).ok
    assert verify_password(old, "wrong password!").new_hash is None


def test_no_account_takes_as_long_as_a_wrong_password(stored):
    """An unknown account is checked against a dummy hash: timing does not say whether it exists."""
    verify_password(None, GOOD)  # the dummy hash is made once, on first use

    def seconds(stored_hash):
        start = time.perf_counter()
        for _ in range(3):
            assert verify_password(stored_hash, "a wrong guess!").ok is False
        return (time.perf_counter() - start) / 3

    known, unknown, damaged = seconds(stored), seconds(None), seconds("not a hash")
    assert known > 0.02  # argon2id really ran
    # generous bounds: the machine may be busy; a missing dummy check would be a thousand times faster
    assert 0.33 < unknown / known < 3 and 0.33 < damaged / known < 3


def test_the_dummy_hash_is_made_once():
    assert passwords._dummy_hash() is passwords._dummy_hash()


@pytest.mark.parametrize(("password", "code"), [("short", "errors.access_password_too_short"),
                                                ("x" * (PASSWORD_MAX + 1), "errors.access_password_too_long")])
def test_password_rules(password, code):
    with pytest.raises(AccessError) as refused:
        hash_password(password)
    assert refused.value.code == code
    assert hash_password("x" * PASSWORD_MIN).startswith("$argon2id$")
