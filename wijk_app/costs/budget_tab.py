"""Section "Budget": the project's income and expense lines, funding gap and waterfall."""

from __future__ import annotations

import hashlib

import streamlit as st

from wijk_core.costs.budget import (
    CATEGORIES,
    BudgetSummary,
    budget_frame,
    budget_template,
    lines_from_frame,
    summarise_budget,
    waterfall_steps,
)
from wijk_core.costs.charts import waterfall_chart
from wijk_core.errors import WijkError
from wijk_core.costs.store import save_budget

from ..cache import store
from ..state import flash, labeller, lang, show_error, tr, trn
from .common import ERROR_NAMES, budget_lines, labels, money, share


def _columns() -> dict:
    column = st.column_config
    return {
        "category": column.SelectboxColumn(tr("costs.col.category"), options=list(CATEGORIES),
                                           default="other_expense",
                                           format_func=labeller("costs.budget_category.")),
        "label": column.TextColumn(tr("costs.col.label"), max_chars=200, width="large"),
        "amount": column.NumberColumn(tr("costs.col.amount"), format="localized"),
    }


def summary_view(summary: BudgetSummary) -> None:
    """Totals, the funding gap in words and the waterfall."""
    cols = st.columns(3)
    cols[0].metric(tr("costs.budget.total_income"), money(summary.total_income))
    cols[1].metric(tr("costs.budget.total_expenses"), money(summary.total_expenses))
    cols[2].metric(tr("costs.budget.gap"), money(summary.funding_gap))
    if summary.funding_gap > 0:
        st.warning(tr("costs.budget.gap_text", amount=money(summary.funding_gap), share=share(summary.coverage)))
    elif summary.balance > 0:
        st.success(tr("costs.budget.surplus", amount=money(summary.balance)))
    elif summary.total_expenses:
        st.success(tr("costs.budget.covered"))
    step_labels = labels("costs.budget_category.", (*CATEGORIES, "balance"))
    if summary.funding_gap > 0:
        step_labels["balance"] = tr("costs.budget.gap")
    st.plotly_chart(waterfall_chart(waterfall_steps(summary), title=tr("costs.budget.chart"),
                                    step_labels=step_labels, lang=lang()), key="costs_chart_waterfall")


def render(project_id: int) -> None:
    st.subheader(tr("costs.budget.title"))
    st.caption(tr("costs.budget.intro"))
    saved = budget_lines(project_id)
    stamp = hashlib.sha1(repr((project_id, saved)).encode()).hexdigest()[:8]
    with st.form(f"costs_budget_{stamp}"):
        st.markdown(f"**{tr('costs.budget.lines')}**")
        st.caption(tr("costs.budget.lines_help"))
        edited = st.data_editor(budget_frame(saved or budget_template()), key=f"costs_budget_lines_{stamp}",
                                num_rows="dynamic", hide_index=True, width="stretch", column_config=_columns())
        submitted = st.form_submit_button(tr("costs.budget.save"), type="primary")
    if submitted:
        try:
            lines = lines_from_frame(edited)
            store().write(save_budget, project_id, lines)
        except WijkError as err:
            show_error(err, ERROR_NAMES)
        else:
            flash("success", trn("costs.budget.saved", len(lines)))
            st.rerun()
    summary_view(summarise_budget(saved))
