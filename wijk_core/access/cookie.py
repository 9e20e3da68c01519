"""The signed sign-in cookie: who signed in, unforgeable, expiring, and what it stands for now.

The cookie holds ``{"k": kind, "a": account id}`` for an account, or
``{"k": "shared", "p": fingerprint}`` for the shared facilitator password, signed with
itsdangerous (HMAC-SHA256 with a timestamp). The key is ``WIJK_SECRET_KEY`` or a
random value made on first use and kept in ``access_settings``, so every app
instance on one database accepts the same cookies. :func:`signed_in_actor` turns a
cookie back into an :class:`~wijk_core.access.Actor` on every page run, so a disabled
account, a removed role or a changed shared password takes effect at once.

The web server sets it HttpOnly, SameSite=Lax, and Secure on https
(:mod:`wijk_app.routes.auth`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from wijk_core import config
from wijk_core.access.actor import Actor
from wijk_core.access.tables import AccessSettingRow, AccountRow
from wijk_core.store.base import upsert_into

__all__ = ["COOKIE_NAME", "SECRET_SETTING", "SignedIn", "cookie_secret", "read_cookie", "shared_fingerprint",
           "signed_in_actor", "write_cookie"]

COOKIE_NAME = "wijk_session"
SECRET_SETTING = "session_secret"
_SALT = "wijkwerf-sign-in"


@dataclass(frozen=True)
class SignedIn:
    """What a valid cookie says: an account, or the shared facilitator password (by fingerprint)."""

    kind: str
    account_id: int | None = None
    fingerprint: str | None = None


def cookie_secret(session: Session) -> str:
    """``WIJK_SECRET_KEY``, else the random key kept in ``access_settings`` (made by the first writer).

    The first call on a new database must be in a write session that is committed.
    """
    configured = config.secret_key()
    if configured:
        return configured
    found = session.get(AccessSettingRow, SECRET_SETTING)
    if found is not None:
        return found.value
    session.execute(upsert_into(session, AccessSettingRow)
                    .values(key=SECRET_SETTING, value=secrets.token_hex(32))
                    .on_conflict_do_nothing(index_elements=["key"]))
    return session.scalar(select(AccessSettingRow.value).where(AccessSettingRow.key == SECRET_SETTING))


def shared_fingerprint(secret: str, password: str) -> str:
    """A short keyed hash of the shared password: a new password signs everyone holding the old one out."""
    return hmac.new(secret.encode(), f"shared\x00{password}".encode(), hashlib.sha256).hexdigest()[:24]


def write_cookie(secret: str, signed: SignedIn) -> str:
    """The cookie's value for ``signed`` (URL-safe text)."""
    payload = {"k": signed.kind}
    if signed.account_id is not None:
        payload["a"] = signed.account_id
    if signed.fingerprint is not None:
        payload["p"] = signed.fingerprint
    return URLSafeTimedSerializer(secret, salt=_SALT).dumps(payload)


def read_cookie(secret: str, value: str | None, max_age_s: float) -> SignedIn | None:
    """What a cookie says, or None when it is missing, forged, malformed or older than ``max_age_s``."""
    if not value or not isinstance(value, str) or len(value) > 4096:
        return None
    try:
        payload = URLSafeTimedSerializer(secret, salt=_SALT).loads(value, max_age=max_age_s)
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(payload, dict):
        return None
    kind, account_id, fingerprint = payload.get("k"), payload.get("a"), payload.get("p")
    if kind == "account" and isinstance(account_id, int) and not isinstance(account_id, bool):
        return SignedIn("account", account_id=account_id)
    if kind == "shared" and isinstance(fingerprint, str):
        return SignedIn("shared", fingerprint=fingerprint)
    return None


def signed_in_actor(session: Session, signed: SignedIn | None, secret: str, client: str | None) -> Actor | None:
    """The actor a valid cookie stands for now, or None (a resident).

    An account that no longer exists or is disabled stands for no one; the shared
    password only while ``WIJK_FACILITATOR_PASSWORD`` is still the one signed in with.
    """
    if signed is None:
        return None
    if signed.kind == "account":
        row = session.get(AccountRow, signed.account_id)
        if row is None or row.disabled:
            return None
        return Actor("account", row.username, row.id, client)
    password = config.facilitator_password()
    if password and hmac.compare_digest(signed.fingerprint or "", shared_fingerprint(secret, password)):
        return Actor.shared_facilitator(client)
    return None
