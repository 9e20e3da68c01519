"""The idea map: one circle per idea, sized by support, coloured by category.

Markers are not one folium element each: for 10,000 ideas that would be megabytes of
repeated JavaScript. The ideas travel as one compact JSON array and a few lines of
script make a ``L.circleMarker`` of each row, inside a ``L.markerClusterGroup`` when
there are many (``cluster_threshold``), else in a plain feature group.

Security: every resident-written string (title, pseudonym, excerpt) and every label
is HTML-escaped here, in Python, before it enters the array; the script only
concatenates those escaped strings with fixed markup into tooltips and popups. The
JSON is additionally made safe inside ``<script>`` (``<``, ``>``, ``&`` written as
``\\u003c`` …), so no text can close the script element.

A tap on a marker does not count as a tap on the map (``bubblingMouseEvents: false``),
so it never starts a new idea; ``st_folium`` reports the tapped marker's tooltip,
whose text starts with ``#<id>`` (see :func:`idea_id_from_tooltip`).

The residents' map keeps its markers out of the base map (``idea_map(markers=False)``) and
hands them to ``st_folium`` as a layer of their own (:func:`idea_layer`). ``st_folium``
names its browser component after the base map's script, so a base map that changed with
every vote or new idea made the browser throw the map frame away and build a new one (slow
on phones, and a tap on the old map was lost); a layer passed as ``feature_group_to_add``
is swapped inside the map that stays.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import folium
import folium.plugins
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from wijk_core.maps.basemaps import LocalTiles
from wijk_core.i18n import t
from wijk_core.maps.leaflet import Basemap, KeepView, new_map
from wijk_core.maps.manners import KeyboardPick
from wijk_core.maps.offline import leaflet_assets_only
from wijk_core.ideas.cards import IdeaLabels, format_support
from wijk_core.ideas.place import IdeaArea, wgs84_geojson
from wijk_core.ideas.rules import marker_radius
from wijk_core.ideas.text import escape_html, shorten

__all__ = ["DEFAULT_CLUSTER_THRESHOLD", "idea_id_from_tooltip", "idea_layer", "idea_map", "overlay_layer"]

DEFAULT_CLUSTER_THRESHOLD = 150
"""From this many ideas on, markers are clustered."""

AREA_COLOUR = "#1f6f5c"
_EXCERPT = 140
_TOOLTIP_ID = re.compile(r"^\s*#(\d+)\b")


class _IdeaMarkers(MacroElement):
    """Creates the circle markers from the JSON rows and adds them to ``target``."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var data = {{ this.payload }};
            var target = {{ this.target.get_name() }};
            var esc = data.labels;
            function popup(r) {
                var cat = data.categories[r[3]];
                return '<div class="wijk-idea-popup" style="max-width:240px">'
                    + '<div style="font-weight:600"><bdi>' + r[5] + '</bdi></div>'
                    + '<div><span style="color:' + cat[1] + '">\u25cf</span> ' + cat[0] + '</div>'
                    + '<div>' + esc.support + ': ' + r[6] + ' (' + r[7] + ')</div>'
                    + '<div style="color:#555">\u2014 <bdi>' + r[8] + '</bdi></div>'
                    + (r[9] ? '<div style="margin-top:4px"><bdi>' + r[9] + '</bdi></div>' : '')
                    + '<div style="margin-top:4px;font-size:smaller">' + esc.more + '</div></div>';
            }
            var markers = [];
            for (var i = 0; i < data.rows.length; i++) {
                var r = data.rows[i];
                var marker = L.circleMarker([r[0], r[1]], {
                    radius: r[2], color: '#ffffff', weight: 1.5, opacity: 1,
                    fillColor: data.categories[r[3]][1], fillOpacity: 0.85,
                    bubblingMouseEvents: false, className: 'wijk-idea wijk-idea-' + r[4]
                });
                marker.bindTooltip('#' + r[4] + ' \u00b7 <bdi>' + r[5] + '</bdi>', {direction: 'top'});
                marker.bindPopup(function (row) { return function () { return popup(row); }; }(r));
                markers.push(marker);
            }
            if (target.addLayers) {
                target.addLayers(markers);
                // st_folium counts a tap on a cluster as a tap on an object but keeps the tooltip of the
                // marker tapped before: forget it, so the tap does not open that idea again
                target.on('clusterclick', function () {
                    if (window.__GLOBAL_DATA__) { window.__GLOBAL_DATA__.last_object_clicked_tooltip = null; }
                });
            }
            else { for (var j = 0; j < markers.length; j++) { target.addLayer(markers[j]); } }
        })();
        {% endmacro %}
    """)

    def __init__(self, target: Any, payload: str) -> None:
        super().__init__()
        self._name = "IdeaMarkers"
        self.target = target
        self.payload = payload


class _ClusterAssets(JSCSSMixin):
    """Loads the clustering script with the map, for an idea layer that may start clustering later.

    The map frame stays while its idea layer is swapped, and the frame loads scripts only once.
    """

    default_js = list(folium.plugins.MarkerCluster.default_js)
    default_css = list(folium.plugins.MarkerCluster.default_css)
    _template = Template("")

    def __init__(self) -> None:
        super().__init__()
        self._name = "ClusterAssets"


class _TapCountFromNone(MacroElement):
    """Let ``st_folium``'s frame count marker taps from None, as its Python side does.

    ``st_folium`` 0.27 starts the count at None in Python and at 0 in the browser; the browser sends
    its 0 as a change as soon as a new map frame is drawn, and that costs a full run of the page.
    JavaScript adds 1 to null as to 0, so taps still count 1, 2, …
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (window.__GLOBAL_DATA__ && window.__GLOBAL_DATA__.last_object_clicked_count === 0) {
            window.__GLOBAL_DATA__.last_object_clicked_count = null;
        }
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "TapCountFromNone"


