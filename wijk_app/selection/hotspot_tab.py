"""Section "Hotspots": the framework's data criteria scored over every sector."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from wijk_core import config
from wijk_core.errors import WijkError
from wijk_core.i18n import format_number
from wijk_core.selection.framework import criterion_choices
from wijk_core.selection.map import HotspotStyle, hotspot_style, sector_frame, selection_map
from wijk_core.selection.summary import top_sectors

from ..project_data import criteria_set, quiet
from ..state import lang, show_error, tr
from .common import map_package, map_style


@st.cache_data(show_spinner=False, max_entries=32)
def _hotspots(data_key: str, choices: tuple, method: str, language: str, _data, _package) -> HotspotStyle:
    """Scores, classes and style file of one set of criteria (once per set and language)."""
    return quiet(hotspot_style, _data, _package, list(choices), method, language)


def render(project_id: int, data, data_key: str) -> None:
    st.write(tr("selection.hotspots_intro"))
    saved = criteria_set(project_id)
    choices = tuple(criterion_choices(saved.criteria if saved else (), "indicator"))
    package = map_package(data, data_key)
    try:
        found = map_style(_hotspots, data_key, choices, saved.method if saved else "weighted_sum", lang(), data,
                          package)
    except WijkError as err:
        show_error(err)
        return
    sectors = sector_frame(data)
    fmap = selection_map(sectors, package, found.style, found.classes,
                         [tr("selection.sector_tooltip_code"), tr("selection.sector_tooltip_name"),
                          tr("selection.hotspot_score")],
                         legend_title=tr("selection.hotspot_score"), no_data_label=tr("selection.no_value"),
                         format_value=lambda v: format_number(v, lang(), 2), basemap=config.basemap(),
                         draw=False)
    st_folium(fmap, height=520, use_container_width=True, key="hotspot_map", returned_objects=[])
    st.subheader(tr("selection.hotspots_top"))
    st.dataframe(top_sectors(found.scores, sectors, lang()), hide_index=True)
