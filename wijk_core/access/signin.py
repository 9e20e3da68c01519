"""What makes sign-in resist guessing: failures counted in the database, a growing delay, a lockout.

Every attempt is a row of ``sign_in_attempts`` (the username's key and a salted
hash of the client address, never the address), so every app instance on one
database sees the same count. :func:`sign_in` asks :func:`lock_state` before
checking a password and :func:`note_attempt` after.

Notes
-----
An account (and, separately, a client) is locked when ``max_failures`` failed
attempts fall within one ``window``; the lock lasts ``lockout`` from the last of
them. Attempts refused during a lock are not counted, so the lock ends on time.
The account's count starts again after a successful sign-in; the client's does
not (an attacker signing in to an account of their own must not reset it). The
caller waits :meth:`LockoutPolicy.delay` before answering a failure:

.. math:: d(n) = \\min(d_0 \\cdot 2^{n-1}, d_{max})

with :math:`n` the failures counted (the larger of account and client).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wijk_core import config
from wijk_core.access.accounts import Account, role_of, to_account, username_key
from wijk_core.access.errors import AccessError
from wijk_core.access.model import Role
from wijk_core.access.passwords import verify_password
from wijk_core.access.tables import AccessSettingRow, AccountRow, SignInAttemptRow
from wijk_core.store.base import upsert_into, utc_now

__all__ = ["CLIENT_SALT_SETTING", "SHARED_KEY", "LockState", "LockoutPolicy", "SignInOutcome", "SignInReason",
           "client_key", "lock_state", "note_attempt", "sign_in", "sign_in_shared"]

SHARED_KEY = " shared facilitator password"
"""The account key the shared facilitator password's failures are counted under: no username's
key (stripped, see :func:`~wijk_core.access.accounts.username_key`) starts with a space, and
PostgreSQL text holds no NUL."""

CLIENT_SALT_SETTING = "client_key_salt"
"""Key of the ``access_settings`` row holding the random salt of client keys."""


@dataclass(frozen=True)
class LockoutPolicy:
    """How many failures lock an account or a client, for how long, and how slowly failures are answered.

    Attributes
    ----------
    max_failures : int, default 5
        Failures within ``window`` that lock.
    window : timedelta, default 15 minutes
    lockout : timedelta, default 15 minutes
        How long the lock lasts after the last failure.
    base_delay, max_delay : float, default 0.5 and 8.0
        Seconds to wait before answering the first failure, and at most.
    """

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)
    base_delay: float = 0.5
    max_delay: float = 8.0

    def __post_init__(self) -> None:
        if isinstance(self.max_failures, bool) or not isinstance(self.max_failures, int) or self.max_failures < 1:
            raise ValueError(f"LockoutPolicy.max_failures is a positive int, got {self.max_failures!r}.")
        for name in ("window", "lockout"):
            value = getattr(self, name)
            if not isinstance(value, timedelta) or value <= timedelta(0):
                raise ValueError(f"LockoutPolicy.{name} is a positive timedelta, got {value!r}.")
        if not 0 <= self.base_delay <= self.max_delay:
            raise ValueError(f"LockoutPolicy needs 0 <= base_delay <= max_delay, got {self.base_delay!r} "
                             f"and {self.max_delay!r}.")

    def delay(self, failures: int) -> float:
        """Seconds to wait before answering after ``failures`` counted failures (0 for none)."""
        if failures <= 0:
            return 0.0
        return min(self.base_delay * 2.0 ** min(failures - 1, 64), self.max_delay)


@dataclass(frozen=True)
class LockState:
    """Failures counted for an account and a client, and how long a lock still lasts (0 when none)."""

    account_failures: int
    client_failures: int
    locked_for: timedelta

    @property
    def locked(self) -> bool:
        return self.locked_for > timedelta(0)

    @property
    def failures(self) -> int:
        return max(self.account_failures, self.client_failures)

    @property
    def minutes(self) -> int:
        """The lock's remaining time in whole minutes, rounded up (what the user is told)."""
        return math.ceil(self.locked_for.total_seconds() / 60)


