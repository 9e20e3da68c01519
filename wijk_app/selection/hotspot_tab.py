"""Section "Hotspots": the framework's data criteria scored over every sector."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from wijk_core import config
from wijk_core.choropleth import classify
from wijk_core.criteria import Direction
from wijk_core.errors import WijkError
from wijk_core.framework import CriterionChoice, sector_hotspots
from wijk_core.i18n import format_number
from wijk_core.selection_map import selection_map

from ..cache import store
from ..state import lang, tr
from .common import quiet, sector_frame, show_error
from .framework_tab import SET_NAME


def render(project_id: int, data) -> None:
    st.write(tr("selection.hotspots_intro"))
    saved = store().find_criteria_set(project_id, SET_NAME)
    choices = [CriterionChoice(c.key, "indicator", Direction(c.direction), c.weight)
               for c in (saved.criteria if saved else ()) if c.kind == "indicator"]
    try:
        scores = quiet(sector_hotspots, data.indicators, choices, saved.method if saved else "weighted_sum")
    except WijkError as err:
        show_error(err)
        return
    sectors = sector_frame(data)
    scores = scores.reindex(sectors.index)
    classes = classify(scores.rename("hotspot"), "quantiles", 5)
    name_column = f"tx_sector_descr_{lang()}" if f"tx_sector_descr_{lang()}" in sectors else "tx_sector_descr_nl"
    tooltip = sectors[["cd_sector"]].assign(
        name=sectors.get(name_column, sectors["cd_sector"]).fillna(""),
        score=[format_number(v, lang(), 2) if v == v else tr("selection.no_value") for v in scores])
    fmap = selection_map(sectors, classes, tooltip,
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
        tr("selection.sector_tooltip_name"): sectors.loc[top.index, name_column].fillna("").to_numpy()
        if name_column in sectors else "",
        tr("selection.hotspot_score"): [format_number(v, lang(), 3) for v in top],
    }), hide_index=True)
