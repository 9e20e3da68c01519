"""Section "Map": colour the sectors by an indicator and make candidates on the map."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from wijk_core import config
from wijk_core.selection import store as selection_store
from wijk_core.errors import WijkError
from wijk_core.i18n import format_number, format_percent_value, with_unit
from wijk_core.maps.choropleth import CLASS_METHODS, default_indicator
from wijk_core.readers import read_polygons
from wijk_core.readers.labels import indicator_label
from wijk_core.selection.candidates import (CandidateError, from_drawing, from_neighbourhood, from_sectors,
                                            from_upload, neighbourhood_names, sector_at)
from wijk_core.selection.map import IndicatorStyle, indicator_style, mapped_indicators, sector_frame, selection_map
from wijk_core.selection.perimeter import figures_table, key_indicators, perimeter_figures, reference_values

from ..cache import store
from ..project_data import candidates, layer_of
from ..state import (error_text, form_error, labeller, lang, md, renew, show_error, show_form_error, tr, trm, trn,
                     widget_key)
from .common import map_package, map_style

CLICKED_KEY = "clicked_sectors"
_LAST_CLICK_KEY = "_last_sector_click"
_MAP_KEY = "selection_map"  # st_folium keeps the map's latest value under its key
_SAVED_DRAWINGS_KEY = "_saved_drawings"  # a drawing stays on the map after saving: offer it once


def _save(project_id: int, name: str, shape) -> bool:
    try:
        saved = store().write(selection_store.create_candidate, project_id, name, shape.geometry, origin=shape.origin,
                              sector_codes=shape.sector_codes, source_ref=shape.source_ref)
    except WijkError as err:
        show_error(err)
        return False
    st.toast(trm("selection.candidate_saved", name=saved.name,
                hectares=format_number(saved.geometry.area / 10_000, lang(), 1)),
             icon=":material/check_circle:")
    return True


_PREDEFINED_FORM = "add_predefined"


def _add_predefined(project_id: int, data, names: dict) -> None:
    """Callback of "add as candidate": store the chosen wijken before the page is drawn (a click is never lost)."""
    form_error(_PREDEFINED_FORM, None)
    picked = st.session_state.get(widget_key("predefined")) or []
    if not picked:
        form_error(_PREDEFINED_FORM, tr("selection.choose_wijk_first"))
        return
    errors, added = [], 0
    for code in picked:
        try:
            shape = from_neighbourhood(data, code)
            saved = store().write(selection_store.create_candidate, project_id, names.get(code) or code,
                                  shape.geometry, origin=shape.origin, sector_codes=shape.sector_codes,
                                  source_ref=shape.source_ref)
        except WijkError as err:
            errors.append(error_text(err))
            continue
        added += 1
        st.toast(trm("selection.candidate_saved", name=saved.name,
                     hectares=format_number(saved.geometry.area / 10_000, lang(), 1)), icon=":material/check_circle:")
    if errors:
        form_error(_PREDEFINED_FORM, "\n\n".join(errors))
    if added:
        renew("predefined")  # added: an empty list for the next choice (a refusal alone keeps it to change)


def _handle_click(sectors, result: dict | None) -> None:
    """Toggle the clicked sector in the selection (once per click, not once per rerun).

    Called before the map is drawn, with the map's value as its change left it in the session: the map of
    this same run then shows the new selection, and the click costs one run, not two.
    """
    click = (result or {}).get("last_object_clicked")
    if not click or click == st.session_state.get(_LAST_CLICK_KEY):
        return
    st.session_state[_LAST_CLICK_KEY] = click
    code = sector_at(sectors, click["lng"], click["lat"])
    if code is None:
        return
    chosen = st.session_state.setdefault(CLICKED_KEY, [])
    if code in chosen:
        chosen.remove(code)
    else:
        chosen.append(code)


@st.cache_data(show_spinner=False, max_entries=64)
def _choropleth(data_key: str, indicator: str, method: str, k: int, language: str, _data,
                _package) -> IndicatorStyle:
    """Classes, style file and value format of one indicator (once per choice and language)."""
    return indicator_style(_data, _package, indicator, method, k, language)


@st.cache_data(show_spinner=False, max_entries=16)
def _reference(data_key: str, indicators: tuple[str, ...], _data) -> pd.Series:
    """The municipality's values of the key indicators (once per data set and choice)."""
    return reference_values(_data, indicators)


def _figures(data, data_key: str, indicator: str, numeric: list[str], shape) -> None:
    """The drawing's figures against the data, shown as soon as the drawing arrives (before any save)."""
    keys = tuple(key_indicators(data.catalogue, numeric, indicator))
    figures = perimeter_figures(data, shape.geometry, keys, _reference(data_key, keys, data))
    with st.container(border=True, key="perimeter_figures"):
        st.markdown(f"**{md(tr('perimeter.title'))}**")
        cells = st.columns(3)
        cells[0].metric(tr("perimeter.area"), f"{format_number(figures.hectares, lang(), 1)} ha")
        cells[1].metric(tr("perimeter.share_on_data"), format_percent_value(figures.share_on_data, lang(), 0))
        cells[2].metric(tr("perimeter.sectors_touched"), format_number(len(figures.sector_codes), lang()))
        if not figures.sector_codes:
            st.warning(tr("perimeter.outside"))
            return
        st.caption(md(", ".join(figures.sector_codes)))
        st.dataframe(figures_table(figures, data.catalogue, lang()), hide_index=True, width="stretch")


