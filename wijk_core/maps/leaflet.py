"""Folium maps that work without internet access to CDNs: the map, draw tools, kept view.

:func:`new_map` makes a Leaflet map whose JavaScript, CSS, images and fonts come
from the app itself (:mod:`wijk_core.maps.offline` points folium at the vendored
copies); base-map tiles stay optional: offline the map shows a plain light
background and everything drawn on it still works. :func:`add_draw_tools` adds
polygon/rectangle drawing, :class:`KeepView` keeps the reader's view across
reruns, :func:`to_wgs84_geojson` prepares layers for ``folium.GeoJson``.

Things that bypass those lists, and therefore must not be put on an app map:

- **branca colormaps** (``branca.colormap.LinearColormap``/``StepColormap``, also
  the legend that ``folium.Choropleth`` adds): ``st_folium`` hard-codes two d3
  CDN URLs whenever it meets a ``ColorMap`` on the map. Draw legends outside the
  map (Streamlit/plotly) and colour features with a ``style_function``.
- ``folium.features.VegaLite``/``Vega`` popups, which add CDN script tags while
  rendering.

:func:`wijk_core.maps.offline.remote_assets` lists what ``st_folium`` would load
from the network for a given map; it is empty for the maps built here.

This module never imports streamlit.
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING, Any, Literal, Sequence

import branca.element
import folium
import folium.plugins
from folium.template import Template

from wijk_core.i18n import plotly_separators, t
from wijk_core.maps.basemaps import BASEMAP_CHOICES, Basemap, LocalTiles, add_base_layer
from wijk_core.maps.manners import PageFriendly
from wijk_core.maps.offline import DEFAULT_ASSET_PREFIX, LocalIconPath, active_prefix, use_local_assets

if TYPE_CHECKING:  # geopandas is only needed by callers that pass GeoDataFrames
    import geopandas

__all__ = [
    "Basemap",
    "DrawShape",
    "KeepView",
    "draw_texts",
    "add_draw_tools",
    "new_map",
    "to_wgs84_geojson",
]

DrawShape = Literal["polygon", "rectangle"]

# Flanders + Brussels, (min lon, min lat, max lon, max lat): the view when none is given.
_FLANDERS_BRUSSELS_BOUNDS = (2.54, 50.68, 5.92, 51.51)
_BACKGROUND_COLOUR = "#f4f3ee"
_MAX_ZOOM = 19

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


class _MapWords(branca.element.MacroElement):
    """Leaflet's scale bar in metres and kilometres only, and its zoom buttons and credit in ``lang``."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, words) {
            L.control.scale({imperial: false}).addTo(map);
            if (map.zoomControl) {
                [[map.zoomControl._zoomInButton, words.zoom_in], [map.zoomControl._zoomOutButton, words.zoom_out]]
                    .forEach(function (pair) {
                        pair[0].title = pair[1];
                        pair[0].setAttribute("aria-label", pair[1]);
                    });
            }
            if (map.attributionControl) {
                var link = document.createElement("a");
                link.href = "https://leafletjs.com";
                link.title = words.leaflet;
                link.textContent = "Leaflet";
                map.attributionControl.setPrefix(link.outerHTML);
            }
        })({{ this._parent.get_name() }}, {{ this.words|tojson }});
        {% endmacro %}
    """)

    def __init__(self, lang: str | None) -> None:
        super().__init__()
        self._name = "MapWords"
        self.words = {key: t(f"map.{key}", lang) for key in ("zoom_in", "zoom_out", "leaflet")}


# Leaflet.draw's texts (``L.drawLocal``, by its own paths) and the catalogue key of each.
_DRAW_TEXT_KEYS = {
    "draw.toolbar.actions.title": "cancel_title", "draw.toolbar.actions.text": "cancel",
    "draw.toolbar.finish.title": "finish_title", "draw.toolbar.finish.text": "finish",
    "draw.toolbar.undo.title": "undo_title", "draw.toolbar.undo.text": "undo",
    "draw.toolbar.buttons.polygon": "polygon", "draw.toolbar.buttons.rectangle": "rectangle",
    "draw.handlers.polygon.tooltip.start": "polygon_start", "draw.handlers.polygon.tooltip.cont": "polygon_cont",
    "draw.handlers.polygon.tooltip.end": "polygon_end", "draw.handlers.polyline.error": "crossing",
    "draw.handlers.rectangle.tooltip.start": "rectangle_start", "draw.handlers.simpleshape.tooltip.end": "release",
    "edit.toolbar.actions.save.title": "save_title", "edit.toolbar.actions.save.text": "save",
    "edit.toolbar.actions.cancel.title": "edit_cancel_title", "edit.toolbar.actions.cancel.text": "cancel",
    "edit.toolbar.actions.clearAll.title": "clear_all_title", "edit.toolbar.actions.clearAll.text": "clear_all",
    "edit.toolbar.buttons.edit": "edit", "edit.toolbar.buttons.editDisabled": "edit_disabled",
    "edit.toolbar.buttons.remove": "remove", "edit.toolbar.buttons.removeDisabled": "remove_disabled",
    "edit.handlers.edit.tooltip.text": "edit_text", "edit.handlers.edit.tooltip.subtext": "edit_subtext",
    "edit.handlers.remove.tooltip.text": "remove_text",
}


def draw_texts(lang: str | None = None) -> dict[str, Any]:
    """Leaflet.draw's texts in ``lang``, shaped like ``L.drawLocal`` (HTML-escaped: it sets them as HTML),
    with the area readout's decimal mark and thousands separator (``1.234,5 m²``)."""
    tree: dict[str, Any] = {}
    for path, key in _DRAW_TEXT_KEYS.items():
        *parents, leaf = path.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = html.escape(t(f"draw.{key}", lang))
    decimal, group = plotly_separators(lang)
    tree["format"] = {"numeric": {"delimiters": {"thousands": group, "decimal": decimal}}}
    return tree


