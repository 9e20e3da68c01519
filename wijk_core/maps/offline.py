"""Folium maps that work without internet access to CDNs: the vendored assets.

Residents often open the idea map in a community centre with no internet, so the
map's JavaScript, CSS, images and fonts are served by the app itself from
``static/vendor/`` (fetched by ``scripts/vendor_map_assets.py``; Streamlit serves
that folder at ``/app/static/vendor/`` because ``.streamlit/config.toml`` sets
``server.enableStaticServing``).

How the pieces meet: folium elements list their assets in the class attributes
``default_js`` / ``default_css``; streamlit-folium's ``st_folium`` walks the map
and hands exactly those URLs to its iframe. :func:`use_local_assets` rewrites
those lists for ``folium.Map`` and every plugin class to the vendored files, and
drops every remote URL that has no local copy, so no element can make the
browser call a CDN. :func:`remote_assets` lists what ``st_folium`` would load from
the network for a given map; it is empty for the maps built by
:mod:`wijk_core.maps.leaflet`, which also names what must not be put on an app map.

This module never imports streamlit.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Iterator

import branca.colormap
import branca.element
import folium
import folium.elements
import folium.plugins
from folium.template import Template

from wijk_core.config import REPO_ROOT

__all__ = [
    "DEFAULT_ASSET_PREFIX",
    "LOCAL_ASSET_RULES",
    "VENDOR_DIR",
    "LocalIconPath",
    "active_prefix",
    "app_static_url",
    "is_remote",
    "leaflet_assets_only",
    "local_asset_path",
    "remote_assets",
    "use_local_assets",
]

logger = logging.getLogger(__name__)

DEFAULT_ASSET_PREFIX = "/app/static/vendor"
VENDOR_DIR = REPO_ROOT / "static" / "vendor"

# Which vendored file stands in for which CDN URL. Patterns match the file part of
# folium's URLs, not the host or version, so a folium upgrade that bumps a CDN
# version keeps working; a URL matching none of them is dropped (and logged).
LOCAL_ASSET_RULES: tuple[tuple[str, str], ...] = (
    (r"/leaflet@[^/]+/dist/leaflet\.js$", "leaflet/leaflet.js"),
    (r"/leaflet@[^/]+/dist/leaflet\.css$", "leaflet/leaflet.css"),
    (r"/jquery(?:-\d[\d.]*)?(?:\.min)?\.js$", "jquery/jquery.min.js"),
    (r"/bootstrap@5[^/]*/dist/js/bootstrap\.bundle(?:\.min)?\.js$", "bootstrap/js/bootstrap.bundle.min.js"),
    (r"/bootstrap@5[^/]*/dist/css/bootstrap(?:\.min)?\.css$", "bootstrap/css/bootstrap.min.css"),
    (r"/bootstrap-glyphicons\.css$", "bootstrap-glyphicons/css/bootstrap-glyphicons.css"),
    (r"/fontawesome-free@6[^/]*/css/all(?:\.min)?\.css$", "fontawesome-free/css/all.min.css"),
    (r"/leaflet\.awesome-markers(?:\.min)?\.js$", "leaflet.awesome-markers/leaflet.awesome-markers.js"),
    (r"/leaflet\.awesome-markers\.css$", "leaflet.awesome-markers/leaflet.awesome-markers.css"),
    (r"/leaflet\.draw\.js$", "leaflet-draw/leaflet.draw.js"),
    (r"/leaflet\.draw\.css$", "leaflet-draw/leaflet.draw.css"),
    (r"/leaflet\.markercluster\.js$", "leaflet.markercluster/leaflet.markercluster.js"),
    (r"/MarkerCluster\.css$", "leaflet.markercluster/MarkerCluster.css"),
    (r"/MarkerCluster\.Default\.css$", "leaflet.markercluster/MarkerCluster.Default.css"),
    (r"/Control\.FullScreen(?:\.min)?\.js$", "leaflet.fullscreen/Control.FullScreen.js"),
    (r"/Control\.FullScreen\.css$", "leaflet.fullscreen/Control.FullScreen.css"),
    (r"/leaflet[_-]heat(?:\.min)?\.js$", "leaflet.heat/leaflet-heat.min.js"),
)
_COMPILED_RULES = tuple((re.compile(pattern), path) for pattern, path in LOCAL_ASSET_RULES)

# The CDN lists as folium shipped them, per class, so that use_local_assets() can be
# called again (with another prefix) and always starts from the originals.
_original_assets: dict[type, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {}
_active_prefix: str | None = None
_logged_removals: list[str] = []


def is_remote(url: str) -> bool:
    """Whether ``url`` points at another host (``https://…``, ``//cdn…``)."""
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, flags=re.IGNORECASE))


def local_asset_path(url: str) -> str | None:
    """The vendored file (relative to ``static/vendor/``) that replaces a CDN URL, or None.

    Parameters
    ----------
    url : str
        A script or stylesheet URL as folium lists it.

    Returns
    -------
    str or None
        For example ``"leaflet/leaflet.js"``; None when nothing local stands in for it.
    """
    for pattern, path in _COMPILED_RULES:
        if pattern.search(url):
            return path
    return None


def _jscss_classes() -> list[type]:
    """folium.Map and every JSCSSMixin subclass currently imported, parents first."""
    found: list[type] = []
    pending: list[type] = [folium.elements.JSCSSMixin]
    while pending:
        cls = pending.pop(0)
        for sub in cls.__subclasses__():
            if sub not in found:
                found.append(sub)
                pending.append(sub)
    if folium.Map not in found:  # folium.Map is a JSCSSMixin today; keep it covered regardless
        found.insert(0, folium.Map)
    return found


