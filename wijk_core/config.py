"""Configuration read from environment variables, with safe defaults.

| variable | default | meaning |
|---|---|---|
| ``WIJK_DATABASE_URL`` | SQLite file ``var/wijkwerf.sqlite3`` | SQLAlchemy URL; PostgreSQL for several app instances |
| ``WIJK_DATA_DIR`` | ``data/`` of the repository | folder with the embedded demo data |
| ``WIJK_LANGUAGE`` | ``nl`` | interface language on first visit (nl, fr, en) |
| ``WIJK_FACILITATOR_PASSWORD`` | unset | one shared facilitator sign-in for small set-ups (moderation, stakeholders) |
| ``WIJK_CLIENT_KEY_SALT`` | a random value kept in the database | salt of the hash stored instead of a client address |
| ``WIJK_TRUSTED_PROXY_HEADER`` | unset | header your reverse proxy sets to the client's address (``X-Forwarded-For``, ``X-Real-IP``) |
| ``WIJK_SECRET_KEY`` | a random value kept in the database | key that signs the sign-in cookie (set it to sign everyone out) |
| ``WIJK_SESSION_HOURS`` | ``12`` | how long a sign-in lasts without signing out |
| ``WIJK_BASEMAP`` | ``auto`` | online base map: ``auto`` (the region's official map: GRB in Flanders, UrbIS in Brussels, else CartoWeb.be), ``cartoweb``, ``grb``, ``urbis``, ``osm``, or ``none`` for a plain background; a project's offline base map replaces it |
| ``WIJK_PUBLIC_URL`` | unset | the address residents' phones reach the app at (e.g. ``https://wijkwerf.example.be``), put in the QR code; unset: this machine's address on the local network |
| ``WIJK_OFFICIAL_DIR`` | ``var/official`` | where Statbel's national files are kept once downloaded |
| ``WIJK_STATBEL_URL`` | Statbel's open-data folder | a mirror with the same paths |
| ``WIJK_MAP_CACHE_MB`` | ``1000`` | size above which the least recently used sector layers are deleted from ``static/cache/`` |

Sector geometry prepared for the browser is cached in ``static/cache/`` (served by the
app at ``/app/static/cache/``; safe to delete, it is rebuilt on demand; a national
layer takes about 20 MB).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The SQLAlchemy URL of the store: ``WIJK_DATABASE_URL`` or a local SQLite file."""
    url = os.environ.get("WIJK_DATABASE_URL", "").strip()
    if url:
        return url
    path = REPO_ROOT / "var" / "wijkwerf.sqlite3"
    return f"sqlite:///{path}"


def map_cache_dir() -> Path:
    """Where the browser files of sector layers are written (inside the served ``static/``)."""
    return REPO_ROOT / "static" / "cache"


def map_cache_bytes() -> int:
    """Largest size of the map cache before old sector layers are deleted."""
    try:
        return max(1, int(float(os.environ.get("WIJK_MAP_CACHE_MB", "1000")) * 1_000_000))
    except ValueError:
        return 1_000_000_000


def official_dir() -> Path:
    """Where Statbel's national files are kept once downloaded: ``WIJK_OFFICIAL_DIR`` or ``var/official``."""
    return Path(os.environ.get("WIJK_OFFICIAL_DIR", REPO_ROOT / "var" / "official"))


def statbel_url() -> str | None:
    """A mirror of Statbel's open-data folder (``WIJK_STATBEL_URL``); None for Statbel's own."""
    return os.environ.get("WIJK_STATBEL_URL", "").strip() or None


def data_dir() -> Path:
    """The folder holding the embedded demo data."""
    return Path(os.environ.get("WIJK_DATA_DIR", REPO_ROOT / "data"))


def default_language() -> str:
    """The interface language shown before the user picks one."""
    return os.environ.get("WIJK_LANGUAGE", "nl").strip().lower() or "nl"


def facilitator_password() -> str | None:
    """The facilitator password, or None when none is configured."""
    value = os.environ.get("WIJK_FACILITATOR_PASSWORD")
    return value if value else None


def client_key_salt() -> str | None:
    """The salt of client-address hashes, or None to use the random one the store keeps."""
    value = os.environ.get("WIJK_CLIENT_KEY_SALT", "").strip()
    return value or None


BASEMAP_CHOICES = ("auto", "cartoweb", "grb", "urbis", "osm", "none")


def basemap() -> str:
    """Which online base map to show: one of :data:`BASEMAP_CHOICES` (``auto`` when unset or unknown)."""
    value = os.environ.get("WIJK_BASEMAP", "auto").strip().lower()
    return value if value in BASEMAP_CHOICES else "auto"


def public_url() -> str | None:
    """The configured public address of the app (``WIJK_PUBLIC_URL``), or None."""
    value = os.environ.get("WIJK_PUBLIC_URL", "").strip()
    return value or None


def basemap_cache_dir() -> Path:
    """Where a project's offline base map is laid out as tile files (inside the served ``static/``)."""
    return REPO_ROOT / "static" / "cache" / "basemaps"


def basemap_work_dir() -> Path:
    """Where a base map being prepared is kept until it is complete (a failed run resumes from it)."""
    return REPO_ROOT / "var" / "basemaps"


def trusted_proxy_header() -> str | None:
    """The header a trusted reverse proxy sets to the client's address, or None to trust none."""
    value = os.environ.get("WIJK_TRUSTED_PROXY_HEADER", "").strip()
    return value or None


def secret_key() -> str | None:
    """The key that signs sign-in cookies, or None to use the random one the store keeps."""
    value = os.environ.get("WIJK_SECRET_KEY", "").strip()
    return value or None


def session_hours() -> float:
    """How long a sign-in lasts, in hours (``WIJK_SESSION_HOURS``, default 12, at least 0.05)."""
    try:
        return max(0.05, float(os.environ.get("WIJK_SESSION_HOURS", "12")))
    except ValueError:
        return 12.0
