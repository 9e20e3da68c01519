"""Passwords: argon2id hashes through argon2-cffi, and a check that does not tell who exists.

argon2id is memory-hard: a guess costs the attacker the same memory and time it
costs the app (argon2-cffi's defaults, RFC 9106's second recommendation: 64 MiB,
3 passes, 4 lanes; about 0.2 s a hash on a current laptop). Stored hashes carry
their parameters, so raising them later only makes :func:`verify_password` hand
back a new hash at the next sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from wijk_core.access.errors import AccessError

__all__ = ["PASSWORD_MAX", "PASSWORD_MIN", "PasswordCheck", "check_password_rules", "hash_password",
           "verify_password"]

PASSWORD_MIN = 10
"""Shortest password accepted, in characters."""

PASSWORD_MAX = 1024
"""Longest password accepted: hashing is costly, unbounded input would be a cheap attack."""

_HASHER = PasswordHasher()


@dataclass(frozen=True)
class PasswordCheck:
    """The answer of :func:`verify_password`.

    Attributes
    ----------
    ok : bool
        The password matches the stored hash.
    new_hash : str or None
        When ``ok`` and the stored hash was made with other parameters than today's:
        the password hashed anew, to store in its place.
    """

    ok: bool
    new_hash: str | None = None


def check_password_rules(password: str) -> str:
    """``password`` unchanged if it is long enough and not too long.

    Parameters
    ----------
    password : str

    Returns
    -------
    str

    Raises
    ------
    AccessError
        ``errors.access_password_too_short`` (params: ``min``) or
        ``errors.access_password_too_long`` (params: ``max``).
    TypeError
        If ``password`` is not a string.
    """
    if not isinstance(password, str):
        raise TypeError(f"A password is a string, got {type(password).__name__}.")
    if len(password) < PASSWORD_MIN:
        raise AccessError("errors.access_password_too_short", min=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        raise AccessError("errors.access_password_too_long", max=PASSWORD_MAX)
    return password


def hash_password(password: str) -> str:
    """The argon2id hash of ``password``, in the PHC string format (salt and parameters included).

    Parameters
    ----------
    password : str
        Checked with :func:`check_password_rules` first.

    Returns
    -------
    str
        ``$argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>``.

    Raises
    ------
    AccessError
        A password too short or too long.
    """
    return _HASHER.hash(check_password_rules(password))


def verify_password(stored_hash: str | None, password: str) -> PasswordCheck:
    """Whether ``password`` matches ``stored_hash``, in the same time whether or not there is a hash.

    Parameters
    ----------
    stored_hash : str or None
        The account's hash; ``None`` for an unknown account or one without a
        password (single sign-on): the password is then checked against a dummy
        hash, so the answer takes as long as for a real account.
    password : str

    Returns
    -------
    PasswordCheck
        ``ok`` False on a mismatch, a missing or unreadable stored hash, or a
        password that is not a string or is too long; ``new_hash`` set when the
        hash should be replaced (parameters changed since it was made).
    """
    if not isinstance(password, str) or len(password) > PASSWORD_MAX:
        return PasswordCheck(False)
    if stored_hash is None:
        _verify(_dummy_hash(), password)
        return PasswordCheck(False)
    if not _verify(stored_hash, password):
        return PasswordCheck(False)
    return PasswordCheck(True, _HASHER.hash(password) if _HASHER.check_needs_rehash(stored_hash) else None)


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except VerifyMismatchError:
        return False
    except (InvalidHashError, VerificationError):
        # A damaged hash: spend the time of a real check, then refuse.
        _verify(_dummy_hash(), password)
        return False


@cache
def _dummy_hash() -> str:
    """A hash of nothing anyone types, made once (not at import: a hash takes a fifth of a second)."""
    return _HASHER.hash("wijkwerf: no account has this password \x00")
