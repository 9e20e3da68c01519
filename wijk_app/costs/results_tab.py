"""Section "Results": NPV per category, annualised cost, break-even, sensitivity, extended cost."""

from __future__ import annotations

import streamlit as st

from wijk_core.costs.charts import cumulative_chart, extended_bars, npv_bars, tornado_chart
from wijk_core.costs import EXTERNALITY_KINDS, FACTORS, RESULT_CATEGORIES, Comparison, compare, sensitivity
from wijk_core.costs.summary import extended_table, results_table
from wijk_core.errors import WijkError
from wijk_core.i18n import format_number

from ..state import lang, md, show_error, tr
from .common import ERROR_NAMES, labels, study

NONE = "__none__"


def comparison_of(project_id: int) -> tuple[Comparison | None, list]:
    """The project's scenarios calculated, or None (after saying why) when that is not possible."""
    parameters, stored = study(project_id)
    if not stored:
        st.info(tr("costs.no_scenarios"))
        return None, stored
    try:
        return compare([s.scenario for s in stored], parameters), stored
    except WijkError as err:
        show_error(err, ERROR_NAMES)
        return None, stored


def _summary(comparison: Comparison) -> None:
    st.subheader(tr("costs.results.table"))
    st.dataframe(results_table(comparison, lang()), hide_index=True, key="costs_summary")
    st.caption(tr("costs.results.initial_rule"))


def _break_even(comparison: Comparison, baseline: str, *, extended: bool) -> None:
    for note in comparison.break_even_notes(baseline, extended=extended):
        st.markdown(note.message(lang(), quote=md))


def _tornado(comparison: Comparison) -> None:
    names = comparison.names
    if st.session_state.get("costs_tornado_scenario") not in names:  # e.g. after switching project
        st.session_state["costs_tornado_scenario"] = names[1] if len(names) > 1 else names[0]
    cols = st.columns(2)
    chosen = cols[0].selectbox(tr("costs.results.tornado_scenario"), names, key="costs_tornado_scenario")
    others = [NONE, *(name for name in names if name != chosen)]
    if st.session_state.get("costs_tornado_reference") not in others:
        st.session_state["costs_tornado_reference"] = others[1] if len(others) > 1 else NONE
    none_label = tr("costs.results.tornado_none")
    reference = cols[1].selectbox(tr("costs.results.tornado_reference"), others, key="costs_tornado_reference",
                                  format_func=lambda option: none_label if option == NONE else option)
    parameters = comparison.parameters
    try:
        table = sensitivity(comparison.result(chosen).scenario, parameters,
                            reference=None if reference == NONE else comparison.result(reference).scenario)
    except WijkError as err:
        show_error(err, ERROR_NAMES)
        return
    title = tr("costs.results.chart_tornado", name=chosen) if reference == NONE else \
        tr("costs.results.chart_tornado_reference", name=chosen, reference=reference)
    st.plotly_chart(tornado_chart(table, title=title, value_label=tr("costs.results.amount_axis"),
                                  low_label=tr("costs.results.tornado_low"),
                                  high_label=tr("costs.results.tornado_high"),
                                  factor_labels=labels("costs.factor.", FACTORS), lang=lang()),
                    key="costs_chart_tornado")
    st.caption(tr("costs.results.tornado_note"))


def _extended(comparison: Comparison, baseline: str) -> None:
    with st.container(border=True):
        st.subheader(tr("costs.results.extended_table"))
        st.caption(tr("costs.results.extended_note"))
        kinds = labels("costs.kind.", EXTERNALITY_KINDS)
        st.dataframe(extended_table(comparison, lang()), hide_index=True, key="costs_extended_table")
        st.plotly_chart(extended_bars(comparison, title=tr("costs.results.chart_extended"),
                                      amount_label=tr("costs.results.amount_axis"),
                                      direct_label=tr("costs.results.direct_total"), kind_labels=kinds,
                                      lang=lang()), key="costs_chart_extended")
        if len(comparison.results) > 1:
            _break_even(comparison, baseline, extended=True)


def render(project_id: int) -> None:
    comparison, _ = comparison_of(project_id)
    if comparison is None:
        return
    parameters = comparison.parameters
    st.header(tr("costs.results.title", period=parameters.period_years,
                 rate=f"{format_number(parameters.discount_rate * 100, lang(), 2)} %"))
    _summary(comparison)
    st.plotly_chart(npv_bars(comparison, title=tr("costs.results.chart_npv"),
                             amount_label=tr("costs.results.amount_axis"),
                             category_labels=labels("costs.category.", RESULT_CATEGORIES), lang=lang()),
                    key="costs_chart_npv")
    names = comparison.names
    baseline = names[0]
    if len(names) > 1:
        if st.session_state.get("costs_baseline") not in names:
            st.session_state["costs_baseline"] = names[0]
        baseline = st.selectbox(tr("costs.results.baseline"), names, key="costs_baseline")
    st.plotly_chart(cumulative_chart(comparison, title=tr("costs.results.chart_cumulative"),
                                     year_label=tr("costs.results.year_axis"),
                                     amount_label=tr("costs.results.amount_axis"),
                                     break_even_label=tr("costs.results.break_even_label", name="{name}",
                                                         year="{year}"),
                                     baseline=baseline, lang=lang()), key="costs_chart_cumulative")
    if len(names) > 1:
        _break_even(comparison, baseline, extended=False)
    _tornado(comparison)
    if st.toggle(tr("costs.results.extended_toggle"), key="costs_extended"):
        _extended(comparison, baseline)

