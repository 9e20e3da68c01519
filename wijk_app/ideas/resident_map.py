"""The residents' map: tap a free spot to start an idea, tap a marker to open one."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from wijk_core import config
from wijk_core.ideas import (IdeaArea, IdeaError, idea_id_from_tooltip, idea_layer, idea_map, marker_radius,
                             overlay_layer)

from ..basemap import offline_tiles
from ..state import forget_form_errors, tr
from .common import map_labels, sector_names, sector_outlines, workshop_mode

MAP_KEY = "ideas_map"
PENDING_KEY = "ideas_pending"      # (lon, lat) of the spot tapped for a new idea
SELECTED_KEY = "ideas_selected"    # id of the idea whose details are open
REFUSED_KEY = "_ideas_refused_tap"  # error code of the last tap that was refused
SCROLL_KEY = "_ideas_scroll_to"    # panel to bring into view after the next run (phones)
NEW_PANEL, DETAIL_PANEL, REFUSED_PANEL = "ideas_new_panel", "ideas_detail_panel", "ideas_refused_panel"
_LAST_CLICK_KEY = "_ideas_last_click"
_MARKER_TAPS_KEY = "_ideas_marker_taps"


def select(idea_id: int | None) -> None:
    """Open an idea's details (and forget a half-started new idea)."""
    st.session_state[SELECTED_KEY] = idea_id
    st.session_state[PENDING_KEY] = None
    st.session_state[REFUSED_KEY] = None
    st.session_state[SCROLL_KEY] = DETAIL_PANEL
    forget_form_errors()


def start_new(lon: float, lat: float) -> None:
    """Mark the spot of a new idea (already checked to lie inside the area)."""
    st.session_state[PENDING_KEY] = (lon, lat)
    st.session_state[SELECTED_KEY] = None
    st.session_state[REFUSED_KEY] = None
    st.session_state[SCROLL_KEY] = NEW_PANEL
    forget_form_errors()


_SCROLL_SCRIPT = """<script>(function () {
  var tries = 0;
  function go() {
    var panel = document.querySelector(".st-key-%s");
    if (panel) { panel.scrollIntoView({behavior: "smooth", block: "%s"}); }
    else if (tries++ < 30) { setTimeout(go, 100); }
  }
  setTimeout(go, 150);
})();</script>"""


def scroll_once(panel: str) -> None:
    """On a phone the panel under the map is out of sight: bring it into view once after a tap.

    The script is constant (the panel key is one of two fixed names), never user text.
    """
    if st.session_state.get(SCROLL_KEY) == panel and panel in (NEW_PANEL, DETAIL_PANEL, REFUSED_PANEL):
        st.session_state[SCROLL_KEY] = None
        # a refusal is a line under the map: show it at the bottom, with as much map as fits above
        block = "end" if panel == REFUSED_PANEL else "start"
        st.html(_SCROLL_SCRIPT % (panel, block), unsafe_allow_javascript=True)


def _handle(result: dict | None, area: IdeaArea, frame: pd.DataFrame) -> None:
    """React once to a new tap: on a marker, open it; elsewhere, start an idea or refuse the spot.

    Called before the map is drawn, with the map's value as the tap left it in the session: this same run
    draws the ring or the new spot and the panel under the map, so a tap costs one run, not two.
    """
    result = result or {}
    taps = result.get("last_object_clicked_count")  # counts every tap on a marker, the same one again too
    if not taps:  # a new map (first run, or back from another page): no marker tapped on it yet
        st.session_state[_MARKER_TAPS_KEY] = None
    elif taps != st.session_state.get(_MARKER_TAPS_KEY):
        st.session_state[_MARKER_TAPS_KEY] = taps
        idea_id = idea_id_from_tooltip(result.get("last_object_clicked_tooltip"))
        if idea_id is not None and idea_id in frame.index:
            select(idea_id)
            return
    clicked = result.get("last_clicked")
    if clicked and clicked != st.session_state.get(_LAST_CLICK_KEY):
        st.session_state[_LAST_CLICK_KEY] = clicked
        try:
            place = area.locate(clicked.get("lng"), clicked.get("lat"))
        except IdeaError as err:
            st.session_state[PENDING_KEY] = None
            st.session_state[REFUSED_KEY] = err.code
            st.session_state[SCROLL_KEY] = REFUSED_PANEL
        else:
            start_new(place.lon, place.lat)


def render(project_id: int, frame: pd.DataFrame, area: IdeaArea, categories: dict[str, tuple[str, str]]) -> None:
    """Draw the map of ``frame``'s ideas inside ``area`` and handle taps.

    The markers are a layer swapped inside the map (:func:`wijk_core.ideas.idea_layer`): a vote, a new idea
    or a filter keeps the map frame, its view and a tap on it.
    """
    labels = map_labels()
    fmap = idea_map(frame, categories=categories, area=area, labels=labels, basemap=config.basemap(),
                    view_key=f"wijk-ideas-view:{project_id}", local_tiles=offline_tiles(project_id),
                    place_labels=sector_names(project_id, area), place_outlines=sector_outlines(project_id, area),
                    keyboard_pick=True, markers=False)
    _handle(st.session_state.get(MAP_KEY), area, frame)
    pending = st.session_state.get(PENDING_KEY)
    selected = st.session_state.get(SELECTED_KEY)
    ring = None
    if selected is not None and selected in frame.index:
        row = frame.loc[selected]
        ring = (float(row["lon"]), float(row["lat"]))
    overlay = overlay_layer(pending=pending, selected=ring,
                            selected_radius=marker_radius(frame.loc[selected, "support"]) if ring else 10.0)
    st_folium(fmap, height=620 if workshop_mode() else 440, use_container_width=True, key=MAP_KEY,
              returned_objects=["last_clicked", "last_object_clicked_tooltip", "last_object_clicked_count"],
              feature_group_to_add=[idea_layer(frame, categories=categories, labels=labels), overlay])
    if st.session_state.get(REFUSED_KEY):
        with st.container(key=REFUSED_PANEL):
            st.error(tr(st.session_state[REFUSED_KEY]), icon=":material/wrong_location:")
        scroll_once(REFUSED_PANEL)
