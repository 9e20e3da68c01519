"""An account as the rest of the application sees it, and the role it has in a project.

Read by :mod:`wijk_core.access.store` (which changes accounts) and
:mod:`wijk_core.access.signin` (which signs them in); never a password hash leaves here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from wijk_core.access.model import Role
from wijk_core.access.tables import AccountRoleRow, AccountRow
from wijk_core.store.base import checked_id, get_row
from wijk_core.store.projects import name_key

__all__ = ["Account", "RoleGrant", "account_row", "role_of", "to_account", "username_key"]


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



def account_row(session: Session, account_id: int) -> AccountRow:
    """The row of an account, or ``errors.access_account_not_found`` (params: ``id``)."""
    return get_row(session, AccountRow, account_id, "errors.access_account_not_found", "account")


def to_account(session: Session, row: AccountRow) -> Account:
    """The :class:`Account` of a row, with its roles (every project first, then by project id)."""
    grants = session.scalars(select(AccountRoleRow).where(AccountRoleRow.account_id == row.id)).all()
    roles = tuple(RoleGrant(grant.project_id, Role(grant.role)) for grant in
                  sorted(grants, key=lambda grant: (grant.project_id is not None, grant.project_id or 0)))
    return Account(row.id, row.username, row.display_name, row.email, row.password_hash is not None,
                   row.disabled, roles, row.created_at, row.updated_at)


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
