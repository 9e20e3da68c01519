"""Accounts and roles in the store: functions taking an open session (the caller commits).

Use them like every domain's ``store.py``: ``store.write(add_account, "anna", …)`` or
``with store.writing() as session: set_role(session, account.id, "officer")``.
:func:`sign_in` checks a password against the failures counted in ``signin.py``; the
audit log (:func:`record`, :func:`audit_entries`) lives in ``audit.py`` and is
re-exported here. Everything
returned is a frozen dataclass; never a password hash. Refusals are
:class:`AccessError` / :class:`StoreError`:

===================================== ====================================================
``errors.access_username_empty``      no username given
``errors.access_username_too_long``   (max) more than 120 characters
``errors.access_username_invalid``    (value) spaces or other characters than . _ - @ +
``errors.access_username_taken``      (name) an account has this username, ignoring case
``errors.access_account_not_found``   (id) no such account
``errors.access_account_unknown``     (name) no account with this username
``errors.access_email_invalid``       (value) not an e-mail address
``errors.access_role_unknown``        (value, allowed) not a role
``errors.project_not_found``          (id) the project does not exist
``errors.text_too_long``              (max) a display name over 200 characters
``errors.sign_in_failed``             (in :class:`SignInOutcome`) wrong username or password
``errors.sign_in_locked``             (in :class:`SignInOutcome`, minutes) too many failures
===================================== ====================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wijk_core.access.audit import AuditEntry, audit_entries, record
from wijk_core.access.errors import AccessError
from wijk_core.access.model import Role
from wijk_core.access.passwords import hash_password, verify_password
from wijk_core.access.signin import LockoutPolicy, client_key, lock_state, note_attempt
from wijk_core.access.tables import DISPLAY_NAME_MAX, EMAIL_MAX, USERNAME_MAX, AccountRoleRow, AccountRow
from wijk_core.store.base import checked_id, flush_unique, get_row, printable, utc_now
from wijk_core.store.errors import StoreError
from wijk_core.store.projects import existing_project_id, name_key

__all__ = [
    "Account",
    "AuditEntry",
    "LockoutPolicy",
    "RoleGrant",
    "SignInOutcome",
    "SignInReason",
    "add_account",
    "audit_entries",
    "client_key",
    "disable_account",
    "enable_account",
    "find_account",
    "get_account",
    "list_accounts",
    "record",
    "remove_role",
    "role_of",
    "roles_of",
    "set_password",
    "set_role",
    "sign_in",
    "username_key",
]

_USERNAME = re.compile(r"[\w.@+-]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class RoleGrant:
    """One role of an account: in ``project_id``, or in every project when it is None."""

    project_id: int | None
    role: Role


@dataclass(frozen=True)
class Account:
    """A named account as the rest of the application sees it (never its password hash).

    Attributes
    ----------
    id : int
    username : str
        As typed when created; unique ignoring case.
    display_name : str
    email : str or None
    has_password : bool
        False for an account that signs in through single sign-on only.
    disabled : bool
        A disabled account cannot sign in and has no role.
    roles : tuple of RoleGrant
        Its role for every project (``project_id`` None) first, then per project.
    created_at, updated_at : datetime
    """

    id: int
    username: str
    display_name: str
    email: str | None
    has_password: bool
    disabled: bool
    roles: tuple[RoleGrant, ...]
    created_at: datetime
    updated_at: datetime


def username_key(username: str) -> str:
    """The form under which two usernames are the same account: NFKC, case-folded."""
    return name_key(username)


def _clean_username(username: str | None) -> str:
    if username is None:
        username = ""
    if not isinstance(username, str):
        raise TypeError(f"A username is a string, got {type(username).__name__}.")
    cleaned = printable(username).strip()
    if not cleaned:
        raise AccessError("errors.access_username_empty")
    if len(cleaned) > USERNAME_MAX:
        raise AccessError("errors.access_username_too_long", max=USERNAME_MAX)
    if not _USERNAME.fullmatch(cleaned):
        raise AccessError("errors.access_username_invalid", value=cleaned)
    return cleaned


def _clean_display_name(display_name: str | None) -> str:
    cleaned = " ".join(printable(display_name or "").split())
    if len(cleaned) > DISPLAY_NAME_MAX:
        raise StoreError("errors.text_too_long", max=DISPLAY_NAME_MAX)
    return cleaned


def _clean_email(email: str | None) -> str | None:
    cleaned = printable(email or "").strip()
    if not cleaned:
        return None
    if len(cleaned) > EMAIL_MAX or not _EMAIL.fullmatch(cleaned):
        raise AccessError("errors.access_email_invalid", value=cleaned[:EMAIL_MAX])
    return cleaned


def _account_row(session: Session, account_id: int) -> AccountRow:
    return get_row(session, AccountRow, account_id, "errors.access_account_not_found", "account")


def _to_account(session: Session, row: AccountRow) -> Account:
    grants = session.scalars(select(AccountRoleRow).where(AccountRoleRow.account_id == row.id)).all()
    roles = tuple(RoleGrant(grant.project_id, Role(grant.role)) for grant in
                  sorted(grants, key=lambda grant: (grant.project_id is not None, grant.project_id or 0)))
    return Account(row.id, row.username, row.display_name, row.email, row.password_hash is not None,
                   row.disabled, roles, row.created_at, row.updated_at)


def add_account(session: Session, username: str, *, password: str | None = None, display_name: str = "",
                email: str | None = None, role: Role | str | None = None,
                project_id: int | None = None) -> Account:
    """Create an account, with a password (local sign-in) or without (single sign-on only).

    Parameters
    ----------
    session : Session
    username : str
        Letters, digits and ``. _ - @ +``; unique ignoring case.
    password : str, optional
        Hashed with argon2id; None for an account without a local password.
    display_name : str, optional
    email : str, optional
    role : Role or str, optional
        A first role, in ``project_id`` or (None) in every project.
    project_id : int, optional

    Returns
    -------
    Account

    Raises
    ------
    AccessError
        A refused username, e-mail address, password or role (see the module's table),
        ``errors.access_username_taken`` (params: ``name``).
    StoreError
        ``errors.project_not_found``, ``errors.text_too_long``.
    """
    cleaned = _clean_username(username)
    row = AccountRow(username=cleaned, username_key=username_key(cleaned),
                     display_name=_clean_display_name(display_name), email=_clean_email(email),
                     password_hash=hash_password(password) if password is not None else None)
    checked_role = Role(role) if role is not None else None
    session.add(row)
    flush_unique(session, AccessError("errors.access_username_taken", name=cleaned), AccountRow.username_key)
    if checked_role is not None:
        set_role(session, row.id, checked_role, project_id)
    return _to_account(session, row)


def get_account(session: Session, account_id: int) -> Account:
    """The account with this id.

    Raises
    ------
    StoreError
        ``errors.access_account_not_found`` (params: ``id``).
    """
    return _to_account(session, _account_row(session, account_id))


def find_account(session: Session, username: str) -> Account | None:
    """The account with this username (ignoring case), or None."""
    row = session.scalar(select(AccountRow).where(AccountRow.username_key == username_key(username or "")))
    return _to_account(session, row) if row is not None else None


def list_accounts(session: Session) -> list[Account]:
    """Every account, by username ignoring case."""
    rows = session.scalars(select(AccountRow).order_by(AccountRow.username_key, AccountRow.id)).all()
    return [_to_account(session, row) for row in rows]


def set_role(session: Session, account_id: int, role: Role | str, project_id: int | None = None) -> Account:
    """Give an account ``role`` in one project, or (``project_id`` None) in every project.

    An account has at most one role per project and one for every project; setting
    it again replaces it. In a project, its role there wins over its role for every
    project (:func:`role_of`).

    Returns
    -------
    Account

    Raises
    ------
    AccessError
        ``errors.access_role_unknown``.
    StoreError
        ``errors.access_account_not_found``, ``errors.project_not_found``.
    """
    row = _account_row(session, account_id)
    checked = Role(role)
    project = existing_project_id(session, project_id) if project_id is not None else None
    grant = session.scalar(select(AccountRoleRow).where(*_scope(row.id, project)).with_for_update())
    if grant is None:
        session.add(AccountRoleRow(account_id=row.id, project_id=project, role=checked.value))
    else:
        grant.role = checked.value
    row.updated_at = utc_now()
    session.flush()
    return _to_account(session, row)


def remove_role(session: Session, account_id: int, project_id: int | None = None) -> Account:
    """Take away an account's role in one project, or its role for every project (``project_id`` None)."""
    row = _account_row(session, account_id)
    project = checked_id(project_id, "project") if project_id is not None else None
    session.execute(delete(AccountRoleRow).where(*_scope(row.id, project)))
    row.updated_at = utc_now()
    session.flush()
    return _to_account(session, row)


def _scope(account_id: int, project_id: int | None) -> tuple:
    return (AccountRoleRow.account_id == account_id,
            AccountRoleRow.project_id.is_(None) if project_id is None else AccountRoleRow.project_id == project_id)


def role_of(session: Session, account_id: int, project_id: int | None = None) -> Role | None:
    """The role an account has in a project: its role there, else its role for every project.

    Parameters
    ----------
    session : Session
    account_id : int
    project_id : int, optional
        None asks for the role outside any project (for every project).

    Returns
    -------
    Role or None
        None when the account has no role there, is disabled or does not exist:
        the caller treats it as a resident.
    """
    row = session.get(AccountRow, checked_id(account_id, "account"))
    if row is None or row.disabled:
        return None
    grants = {grant.project_id: grant.role for grant in
              session.scalars(select(AccountRoleRow).where(AccountRoleRow.account_id == row.id)).all()}
    if project_id is not None and project_id in grants:
        return Role(grants[project_id])
    return Role(grants[None]) if None in grants else None


def roles_of(session: Session, account_id: int) -> tuple[RoleGrant, ...]:
    """Every role of an account (every project first, then per project)."""
    return get_account(session, account_id).roles


def _set_disabled(session: Session, account_id: int, disabled: bool) -> Account:
    row = _account_row(session, account_id)
    row.disabled = disabled
    row.updated_at = utc_now()
    session.flush()
    return _to_account(session, row)


def disable_account(session: Session, account_id: int) -> Account:
    """Stop an account from signing in (its roles are kept, and count again when it is enabled)."""
    return _set_disabled(session, account_id, True)


def enable_account(session: Session, account_id: int) -> Account:
    """Let a disabled account sign in again."""
    return _set_disabled(session, account_id, False)


def set_password(session: Session, account_id: int, password: str | None) -> Account:
    """Give an account a new password, or (None) none: it then signs in through single sign-on only.

    Raises
    ------
    StoreError
        ``errors.access_account_not_found``.
    AccessError
        ``errors.access_password_too_short``, ``errors.access_password_too_long``.
    """
    row = _account_row(session, account_id)
    row.password_hash = hash_password(password) if password is not None else None
    row.updated_at = utc_now()
    session.flush()
    return _to_account(session, row)


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
        return self.account is not None


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
    return SignInOutcome(_to_account(session, row), role_of(session, row.id), "ok", None, 0.0)
