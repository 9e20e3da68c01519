"""Section "Scenarios": parameters, examples and files, and the editor of each scenario's costs."""

from __future__ import annotations

import hashlib

import streamlit as st

from wijk_core.costs import (
    EXTERNALITY_KINDS,
    Category,
    Parameters,
    Scenario,
    externalities_frame,
    externalities_from_frame,
    items_frame,
    items_from_frame,
    list_presets,
    read_item_table,
    read_study,
)
from wijk_core.errors import WijkError
from wijk_core.i18n import LANGUAGES, t
from wijk_core.costs.store import delete_scenario, import_scenarios, save_parameters, save_scenario

from ..cache import store
from ..state import flash, labeller, lang, md, show_error, tr, trn
from .common import ERROR_NAMES, NEW, apply_selection, select_next, selected_scenario, study

PARAM_PREFIX = "costs_p_"
_UPLOAD_DONE = "_costs_upload_done"


def _revision(*parts: object) -> str:
    """A short stamp of stored values: widgets keyed with it start afresh when the values change."""
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:8]


def _parameters_form(project_id: int, parameters: Parameters) -> None:
    rev = _revision(project_id, parameters)
    with st.form(f"costs_params_{rev}"):
        st.subheader(tr("costs.params.title"))
        st.caption(tr("costs.params.help"))
        cols = st.columns(5)
        period = cols[0].number_input(tr("costs.params.period"), min_value=1, max_value=100, step=1,
                                      value=parameters.period_years, key=f"{PARAM_PREFIX}period_{rev}")
        rate = cols[1].number_input(tr("costs.params.discount_rate"), value=parameters.discount_rate * 100,
                                    step=0.25, format="%.2f", help=tr("costs.params.discount_rate_help"),
                                    key=f"{PARAM_PREFIX}discount_rate_{rev}")
        escalation = cols[2].number_input(tr("costs.params.energy_escalation"), step=0.25, format="%.2f",
                                          value=parameters.energy_escalation * 100,
                                          key=f"{PARAM_PREFIX}energy_escalation_{rev}")
        carbon = cols[3].number_input(tr("costs.params.carbon_price"), value=float(parameters.carbon_price),
                                      step=10.0, key=f"{PARAM_PREFIX}carbon_price_{rev}")
        growth = cols[4].number_input(tr("costs.params.carbon_growth"), step=0.5, format="%.2f",
                                      value=parameters.carbon_price_growth * 100,
                                      key=f"{PARAM_PREFIX}carbon_growth_{rev}")
        submitted = st.form_submit_button(tr("costs.params.save"))
    if submitted:
        try:
            chosen = Parameters(int(period), rate / 100, escalation / 100, carbon, growth / 100)
            store().write(save_parameters, project_id, chosen)
        except WijkError as err:
            show_error(err, ERROR_NAMES)
        else:
            flash("success", tr("costs.params.saved"))
            st.rerun()


def _header_aliases() -> dict[str, str]:
    """Column labels of the item table in every language → column key, for uploaded tables."""
    return {t(f"costs.col.{key}", code): key for code in LANGUAGES
            for key in ("name", "category", "amount", "year", "lifetime")}


def _presets(project_id: int, stored) -> None:
    presets = {preset.key: preset for preset in list_presets()}
    with st.expander(tr("costs.preset.title"), expanded=not stored):
        code = lang()
        key = st.selectbox(tr("costs.preset.choose"), list(presets), key="costs_preset",
                           format_func=lambda k: presets[k].title(code))
        preset = presets[key]
        st.caption(preset.description(code))
        with st.popover(tr("costs.preset.derivation")):
            st.caption(md(tr("costs.preset.source", source=preset.source)))
            for line in preset.derivation:
                st.markdown(f"- {md(line)}")
        replace = st.checkbox(tr("costs.preset.replace"), key="costs_preset_replace")
        if st.button(tr("costs.preset.load"), key="costs_preset_load", type="primary"):
            try:
                with store().writing() as session:
                    loaded = import_scenarios(session, project_id, preset.scenarios,
                                              parameters=preset.parameters, replace_all=replace)
            except WijkError as err:
                show_error(err, ERROR_NAMES)
            else:
                select_next(loaded[0].id)
                flash("success", trn("costs.preset.loaded", len(preset.scenarios)))
                st.rerun()
        upload = st.file_uploader(tr("costs.preset.upload"), type=["json", "csv", "xlsx"], key="costs_upload")
        if upload is not None and st.session_state.get(_UPLOAD_DONE) != upload.file_id:
            st.session_state[_UPLOAD_DONE] = upload.file_id
            _load_upload(project_id, upload, stored)


def _load_upload(project_id: int, upload, stored) -> None:
    content = upload.getvalue()
    try:
        if upload.name.lower().endswith(".json"):
            parameters, scenarios = read_study(content)
            loaded = store().write(import_scenarios, project_id, scenarios, parameters=parameters)
            select_next(next(s.id for s in loaded if s.name == scenarios[0].name))
            flash("success", trn("costs.preset.upload_loaded", len(scenarios)))
            st.rerun()
        current = next((s for s in stored if s.id == selected_scenario()), None)
        if current is None:
            st.warning(tr("costs.preset.items_need_scenario"))
            return
        items = read_item_table(content, upload.name, _header_aliases())
        updated = Scenario(current.scenario.name, current.scenario.floor_area_m2,
                           current.scenario.items + items, current.scenario.externalities,
                           current.scenario.description)
        store().write(save_scenario, project_id, updated, scenario_id=current.id)
    except WijkError as err:
        show_error(err, ERROR_NAMES)
        return
    flash("success", trn("costs.preset.items_loaded", len(items), name=md(current.name)))
    st.rerun()


