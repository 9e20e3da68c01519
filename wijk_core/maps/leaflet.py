"""Folium maps that work without internet access to CDNs.

Residents often open the idea map in a community centre with no internet, so the
map's JavaScript, CSS, images and fonts are served by the app itself from
``static/vendor/`` (fetched by ``scripts/vendor_map_assets.py``; Streamlit serves
that folder at ``/app/static/vendor/`` because ``.streamlit/config.toml`` sets
``server.enableStaticServing``). Base-map tiles stay optional: offline the map
shows a plain light background and everything drawn on it still works.

How the pieces meet: folium elements list their assets in the class attributes
``default_js`` / ``default_css``; streamlit-folium's ``st_folium`` walks the map
and hands exactly those URLs to its iframe. :func:`use_local_assets` rewrites
those lists for ``folium.Map`` and every plugin class to the vendored files, and
drops every remote URL that has no local copy, so no element can make the
browser call a CDN.

Things that bypass those lists, and therefore must not be put on an app map:

- **branca colormaps** (``branca.colormap.LinearColormap``/``StepColormap``, also
  the legend that ``folium.Choropleth`` adds): ``st_folium`` hard-codes two d3
  CDN URLs whenever it meets a ``ColorMap`` on the map. Draw legends outside the
  map (Streamlit/plotly) and colour features with a ``style_function``.
- ``folium.features.VegaLite``/``Vega`` popups, which add CDN script tags while
  rendering.

:func:`remote_assets` lists what ``st_folium`` would load from the network for a
given map; it is empty for the maps built here.

This module never imports streamlit.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, Iterator, Literal, Sequence

import branca.colormap
import branca.element
import folium
import folium.elements
import folium.plugins
from folium.template import Template

from wijk_core.config import REPO_ROOT

if TYPE_CHECKING:  # geopandas is only needed by callers that pass GeoDataFrames
    import geopandas

__all__ = [
    "DEFAULT_ASSET_PREFIX",
    "Basemap",
    "DrawShape",
    "KeepView",
    "LOCAL_ASSET_RULES",
    "VENDOR_DIR",
    "add_draw_tools",
    "local_asset_path",
    "new_map",
    "remote_assets",
    "to_wgs84_geojson",
    "use_local_assets",
    "app_static_url",
]

logger = logging.getLogger(__name__)

Basemap = Literal["osm", "none"]
DrawShape = Literal["polygon", "rectangle"]

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

# Flanders + Brussels, (min lon, min lat, max lon, max lat): the view when none is given.
_FLANDERS_BRUSSELS_BOUNDS = (2.54, 50.68, 5.92, 51.51)
_BACKGROUND_COLOUR = "#f4f3ee"
_MAX_ZOOM = 19
_OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
_OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)

# The CDN lists as folium shipped them, per class, so that use_local_assets() can be
# called again (with another prefix) and always starts from the originals.
_original_assets: dict[type, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {}
_active_prefix: str | None = None
_logged_removals: list[str] = []


def _is_remote(url: str) -> bool:
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
        if not _is_remote(url):
            localised.append((name, url))
            continue
        path = local_asset_path(url)
        if path is None:
            removed.append(f"{owner}: {url}")
        else:
            localised.append((name, f"{prefix}/{path}"))
    return localised


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
    Removed URLs are logged at INFO level on ``wijk_core.maps.leaflet``: those plugins
    (BoatMarker, Geocoder, MeasureControl, …) then fail to load rather than
    reach the internet.
    """
    global _active_prefix, _logged_removals
    if _is_remote(prefix):
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


def app_static_url(path: str) -> str:
    """URL of a file in the app's ``static/`` folder (the parent of the vendored assets)."""
    prefix = _active_prefix or DEFAULT_ASSET_PREFIX
    return f"{prefix.rsplit('/', 1)[0]}/{path}"


class _LocalIconPath(branca.element.MacroElement):
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


class KeepView(branca.element.MacroElement):
    """Keep the map's view (centre and zoom) in the browser tab under ``key``.

    A map that Streamlit redraws after a change (new counts after a vote, a new idea) is a new map that
    would jump back to its initial fit; with this element it opens where the user was looking, also after
    a reload. The view lives in the tab's ``sessionStorage`` (the app's map frames share one origin).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, key) {
            try {
                var saved = JSON.parse(window.sessionStorage.getItem(key) || "null");
                if (saved && isFinite(saved.lat) && isFinite(saved.lng) && isFinite(saved.zoom)) {
                    map.setView([saved.lat, saved.lng], saved.zoom, {animate: false});
                }
            } catch (error) { /* storage unavailable: keep the initial view */ }
            map.on("moveend", function () {
                var centre = map.getCenter();
                try {
                    window.sessionStorage.setItem(key, JSON.stringify(
                        {lat: centre.lat, lng: centre.lng, zoom: map.getZoom()}));
                } catch (error) { /* storage unavailable or full: nothing to keep */ }
            });
        })({{ this._parent.get_name() }}, "{{ this.key }}");
        {% endmacro %}
    """)

    def __init__(self, key: str) -> None:
        super().__init__()
        if not _VIEW_KEY.fullmatch(key):
            raise ValueError(f"a view key is 1–100 letters, digits or ':._-', got {key!r}")
        self._name = "KeepView"
        self.key = key


