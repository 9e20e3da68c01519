"""Section "Maps": grid, onion, network, ladder and map of the stakeholders, for the group.

The figures are built once per content (inventory, relations, language, background data) and shared
read-only by every session: the network's layout alone takes a good part of a second, and a facilitator
switching sections, or a second facilitator opening them, would otherwise wait for it again each time.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
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
from .common import Saved, background_of


def chart_config(name: str) -> dict:
    """Plotly's own camera button saves the chart as a PNG, in the browser (no server, no internet)."""
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2}}


# Streamlit hashes the frames' content for the key; a figure is only read by st.plotly_chart, never changed.
@st.cache_resource(show_spinner=False, max_entries=32)
def _grid(inventory: pd.DataFrame, code: str) -> tuple[go.Figure, pd.DataFrame, go.Figure]:
    """The power/interest grid, its table and the onion diagram."""
    return power_interest_grid(inventory, code), quadrant_table(inventory, code), onion_diagram(inventory, code)


@st.cache_resource(show_spinner=False, max_entries=32)
def _network(inventory: pd.DataFrame, relations: pd.DataFrame, code: str,
             suggestions: bool) -> tuple[go.Figure, pd.DataFrame]:
    return (relation_network(inventory, relations, code, include_suggestions=suggestions),
            network_table(inventory, relations, code, include_suggestions=suggestions))


@st.cache_resource(show_spinner=False, max_entries=32)
def _ladder(inventory: pd.DataFrame, code: str) -> go.Figure | None:
    return ladder_matrix(inventory, code) if has_ladder_steps(inventory) else None


@st.cache_resource(show_spinner=False, max_entries=32)
def _map(inventory: pd.DataFrame, code: str, data_key: str, label: str | None, _layer) -> go.Figure:
    return stakeholder_map(inventory, code, background=_layer, label_column=label)


def render(project, data: Saved) -> None:
    st.write(tr("stakeholders.charts_intro"))
    inventory = data.inventory
    if inventory.empty:
        st.info(tr("stakeholders.charts_empty"))
        return
    code = lang()
    grid, quadrants, onion = _grid(inventory, code)
    st.plotly_chart(grid, key="stakeholders_chart_grid", config=chart_config("macht-belang"))
    st.markdown(f"**{tr('stakeholders.grid_table_title')}**")
    st.dataframe(quadrants, hide_index=True, key="stakeholders_quadrant_table")

    st.plotly_chart(onion, key="stakeholders_chart_onion", config=chart_config("ui"))

    _network_part(inventory, data.relations, code)

    ladder = _ladder(inventory, code)
    if ladder is not None:
        st.plotly_chart(ladder, key="stakeholders_chart_ladder", config=chart_config("participatieladder"))
    else:
        st.markdown(f"**{tr('stakeholders.chart_ladder')}**")
        st.info(tr("stakeholders.ladder_empty"))
    layer, label, data_key = background_of(project.id)
    st.plotly_chart(_map(inventory, code, data_key, label, layer), key="stakeholders_chart_map",
                    config=chart_config("kaart"))


@st.fragment
def _network_part(inventory: pd.DataFrame, relations: pd.DataFrame, code: str) -> None:
    """The network and its table: the suggestions toggle changes only these, so only they run again."""
    suggestions = st.toggle(tr("stakeholders.include_suggestions"), value=True,
                            key="stakeholders_include_suggestions")
    network, table = _network(inventory, relations, code, suggestions)
    st.plotly_chart(network, key="stakeholders_chart_network", config=chart_config("netwerk"))
    st.caption(tr("stakeholders.network_explained"))
    st.markdown(f"**{tr('stakeholders.network_table_title')}**")
    st.dataframe(table, hide_index=True, key="stakeholders_network_table")
