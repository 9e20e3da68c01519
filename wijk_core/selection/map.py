"""The officer's selection map: choropleth, candidates, clicked sectors, drawing tools.

The sectors are drawn by :class:`SectorLayer`, which loads its geometry from the
files of a :class:`~wijk_core.maps.sector_layer.SectorPackage` instead of carrying it in
the map: the map itself stays a few kilobytes whatever the number of sectors.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence

import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from wijk_core.maps.choropleth import NO_DATA_COLOUR, Classification, legend_control
from wijk_core.maps.leaflet import add_draw_tools, new_map
from wijk_core.maps.offline import app_static_url
from wijk_core.maps.sector_layer import SectorPackage

__all__ = ["CANDIDATE_COLOURS", "SectorLayer", "selection_map"]

CANDIDATE_COLOURS = ["#1f6f5c", "#4575b4", "#7b3294", "#d73027", "#e6a23c", "#1a9850", "#c51b7d",
                     "#35978f"]


class SectorLayer(JSCSSMixin, MacroElement):
    """The sectors of a package, coloured by a style file, hover tooltip, clickable.

    Parameters
    ----------
    package_url
        URL of the package cache folder, ending in ``/`` (``/app/static/cache/``).
    index, style
        Names of the package index and of the style file, relative to ``package_url``.
    classification
        Gives the class colours (the class of each sector is in the style file).
    labels
        One label per tooltip line (the lines themselves are in the style file).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.wijkSectors({{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, package_url: str, index: str, style: str, classification: Classification,
                 labels: Sequence[str]) -> None:
        super().__init__()
        self._name = "WijkSectors"
        self.options = {"base": package_url, "index": index, "style": style,
                        "colours": list(classification.colours), "noData": NO_DATA_COLOUR,
                        "labels": [str(label) for label in labels]}
        self.default_js = [("wijk_sector_layer", app_static_url("wijk/sector-layer.js"))]


def selection_map(sectors: gpd.GeoDataFrame, package: SectorPackage, style: str,
                  classification: Classification, tooltip_labels: Sequence[str], *,
                  legend_title: str, no_data_label: str,
                  format_value: Callable[[float], str],
                  candidates: gpd.GeoDataFrame | None = None,
                  selected: Iterable[str] = (), basemap: str = "osm",
                  draw: bool = True) -> folium.Map:
    """Build the map of the selection page.

    Parameters
    ----------
    sectors
        Sector polygons indexed by ``cd_sector`` (any projected CRS); only the selected
        ones are put in the map itself.
    package, style
        The layer's browser files (:func:`wijk_core.maps.sector_layer.sector_package`) and
        the name of its style file (:func:`wijk_core.maps.sector_layer.style_file`); the map is
        fitted to the package's extent.
    classification
        Classes of the mapped indicator (:func:`wijk_core.maps.choropleth.classify`).
    tooltip_labels
        One label per tooltip line of the style file.
    candidates
        Saved candidate perimeters (index: name), drawn as coloured outlines.
    selected
        Codes of the sectors clicked to assemble a candidate, outlined in black.
    """
    fmap = new_map(bounds_wgs84=list(package.bounds_wgs84), basemap=basemap)
    SectorLayer(app_static_url("cache/"), package.index_name, style, classification,
                tooltip_labels).add_to(fmap)
    chosen = [code for code in selected if code in sectors.index]
    if chosen:
        folium.GeoJson(
            sectors.loc[chosen, [sectors.geometry.name]].to_crs(4326), name="selected",
            style_function=lambda _: {"color": "#000000", "weight": 3, "fillOpacity": 0.0,
                                      "dashArray": "4 3"},
            interactive=False,
        ).add_to(fmap)
    if candidates is not None and len(candidates):
        for position, (name, geometry) in enumerate(candidates.geometry.items()):
            colour = CANDIDATE_COLOURS[position % len(CANDIDATE_COLOURS)]
            shape = gpd.GeoSeries([geometry], crs=candidates.crs).to_crs(4326)
            folium.GeoJson(
                shape.__geo_interface__, name=f"candidate-{position}",
                style_function=lambda _, c=colour: {"color": c, "weight": 3.5, "fillOpacity": 0.0},
                tooltip=folium.Tooltip(html.escape(str(name))),
                interactive=False,
            ).add_to(fmap)
    legend_control(classification, legend_title, no_data_label, format_value).add_to(fmap)
    if draw:
        add_draw_tools(fmap)
    return fmap
