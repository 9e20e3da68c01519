"""The lockout policy: its delay, its checks, and how a lock is read from failure times."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wijk_core.access import LockoutPolicy


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