def _new_scenario(project_id: int) -> None:
    with st.form("costs_new_scenario"):
        name = st.text_input(tr("costs.scenario.new_name"), max_chars=120, key="costs_new_name")
        area = st.number_input(tr("costs.scenario.floor_area"), value=1000.0, step=100.0,
                               help=tr("costs.scenario.floor_area_help"), key="costs_new_area")
        submitted = st.form_submit_button(tr("costs.scenario.create"), type="primary")
    if submitted:
        try:
            scenario = Scenario(name, area)
            created = store().write(save_scenario, project_id, scenario)
        except WijkError as err:
            show_error(err, ERROR_NAMES)
        else:
            select_next(created.id)
            flash("success", tr("costs.scenario.created", name=md(created.name)))
            st.rerun()


def _item_columns() -> dict:
    column = st.column_config
    return {
        "name": column.TextColumn(tr("costs.col.name"), max_chars=120, width="large"),
        "category": column.SelectboxColumn(tr("costs.col.category"), options=[c.value for c in Category],
                                           default=Category.INVESTMENT.value,
                                           format_func=labeller("costs.category.")),
        "amount": column.NumberColumn(tr("costs.col.amount"), format="localized"),
        "year": column.NumberColumn(tr("costs.col.year"), step=1, format="%d"),
        "lifetime": column.NumberColumn(tr("costs.col.lifetime"), step=1, format="%d"),
    }


def _externality_columns() -> dict:
    column = st.column_config
    return {
        "name": column.TextColumn(tr("costs.col.name"), max_chars=120, width="large"),
        "kind": column.SelectboxColumn(tr("costs.col.kind"), options=list(EXTERNALITY_KINDS),
                                       default="co2", format_func=labeller("costs.kind.")),
        "quantity": column.NumberColumn(tr("costs.col.quantity"), format="localized"),
        "unit_cost": column.NumberColumn(tr("costs.col.unit_cost"), format="localized"),
        "year": column.NumberColumn(tr("costs.col.year"), step=1, format="%d"),
    }


def _editor(project_id: int, current) -> None:
    scenario = current.scenario
    stamp = f"{current.id}_{_revision(current.updated_at)}"
    with st.form(f"costs_form_{stamp}"):
        cols = st.columns([3, 1])
        name = cols[0].text_input(tr("costs.scenario.name"), value=scenario.name, max_chars=120,
                                  key=f"costs_name_{stamp}")
        area = cols[1].number_input(tr("costs.scenario.floor_area"), value=scenario.floor_area_m2, step=100.0,
                                    help=tr("costs.scenario.floor_area_help"), key=f"costs_area_{stamp}")
        description = st.text_area(tr("costs.scenario.description"), value=scenario.description,
                                   max_chars=2000, height=68, key=f"costs_description_{stamp}")
        st.markdown(f"**{tr('costs.scenario.items')}**")
        st.caption(tr("costs.scenario.items_help"))
        if not scenario.items:
            st.info(tr("costs.scenario.empty_hint"))
        items = st.data_editor(items_frame(scenario.items), key=f"costs_items_{stamp}", num_rows="dynamic",
                               hide_index=True, width="stretch", column_config=_item_columns())
        st.markdown(f"**{tr('costs.scenario.externalities')}**")
        st.caption(tr("costs.scenario.externalities_help"))
        externalities = st.data_editor(externalities_frame(scenario.externalities),
                                       key=f"costs_externalities_{stamp}", num_rows="dynamic", hide_index=True,
                                       width="stretch", column_config=_externality_columns())
        submitted = st.form_submit_button(tr("costs.scenario.save"), type="primary")
    if submitted:
        try:
            edited = Scenario(name, area, items_from_frame(items), externalities_from_frame(externalities),
                              description)
            saved = store().write(save_scenario, project_id, edited, scenario_id=current.id)
        except WijkError as err:
            show_error(err, ERROR_NAMES)
        else:
            flash("success", tr("costs.scenario.saved", name=md(saved.name)))
            st.rerun()
    with st.popover(tr("costs.scenario.delete"), icon=":material/delete:"):
        if st.button(tr("costs.scenario.delete_confirm", name=md(scenario.name)),
                     key=f"costs_delete_{current.id}"):
            try:
                store().write(delete_scenario, current.id)
            except WijkError as err:
                show_error(err, ERROR_NAMES)
            else:
                flash("success", tr("costs.scenario.deleted", name=md(scenario.name)))
                st.rerun()


def render(project_id: int) -> None:
    parameters, stored = study(project_id)
    _parameters_form(project_id, parameters)
    _presets(project_id, stored)
    names = {s.id: s.name for s in stored}
    options = [*names, NEW]
    key = apply_selection(options)
    new_label = tr("costs.scenario.new")
    chosen = st.selectbox(tr("costs.scenario.choose"), options, key=key,
                          format_func=lambda option: names.get(option, new_label))
    if chosen == NEW:
        _new_scenario(project_id)
    else:
        _editor(project_id, next(s for s in stored if s.id == chosen))
