"""The lockout policy: its delay, its checks, and how a lock is read from failure times."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wijk_core.access import LockoutPolicy, Role
from wijk_core.access.accounts import username_key
from wijk_core.access.signin import SHARED_KEY, sign_in_shared


def test_the_delay_doubles_with_each_failure_up_to_a_cap():
    policy = LockoutPolicy()
    assert [policy.delay(n) for n in range(7)] == [0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert policy.delay(10_000) == 8.0


def test_defaults_are_five_failures_in_fifteen_minutes():
    policy = LockoutPolicy()
    assert (policy.max_failures, policy.window, policy.lockout) == (5, timedelta(minutes=15),
                                                                    timedelta(minutes=15))


@pytest.mark.parametrize("bad", [{"max_failures": 0}, {"max_failures": True}, {"window": timedelta(0)},
                                 {"lockout": 15}, {"base_delay": 9.0}, {"base_delay": -1.0}])
def test_a_policy_that_makes_no_sense_is_refused(bad):
    with pytest.raises(ValueError, match="LockoutPolicy"):
        LockoutPolicy(**bad)


# --- the shared facilitator password, on both databases -------------------------------------------------------


def test_the_shared_password_signs_in_as_facilitator_and_its_failures_lock_it(store):
    policy = LockoutPolicy(max_failures=3, base_delay=0.0)
    outcomes = [store.write(sign_in_shared, wrong, "juist-wachtwoord-1", "192.0.2.4", policy=policy).reason
                for wrong in ("fout-1", "fout-2")]
    assert outcomes == ["wrong_password", "wrong_password"]
    right = store.write(sign_in_shared, "juist-wachtwoord-1", "juist-wachtwoord-1", "192.0.2.4", policy=policy)
    assert (right.reason, right.role, right.account) == ("ok", Role.FACILITATOR, None)
    for _ in range(3):
        last = store.write(sign_in_shared, "fout", "juist-wachtwoord-1", "192.0.2.5", policy=policy)
    assert (last.reason, last.error.code) == ("locked", "errors.sign_in_locked")
    locked = store.write(sign_in_shared, "juist-wachtwoord-1", "juist-wachtwoord-1", "192.0.2.5", policy=policy)
    assert locked.reason == "locked"  # the right password waits out the lock too


def test_no_username_is_counted_under_the_shared_passwords_key():
    assert "\x00" not in SHARED_KEY  # PostgreSQL text holds no NUL
    assert all(username_key(name) != SHARED_KEY for name in (SHARED_KEY, SHARED_KEY.strip(), f"  {SHARED_KEY}"))
