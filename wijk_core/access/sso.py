"""Single sign-on: the role an identity provider's account gets, and its account in the store.

Streamlit's ``st.login`` signs the user in with the municipality's OpenID Connect
provider; the app then calls :func:`sso_account` with the claims (``st.user``). The
rules that map claims to a role come from ``.streamlit/secrets.toml``::

    [wijkwerf_roles]
    administrator = ["it-dienst@gemeente.be"]
    officer = ["*@gemeente.be"]          # e-mail patterns (fnmatch, ignoring case)
    facilitator = ["*@buurtwerk.be"]
    group_claim = "groups"               # optional: a claim holding group names
    [wijkwerf_roles.groups]
    wijkteam-ambtenaren = "officer"

The highest role any rule gives wins. The first sign-in creates an account (username
= e-mail, no password) with that role for every project; from then on the store's
roles count, so an administrator can change them in the app.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wijk_core.access.accounts import Account, to_account, username_key
from wijk_core.access.audit import record
from wijk_core.access.model import Action, Role
from wijk_core.access.tables import AccountRoleRow, AccountRow

__all__ = ["ROLE_ORDER", "role_from_claims", "sso_account"]

ROLE_ORDER = (Role.RESIDENT, Role.FACILITATOR, Role.OFFICER, Role.ADMINISTRATOR)


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(item) for item in value]
    return []


def role_from_claims(claims: Mapping[str, Any], rules: Mapping[str, Any] | None) -> Role | None:
    """The highest role the rules give these claims, or None.

    Parameters
    ----------
    claims : mapping
        The provider's claims (``email``, and the group claim if configured).
    rules : mapping or None
        The ``[wijkwerf_roles]`` section: role → e-mail patterns, ``group_claim`` and
        ``groups`` (group name → role). Unknown role names are ignored.

    Returns
    -------
    Role or None
    """
    if not rules:
        return None
    email = str(claims.get("email") or "").strip().lower()
    found: set[Role] = set()
    for role in (Role.FACILITATOR, Role.OFFICER, Role.ADMINISTRATOR):
        for pattern in _names(rules.get(role.value)):
            if email and fnmatch.fnmatchcase(email, pattern.strip().lower()):
                found.add(role)
    group_claim = rules.get("group_claim")
    groups = rules.get("groups")
    if isinstance(group_claim, str) and isinstance(groups, Mapping):
        for group in _names(claims.get(group_claim)):
            role_name = groups.get(group)
            if isinstance(role_name, str) and role_name.strip().lower() in {r.value for r in ROLE_ORDER}:
                found.add(Role(role_name))
    return max(found, key=ROLE_ORDER.index) if found else None


def sso_account(session: Session, claims: Mapping[str, Any], rules: Mapping[str, Any] | None) -> Account | None:
    """The account of a single sign-on user, made on first sign-in; None without an e-mail claim.

    Parameters
    ----------
    session : Session
        A write session (the first sign-in creates the account; commit it).
    claims : mapping
    rules : mapping or None

    Returns
    -------
    Account or None
        The account whose e-mail or username is the claim's e-mail (ignoring case).
        A new one gets :func:`role_from_claims`'s role for every project (none when no
        rule matches: it then acts as a resident until an administrator gives it one).
    """
    email = str(claims.get("email") or "").strip()
    if not email or "@" not in email or len(email) > 120:
        return None
    key = username_key(email)
    row = session.scalar(select(AccountRow).where(
        (AccountRow.username_key == key) | (func.lower(AccountRow.email) == email.lower())).order_by(AccountRow.id))
    if row is None:
        name = str(claims.get("name") or "").strip()[:200]
        row = AccountRow(username=email, username_key=key, display_name=name, email=email, password_hash=None)
        session.add(row)
        session.flush()
        role = role_from_claims(claims, rules)
        if role is not None and role is not Role.RESIDENT:
            session.add(AccountRoleRow(account_id=row.id, project_id=None, role=role.value))
            session.flush()
        record(session, "single sign-on", Action.ACCOUNTS_MANAGE, f"account {row.id} made on first sign-in",
               detail={"role": role.value if role is not None else None})
    return to_account(session, row)
