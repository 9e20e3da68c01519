"""Who acts: a signed-in account, the shared facilitator password, this machine, a resident, the system.

An :class:`Actor` is what the app binds its store to (``store.acting_as(actor)``):
every store write then asks :meth:`Actor.check_write` before writing and calls
:meth:`Actor.wrote` after, which records the write in the audit log for everyone
but residents (:mod:`wijk_core.store.guard`).

========================= ============================ =====================================
kind                      role                         how the app knows
========================= ============================ =====================================
``account``               its role in the project      signed-in cookie or single sign-on
``shared``                facilitator                  ``WIJK_FACILITATOR_PASSWORD`` signed in
``this_machine``          administrator                nothing set up, browser on the server
``resident``              resident                     anyone else
``system``                every permission             the command line (never the app)
========================= ============================ =====================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy.orm import Session

from wijk_core.access.accounts import Account, role_of
from wijk_core.access.audit import record
from wijk_core.access.errors import AccessError
from wijk_core.access.model import Action, Role, allowed

__all__ = ["Actor", "ActorKind"]

ActorKind = Literal["account", "shared", "this_machine", "resident", "system"]

_FIXED_ROLES: dict[str, Role] = {"shared": Role.FACILITATOR, "this_machine": Role.ADMINISTRATOR,
                                 "resident": Role.RESIDENT, "system": Role.ADMINISTRATOR}


@dataclass(frozen=True)
class Actor:
    """Someone acting in the app, and the client they act from.

    Attributes
    ----------
    kind : str
        ``account``, ``shared``, ``this_machine``, ``resident`` or ``system``.
    label : str
        Who, as the audit log shows it: the username, or a fixed label.
    account_id : int or None
        The account, for ``account`` only; its role is read per project from the store.
    client : str or None
        The client's address as the app sees it. Never stored: the store keeps a
        salted hash where it counts per client.
    """

    kind: ActorKind
    label: str
    account_id: int | None = None
    client: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if (self.kind == "account") != (self.account_id is not None):
            raise ValueError("An account actor, and only one, has an account_id.")

    # --- who ---------------------------------------------------------------------------------

    @classmethod
    def for_account(cls, account: Account, client: str | None = None) -> Actor:
        return cls("account", account.username, account.id, client)

    @classmethod
    def shared_facilitator(cls, client: str | None = None) -> Actor:
        return cls("shared", "facilitator password", None, client)

    @classmethod
    def this_machine(cls, client: str | None = None) -> Actor:
        return cls("this_machine", "this machine", None, client)

    @classmethod
    def resident(cls, client: str | None = None) -> Actor:
        return cls("resident", "resident", None, client)

    @classmethod
    def command_line(cls) -> Actor:
        return cls("system", "command line")

    @property
    def signed_in(self) -> bool:
        """True for someone who proved who they are (an account or the shared password)."""
        return self.kind in ("account", "shared")

    # --- what they may do -------------------------------------------------------------------------

    def role_in(self, session: Session, project_id: int | None) -> Role:
        """The actor's role in a project (None: outside any project); no role at all is a resident."""
        if self.kind != "account":
            return _FIXED_ROLES[self.kind]
        return role_of(session, self.account_id, project_id) or Role.RESIDENT

    def may(self, session: Session, action: Action | str, project_id: int | None) -> bool:
        """Whether the actor may take ``action`` in ``project_id``."""
        return allowed(self.role_in(session, project_id), action)

    def check_write(self, session: Session, action: str, project_id: int | None) -> None:
        """Refuse a write the actor may not take: ``errors.access_denied`` (role, action)."""
        role = self.role_in(session, project_id)
        if not allowed(role, action):
            raise AccessError("errors.access_denied", role=role.value, action=Action(action).value)

    def wrote(self, session: Session, action: str, project_id: int | None, target: str) -> None:
        """Record a write in the audit log, in its transaction; residents' posts and votes are not logged."""
        if self.kind == "resident":
            return
        who = _AccountRef(self.account_id, self.label) if self.kind == "account" else self.label
        record(session, who, action, target, project_id)


@dataclass(frozen=True)
class _AccountRef:
    id: int
    username: str
