"""Where a request comes from: the client's address, and whether it is this machine.

Pure rules over what the web server saw (its headers and the peer's address), shared
by the app's pages and its sign-in routes:

- :func:`client_address`: the address to count a client by. Behind a reverse proxy
  named trusted (``WIJK_TRUSTED_PROXY_HEADER``), the address that proxy put in its
  header (the right-most entry of a list: the one the proxy added itself); otherwise
  the peer's address.
- :func:`is_this_machine`: the peer is a loopback address **and** no proxy header at
  all is present. A request relayed by a proxy on the same machine is someone else's,
  so it never counts as this machine, whatever the proxy says.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

__all__ = ["FORWARDING_HEADERS", "came_through_proxy", "client_address", "is_loopback", "is_this_machine"]

FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip",
                      "x-client-ip", "true-client-ip", "cf-connecting-ip", "x-original-forwarded-for", "via")
"""Headers that say a request was relayed (compared ignoring case)."""


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {str(name).lower(): str(value) for name, value in headers.items()}


def came_through_proxy(headers: Mapping[str, str]) -> bool:
    """Whether any header of :data:`FORWARDING_HEADERS` is present (even empty)."""
    present = _lower(headers)
    return any(name in present for name in FORWARDING_HEADERS)


def is_loopback(address: str | None) -> bool:
    """Whether ``address`` is a loopback IP address (127.0.0.0/8, ::1, ::ffff:127.x)."""
    if not isinstance(address, str) or not address.strip():
        return False
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or (mapped is not None and mapped.is_loopback)


def is_this_machine(headers: Mapping[str, str], peer: str | None) -> bool:
    """Whether a request comes from a browser on the machine the app runs on, not relayed."""
    return is_loopback(peer) and not came_through_proxy(headers)


def client_address(headers: Mapping[str, str], peer: str | None, trusted_header: str | None) -> str | None:
    """The address to count a client by.

    Parameters
    ----------
    headers : mapping
        The request's headers (any case).
    peer : str or None
        The address the web server saw.
    trusted_header : str or None
        The header a trusted reverse proxy sets; its right-most entry wins.

    Returns
    -------
    str or None
        An IP address in its compressed form, or the header's text when it is not
        one (a proxy's label); None when nothing is known.
    """
    if trusted_header:
        value = _lower(headers).get(trusted_header.strip().lower(), "")
        entries = [entry.strip() for entry in value.split(",") if entry.strip()]
        if entries:
            return _normalised(entries[-1])
    return _normalised(peer) if isinstance(peer, str) and peer.strip() else None


def _normalised(address: str) -> str:
    text = address.strip()
    if text.lower().startswith("for="):  # a bare RFC 7239 element
        text = text[4:].strip('"')
    host = text.strip("[]")
    try:
        return ipaddress.ip_address(host).compressed
    except ValueError:
        pass
    if text.count(":") == 1:  # IPv4 with a port
        try:
            return ipaddress.ip_address(text.split(":")[0]).compressed
        except ValueError:
            pass
    if text.startswith("[") and "]:" in text:  # [IPv6]:port
        try:
            return ipaddress.ip_address(text[1:text.index("]")]).compressed
        except ValueError:
            pass
    return text
