"""Access control: roles and the one permission table, accounts, passwords, sign-in, audit log.

- ``model``: :class:`Role`, :class:`Action`, :data:`PERMISSIONS` (role → actions),
  :func:`allowed`, :func:`require`;
- ``actor``: :class:`Actor`, who acts (account, shared password, this machine, resident,
  command line): what the store asks before every write, and what records it;
- ``passwords``: argon2id hashes (:func:`hash_password`, :func:`verify_password`);
- ``tables``: accounts, roles, sign-in attempts, the audit log;
- ``accounts``: :class:`Account` as read, and :func:`role_of` (a project's role wins);
- ``store``: creating and changing accounts and roles (functions taking a session first);
- ``signin``: :func:`sign_in`, counting failures in the database (:class:`LockoutPolicy`);
- ``audit``: :func:`record` and :func:`audit_entries`;
- ``export``: the audit log as CSV.

Refusals are :class:`AccessError` (or :class:`~wijk_core.store.StoreError`), with an i18n code.
"""

from wijk_core.access.accounts import Account, RoleGrant, role_of
from wijk_core.access.audit import AuditEntry, audit_entries, record
from wijk_core.access.errors import AccessError
from wijk_core.access.export import AUDIT_COLUMNS, audit_csv
from wijk_core.access.actor import Actor
from wijk_core.access.model import PERMISSIONS, Action, Role, allowed, require
from wijk_core.access.passwords import (PASSWORD_MAX, PASSWORD_MIN, PasswordCheck, check_password_rules,
                                        hash_password, verify_password)
from wijk_core.access.signin import LockoutPolicy, SignInOutcome, client_key, sign_in
from wijk_core.access.store import (add_account, disable_account, enable_account, find_account, get_account,
                                    list_accounts, remove_role, set_password, set_role)

__all__ = [
    "AUDIT_COLUMNS",
    "PASSWORD_MAX",
    "PASSWORD_MIN",
    "PERMISSIONS",
    "AccessError",
    "Account",
    "Actor",
    "Action",
    "AuditEntry",
    "LockoutPolicy",
    "PasswordCheck",
    "Role",
    "RoleGrant",
    "SignInOutcome",
    "add_account",
    "allowed",
    "audit_csv",
    "audit_entries",
    "check_password_rules",
    "client_key",
    "disable_account",
    "enable_account",
    "find_account",
    "get_account",
    "hash_password",
    "list_accounts",
    "record",
    "remove_role",
    "require",
    "role_of",
    "set_password",
    "set_role",
    "sign_in",
    "verify_password",
]