def _localise(
    links: list[tuple[str, str]], prefix: str, owner: str, removed: list[str]
) -> list[tuple[str, str]]:
    localised = []
    for name, url in links:
        if not is_remote(url):
            localised.append((name, url))
            continue
        path = local_asset_path(url)
        if path is None:
            removed.append(f"{owner}: {url}")
        else:
            localised.append((name, f"{prefix}/{path}"))
    return localised


LEAFLET_ASSETS = ("leaflet", "leaflet_css")
"""The names, in ``folium.Map``'s asset lists, of Leaflet's own script and stylesheet."""


def leaflet_assets_only(fmap: folium.Map) -> folium.Map:
    """Load only Leaflet's own script and stylesheet for this map, not jQuery, Bootstrap or Font Awesome.

    ``folium.Map`` lists those for its icon markers and popups styled by Bootstrap; a map that uses
    neither (circle markers, its own popups) does not need them, and ``st_folium`` loads scripts one
    after the other: on a phone every script fewer is a map that shows sooner. Its plugins keep theirs.

    Parameters
    ----------
    fmap : folium.Map
        The map; changed in place (only this map: the class's lists stay as they are).

    Returns
    -------
    folium.Map
        ``fmap``.
    """
    fmap.default_js = [(name, url) for name, url in type(fmap).default_js if name in LEAFLET_ASSETS]
    fmap.default_css = [(name, url) for name, url in type(fmap).default_css if name in LEAFLET_ASSETS]
    return fmap


def use_local_assets(prefix: str = DEFAULT_ASSET_PREFIX) -> None:
    """Point folium at the vendored assets and drop every CDN URL without a local copy.

    Rewrites the class attributes ``default_js`` and ``default_css`` of
    ``folium.Map`` and of every ``folium.elements.JSCSSMixin`` subclass (the
    plugins). Idempotent: calling it again starts from folium's original lists, so
    a second call with another prefix replaces the first. Plugin classes imported
    after the call are covered by calling it again.

    Parameters
    ----------
    prefix : str, default "/app/static/vendor"
        URL path under which ``static/vendor/`` is served. Streamlit serves
        ``static/`` at ``/app/static/``; behind ``server.baseUrlPath`` prepend it.

    Returns
    -------
    None

    Raises
    ------
    ValueError
        If ``prefix`` is itself a remote URL (that would defeat the purpose).

    Notes
    -----
    Removed URLs are logged at INFO level on ``wijk_core.maps.offline``: those plugins
    (BoatMarker, Geocoder, MeasureControl, …) then fail to load rather than
    reach the internet.
    """
    global _active_prefix, _logged_removals
    if is_remote(prefix):
        raise ValueError(
            f"prefix {prefix!r} is a remote URL; give the path the app serves static/vendor/ at, "
            f"e.g. {DEFAULT_ASSET_PREFIX!r}"
        )
    prefix = prefix.rstrip("/")
    removed: list[str] = []
    for cls in _jscss_classes():
        # Only classes that declare their own lists: subclasses inherit the rewritten ones.
        own_js = cls.__dict__.get("default_js")
        own_css = cls.__dict__.get("default_css")
        if own_js is None and own_css is None:
            continue
        if cls not in _original_assets:
            _original_assets[cls] = (list(own_js or []), list(own_css or []))
        original_js, original_css = _original_assets[cls]
        owner = f"{cls.__module__}.{cls.__qualname__}"
        if own_js is not None:
            cls.default_js = _localise(original_js, prefix, owner, removed)
        if own_css is not None:
            cls.default_css = _localise(original_css, prefix, owner, removed)
    _active_prefix = prefix
    if removed and removed != _logged_removals:
        logger.info(
            "Removed %d CDN asset(s) with no local copy in static/vendor/ "
            "(those folium plugins will not work):\n  %s",
            len(removed),
            "\n  ".join(removed),
        )
        _logged_removals = removed


def active_prefix() -> str | None:
    """The URL path of the vendored assets given to the last :func:`use_local_assets`; None before."""
    return _active_prefix


def app_static_url(path: str) -> str:
    """URL of a file in the app's ``static/`` folder (the parent of the vendored assets)."""
    prefix = _active_prefix or DEFAULT_ASSET_PREFIX
    return f"{prefix.rsplit('/', 1)[0]}/{path}"


class LocalIconPath(branca.element.MacroElement):
    """Sets ``L.Icon.Default.imagePath`` to the vendored marker images.

    Leaflet otherwise guesses the path from leaflet.css, which streamlit-folium
    attaches only after the map script starts, so early markers could ask for
    ``nullmarker-icon.png``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = {{ this.image_path|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, image_path: str):
        super().__init__()
        self._name = "LocalIconPath"
        self.image_path = image_path


def _walk(element: Any) -> Iterator[Any]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def remote_assets(m: folium.Map) -> list[str]:
    """The network URLs ``st_folium`` would make the browser load for this map.

    Mirrors the asset walk of ``streamlit_folium.st_folium`` (0.27): the
    ``default_js``/``default_css`` of every element, plus the d3 CDN URLs it
    hard-codes when a branca ``ColorMap`` is on the map. Tile URLs are not
    assets and are not listed.

    Parameters
    ----------
    m : folium.Map
        The map, with everything added to it.

    Returns
    -------
    list of str
        Remote URLs, in load order, without duplicates; empty when the map is offline-safe.
    """
    urls: list[str] = []
    for element in _walk(m):
        if isinstance(element, branca.colormap.ColorMap):
            urls += [
                "https://d3js.org/d3.v4.min.js",
                "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js",
            ]
        for _, url in list(getattr(element, "default_js", [])) + list(getattr(element, "default_css", [])):
            if is_remote(url):
                urls.append(url)
    return list(dict.fromkeys(urls))
