"""Accounts and the audit log as tables an administrator reads, in their language.

Used by the administrator's page; plain data in, :class:`pandas.DataFrame` out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

import pandas as pd

from wijk_core.access.accounts import Account, RoleGrant
from wijk_core.access.audit import AuditEntry
from wijk_core.access.model import Role
from wijk_core.i18n import language, t

__all__ = ["accounts_table", "audit_table", "role_label", "roles_text", "until"]


def role_label(role: Role | str, lang: str) -> str:
    """A role in words, e.g. ``"begeleider"`` for a facilitator in Dutch."""
    return t(f"signin.role_{Role(role).value}", language(lang))


def roles_text(roles: Iterable[RoleGrant], project_names: Mapping[int, str], lang: str) -> str:
    """An account's roles in one line: ``"ambtenaar in alle projecten; begeleider in Muide"``.

    Parameters
    ----------
    roles : iterable of RoleGrant
    project_names : mapping
        Project id → name (an unknown id is shown as its number).
    lang : str

    Returns
    -------
    str
        ``access.no_role`` when there is none.
    """
    code = language(lang)
    parts = [t("access.role_in", code, role=role_label(grant.role, code),
               project=t("access.every_project", code) if grant.project_id is None
               else project_names.get(grant.project_id, str(grant.project_id)))
             for grant in roles]
    return "; ".join(parts) if parts else t("access.no_role", code)


def accounts_table(accounts: Iterable[Account], project_names: Mapping[int, str], lang: str) -> pd.DataFrame:
    """The accounts, one row each: username, name, e-mail, roles, has a password, disabled.

    Parameters
    ----------
    accounts : iterable of Account
    project_names : mapping
        Project id → name.
    lang : str

    Returns
    -------
    DataFrame
        Translated headings; yes/no in words; never a password hash (an Account has none).
    """
    code = language(lang)
    yes_no = {True: t("access.yes", code), False: t("access.no", code)}
    rows = [(a.username, a.display_name, a.email or "", roles_text(a.roles, project_names, code),
             yes_no[a.has_password], yes_no[a.disabled]) for a in accounts]
    keys = ("username", "display_name", "email", "roles", "password", "disabled")
    return pd.DataFrame(rows, columns=[t(f"access.col_{key}", code) for key in keys], dtype=object)


def audit_table(entries: Iterable[AuditEntry], project_names: Mapping[int, str], lang: str) -> pd.DataFrame:
    """Audit entries as shown: when (UTC, to the second), who, project, action, what.

    Parameters
    ----------
    entries : iterable of AuditEntry
    project_names : mapping
        Project id → name; an entry outside any project shows ``access.no_project``.
    lang : str

    Returns
    -------
    DataFrame
    """
    code = language(lang)
    rows = [(entry.at.strftime("%Y-%m-%d %H:%M:%S"), entry.actor,
             t("access.no_project", code) if entry.project_id is None
             else project_names.get(entry.project_id, str(entry.project_id)),
             entry.action, entry.target) for entry in entries]
    keys = ("at", "actor", "project", "action", "target")
    return pd.DataFrame(rows, columns=[t(f"access.col_{key}", code) for key in keys], dtype=object)


def until(entries: Iterable[AuditEntry], end: datetime | None) -> list[AuditEntry]:
    """The entries before ``end`` (all when None): the other end of a period, :func:`audit_entries` has the first."""
    return [entry for entry in entries if end is None or entry.at < end]
