"""A one-map Streamlit page for ``bench_map.py``: a sector layer drawn two ways.

``?mode=ours`` draws it as the selection page does (:func:`wijk_core.selection.map.selection_map`
over a sector package), ``?mode=baseline`` as a plain ``folium.GeoJson`` of the raw
layer with a hover tooltip. A slider above the map changes nothing on it, to measure
a rerun that should cost nothing. Each script run appends its server time to
``$WIJK_BENCH_TIMINGS``.

Environment: ``WIJK_BENCH_LAYER`` (GeoParquet of sectors in EPSG:31370 with
``cd_sector``, ``tx_sector_descr_nl`` and ``value``), ``WIJK_BENCH_TIMINGS``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

started = time.perf_counter()

import folium  # noqa: E402
import geopandas as gpd  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

sys.path.insert(0, os.environ.get("WIJK_REPO", str(Path(__file__).resolve().parents[1])))

from wijk_core import config  # noqa: E402
from wijk_core.maps.choropleth import NO_DATA_COLOUR, classify  # noqa: E402
from wijk_core.i18n import format_numbers  # noqa: E402
from wijk_core.maps.leaflet import new_map  # noqa: E402
from wijk_core.maps.sector_layer import sector_package, style_file  # noqa: E402
from wijk_core.selection.map import selection_map  # noqa: E402


@st.cache_resource
def layer() -> gpd.GeoDataFrame:
    return gpd.read_parquet(os.environ["WIJK_BENCH_LAYER"]).set_index("cd_sector", drop=False)


@st.cache_resource
def package():
    return sector_package(layer(), config.map_cache_dir())


@st.cache_data
def styled():
    sectors = layer()
    classes = classify(sectors["value"], "quantiles", 5)
    texts = sectors[["cd_sector", "tx_sector_descr_nl"]].assign(value=format_numbers(sectors["value"], "nl", 1))
    return classes, style_file(package(), classes.classes, texts), texts


def baseline_map(sectors: gpd.GeoDataFrame, classes, texts) -> folium.Map:
    shown = sectors[["geometry"]].join(texts).to_crs(4326)
    shown["fill"] = classes.colour_of().reindex(sectors.index).fillna(NO_DATA_COLOUR).to_numpy()
    bounds = shown.total_bounds
    fmap = new_map(bounds_wgs84=bounds, basemap="none")
    folium.GeoJson(
        shown,
        style_function=lambda feature: {"fillColor": feature["properties"]["fill"], "color": "#555555",
                                        "weight": 0.6, "fillOpacity": 0.75},
        tooltip=folium.GeoJsonTooltip(fields=["cd_sector", "tx_sector_descr_nl", "value"]),
    ).add_to(fmap)
    return fmap


mode = st.query_params.get("mode", "ours")
unrelated = st.slider("Something else on the page", 0, 100, 50, key="unrelated")
sectors = layer()
classes, style, texts = styled()
if mode == "baseline":
    fmap = baseline_map(sectors, classes, texts)
else:
    fmap = selection_map(sectors, package(), style, classes, ["Sector", "Naam", "Waarde"],
                         legend_title="Waarde", no_data_label="–",
                         format_value=lambda v: f"{v:.1f}", basemap="none")
result = st_folium(fmap, height=600, use_container_width=True, key="map",
                   returned_objects=["last_object_clicked"])
clicked = (result or {}).get("last_object_clicked")
st.write(f"clicked: {clicked['lat']:.5f}, {clicked['lng']:.5f}" if clicked else "clicked: none")

with open(os.environ["WIJK_BENCH_TIMINGS"], "a", encoding="utf-8") as out:
    out.write(json.dumps({"mode": mode, "slider": unrelated, "seconds": time.perf_counter() - started}) + "\n")
