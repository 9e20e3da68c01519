"""The base maps a Leaflet map can show, each with its attribution, and a project's own offline tiles.

Online services (addresses as the publishers and their users document them):

============ ===================================================== ================== =================
key          what                                                  where              offline copy
============ ===================================================== ================== =================
``cartoweb`` NGI/IGN CartoWeb.be "topo", WMTS in EPSG:3857          all of Belgium     no [#ngi]_
``grb``      Digitaal Vlaanderen, GRB base map ``grb_bsk``, WMTS    Flanders           yes [#grb]_
``urbis``    paradigm.brussels UrbIS, WMS layer ``urbisNL/FR``      Brussels           yes [#urbis]_
``osm``      OpenStreetMap's standard tiles                         the world          no [#osm]_
============ ===================================================== ================== =================

.. [#ngi] The CartoWeb.be terms forbid copying the data and downloading it with
   automatic download programs; the service is for viewing only.
.. [#grb] Free open data licence of Flanders: reuse allowed, naming the source.
.. [#urbis] UrbIS open-data licence: free use, naming the source.
.. [#osm] The tile usage policy forbids bulk downloading for offline use.

Attribution appears only once a tile of that layer has actually loaded
(:class:`AttributionOnLoad`): a map without internet does not credit a map it
does not show. Until then, and whenever no tile loads at all, the map container
keeps the class ``wijk-no-tiles``, which lets a caller show its own labels
(sector names) on the plain background instead.

A project's own tiles (:class:`LocalTiles`) are files the app serves itself
(``/app/static/...``): when a project has them the map uses them instead of the
online service, so it looks the same with and without internet and asks nothing
from outside.

This module never imports streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import folium
from branca.element import MacroElement
from folium.template import Template

from wijk_core.config import BASEMAP_CHOICES

__all__ = ["BASEMAPS", "BASEMAP_CHOICES", "AttributionOnLoad", "BaseMap", "Basemap", "LocalTiles",
           "add_base_layer", "choose_basemap", "tile_url"]

Basemap = Literal["auto", "cartoweb", "grb", "urbis", "osm", "none"]


@dataclass(frozen=True)
class BaseMap:
    """One online base-map service.

    ``url`` is a Leaflet tile template (``{z}/{x}/{y}``) for ``kind="xyz"``, or the
    WMS endpoint for ``kind="wms"`` (``layers`` then names the layer).
    ``bounds`` is the area it covers, ``(min_lon, min_lat, max_lon, max_lat)``.
    ``offline_allowed`` says whether its terms allow fetching an area's tiles ahead of time.
    """

    key: str
    name: str
    kind: Literal["xyz", "wms"]
    url: str
    attribution: str
    max_zoom: int
    bounds: tuple[float, float, float, float]
    offline_allowed: bool
    terms: str
    layers: str = ""
    min_zoom: int = 0
    image_format: str = "png"


BELGIUM = (2.54, 49.49, 6.41, 51.51)
FLANDERS = (2.54, 50.68, 5.92, 51.51)
BRUSSELS = (4.24, 50.76, 4.49, 50.92)

BASEMAPS: dict[str, BaseMap] = {
    "cartoweb": BaseMap(
        key="cartoweb", name="CartoWeb.be (NGI/IGN)", kind="xyz",
        url="https://cartoweb.wmts.ngi.be/1.0.0/topo/default/3857/{z}/{y}/{x}.png",
        attribution='&copy; <a href="https://www.ngi.be/">NGI/IGN</a> CartoWeb.be',
        min_zoom=7, max_zoom=17, bounds=BELGIUM, offline_allowed=False,
        terms="https://www.ngi.be/website/gebruiksvoorwaarden-cartoweb-be"),
    "grb": BaseMap(
        key="grb", name="GRB (Digitaal Vlaanderen)", kind="xyz",
        url=("https://geo.api.vlaanderen.be/GRB/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=grb_bsk"
             "&STYLE=&FORMAT=image/png&TILEMATRIXSET=GoogleMapsVL&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"),
        attribution=('Bron: <a href="https://www.vlaanderen.be/digitaal-vlaanderen">'
                     'Grootschalig Referentiebestand Vlaanderen, Digitaal Vlaanderen</a>'),
        max_zoom=20, bounds=FLANDERS, offline_allowed=True,
        terms="https://www.vlaanderen.be/digitaal-vlaanderen/onze-oplossingen/open-data"),
    "urbis": BaseMap(
        key="urbis", name="UrbIS (paradigm.brussels)", kind="wms",
        url="https://geoservices-urbis.irisnet.be/geoserver/wms", layers="urbisNL",
        attribution='&copy; <a href="https://paradigm.brussels/">UrbIS &ndash; paradigm.brussels</a>',
        max_zoom=20, bounds=BRUSSELS, offline_allowed=True,
        terms="https://paradigm.brussels/"),
    "osm": BaseMap(
        key="osm", name="OpenStreetMap", kind="xyz",
        url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        attribution='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        max_zoom=19, bounds=(-180.0, -85.0, 180.0, 85.0), offline_allowed=False,
        terms="https://operations.osmfoundation.org/policies/tiles/"),
}


@dataclass(frozen=True)
class LocalTiles:
    """Tiles of a project served by the app itself.

    ``url`` is a Leaflet template under the app (``/app/static/cache/basemaps/<key>/{z}/{x}/{y}.png``).
    """

    url: str
    attribution: str
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float]
    name: str = "offline"


def _inside(inner: tuple[float, float, float, float], outer: tuple[float, float, float, float]) -> bool:
    return (inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3])


def _overlaps(one: tuple[float, float, float, float], other: tuple[float, float, float, float]) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def choose_basemap(choice: str, bounds_wgs84: tuple[float, float, float, float] | None) -> str:
    """The base map to show for ``choice`` over an area: ``auto`` picks the region's official map.

    Parameters
    ----------
    choice : {"auto", "cartoweb", "grb", "urbis", "osm", "none"}
    bounds_wgs84 : tuple of 4 floats or None
        The area shown, ``(min_lon, min_lat, max_lon, max_lat)``.

    Returns
    -------
    str
        ``auto`` becomes ``urbis`` for an area inside Brussels, ``grb`` inside Flanders
        (not reaching into Brussels), else ``cartoweb`` (all of Belgium); the other
        choices are returned as given. The regions are boxes: an area in Wallonia just
        south of Flanders' box (Walloon Brabant) may get GRB, blank there, and then
        should choose ``cartoweb`` with ``WIJK_BASEMAP``.

    Raises
    ------
    ValueError
        For a choice that is not one of the above.
    """
    if choice not in BASEMAP_CHOICES:
        raise ValueError(f"basemap must be one of {BASEMAP_CHOICES}, not {choice!r}")
    if choice != "auto":
        return choice
    if bounds_wgs84 is None:
        return "cartoweb"
    bounds = tuple(bounds_wgs84)
    if _inside(bounds, BRUSSELS):
        return "urbis"
    # GRB is blank over Brussels: an area reaching into it gets the national map
    if _inside(bounds, FLANDERS) and not _overlaps(bounds, BRUSSELS):
        return "grb"
    return "cartoweb"


_HALF_WORLD = 20037508.342789244


def _mercator_bbox(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    size = 2 * _HALF_WORLD / 2 ** z
    return (-_HALF_WORLD + x * size, _HALF_WORLD - (y + 1) * size, -_HALF_WORLD + (x + 1) * size,
            _HALF_WORLD - y * size)


def tile_url(base: BaseMap, z: int, x: int, y: int) -> str:
    """The address of one 256-pixel Web Mercator tile of ``base`` (a WMS map is asked for that box)."""
    if base.kind == "wms":
        west, south, east, north = _mercator_bbox(z, x, y)
        return (f"{base.url}?SERVICE=WMS&REQUEST=GetMap&VERSION=1.1.1&LAYERS={base.layers}&STYLES="
                f"&FORMAT=image/{base.image_format}&TRANSPARENT=false&SRS=EPSG:3857&WIDTH=256&HEIGHT=256"
                f"&BBOX={west:.3f},{south:.3f},{east:.3f},{north:.3f}")
    return base.url.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))


class AttributionOnLoad(MacroElement):
    """Credit a tile layer in the map's corner once one of its tiles has loaded, not before.

    Also keeps the class ``wijk-no-tiles`` on the map container until then.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, layer, text) {
            var container = map.getContainer();
            container.classList.add("wijk-no-tiles");
            var credited = false;
            layer.on("tileload", function () {
                container.classList.remove("wijk-no-tiles");
                container.classList.add("wijk-tiles");
                if (!credited && map.attributionControl) {
                    map.attributionControl.addAttribution(text);
                    credited = true;
                }
            });
        })({{ this._parent.get_name() }}, {{ this.layer.get_name() }}, {{ this.text|tojson }});
        {% endmacro %}
    """)

    def __init__(self, layer: folium.raster_layers.Layer, text: str) -> None:
        super().__init__()
        self._name = "AttributionOnLoad"
        self.layer = layer
        self.text = text


def _leaflet_bounds(bounds: tuple[float, float, float, float]) -> list[list[float]]:
    west, south, east, north = bounds
    return [[south, west], [north, east]]


def add_base_layer(m: folium.Map, choice: str, *, bounds_wgs84: tuple[float, float, float, float] | None = None,
                   local: LocalTiles | None = None, max_zoom: int = 19) -> str:
    """Add the base layer to ``m``: the project's own tiles when given, else the chosen online map.

    Parameters
    ----------
    m : folium.Map
    choice : {"auto", "cartoweb", "grb", "urbis", "osm", "none"}
        Ignored when ``local`` is given.
    bounds_wgs84 : tuple of 4 floats, optional
        The area shown, for ``auto``.
    local : LocalTiles, optional
        Tiles the app serves itself.
    max_zoom : int, default 19
        The map's largest zoom: tiles are enlarged past their own largest zoom.

    Returns
    -------
    str
        What was added: ``"local"``, a key of :data:`BASEMAPS`, or ``"none"``.
    """
    if local is not None:
        layer = folium.TileLayer(tiles=local.url, attr=" ", name=local.name, min_zoom=0, max_zoom=max_zoom,
                                 max_native_zoom=local.max_zoom, min_native_zoom=local.min_zoom,
                                 bounds=_leaflet_bounds(local.bounds), control=False)
        layer.options.pop("attribution", None)
        layer.add_to(m)
        m.add_child(AttributionOnLoad(layer, local.attribution))
        return "local"
    key = choose_basemap(choice, bounds_wgs84)
    if key == "none":
        return "none"
    base = BASEMAPS[key]
    common = dict(name=base.name, max_zoom=max_zoom, control=False, bounds=_leaflet_bounds(base.bounds))
    if base.kind == "wms":
        layer = folium.WmsTileLayer(url=base.url, layers=base.layers, fmt=f"image/{base.image_format}",
                                    attr=" ", transparent=False, version="1.1.1", **common)
    else:
        layer = folium.TileLayer(tiles=base.url, attr=" ", max_native_zoom=min(base.max_zoom, max_zoom),
                                 min_zoom=0, **common)
    layer.options.pop("attribution", None)
    layer.add_to(m)
    m.add_child(AttributionOnLoad(layer, base.attribution))
    return key