_VIEW_KEY = re.compile(r"[A-Za-z0-9:._-]{1,100}")


def _check_lon_lat(lon: float, lat: float, what: str) -> None:
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise ValueError(
            f"{what} ({lon}, {lat}) is not a WGS84 longitude/latitude; "
            "reproject to EPSG:4326 first (e.g. gdf.to_crs(4326).total_bounds)"
        )


def _flat_bounds(bounds: Sequence[Any]) -> tuple[float, float, float, float]:
    """``(min_lon, min_lat, max_lon, max_lat)`` from the flat or the nested (folium) form."""
    try:
        values = list(bounds)
        if len(values) == 2 and all(len(corner) == 2 for corner in values):
            (south, west), (north, east) = values
            return float(west), float(south), float(east), float(north)
        if len(values) == 4:
            min_lon, min_lat, max_lon, max_lat = (float(v) for v in values)
            return min_lon, min_lat, max_lon, max_lat
    except (TypeError, ValueError):
        pass
    raise ValueError(
        f"bounds_wgs84 {bounds!r} must be (min_lon, min_lat, max_lon, max_lat) "
        "or [[south, west], [north, east]]"
    )


def new_map(
    bounds_wgs84: Sequence[float] | Sequence[Sequence[float]] | None = None,
    center: Sequence[float] | None = None,
    zoom: int = 13,
    basemap: Basemap = "osm",
    *,
    asset_prefix: str | None = None,
) -> folium.Map:
    """A folium map that loads its code from the app and stays usable without tiles.

    Parameters
    ----------
    bounds_wgs84 : sequence, optional
        The extent to fit, in EPSG:4326, either flat ``(min_lon, min_lat,
        max_lon, max_lat)`` as returned by ``gdf.to_crs(4326).total_bounds``, or
        nested ``[[south, west], [north, east]]`` as folium's ``fit_bounds`` takes it.
    center : sequence of 2 floats, optional
        ``(lat, lon)`` in EPSG:4326 (Leaflet's order), used with ``zoom``. Give
        either ``bounds_wgs84`` or ``center``; with neither the map shows
        Flanders and Brussels.
    zoom : int, default 13
        Initial zoom level, 0–19 (ignored when ``bounds_wgs84`` is given, apart
        from being the level before the fit).
    basemap : {"osm", "none"}, default "osm"
        ``"osm"`` adds OpenStreetMap tiles with attribution (they simply do not
        appear offline); ``"none"`` adds no tile layer.
    asset_prefix : str, optional
        URL path of ``static/vendor/``; defaults to the prefix of the last
        :func:`use_local_assets` call, which is made here with the default
        prefix if it never was.

    Returns
    -------
    folium.Map
        With a plain light background in both cases, so an offline map is not grey.

    Raises
    ------
    ValueError
        If both ``bounds_wgs84`` and ``center`` are given, if they are not WGS84
        coordinates, if bounds are empty or inverted, if ``zoom`` is outside 0–19,
        or if ``basemap`` is not ``"osm"`` or ``"none"``.
    """
    if basemap not in ("osm", "none"):
        raise ValueError(f"basemap must be 'osm' or 'none', not {basemap!r}")
    if bounds_wgs84 is not None and center is not None:
        raise ValueError("give either bounds_wgs84 or center, not both")
    if not 0 <= int(zoom) <= 19:
        raise ValueError(f"zoom {zoom!r} is outside 0–19")

    if asset_prefix is not None:
        use_local_assets(asset_prefix)
    elif _active_prefix is None:
        use_local_assets()
    prefix = _active_prefix or DEFAULT_ASSET_PREFIX

    fit: list[list[float]] | None = None
    if center is not None:
        if len(center) != 2:
            raise ValueError(f"center must be (lat, lon), got {tuple(center)!r}")
        lat, lon = (float(v) for v in center)
        _check_lon_lat(lon, lat, "center (lon, lat)")
        location = [lat, lon]
    else:
        bounds = _FLANDERS_BRUSSELS_BOUNDS if bounds_wgs84 is None else _flat_bounds(bounds_wgs84)
        min_lon, min_lat, max_lon, max_lat = bounds
        _check_lon_lat(min_lon, min_lat, "bounds_wgs84 lower-left corner")
        _check_lon_lat(max_lon, max_lat, "bounds_wgs84 upper-right corner")
        if min_lon > max_lon or min_lat > max_lat:
            raise ValueError(f"bounds_wgs84 {bounds!r} is inverted: expected (min_lon, min_lat, max_lon, max_lat)")
        location = [(min_lat + max_lat) / 2, (min_lon + max_lon) / 2]
        fit = [[min_lat, min_lon], [max_lat, max_lon]]

    m = folium.Map(location=location, zoom_start=int(zoom), tiles=None, control_scale=True)
    # Without a tile layer Leaflet has no maximum zoom, and MarkerCluster refuses to
    # start ("Map has no maxZoom specified"): give the map its own.
    m.options["max_zoom"] = _MAX_ZOOM
    if basemap == "osm":
        folium.TileLayer(
            tiles=_OSM_TILES,
            attr=_OSM_ATTRIBUTION,
            name="OpenStreetMap",
            max_zoom=_MAX_ZOOM,
        ).add_to(m)
    # Scoped to this map's div; streamlit-folium renames the id in its header too.
    m.get_root().header.add_child(
        branca.element.Element(
            f"<style>#{m.get_name()} {{ background: {_BACKGROUND_COLOUR}; }}</style>"
        ),
        name="wijk_map_background",
    )
    m.add_child(_LocalIconPath(f"{prefix}/leaflet/images/"))
    if fit is not None:
        m.fit_bounds(fit)
    return m


