"""Who may do what: the roles, the actions of the product and the one permission table.

- :class:`Role`: resident (no account: the participant token of the idea map),
  facilitator, officer, administrator;
- :class:`Action`: every read and write of the product, named by domain
  (``ideas.post``, ``costs.write``, ``accounts.manage`` …);
- :data:`PERMISSIONS`: role → the actions it may take, in one table;
- :func:`allowed` / :func:`require`: the check every page and every write calls;

Which action each store write needs is declared on the write itself
(``@writes("costs.write")``, :mod:`wijk_core.store.guard`); the store asks the
session's :class:`~wijk_core.access.actor.Actor` before every write.

A role taken per project or for every project is resolved by
:func:`wijk_core.access.store.role_of`; this module knows nothing of accounts.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType

from wijk_core.access.errors import AccessError
from wijk_core.enums import AliasEnum

__all__ = ["PERMISSIONS", "Action", "Role", "allowed", "require"]


class Role(AliasEnum):
    """Who someone is in a project. Accepts Dutch, French and English spellings.

    ``resident`` has no account (the idea map's participant token);
    ``facilitator`` runs the participation (moderation, stakeholders);
    ``officer`` runs the project (selection, data, costs);
    ``administrator`` also manages accounts and reads the audit log.
    """

    RESIDENT = "resident"
    FACILITATOR = "facilitator"
    OFFICER = "officer"
    ADMINISTRATOR = "administrator"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"bewoner": "resident", "habitant": "resident", "inwoner": "resident",
                "begeleider": "facilitator", "animateur": "facilitator", "animatrice": "facilitator",
                "ambtenaar": "officer", "fonctionnaire": "officer",
                "beheerder": "administrator", "administrateur": "administrator",
                "administratrice": "administrator", "admin": "administrator"}

    @classmethod
    def _unknown(cls, value: object) -> AccessError:
        return cls._refusal(AccessError, "errors.access_role_unknown", value)


class Action(str, Enum):
    """Every read and write of the product, ``<domain>.<verb>``."""

    IDEAS_READ = "ideas.read"
    IDEAS_POST = "ideas.post"
    IDEAS_VOTE = "ideas.vote"
    IDEAS_COMMENT = "ideas.comment"
    IDEAS_REPORT = "ideas.report"
    IDEAS_MODERATE = "ideas.moderate"
    IDEAS_SETTINGS = "ideas.settings"
    STAKEHOLDERS_READ = "stakeholders.read"
    STAKEHOLDERS_WRITE = "stakeholders.write"
    SELECTION_READ = "selection.read"
    SELECTION_WRITE = "selection.write"
    DATA_READ = "data.read"
    DATA_UPLOAD = "data.upload"
    COSTS_READ = "costs.read"
    COSTS_WRITE = "costs.write"
    PROJECT_CREATE = "project.create"
    PROJECT_RENAME = "project.rename"
    ACCOUNTS_MANAGE = "accounts.manage"
    AUDIT_READ = "audit.read"

    @classmethod
    def _missing_(cls, value: object) -> Action:
        if isinstance(value, str):
            for member in cls:
                if member.value == value.strip().lower():
                    return member
        raise AccessError("errors.access_action_unknown", value=str(value),
                          allowed=", ".join(member.value for member in cls))


_RESIDENT = frozenset({Action.IDEAS_READ, Action.IDEAS_POST, Action.IDEAS_VOTE, Action.IDEAS_COMMENT,
                       Action.IDEAS_REPORT})
_FACILITATOR = _RESIDENT | {Action.IDEAS_MODERATE, Action.IDEAS_SETTINGS,
                            Action.STAKEHOLDERS_READ, Action.STAKEHOLDERS_WRITE,
                            # project data: read it, never change it
                            Action.SELECTION_READ, Action.DATA_READ, Action.COSTS_READ}
_ADMINISTRATOR = frozenset(Action)
_OFFICER = _ADMINISTRATOR - {Action.ACCOUNTS_MANAGE, Action.AUDIT_READ}

PERMISSIONS: Mapping[Role, frozenset[Action]] = MappingProxyType({
    Role.RESIDENT: _RESIDENT,
    Role.FACILITATOR: _FACILITATOR,
    Role.OFFICER: _OFFICER,
    Role.ADMINISTRATOR: _ADMINISTRATOR,
})
"""The one permission table: each role and the actions it may take (read-only)."""


def allowed(role: Role | str | None, action: Action | str) -> bool:
    """Whether ``role`` may take ``action``.

    Parameters
    ----------
    role : Role, str or None
        A role or one of its spellings; ``None`` (no account, or no role) is a resident.
    action : Action or str
        An action or its value, e.g. ``"costs.write"``.

    Returns
    -------
    bool

    Raises
    ------
    AccessError
        ``errors.access_role_unknown`` / ``errors.access_action_unknown`` for a
        name that is neither a role nor an action.
    """
    return Action(action) in PERMISSIONS[Role(role if role is not None else Role.RESIDENT)]


def require(role: Role | str | None, action: Action | str) -> None:
    """Refuse unless ``role`` may take ``action``.

    Parameters
    ----------
    role : Role, str or None
        ``None`` is a resident.
    action : Action or str

    Raises
    ------
    AccessError
        ``errors.access_denied`` (params: ``role``, ``action``, the canonical values).
    """
    checked_role = Role(role if role is not None else Role.RESIDENT)
    checked_action = Action(action)
    if checked_action not in PERMISSIONS[checked_role]:
        raise AccessError("errors.access_denied", role=checked_role.value, action=checked_action.value)
