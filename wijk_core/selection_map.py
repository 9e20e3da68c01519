"""The officer's selection map: choropleth, candidates, clicked sectors, drawing tools."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

import folium
import geopandas as gpd
import pandas as pd

from .choropleth import Classification, choropleth_layer, legend_control
from .maps import add_draw_tools, new_map

__all__ = ["CANDIDATE_COLOURS", "selection_map"]

CANDIDATE_COLOURS = ["#1f6f5c", "#4575b4", "#7b3294", "#d73027", "#e6a23c", "#1a9850", "#c51b7d",
                     "#35978f"]


def selection_map(sectors: gpd.GeoDataFrame, classification: Classification,
                  tooltip: pd.DataFrame, tooltip_aliases: list[str], *, legend_title: str,
                  no_data_label: str, format_value: Callable[[float], str],
                  candidates: gpd.GeoDataFrame | None = None,
                  selected: Iterable[str] = (), basemap: str = "osm",
                  draw: bool = True) -> folium.Map:
    """Build the map of the selection page.

    Parameters
    ----------
    sectors
        Sector polygons indexed by ``cd_sector`` (any projected CRS).
    classification
        Classes of the mapped indicator (:func:`wijk_core.choropleth.classify`).
    tooltip
        Text columns shown on hover, indexed like ``sectors`` (already formatted).
    candidates
        Saved candidate perimeters (index: name), drawn as coloured outlines.
    selected
        Codes of the sectors clicked to assemble a candidate, outlined in black.
    """
    bounds = sectors.to_crs(4326).total_bounds
    fmap = new_map(bounds_wgs84=[[bounds[1], bounds[0]], [bounds[3], bounds[2]]], basemap=basemap)
    layer = sectors[[sectors.geometry.name]].join(tooltip)
    choropleth_layer(layer, classification, list(tooltip.columns), tooltip_aliases).add_to(fmap)
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