def render(project_id: int, data, data_key: str) -> None:
    sectors = sector_frame(data)
    numeric = mapped_indicators(data)
    if not numeric:
        st.warning(tr("selection.no_indicators"))
        return
    if st.session_state.get("map_indicator") not in numeric:
        st.session_state["map_indicator"] = default_indicator(data.catalogue, numeric)
    controls = st.columns([3, 2, 1])
    indicator = controls[0].selectbox(tr("selection.indicator"), numeric, key="map_indicator",
                                      format_func={i: indicator_label(data.catalogue, i, lang()) for i in numeric}.get)
    method = controls[1].selectbox(tr("selection.class_method"), CLASS_METHODS, key="map_method",
                                   format_func=labeller("selection.class_"))
    k = controls[2].number_input(tr("selection.class_count"), 3, 7, 5, key="map_classes")
    package = map_package(data, data_key)
    try:
        shown_style = map_style(_choropleth, data_key, indicator, method, int(k), lang(), data, package)
    except WijkError as err:
        show_error(err)
        return

    def shown(value: float) -> str:
        return with_unit(format_number(value, lang(), shown_style.decimals), shown_style.unit, lang())

    _handle_click(sectors, st.session_state.get(_MAP_KEY))
    saved = candidates(project_id)
    show_saved = st.toggle(tr("selection.show_candidates"), value=True, key="map_show_candidates")
    title = indicator_label(data.catalogue, indicator, lang())
    fmap = selection_map(
        sectors, package, shown_style.style, shown_style.classes,
        [tr("selection.sector_tooltip_code"), tr("selection.sector_tooltip_name"), title],
        legend_title=title, no_data_label=tr("selection.no_value"),
        format_value=shown, candidates=layer_of(saved) if show_saved else None,
        selected=st.session_state.get(CLICKED_KEY, []), basemap=config.basemap(), lang=lang())
    st.caption(tr("selection.map_help"))
    # A redrawn map reopens where the officer was looking: the sector layer keeps the view
    # in the browser tab (no round trip to the server, so panning never reruns the page).
    result = st_folium(fmap, height=560, use_container_width=True, key=_MAP_KEY,
                       returned_objects=["last_active_drawing", "last_object_clicked"])

    drawn = st.container()  # the drawing's figures: the map's whole width, above the save form
    left, right = st.columns(2)
    with left:
        drawing = (result or {}).get("last_active_drawing")
        if drawing:
            try:
                shape = from_drawing(drawing)
            except WijkError as err:
                show_error(err)
            else:
                with drawn:
                    st.success(tr("selection.drawing_received", vertices=len(
                        drawing["geometry"]["coordinates"][0]) - 1,
                        hectares=format_number(shape.geometry.area / 10_000, lang(), 1)))
                    if shape.repaired:
                        st.warning(tr("selection.drawing_repaired"))
                    _figures(data, data_key, indicator, numeric, shape)
                saved_drawings = st.session_state.setdefault(_SAVED_DRAWINGS_KEY, set())
                fingerprint = shape.geometry.wkb_hex
                if fingerprint in saved_drawings:
                    st.caption(tr("selection.drawing_saved"))
                else:
                    with st.form("save_drawing", border=True):
                        name = st.text_input(tr("selection.candidate_name"), max_chars=120,
                                             key="drawing_name")
                        if st.form_submit_button(tr("selection.save_drawing"), type="primary"):
                            if _save(project_id, name, shape):
                                saved_drawings.add(fingerprint)
                                st.rerun()
        else:
            st.info(tr("selection.no_drawing"))
    with right:
        chosen = st.session_state.get(CLICKED_KEY, [])
        st.write(tr("selection.clicked_sectors", count=len(chosen)))
        if chosen:
            st.caption(md(", ".join(chosen)))
            with st.form("save_clicked", border=True):
                name = st.text_input(tr("selection.candidate_name"), max_chars=120, key="clicked_name")
                if st.form_submit_button(tr("selection.save_clicked"), type="primary"):
                    try:
                        shape = from_sectors(data.sectors, chosen)
                    except CandidateError as err:
                        show_error(err)
                    else:
                        if _save(project_id, name, shape):
                            st.session_state[CLICKED_KEY] = []
                            st.rerun()
            if st.button(tr("selection.clear_clicked"), key="clear_clicked"):
                st.session_state[CLICKED_KEY] = []
                st.rerun()

    left, right = st.columns(2)
    with left:
        names = neighbourhood_names(data)
        if names:
            # a new form once wijken were added (its name follows the list's key): the browser draws it
            # afresh instead of reusing the old one, whose choice a following run would otherwise wipe
            with st.form(f"{_PREDEFINED_FORM}_{widget_key('predefined')}".replace(".", "_"), border=True):
                st.multiselect(tr("selection.predefined"), list(names), key=widget_key("predefined"),
                               placeholder=tr("selection.choose"), format_func=lambda code: names.get(code) or code)
                show_form_error(_PREDEFINED_FORM)
                st.form_submit_button(tr("selection.add_predefined"), on_click=_add_predefined,
                                      args=(project_id, data, names))
    with right:
        with st.form("upload_perimeter", border=True):
            upload = st.file_uploader(tr("selection.upload_perimeter"), key="perimeter_file",
                                      type=["geojson", "json", "gpkg", "zip"])
            if st.form_submit_button(tr("selection.add_upload")) and upload is not None:
                try:
                    found = read_polygons(upload.getvalue(), upload.name)
                except WijkError as err:
                    show_error(err)
                else:
                    added = _add_uploaded(project_id, found)
                    if added:
                        st.toast(trn("selection.candidates_added", added))
                        st.rerun()


def _add_uploaded(project_id: int, found) -> int:
    added = 0
    for name, shape in from_upload(found):
        added += _save(project_id, name, shape)
    return added
