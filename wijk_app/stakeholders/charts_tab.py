"""Section "Maps": grid, onion, network, ladder and map of the stakeholders, for the group."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijk_core.i18n import format_number
from wijk_core.stakeholders.charts import (
    QUADRANTS,
    ladder_matrix,
    onion_diagram,
    power_interest_grid,
    power_interest_table,
    relation_network,
)
from wijk_core.stakeholders.map import stakeholder_map
from wijk_core.stakeholders import Group, build_graph, network_measures

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
    table = power_interest_table(inventory)
    st.dataframe(pd.DataFrame([{
        tr("stakeholders.col_quadrant"): tr(f"stakeholders.quadrant_{key}"),
        tr("stakeholders.col_advice"): tr(f"stakeholders.advice_{key}"),
        tr("stakeholders.col_members"): ", ".join(table.loc[table["quadrant"] == key, "name"]) or "–",
    } for key in QUADRANTS]), hide_index=True, key="stakeholders_quadrant_table")

    st.plotly_chart(onion_diagram(inventory, code), key="stakeholders_chart_onion", config=chart_config("ui"))

    suggestions = st.toggle(tr("stakeholders.include_suggestions"), value=True,
                            key="stakeholders_include_suggestions")
    st.plotly_chart(relation_network(inventory, data.relations, code, include_suggestions=suggestions),
                    key="stakeholders_chart_network", config=chart_config("netwerk"))
    st.caption(tr("stakeholders.network_explained"))
    measures = network_measures(build_graph(inventory, data.relations, include_suggestions=suggestions))
    measures = measures.sort_values(["betweenness", "degree"], ascending=False)
    groups = dict(zip(inventory["name"], inventory["group"]))
    st.markdown(f"**{tr('stakeholders.network_table_title')}**")
    st.dataframe(pd.DataFrame({
        tr("stakeholders.col_name"): measures.index,
        tr("stakeholders.col_group"): [tr(Group.label_key(groups[n])) for n in measures.index],
        tr("stakeholders.col_degree"): measures["degree"].to_numpy(),
        tr("stakeholders.col_betweenness"): [format_number(b, code, 2) for b in measures["betweenness"]],
        tr("stakeholders.col_role_in_network"): [
            tr("stakeholders.node_connector") if c else tr("stakeholders.node_isolated") if i else ""
            for c, i in zip(measures["connector"], measures["isolated"])],
    }), hide_index=True, key="stakeholders_network_table")

    st.plotly_chart(ladder_matrix(inventory, code), key="stakeholders_chart_ladder",
                    config=chart_config("participatieladder"))
    layer, label = background(project.id)
    st.plotly_chart(stakeholder_map(inventory, code, background=layer, label_column=label),
                    key="stakeholders_chart_map", config=chart_config("kaart"))
