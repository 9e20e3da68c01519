"""The officer's selection map: choropleth, candidates, clicked sectors, drawing tools.

:func:`indicator_style` and :func:`hotspot_style` compute what one map shows (classes
with the catalogue's colour ramp, tooltip texts in the reader's language) and write its
style file; :func:`selection_map` draws it.

The sectors are drawn by :class:`SectorLayer`, which loads its geometry from the
files of a :class:`~wijk_core.maps.sector_layer.SectorPackage` instead of carrying it in
the map: the map itself stays a few kilobytes whatever the number of sectors.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from wijk_core.i18n import format_numbers, t, with_unit
from wijk_core.maps.choropleth import NO_DATA_COLOUR, Classification, ClassMethod, classify, legend_control
from wijk_core.maps.leaflet import add_draw_tools, new_map
from wijk_core.maps.offline import app_static_url
from wijk_core.maps.sector_layer import SectorPackage, style_file
from wijk_core.readers.labels import colour_ramp, indicator_unit
from wijk_core.sectors.data import SectorData
from wijk_core.selection.framework import CriterionChoice, sector_hotspots

__all__ = ["CANDIDATE_COLOURS", "HotspotStyle", "IndicatorStyle", "SectorLayer", "hotspot_style",
           "indicator_style", "mapped_indicators", "name_column", "sector_frame", "sector_tooltips", "selection_map"]

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
                  draw: bool = True, lang: str | None = None) -> folium.Map:
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
    lang
        Language of the drawing tools (default: Dutch).
    """
    fmap = new_map(bounds_wgs84=list(package.bounds_wgs84), basemap=basemap, lang=lang)
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
        add_draw_tools(fmap, lang=lang)
    return fmap


def mapped_indicators(data: SectorData) -> list[str]:
    """The catalogued indicators that have sector values, in catalogue order: what the map can show."""
    return [c for c in data.catalogue.index if c in data.indicators.columns]


def sector_frame(data: SectorData) -> gpd.GeoDataFrame:
    """The sectors indexed by their code (``cd_sector`` kept as a column)."""
    return data.sectors.set_index("cd_sector", drop=False)


def name_column(sectors: gpd.GeoDataFrame, lang: str) -> str | None:
    """The sector-name column in ``lang``, else the Dutch one, else None."""
    for column in (f"tx_sector_descr_{lang}", "tx_sector_descr_nl"):
        if column in sectors:
            return column
    return None


def sector_tooltips(sectors: gpd.GeoDataFrame, values: pd.Series, lang: str, decimals: int,
                    unit: str = "") -> pd.DataFrame:
    """The tooltip lines per sector: code, name and the value in ``lang``'s format.

    Parameters
    ----------
    sectors
        Sectors indexed by code (:func:`sector_frame`).
    values
        One value per sector code; a sector without value reads ``no value``.
    decimals, unit
        How the value is written.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``name``, ``value``, indexed like ``sectors``.
    """
    names = name_column(sectors, lang)
    no_value = t("selection.no_value", lang)
    shown = [with_unit(text, unit, lang) if text != "\u2013" else no_value
             for text in format_numbers(values.reindex(sectors.index), lang, decimals)]
    return pd.DataFrame({"code": sectors["cd_sector"],
                         "name": sectors[names].fillna("") if names else "",
                         "value": shown}, index=sectors.index)


@dataclass(frozen=True)
class IndicatorStyle:
    """One indicator on the map: its classes, how its values are written, its style file."""

    classes: Classification
    unit: str
    decimals: int
    style: str


def indicator_style(data: SectorData, package: SectorPackage, indicator: str,
                    method: ClassMethod = "quantiles", k: int = 5, lang: str = "nl") -> IndicatorStyle:
    """Colour the sectors by one indicator and write the map's style file.

    The colour ramp follows the catalogue (:func:`wijk_core.readers.labels.colour_ramp`);
    values of 100 and more are written without decimals, smaller ones with one.

    Raises
    ------
    wijk_core.maps.choropleth.ChoroplethError
        For an unknown class method, a class count out of range, or no value at all.
    """
    sectors = sector_frame(data)
    values = data.indicators[indicator].reindex(sectors.index)
    rule = colour_ramp(data.catalogue, indicator)
    classes = classify(values, method, k, ramp=rule.ramp, reverse=rule.reverse)
    unit = indicator_unit(data.catalogue, indicator, lang)
    decimals = 0 if values.abs().max() >= 100 else 1
    texts = sector_tooltips(sectors, values, lang, decimals, unit)
    return IndicatorStyle(classes, unit, decimals, style_file(package, classes.classes, texts))


@dataclass(frozen=True)
class HotspotStyle:
    """The framework's data criteria scored over every sector, and the map of the scores."""

    scores: pd.Series
    classes: Classification
    style: str


def hotspot_style(data: SectorData, package: SectorPackage, choices: Sequence[CriterionChoice],
                  method: Literal["weighted_sum", "topsis"] = "weighted_sum",
                  lang: str = "nl") -> HotspotStyle:
    """Score every sector on the indicator criteria, in quantile classes, and write the style file.

    Raises
    ------
    wijk_core.selection.framework.FrameworkError
        ``errors.framework_no_indicator_criteria`` without an indicator criterion.
    """
    scores = sector_hotspots(data.indicators, list(choices), method)
    sectors = sector_frame(data)
    scores = scores.reindex(sectors.index)
    classes = classify(scores.rename("hotspot"), "quantiles", 5)
    return HotspotStyle(scores, classes, style_file(package, classes.classes,
                                                     sector_tooltips(sectors, scores, lang, 2)))
