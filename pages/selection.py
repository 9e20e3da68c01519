"""Neighbourhood selection (officer): sectors on the map and candidate perimeters."""

import streamlit as st
from streamlit_folium import st_folium

from wijk_app.cache import demo_data
from wijk_app.state import lang, tr
from wijk_core import config
from wijk_core.i18n import format_number
from wijk_core.layers import sector_outline_layer
from wijk_core.maps import add_draw_tools, new_map
from wijk_core.perimeter import PerimeterError, perimeter_from_geojson
from wijk_core.sectors import sector_summary

st.title(tr("selection.title"))
st.write(tr("selection.intro"))

data = demo_data()
summary = sector_summary(data)
bounds = data.sectors.to_crs(4326).total_bounds
fmap = new_map(bounds_wgs84=[[bounds[1], bounds[0]], [bounds[3], bounds[2]]],
               basemap=config.basemap())
sector_outline_layer(data.sectors, "cd_sector", "tx_sector_descr_nl",
                     (tr("selection.sector_tooltip_code"), tr("selection.sector_tooltip_name"))
                     ).add_to(fmap)
add_draw_tools(fmap)
st.caption(tr("selection.map_caption", count=summary["sectors"], municipality=summary["municipality"]))
result = st_folium(fmap, height=520, use_container_width=True, key="selection_map",
                   returned_objects=["last_active_drawing", "all_drawings"])

drawing = (result or {}).get("last_active_drawing")
if not drawing:
    st.info(tr("selection.no_drawing"))
else:
    try:
        perimeter = perimeter_from_geojson(drawing)
    except PerimeterError as err:
        st.error(tr(err.code, **err.params))
    else:
        st.success(tr("selection.drawing_received", vertices=perimeter.vertices,
                      hectares=format_number(perimeter.hectares, lang(), 1)))
        with st.expander(tr("selection.coordinates")):
            st.json(drawing.get("geometry", drawing))
