"""Tables of access control. Change them only together with their migration (0006).

Imported by :mod:`wijk_core.schema`, so every table is part of ``Base.metadata``
(what the migrations are checked against).

- ``accounts``: named accounts; the username is unique ignoring case
  (``username_key``); ``password_hash`` is an argon2id hash, NULL for an account
  that signs in through single sign-on only;
- ``account_roles``: an account's role in one project, or in every project
  (``project_id`` NULL); at most one role per account and project;
- ``sign_in_attempts``: every sign-in tried, for the lockout: the username's key
  and a salted hash of the client address (never the address itself);
- ``audit_log``: who did what, when, in which project;
- ``access_settings``: values the access rules keep once, such as the salt of
  the client-address hash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from wijk_core.store.base import (LABEL_MAX, PROJECT_NAME_KEY_MAX, PROJECT_NAME_MAX, Base, IdKey, Timestamps,
                                  timestamp_column, one_of)

ROLES = ("resident", "facilitator", "officer", "administrator")
"""Closed set of roles (:class:`wijk_core.access.Role`), also a CHECK constraint."""

USERNAME_MAX = PROJECT_NAME_MAX
USERNAME_KEY_MAX = PROJECT_NAME_KEY_MAX
DISPLAY_NAME_MAX = LABEL_MAX
EMAIL_MAX = 254
"""Longest e-mail address (RFC 5321's path limit less its brackets)."""

PASSWORD_HASH_MAX = 255
CLIENT_KEY_LENGTH = 64
"""A client key is the hex SHA-256 of the salted client address."""

ACTION_MAX = 40
TARGET_MAX = 200


class AccountRow(IdKey, Timestamps, Base):
    """A named account: username, display name, e-mail, password hash, disabled or not."""

    __tablename__ = "accounts"

    username: Mapped[str] = mapped_column(String(USERNAME_MAX))
    # NFKC + casefold of the username: its unique constraint makes "Anna" and "anna" one account.
    username_key: Mapped[str] = mapped_column(String(USERNAME_KEY_MAX), unique=True)
    display_name: Mapped[str] = mapped_column(String(DISPLAY_NAME_MAX), default="", server_default="")
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX), nullable=True)
    password_hash: Mapped[str | None] = mapped_column(String(PASSWORD_HASH_MAX), nullable=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


class AccountRoleRow(IdKey, Base):
    """An account's role in one project (``project_id``) or in every project (``project_id`` NULL)."""

    __tablename__ = "account_roles"
    __table_args__ = (
        UniqueConstraint("account_id", "project_id"),
        # NULLs are distinct in a UNIQUE constraint: this index allows one role for every project.
        Index("uq_account_roles_account_id_every_project", "account_id", unique=True,
              sqlite_where=text("project_id IS NULL"), postgresql_where=text("project_id IS NULL")),
        CheckConstraint(one_of("role", ROLES), name="role"),
    )

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), nullable=True)
    role: Mapped[str] = mapped_column(String(20))


class SignInAttemptRow(IdKey, Base):
    """One sign-in tried: when, for which username (its key), from which client (a salted hash), and the outcome."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (
        Index(None, "username_key", "at"),
        Index(None, "client_key", "at"),
    )

    at: Mapped[datetime] = timestamp_column()
    username_key: Mapped[str | None] = mapped_column(String(USERNAME_KEY_MAX), nullable=True)
    client_key: Mapped[str] = mapped_column(String(CLIENT_KEY_LENGTH))
    success: Mapped[bool] = mapped_column(Boolean)


class AuditRow(IdKey, Base):
    """Who did what: the account (if any) and its label, the project (if any), the action and its target."""

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "project_id", "at"),)

    at: Mapped[datetime] = timestamp_column()
    # The label keeps saying who it was after the account is deleted.
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True)
    actor: Mapped[str] = mapped_column(String(DISPLAY_NAME_MAX))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"), nullable=True)
    action: Mapped[str] = mapped_column(String(ACTION_MAX))
    target: Mapped[str] = mapped_column(String(TARGET_MAX), default="", server_default="")
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class AccessSettingRow(Base):
    """One value access control keeps once for the whole installation (e.g. ``client_key_salt``)."""

    __tablename__ = "access_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
