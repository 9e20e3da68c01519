"""Section "Maps": grid, onion, network, ladder and map of the stakeholders, for the group."""

from __future__ import annotations

import streamlit as st

from wijk_core.stakeholders.charts import (
    has_ladder_steps,
    ladder_matrix,
    onion_diagram,
    power_interest_grid,
    relation_network,
)
from wijk_core.stakeholders.map import stakeholder_map
from wijk_core.stakeholders.summary import network_table, quadrant_table

from ..state import lang, tr
from .common import Saved, background


def chart_config(name: str) -> dict:
    """Plotly's own camera button saves the chart as a PNG, in the browser (no server, no internet)."""
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2}}


def render(project, data: Saved) -> None:
    st.write(tr("stakeholders.charts_intro"))
    inventory = data.inventory
    if inventory.empty:
        st.info(tr("stakeholders.charts_empty"))
        return
    code = lang()
    st.plotly_chart(power_interest_grid(inventory, code), key="stakeholders_chart_grid",
                    config=chart_config("macht-belang"))
    st.markdown(f"**{tr('stakeholders.grid_table_title')}**")
    st.dataframe(quadrant_table(inventory, code), hide_index=True, key="stakeholders_quadrant_table")

    st.plotly_chart(onion_diagram(inventory, code), key="stakeholders_chart_onion", config=chart_config("ui"))

    suggestions = st.toggle(tr("stakeholders.include_suggestions"), value=True,
                            key="stakeholders_include_suggestions")
    st.plotly_chart(relation_network(inventory, data.relations, code, include_suggestions=suggestions),
                    key="stakeholders_chart_network", config=chart_config("netwerk"))
    st.caption(tr("stakeholders.network_explained"))
    st.markdown(f"**{tr('stakeholders.network_table_title')}**")
    st.dataframe(network_table(inventory, data.relations, code, include_suggestions=suggestions),
                 hide_index=True, key="stakeholders_network_table")

    if has_ladder_steps(inventory):
        st.plotly_chart(ladder_matrix(inventory, code), key="stakeholders_chart_ladder",
                        config=chart_config("participatieladder"))
    else:
        st.markdown(f"**{tr('stakeholders.chart_ladder')}**")
        st.info(tr("stakeholders.ladder_empty"))
    layer, label = background(project.id)
    st.plotly_chart(stakeholder_map(inventory, code, background=layer, label_column=label),
                    key="stakeholders_chart_map", config=chart_config("kaart"))