class _DrawLocal(branca.element.MacroElement):
    """Sets Leaflet.draw's texts before its toolbar is made (it reads them when it is made)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (texts) {
            function merge(into, from) {
                Object.keys(from).forEach(function (key) {
                    if (from[key] && typeof from[key] === "object") {
                        into[key] = into[key] || {};
                        merge(into[key], from[key]);
                    } else {
                        into[key] = from[key];
                    }
                });
            }
            if (window.L && L.drawLocal) { merge(L.drawLocal, texts); }
        })({{ this.texts|tojson }});
        {% endmacro %}
    """)

    def __init__(self, texts: dict[str, Any]) -> None:
        super().__init__()
        self._name = "DrawLocal"
        self.texts = texts


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
    local_tiles: LocalTiles | None = None,
    lang: str | None = None,
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
    basemap : {"auto", "cartoweb", "grb", "urbis", "osm", "none"}, default "osm"
        The online base map (:mod:`wijk_core.maps.basemaps`; ``"auto"`` picks the
        region's official one for the extent), credited once one of its tiles has
        loaded (offline its tiles simply do not appear, nor its credit); ``"none"``
        adds no tile layer.
    asset_prefix : str, optional
        URL path of ``static/vendor/``; defaults to the prefix of the last
        :func:`use_local_assets` call, which is made here with the default
        prefix if it never was.
    local_tiles : LocalTiles, optional
        The project's own tiles, served by the app: used instead of ``basemap``.
    lang : str, optional
        Language of the zoom buttons and the credit's tooltip (default: Dutch); the scale bar is metric.

    Returns
    -------
    folium.Map
        With a plain light background in both cases, so an offline map is not grey.

    Raises
    ------
    ValueError
        If both ``bounds_wgs84`` and ``center`` are given, if they are not WGS84
        coordinates, if bounds are empty or inverted, if ``zoom`` is outside 0–19,
        or if ``basemap`` is not one of the choices above.
    """
    if basemap not in BASEMAP_CHOICES:
        raise ValueError(f"basemap must be one of {BASEMAP_CHOICES}, not {basemap!r}")
    if bounds_wgs84 is not None and center is not None:
        raise ValueError("give either bounds_wgs84 or center, not both")
    if not 0 <= int(zoom) <= 19:
        raise ValueError(f"zoom {zoom!r} is outside 0–19")

    if asset_prefix is not None:
        use_local_assets(asset_prefix)
    elif active_prefix() is None:
        use_local_assets()
    prefix = active_prefix() or DEFAULT_ASSET_PREFIX

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

    m = folium.Map(location=location, zoom_start=int(zoom), tiles=None)
    m.add_child(_MapWords(lang))  # folium's own scale bar adds miles
    # Without a tile layer Leaflet has no maximum zoom, and MarkerCluster refuses to
    # start ("Map has no maxZoom specified"): give the map its own.
    m.options["max_zoom"] = _MAX_ZOOM
    extent = None if fit is None else (fit[0][1], fit[0][0], fit[1][1], fit[1][0])
    add_base_layer(m, basemap, bounds_wgs84=extent, local=local_tiles, max_zoom=_MAX_ZOOM)
    # Scoped to this map's div; streamlit-folium renames the id in its header too.
    m.get_root().header.add_child(
        branca.element.Element(
            f"<style>#{m.get_name()} {{ background: {_BACKGROUND_COLOUR}; }}</style>"
        ),
        name="wijk_map_background",
    )
    m.add_child(LocalIconPath(f"{prefix}/leaflet/images/"))
    m.add_child(PageFriendly())
    if fit is not None:
        # Not animated: an animated zoom ends a moment later at the fit's view and would undo a view
        # restored meanwhile (KeepView, the sector layer), so a redrawn map would jump back to the extent.
        initial_fit = folium.map.FitBounds(fit)
        initial_fit.options["animate"] = False
        m.add_child(initial_fit)
    return m


def add_draw_tools(
    m: folium.Map, shapes: Sequence[DrawShape] = ("polygon", "rectangle"), lang: str | None = None
) -> folium.plugins.Draw:
    """Add Leaflet.draw tools for drawing a perimeter: polygon and/or rectangle only.

    Parameters
    ----------
    m : folium.Map
        The map to draw on.
    shapes : sequence of {"polygon", "rectangle"}, default both
        Which drawing tools to show. Polyline, circle, circle marker and marker
        are never offered: a perimeter is an area.
    lang : str, optional
        Language of the toolbar, its tooltips and the area readout (default: Dutch).

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
    m.add_child(_DrawLocal(draw_texts(lang)))
    draw = folium.plugins.Draw(
        export=False,
        position="topleft",
        show_geometry_on_click=False,
        draw_options=draw_options,
        edit_options={"poly": {"allowIntersection": False}},
    )
    draw.add_to(m)
    return draw


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
