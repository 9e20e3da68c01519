"""A QR code that takes residents to the idea map, made with segno (no network, no image library)."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import segno

__all__ = ["qr_png", "qr_svg", "resident_url"]


def _checked(url: str) -> str:
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"A QR code here links to an http(s) address, got {url!r}.")
    return url


def resident_url(base_url: str, *, path: str = "ideeen", project_id: int | None = None,
                 lang: str | None = None) -> str:
    """The address of the residents' idea page: ``<base>/ideeen?project=<id>&lang=<lang>``.

    Parameters
    ----------
    base_url
        Where the app is reached, e.g. ``https://wijkwerf.example.be`` (a path prefix is kept).
    """
    base = _checked(base_url.strip()).split("?")[0].split("#")[0].rstrip("/")
    query = "&".join(f"{key}={value}" for key, value in (("project", project_id), ("lang", lang))
                     if value is not None)
    return f"{base}/{path.strip('/')}" + (f"?{query}" if query else "")


def qr_svg(url: str, *, scale: int = 8, title: str | None = None) -> bytes:
    """The QR code of ``url`` as a standalone SVG (error correction M, quiet zone of 4 modules)."""
    code = segno.make(_checked(url), error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=scale, border=4, title=title, xmldecl=True)
    return buffer.getvalue()


def qr_png(url: str, *, scale: int = 8) -> bytes:
    """The QR code of ``url`` as PNG bytes, for printing on a flyer or showing on a projector."""
    code = segno.make(_checked(url), error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