def add_draw_tools(
    m: folium.Map, shapes: Sequence[DrawShape] = ("polygon", "rectangle")
) -> folium.plugins.Draw:
    """Add Leaflet.draw tools for drawing a perimeter: polygon and/or rectangle only.

    Parameters
    ----------
    m : folium.Map
        The map to draw on.
    shapes : sequence of {"polygon", "rectangle"}, default both
        Which drawing tools to show. Polyline, circle, circle marker and marker
        are never offered: a perimeter is an area.

    Returns
    -------
    folium.plugins.Draw
        The control, already added to ``m``. Drawn shapes reach Python through
        ``st_folium(..., returned_objects=["last_active_drawing", "all_drawings"])``.

    Raises
    ------
    ValueError
        If ``shapes`` is empty or names another shape.
    """
    chosen = list(dict.fromkeys(shapes))
    unknown = [shape for shape in chosen if shape not in ("polygon", "rectangle")]
    if unknown or not chosen:
        raise ValueError(
            f"shapes must be a non-empty selection of 'polygon' and 'rectangle', got {tuple(shapes)!r}"
        )
    shape_style = {"color": "#1f6f5c", "weight": 3, "fillOpacity": 0.15}
    draw_options: dict[str, Any] = {
        "polyline": False,
        "circle": False,
        "circlemarker": False,
        "marker": False,
        "polygon": (
            {"allowIntersection": False, "showArea": True, "metric": True, "shapeOptions": shape_style}
            if "polygon" in chosen
            else False
        ),
        "rectangle": (
            {"showArea": True, "metric": True, "shapeOptions": shape_style}
            if "rectangle" in chosen
            else False
        ),
    }
    draw = folium.plugins.Draw(
        export=False,
        position="topleft",
        show_geometry_on_click=False,
        draw_options=draw_options,
        edit_options={"poly": {"allowIntersection": False}},
    )
    draw.add_to(m)
    return draw


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
            if _is_remote(url):
                urls.append(url)
    return list(dict.fromkeys(urls))


def to_wgs84_geojson(
    gdf: "geopandas.GeoDataFrame", columns: Sequence[str] | None = None
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection in EPSG:4326, ready for ``folium.GeoJson``.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Any projected or geographic CRS (Belgian data is usually EPSG:31370 or 3812).
    columns : sequence of str, optional
        Properties to keep (default: all). Fewer columns mean a lighter page.

    Returns
    -------
    dict
        The FeatureCollection; values that JSON cannot hold (dates, decimals)
        become strings.

    Raises
    ------
    ValueError
        If ``gdf`` has no CRS (set it with ``gdf.set_crs(31370)`` if the data is
        Belgian Lambert 72) or a requested column is missing.
    """
    import json

    if gdf.crs is None:
        raise ValueError(
            "the GeoDataFrame has no CRS, so it cannot be placed on a map; "
            "set the one the data is in, e.g. gdf.set_crs(31370) for Belgian Lambert 72"
        )
    if columns is not None:
        missing = [column for column in columns if column not in gdf.columns]
        if missing:
            raise ValueError(f"columns {missing!r} are not in the GeoDataFrame; it has {list(gdf.columns)!r}")
        gdf = gdf[[*columns, gdf.geometry.name]]
    return json.loads(gdf.to_crs(4326).to_json(default=str, drop_id=True))