class _PlaceLabels(MacroElement):
    """Names of places (sectors, neighbourhoods) written on the map while no base-map tile shows.

    They orient a resident on a plain background; once a tile has loaded (the map container gets the
    class ``wijk-tiles``) the base map names the streets and these labels step aside.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .wijk-place-label { background: none; border: none; }
          .wijk-place-label span { display: inline-block; transform: translate(-50%, -50%); white-space: nowrap;
            font: 600 12px/1.2 system-ui, sans-serif; color: #2d3a35; text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
          .wijk-tiles .wijk-place-label, .wijk-tiles .wijk-place-outline { display: none; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map, places) {
            for (var i = 0; i < places.length; i++) {
                L.marker([places[i][1], places[i][2]], {interactive: false, keyboard: false,
                    icon: L.divIcon({className: "wijk-place-label", html: "<span>" + places[i][0] + "</span>",
                                     iconSize: null})}).addTo(map);
            }
        })({{ this._parent.get_name() }}, {{ this.payload }});
        {% endmacro %}
    """)

    def __init__(self, payload: str) -> None:
        super().__init__()
        self._name = "PlaceLabels"
        self.payload = payload


def _script_json(value: Any) -> str:
    """JSON that cannot end a ``<script>`` element or open a comment in it."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _rows(frame: pd.DataFrame, category_index: Mapping[str, int], labels: IdeaLabels) -> list[list[Any]]:
    """One compact row per idea: lat, lon, radius, category position, id, then escaped texts and tallies."""
    if frame.empty:
        return []
    columns = (frame["lat"].round(6).tolist(), frame["lon"].round(6).tolist(),
               [round(marker_radius(s), 1) for s in frame["support"].tolist()],
               [category_index[c] for c in frame["category"].tolist()], frame["id"].astype(int).tolist(),
               [escape_html(t) for t in frame["title"].tolist()],
               [format_support(s) for s in frame["support"].tolist()],
               [escape_html(labels.tally(v, c)) for v, c in zip(frame["votes"].tolist(), frame["comments"].tolist())],
               [escape_html(p if isinstance(p, str) and p else labels.anonymous) for p in frame["pseudonym"].tolist()],
               [escape_html(shorten(t, _EXCERPT)) if isinstance(t, str) else "" for t in frame["text"].tolist()])
    return [list(row) for row in zip(*columns)]


def _mask(area: IdeaArea, margin_m: float = 30_000) -> dict:
    """Everything around the area (a wide box with the area as hole), in WGS84 GeoJSON."""
    minx, miny, maxx, maxy = area.geometry.bounds
    outside = shapely.box(minx - margin_m, miny - margin_m, maxx + margin_m, maxy + margin_m).difference(
        area.geometry.simplify(1.0, preserve_topology=True))
    return wgs84_geojson(outside)


def idea_map(frame: pd.DataFrame, *, categories: Mapping[str, tuple[str, str]], area: IdeaArea | None = None,
             labels: IdeaLabels | None = None, basemap: Basemap = "osm",
             cluster_threshold: int = DEFAULT_CLUSTER_THRESHOLD, view_key: str | None = None,
             local_tiles: LocalTiles | None = None,
             place_labels: Mapping[str, tuple[float, float]] | None = None,
             place_outlines: dict | None = None, keyboard_pick: bool = False, markers: bool = True) -> folium.Map:
    """Build the idea map.

    Parameters
    ----------
    frame
        :func:`wijk_core.ideas.ideas_frame` rows to show (already filtered).
    categories
        Category key → ``(label, "#rrggbb")``; every category in ``frame`` must be
        present. Labels are escaped here.
    area
        The perimeter ideas may be pinned in: drawn as an outline with the outside
        greyed, and the view fits it. Without it the view fits the ideas (or Flanders
        and Brussels).
    labels
        Words used in popups.
    basemap
        The online base map, as :func:`wijk_core.maps.leaflet.new_map`.
    cluster_threshold
        Cluster the markers from this many ideas on.
    view_key
        Keep the reader's view under this key (:class:`wijk_core.maps.leaflet.KeepView`): after a vote or a new
        idea the redrawn map stays where she was looking.
    local_tiles
        The project's offline base map, served by the app: used instead of ``basemap``.
    place_labels
        Name → ``(lon, lat)`` of places to name on the map while no base-map tile shows (the
        sectors or neighbourhoods: never an empty background). Names are escaped here.
    place_outlines
        WGS84 GeoJSON of their borders, drawn thin while no base-map tile shows.
    keyboard_pick
        Let the keyboard pin an idea: focused, the map picks its centre on Enter or Space
        (:class:`wijk_core.maps.manners.KeyboardPick`), for the resident's map.
    markers
        Draw the ideas on the map. Without them the map's script does not change with the ideas, so
        ``st_folium`` keeps the map frame when they change: pass :func:`idea_layer` of the same ideas
        as ``feature_group_to_add`` (the view then fits ``area``, or Flanders and Brussels without it).

    Returns
    -------
    folium.Map
        Offline-safe (:func:`wijk_core.maps.offline.remote_assets` is empty), with Leaflet's own assets
        and its plugins' only (:func:`wijk_core.maps.offline.leaflet_assets_only`).

    Raises
    ------
    ValueError
        If an idea's category has no entry in ``categories`` or a colour is not ``#rrggbb``.

    Notes
    -----
    Marker radius :math:`r = \\min(22, 6 + 2.5\\sqrt{\\max(0, s)})` px for support
    :math:`s` (:func:`wijk_core.ideas.marker_radius`).
    """
    _check_categories(frame, categories)
    map_lang = labels.language if labels else None
    if area is not None:
        minx, miny, maxx, maxy = area.bounds_wgs84
        fmap = new_map(bounds_wgs84=(minx, miny, maxx, maxy), basemap=basemap, local_tiles=local_tiles, lang=map_lang)
        folium.GeoJson(_mask(area), name="outside", interactive=False,
                       style_function=lambda _: {"stroke": False, "fillColor": "#5f6368",
                                                 "fillOpacity": 0.28}).add_to(fmap)
        folium.GeoJson(area.outline_wgs84, name="area", interactive=False,
                       style_function=lambda _: {"color": AREA_COLOUR, "weight": 3, "fill": False}).add_to(fmap)
    elif markers and not frame.empty:
        fmap = new_map(bounds_wgs84=(frame["lon"].min() - 0.002, frame["lat"].min() - 0.002,
                                     frame["lon"].max() + 0.002, frame["lat"].max() + 0.002), basemap=basemap,
                       local_tiles=local_tiles, lang=map_lang)
    else:
        fmap = new_map(basemap=basemap, local_tiles=local_tiles, lang=map_lang)
    if place_outlines:
        folium.GeoJson(place_outlines, name="places", interactive=False, control=False,
                       style_function=lambda _: {"color": "#6b7a74", "weight": 1, "fill": False,
                                                 "className": "wijk-place-outline"}).add_to(fmap)
    if place_labels or place_outlines:
        fmap.add_child(_PlaceLabels(_script_json(
            [[escape_html(name), round(float(lat), 6), round(float(lon), 6)]
             for name, (lon, lat) in (place_labels or {}).items()])))
    labels = labels or IdeaLabels()
    if markers:
        _add_markers(fmap, frame, categories, labels, cluster_threshold)
    else:
        fmap.add_child(_ClusterAssets())
    fmap.add_child(_TapCountFromNone())
    if keyboard_pick:
        fmap.add_child(KeyboardPick(t("ideas.map_keyboard", labels.language)))
    if view_key is not None:
        fmap.add_child(KeepView(view_key))  # last: after the initial fit
    return leaflet_assets_only(fmap)  # circle markers and popups of its own: no jQuery, Bootstrap, icon fonts


def idea_layer(frame: pd.DataFrame, *, categories: Mapping[str, tuple[str, str]], labels: IdeaLabels | None = None,
               cluster_threshold: int = DEFAULT_CLUSTER_THRESHOLD) -> folium.FeatureGroup:
    """The ideas' markers as a layer of their own, for a map built with ``idea_map(markers=False)``.

    ``st_folium(feature_group_to_add=…)`` swaps it inside the map that stays, so a vote, a new
    idea or a filter redraws the markers without a new map frame. Parameters as :func:`idea_map`.

    Raises
    ------
    ValueError
        If an idea's category has no entry in ``categories`` or a colour is not ``#rrggbb``.
    """
    _check_categories(frame, categories)
    group = folium.FeatureGroup(name="ideas", control=False)
    _add_markers(group, frame, categories, labels or IdeaLabels(), cluster_threshold)
    return group


def _check_categories(frame: pd.DataFrame, categories: Mapping[str, tuple[str, str]]) -> None:
    unknown = sorted(set(frame["category"]) - set(categories)) if not frame.empty else []
    if unknown:
        raise ValueError(f"categories has no label and colour for {unknown}; pass every category of the project")
    bad = [colour for _, colour in categories.values() if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour)]
    if bad:
        raise ValueError(f"colours must be '#rrggbb', got {bad}")


def _add_markers(parent: Any, frame: pd.DataFrame, categories: Mapping[str, tuple[str, str]], labels: IdeaLabels,
                 cluster_threshold: int) -> None:
    """Put the ideas' markers on ``parent`` (a map or a layer), clustered from ``cluster_threshold`` ideas on."""
    if len(frame) >= cluster_threshold:
        target = folium.plugins.MarkerCluster(name="ideas", control=False, options={
            "showCoverageOnHover": False, "disableClusteringAtZoom": 18, "chunkedLoading": True,
            "spiderfyOnMaxZoom": True})
    elif isinstance(parent, folium.FeatureGroup):
        target = parent
    else:
        target = folium.FeatureGroup(name="ideas", control=False)
    if target is not parent:
        target.add_to(parent)
    keys = list(categories)
    payload = {
        "rows": _rows(frame, {key: position for position, key in enumerate(keys)}, labels),
        "categories": [[escape_html(categories[key][0]), categories[key][1].lower()] for key in keys],
        "labels": {name: escape_html(getattr(labels, name)) for name in ("support", "more")},
    }
    parent.add_child(_IdeaMarkers(target, _script_json(payload)))


