"""Accounts and roles in the store: functions taking an open session (the caller commits).

Use them like every domain's ``store.py``: ``store.write(add_account, "anna", …)`` or
``with store.writing() as session: set_role(session, account.id, "officer")``.
The account as read (:class:`Account`, :func:`role_of`) lives in ``accounts.py``,
:func:`sign_in` in ``signin.py`` and the audit log (:func:`record`,
:func:`audit_entries`) in ``audit.py``; all are re-exported here. Everything
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

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wijk_core.access.accounts import Account, RoleGrant, account_row, role_of, to_account, username_key
from wijk_core.access.audit import AuditEntry, audit_entries, record
from wijk_core.access.errors import AccessError
from wijk_core.access.model import Role
from wijk_core.access.passwords import hash_password
from wijk_core.access.signin import LockoutPolicy, SignInOutcome, SignInReason, client_key, sign_in
from wijk_core.access.tables import DISPLAY_NAME_MAX, EMAIL_MAX, USERNAME_MAX, AccountRoleRow, AccountRow
from wijk_core.store.base import checked_id, flush_unique, printable, utc_now
from wijk_core.store.errors import StoreError
from wijk_core.store.projects import existing_project_id
from wijk_core.store.guard import writes

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


@writes("accounts.manage", project=None)
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
    return to_account(session, row)


def get_account(session: Session, account_id: int) -> Account:
    """The account with this id.

    Raises
    ------
    StoreError
        ``errors.access_account_not_found`` (params: ``id``).
    """
    return to_account(session, account_row(session, account_id))


def find_account(session: Session, username: str) -> Account | None:
    """The account with this username, or None.

    Parameters
    ----------
    session : Session
    username : str
        Compared ignoring case (:func:`username_key`).

    Returns
    -------
    Account or None
    """
    row = session.scalar(select(AccountRow).where(AccountRow.username_key == username_key(username or "")))
    return to_account(session, row) if row is not None else None


def list_accounts(session: Session) -> list[Account]:
    """Every account, sorted by username ignoring case.

    Parameters
    ----------
    session : Session

    Returns
    -------
    list of Account
    """
    rows = session.scalars(select(AccountRow).order_by(AccountRow.username_key, AccountRow.id)).all()
    return [to_account(session, row) for row in rows]


@writes("accounts.manage", project=None)
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
    row = account_row(session, account_id)
    checked = Role(role)
    project = existing_project_id(session, project_id) if project_id is not None else None
    grant = session.scalar(select(AccountRoleRow).where(*_scope(row.id, project)).with_for_update())
    if grant is None:
        session.add(AccountRoleRow(account_id=row.id, project_id=project, role=checked.value))
    else:
        grant.role = checked.value
    row.updated_at = utc_now()
    session.flush()
    return to_account(session, row)


@writes("accounts.manage", project=None)
def remove_role(session: Session, account_id: int, project_id: int | None = None) -> Account:
    """Take away an account's role in one project, or its role for every project (``project_id`` None).

    Parameters
    ----------
    session : Session
    account_id : int
    project_id : int, optional

    Returns
    -------
    Account
        Without that role (nothing changes when it had none there).

    Raises
    ------
    StoreError
        ``errors.access_account_not_found``.
    """
    row = account_row(session, account_id)
    project = checked_id(project_id, "project") if project_id is not None else None
    session.execute(delete(AccountRoleRow).where(*_scope(row.id, project)))
    row.updated_at = utc_now()
    session.flush()
    return to_account(session, row)


def _scope(account_id: int, project_id: int | None) -> tuple:
    return (AccountRoleRow.account_id == account_id,
            AccountRoleRow.project_id.is_(None) if project_id is None else AccountRoleRow.project_id == project_id)


def roles_of(session: Session, account_id: int) -> tuple[RoleGrant, ...]:
    """Every role of an account (every project first, then per project)."""
    return get_account(session, account_id).roles


def _set_disabled(session: Session, account_id: int, disabled: bool) -> Account:
    row = account_row(session, account_id)
    row.disabled = disabled
    row.updated_at = utc_now()
    session.flush()
    return to_account(session, row)


@writes("accounts.manage", project=None)
def disable_account(session: Session, account_id: int) -> Account:
    """Stop an account from signing in; its roles are kept, and count again when it is enabled.

    Parameters
    ----------
    session : Session
    account_id : int

    Returns
    -------
    Account

    Raises
    ------
    StoreError
        ``errors.access_account_not_found``.
    """
    return _set_disabled(session, account_id, True)


@writes("accounts.manage", project=None)
def enable_account(session: Session, account_id: int) -> Account:
    """Let a disabled account sign in again.

    Parameters
    ----------
    session : Session
    account_id : int

    Returns
    -------
    Account

    Raises
    ------
    StoreError
        ``errors.access_account_not_found``.
    """
    return _set_disabled(session, account_id, False)


@writes("accounts.manage", project=None)
def set_password(session: Session, account_id: int, password: str | None) -> Account:
    """Give an account a new password, or (None) none: it then signs in through single sign-on only.

    Raises
    ------
    StoreError
        ``errors.access_account_not_found``.
    AccessError
        ``errors.access_password_too_short``, ``errors.access_password_too_long``.
    """
    row = account_row(session, account_id)
    row.password_hash = hash_password(password) if password is not None else None
    row.updated_at = utc_now()
    session.flush()
    return to_account(session, row)
