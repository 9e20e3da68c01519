"""Section "Hotspots": the framework's data criteria scored over every sector."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from wijk_core import config
from wijk_core.criteria import Direction
from wijk_core.errors import WijkError
from wijk_core.i18n import format_number
from wijk_core.maps.choropleth import classify
from wijk_core.maps.sector_layer import style_file
from wijk_core.selection import store as selection_store
from wijk_core.selection.framework import CriterionChoice, sector_hotspots
from wijk_core.selection.map import selection_map

from ..cache import store
from ..state import lang, tr
from .common import map_package, map_style, name_column, quiet, sector_frame, sector_texts, show_error
from .framework_tab import SET_NAME


@st.cache_data(show_spinner=False, max_entries=32)
def _hotspots(data_key: str, choices: tuple, method: str, language: str, _data, _package):
    """Scores, classes and style file of one set of criteria (once per set and language)."""
    scores = quiet(sector_hotspots, _data.indicators, list(choices), method)
    sectors = sector_frame(_data)
    scores = scores.reindex(sectors.index)
    classes = classify(scores.rename("hotspot"), "quantiles", 5)
    return scores, classes, style_file(_package, classes.classes, sector_texts(sectors, scores, language, 2))


def render(project_id: int, data, data_key: str) -> None:
    st.write(tr("selection.hotspots_intro"))
    saved = store().read(selection_store.find_criteria_set, project_id, SET_NAME)
    choices = tuple(CriterionChoice(c.key, "indicator", Direction(c.direction), c.weight)
                    for c in (saved.criteria if saved else ()) if c.kind == "indicator")
    package = map_package(data, data_key)
    try:
        scores, classes, style = map_style(_hotspots, data_key, choices,
                                           saved.method if saved else "weighted_sum", lang(), data, package)
    except WijkError as err:
        show_error(err)
        return
    sectors = sector_frame(data)
    names = name_column(sectors)
    fmap = selection_map(sectors, package, style, classes,
                         [tr("selection.sector_tooltip_code"), tr("selection.sector_tooltip_name"),
                          tr("selection.hotspot_score")],
                         legend_title=tr("selection.hotspot_score"), no_data_label=tr("selection.no_value"),
                         format_value=lambda v: format_number(v, lang(), 2), basemap=config.basemap(),
                         draw=False)
    st_folium(fmap, height=520, use_container_width=True, key="hotspot_map", returned_objects=[])
    st.subheader(tr("selection.hotspots_top"))
    top = scores.dropna().sort_values(ascending=False).head(10)
    st.dataframe(pd.DataFrame({
        tr("selection.col_sector"): top.index,
        tr("selection.sector_tooltip_name"): sectors.loc[top.index, names].fillna("").to_numpy()
        if names else "",
        tr("selection.hotspot_score"): [format_number(v, lang(), 3) for v in top],
    }), hide_index=True)
