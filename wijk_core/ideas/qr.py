"""A QR code that takes residents to the idea map, made with segno (no network, no image library)."""

from __future__ import annotations

import ipaddress
import io
import socket
from urllib.parse import urlsplit

import segno

__all__ = ["is_loopback_host", "lan_address", "qr_png", "qr_svg", "reachable_base", "resident_url"]

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


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


def is_loopback_host(host: str | None) -> bool:
    """Whether ``host`` names this machine only (``localhost``, ``127.x``, ``::1``, ``0.0.0.0``)."""
    name = (host or "").strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return name.endswith(".localhost")
    return address.is_loopback or address.is_unspecified or address.is_link_local


def lan_address() -> str | None:
    """This machine's IPv4 address on the local network, or None when it has none.

    Asks the system which interface it would use to reach a documentation address
    (RFC 5737; a UDP "connect" sends no packet), then falls back on the addresses
    of the host name; loopback and link-local addresses are never returned.
    """
    candidates: list[str] = []
    for probe in ("192.0.2.1", "10.255.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                candidates.append(udp.getsockname()[0])
        except OSError:
            continue
    try:
        candidates += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    return next((address for address in candidates if not is_loopback_host(address)), None)


def reachable_base(page_url: str | None, *, public_url: str | None = None,
                   lan: str | None = None) -> tuple[str, str]:
    """The base address a phone can open, and where it came from.

    Parameters
    ----------
    page_url : str or None
        The address the facilitator's browser uses (``st.context.url``): its scheme
        and port are kept, its path (the page) is not.
    public_url : str, optional
        The configured public address (``WIJK_PUBLIC_URL``): used as it is when set.
    lan : str, optional
        This machine's address on the local network (:func:`lan_address`).

    Returns
    -------
    tuple of (str, str)
        ``(base, kind)`` with ``kind`` ``"public"``, ``"lan"`` (the page's loopback host
        replaced by ``lan``), ``"page"`` (the page's own address, not loopback) or
        ``"loopback"`` (nothing better is known: no phone can open it).

    Raises
    ------
    ValueError
        If ``public_url`` is not an http(s) address.
    """
    if public_url:
        return _checked(public_url.strip()).rstrip("/"), "public"
    parts = urlsplit(page_url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        parts = urlsplit("http://localhost:8501")
    path = ""
    if not is_loopback_host(parts.hostname):
        return f"{parts.scheme}://{parts.netloc}{path}", "page"
    port = f":{parts.port}" if parts.port else ""
    if lan and not is_loopback_host(lan):
        host = f"[{lan}]" if ":" in lan else lan
        return f"{parts.scheme}://{host}{port}{path}", "lan"
    return f"{parts.scheme}://{parts.netloc}{path}", "loopback"
