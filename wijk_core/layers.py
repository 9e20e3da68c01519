"""Map layers built from sector data: outlines with safe tooltips."""

from __future__ import annotations

import html

import folium
import geopandas as gpd

__all__ = ["escaped_properties", "sector_outline_layer"]


def escaped_properties(frame: gpd.GeoDataFrame, columns: list[str]) -> gpd.GeoDataFrame:
    """Keep ``columns`` and the geometry, with every text value HTML-escaped.

    Leaflet tooltips and popups insert their content as HTML, so any text that came
    from a file or a user (a sector name, an idea title) must be escaped first.
    """
    kept = frame[[*columns, frame.geometry.name]].copy()
    for column in columns:
        if kept[column].dtype == object or str(kept[column].dtype).startswith("str"):
            kept[column] = kept[column].map(lambda v: html.escape(str(v)) if v == v and v is not None else "")
    return kept


def sector_outline_layer(
    sectors: gpd.GeoDataFrame,
    code_column: str,
    name_column: str,
    aliases: tuple[str, str],
    name: str = "sectors",
) -> folium.GeoJson:
    """Sector outlines in WGS84 with a hover tooltip showing code and name.

    Parameters
    ----------
    sectors
        Sector polygons in any declared CRS.
    code_column, name_column
        Columns shown in the tooltip.
    aliases
        Labels for the two columns, in the user's language.
    name
        Layer name in the layer control.
    """
    if sectors.crs is None:
        raise ValueError("sectors have no CRS; declare one (e.g. EPSG:31370) before mapping")
    shown = escaped_properties(sectors, [code_column, name_column]).to_crs(4326)
    return folium.GeoJson(
        shown,
        name=name,
        style_function=lambda _: {"color": "#1f6f5c", "weight": 1, "fillColor": "#9bc7b8",
                                  "fillOpacity": 0.25},
        highlight_function=lambda _: {"weight": 3, "fillOpacity": 0.45},
        tooltip=folium.GeoJsonTooltip(fields=[code_column, name_column], aliases=list(aliases)),
    )