def client_key(session: Session, address: str | None) -> str:
    """The hex SHA-256 of a client address with the installation's salt: what is stored instead of it.

    Parameters
    ----------
    session : Session
        The salt is ``WIJK_CLIENT_KEY_SALT`` when set, otherwise a random value
        made on first use and kept in ``access_settings`` (the first writer wins
        when two instances start together). The first call must be in a write
        session that is committed, as :func:`sign_in`'s is; a read session would
        forget the salt it made.
    address : str or None
        An IPv4 or IPv6 address (written in any of its forms), or another client
        label; None or empty counts as one unknown client.

    Returns
    -------
    str
        64 hex characters.
    """
    text = (address or "").strip()
    try:
        text = ipaddress.ip_address(text).compressed
    except ValueError:
        text = text.lower()
    return hashlib.sha256(f"{_salt(session)}\x00{text}".encode()).hexdigest()


def _salt(session: Session) -> str:
    configured = config.client_key_salt()
    if configured:
        return configured
    found = session.get(AccessSettingRow, CLIENT_SALT_SETTING)
    if found is not None:
        return found.value
    session.execute(upsert_into(session, AccessSettingRow)
                    .values(key=CLIENT_SALT_SETTING, value=secrets.token_hex(32))
                    .on_conflict_do_nothing(index_elements=["key"]))
    return session.scalar(select(AccessSettingRow.value).where(AccessSettingRow.key == CLIENT_SALT_SETTING))


def lock_state(session: Session, account_key: str | None, client: str, now: datetime,
               policy: LockoutPolicy) -> LockState:
    """The failures counted for an account key and a client key at ``now``, and any lock.

    Parameters
    ----------
    session : Session
    account_key : str or None
    client : str
        A :func:`client_key`.
    now : datetime
    policy : LockoutPolicy

    Returns
    -------
    LockState
    """
    since = now - policy.window - policy.lockout
    account = _failures(session, SignInAttemptRow.username_key == account_key, since, now, reset_on_success=True) \
        if account_key is not None else []
    client_failures = _failures(session, SignInAttemptRow.client_key == client, since, now, reset_on_success=False)
    locked_for = max(_locked_for(account, now, policy), _locked_for(client_failures, now, policy))
    return LockState(_in_window(account, now, policy), _in_window(client_failures, now, policy), locked_for)


def _failures(session: Session, which, since: datetime, now: datetime, *, reset_on_success: bool) -> list[datetime]:
    """Times of the failures since ``since``, newest first (after the last success, if asked)."""
    rows = session.execute(select(SignInAttemptRow.at, SignInAttemptRow.success)
                           .where(which, SignInAttemptRow.at > since, SignInAttemptRow.at <= now)
                           .order_by(SignInAttemptRow.at.desc(), SignInAttemptRow.id.desc())).all()
    failures = []
    for at, success in rows:
        if success:
            if reset_on_success:
                break
            continue
        failures.append(at)
    return failures


def _in_window(failures: list[datetime], now: datetime, policy: LockoutPolicy) -> int:
    return sum(1 for at in failures if at > now - policy.window)


def _locked_for(failures: list[datetime], now: datetime, policy: LockoutPolicy) -> timedelta:
    """How long the lock set by the newest failures still lasts: N failures within one window."""
    n = policy.max_failures
    if len(failures) < n or failures[0] - failures[n - 1] >= policy.window:
        return timedelta(0)
    return max(failures[0] + policy.lockout - now, timedelta(0))


def note_attempt(session: Session, account_key: str | None, client: str, success: bool, now: datetime,
                 policy: LockoutPolicy) -> None:
    """Record one attempt, and forget this account's and client's attempts too old to count."""
    too_old = now - 2 * (policy.window + policy.lockout)
    session.execute(delete(SignInAttemptRow).where(SignInAttemptRow.client_key == client,
                                                   SignInAttemptRow.at < too_old))
    if account_key is not None:
        session.execute(delete(SignInAttemptRow).where(SignInAttemptRow.username_key == account_key,
                                                       SignInAttemptRow.at < too_old))
    session.add(SignInAttemptRow(at=now, username_key=account_key, client_key=client, success=success))
    session.flush()


SignInReason = Literal["ok", "unknown", "no_password", "disabled", "wrong_password", "locked"]