def overlay_layer(*, pending: tuple[float, float] | None = None, selected: tuple[float, float] | None = None,
                  selected_radius: float = 10.0) -> folium.FeatureGroup:
    """What changes between taps, drawn without rebuilding the map (``st_folium(feature_group_to_add=…)``).

    Parameters
    ----------
    pending
        ``(lon, lat)`` of the spot a resident just tapped for a new idea: a dashed ring.
    selected
        ``(lon, lat)`` of the idea whose details are open: a dark ring around its marker.
    """
    group = folium.FeatureGroup(name="selection", control=False)
    if pending is not None:
        folium.CircleMarker([pending[1], pending[0]], radius=12, color="#111111", weight=3, dash_array="4 3",
                            fill=True, fill_color="#ffffff", fill_opacity=0.5, interactive=False).add_to(group)
    if selected is not None:
        folium.CircleMarker([selected[1], selected[0]], radius=selected_radius + 4, color="#111111", weight=3,
                            fill=False, interactive=False).add_to(group)
    return group


def idea_id_from_tooltip(tooltip: object) -> int | None:
    """The idea id at the start of a marker tooltip's text (``"#12 · title"`` → 12), else None."""
    if not isinstance(tooltip, str):
        return None
    found = _TOOLTIP_ID.match(tooltip)
    return int(found.group(1)) if found else None