@dataclass(frozen=True)
class SignInOutcome:
    """The answer of :func:`sign_in`.

    Attributes
    ----------
    account : Account or None
        The signed-in account; None when refused.
    role : Role or None
        Its role for every project (:func:`role_of` gives it per project).
    reason : str
        ``ok``, or why it was refused, for the log only: ``unknown``,
        ``no_password`` (single sign-on only), ``disabled``, ``wrong_password``,
        ``locked``. Show the user :attr:`error`, which never tells an unknown
        account from a wrong password.
    error : AccessError or None
        ``errors.sign_in_failed``, or ``errors.sign_in_locked`` (params: ``minutes``).
    delay : float
        Seconds the caller waits before answering (0 on success): the delay grows
        with the failures counted, here rather than in a sleep of the core.
    """

    account: Account | None
    role: Role | None
    reason: SignInReason
    error: AccessError | None
    delay: float

    @property
    def ok(self) -> bool:
        return self.reason == "ok"


def sign_in(session: Session, username: str, password: str, client_address: str | None, *,
            now: datetime | None = None, policy: LockoutPolicy = LockoutPolicy()) -> SignInOutcome:
    """Check a username and password, counting failures per account and per client in the database.

    Parameters
    ----------
    session : Session
        A write session: the attempt is recorded (commit it also on refusal).
    username, password : str
    client_address : str or None
        The client's address (from the trusted proxy header, if any); stored only
        as :func:`client_key`.
    now : datetime, optional
        The time of the attempt (default: now).
    policy : LockoutPolicy, optional
        Failures that lock, for how long, and the delay.

    Returns
    -------
    SignInOutcome
        Refused while the account or the client is locked (the password is then
        not even checked, and the attempt not counted), or when the password does
        not match an enabled account with a password. An unknown account takes
        as long as a known one (a dummy hash is checked).

    Notes
    -----
    A successful sign-in with a hash made under older parameters stores a new hash.
    """
    now = now or utc_now()
    key = username_key(username) if isinstance(username, str) and username.strip() else None
    client = client_key(session, client_address)
    state = lock_state(session, key, client, now, policy)
    if state.locked:
        return SignInOutcome(None, None, "locked", AccessError("errors.sign_in_locked", minutes=state.minutes),
                             policy.delay(state.failures))
    row = session.scalar(select(AccountRow).where(AccountRow.username_key == key)) if key is not None else None
    check = verify_password(row.password_hash if row is not None else None, password)
    reason: SignInReason = ("unknown" if row is None else "no_password" if row.password_hash is None
                            else "wrong_password" if not check.ok else "disabled" if row.disabled else "ok")
    note_attempt(session, key, client, reason == "ok", now, policy)
    if reason != "ok":
        after = lock_state(session, key, client, now, policy)
        error = (AccessError("errors.sign_in_locked", minutes=after.minutes) if after.locked
                 else AccessError("errors.sign_in_failed"))
        return SignInOutcome(None, None, "locked" if after.locked else reason, error, policy.delay(after.failures))
    if check.new_hash is not None:
        row.password_hash = check.new_hash
        session.flush()
    return SignInOutcome(to_account(session, row), role_of(session, row.id), "ok", None, 0.0)


def sign_in_shared(session: Session, password: str, expected: str | None, client_address: str | None, *,
                   now: datetime | None = None, policy: LockoutPolicy = LockoutPolicy()) -> SignInOutcome:
    """Check the shared facilitator password (``WIJK_FACILITATOR_PASSWORD``), counted like an account.

    Parameters
    ----------
    session : Session
        A write session (commit it also on refusal).
    password : str
    expected : str or None
        The configured password; None refuses every attempt (nothing to sign in to).
    client_address : str or None
    now, policy
        As for :func:`sign_in`.

    Returns
    -------
    SignInOutcome
        ``ok`` with no account when the password matches (compared in constant time);
        failures lock the shared password and the client as for an account.
    """
    now = now or utc_now()
    client = client_key(session, client_address)
    state = lock_state(session, SHARED_KEY, client, now, policy)
    if state.locked:
        return SignInOutcome(None, None, "locked", AccessError("errors.sign_in_locked", minutes=state.minutes),
                             policy.delay(state.failures))
    given = password.encode("utf-8") if isinstance(password, str) else b""
    ok = bool(expected) and hmac.compare_digest(given, expected.encode("utf-8"))
    note_attempt(session, SHARED_KEY, client, ok, now, policy)
    if ok:
        return SignInOutcome(None, Role.FACILITATOR, "ok", None, 0.0)
    after = lock_state(session, SHARED_KEY, client, now, policy)
    error = (AccessError("errors.sign_in_locked", minutes=after.minutes) if after.locked
             else AccessError("errors.sign_in_failed"))
    return SignInOutcome(None, None, "locked" if after.locked else "wrong_password", error,
                         policy.delay(after.failures))
