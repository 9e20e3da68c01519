"""Section "Assessment framework": criteria, team scores, ranking, why and how robust."""

from __future__ import annotations

import streamlit as st

from wijk_core.criteria import Direction
from wijk_core.errors import WijkError
from wijk_core.i18n import format_percent_value
from wijk_core.selection.assessment import ProjectAssessment, ranking_table
from wijk_core.selection.charts import contributions_chart, leave_one_out_chart, profile_radar, robustness_chart
from wijk_core.selection.framework import (IDEAS_COUNT, IDEAS_PER_1000, CriterionChoice, checklist,
                                           criterion_labels, default_direction)
from wijk_core.selection.map import mapped_indicators
from wijk_core.selection.model import CriterionSpec

from ..cache import store
from ..project_data import SET_NAME, assessment, candidates, criteria_set, framework_key
from ..state import labeller, lang, md, show_error, tr, trm, trn
from wijk_core.selection import store as selection_store

METHODS = ("weighted_sum", "topsis")
MISSING = ("raise", "worst", "mean")


def _seed_widgets(prefix: str, saved, data) -> None:
    """Fill the widgets from the saved framework the first time they are drawn."""
    if f"{prefix}_ind" in st.session_state:
        return
    specs = saved.criteria if saved else ()
    st.session_state[f"{prefix}_ind"] = [c.key for c in specs if c.kind == "indicator"
                                         and (c.key in data.catalogue.index
                                              or c.key in (IDEAS_PER_1000, IDEAS_COUNT))]
    st.session_state[f"{prefix}_qual"] = [c.key for c in specs if c.kind == "qualitative"]
    for spec in specs:
        st.session_state[f"{prefix}_dir_{spec.key}"] = spec.direction
        st.session_state[f"{prefix}_w_{spec.key}"] = float(spec.weight)
    st.session_state[f"{prefix}_method"] = saved.method if saved else "weighted_sum"


def _criteria_rows(prefix: str, keys: list[str], kind: str, label, data) -> list[CriterionChoice]:
    choices = []
    for key in keys:
        cols = st.columns([4, 3, 2])
        cols[0].markdown(f"**{md(label(key))}**")
        if kind == "indicator":
            default = default_direction(data.catalogue, key).value
            st.session_state.setdefault(f"{prefix}_dir_{key}", default)
            direction = cols[1].selectbox(tr("selection.col_direction"), ("benefit", "cost"),
                                          key=f"{prefix}_dir_{key}", label_visibility="collapsed",
                                          format_func=labeller("selection.direction_"))
        else:
            direction = "benefit"
            cols[1].caption(tr("selection.direction_benefit"))
        st.session_state.setdefault(f"{prefix}_w_{key}", 1.0)
        weight = cols[2].number_input(tr("selection.col_weight"), min_value=0.0, max_value=100.0,
                                      step=0.5, key=f"{prefix}_w_{key}", label_visibility="collapsed")
        choices.append(CriterionChoice(key, kind, Direction(direction), float(weight)))
    return choices


def _autosave(project_id: int, saved, choices: list[CriterionChoice], method: str):
    specs = tuple(CriterionSpec(c.key, c.kind, c.direction.value, c.weight) for c in choices)
    if saved and saved.method == method and tuple(
            (s.key, s.kind, s.direction, float(s.weight)) for s in saved.criteria) == tuple(
            (s.key, s.kind, s.direction, float(s.weight)) for s in specs):
        return saved
    try:
        return store().write(selection_store.save_criteria_set, project_id, SET_NAME, method, specs)
    except WijkError as err:
        show_error(err)
        return saved


def _scores_form(saved_set, qualitative: list[CriterionChoice], saved_candidates, labels) -> None:
    """Scores 1-5 with pro and con per qualitative criterion and candidate, saved on submit."""
    if not qualitative:
        return
    current = {(s.key, s.candidate_id): s for s in store().read(selection_store.scores, saved_set.id)}
    st.subheader(tr("selection.scores_title"))
    with st.form(f"scores_{saved_set.id}", border=True):
        entries = []
        for choice in qualitative:
            st.markdown(f"**{md(labels(choice.key))}**")
            question = next((c.question(lang()) for c in checklist() if c.key == choice.key), "")
            st.caption(question)
            for candidate in saved_candidates:
                old = current.get((choice.key, candidate.id))
                cols = st.columns([2, 2, 3, 3])
                cols[0].markdown(md(candidate.name))
                score = cols[1].number_input(tr("selection.col_score"), 1, 5,
                                             value=old.score if old else None,
                                             key=f"sc_{saved_set.id}_{choice.key}_{candidate.id}")
                pro = cols[2].text_input(tr("selection.col_pro"), value=old.pro if old else "",
                                         max_chars=2000, key=f"pro_{saved_set.id}_{choice.key}_{candidate.id}")
                con = cols[3].text_input(tr("selection.col_con"), value=old.con if old else "",
                                         max_chars=2000, key=f"con_{saved_set.id}_{choice.key}_{candidate.id}")
                entries.append((choice.key, candidate.id, score, pro, con))
        if st.form_submit_button(tr("selection.save_scores"), type="primary"):
            written = 0
            for key, candidate_id, score, pro, con in entries:
                if score is None:
                    continue
                try:
                    store().write(selection_store.set_score, saved_set.id, key, candidate_id, int(score), pro, con)
                    written += 1
                except WijkError as err:
                    show_error(err)
            st.toast(trn("selection.scores_saved", written))


def render(project_id: int, data, data_key: str) -> None:
    saved_candidates = candidates(project_id)
    st.write(tr("selection.framework_intro"))
    if len(saved_candidates) < 2:
        st.info(tr("selection.framework_needs_two"))
        return
    prefix = f"fw{project_id}"
    saved_set = criteria_set(project_id)
    _seed_widgets(prefix, saved_set, data)
    labels = criterion_labels(data.catalogue, lang())

    def label(key: str) -> str:
        return labels.get(key, key)

    indicators = mapped_indicators(data) + [IDEAS_PER_1000, IDEAS_COUNT]
    st.subheader(tr("selection.data_criteria"))
    chosen_indicators = st.multiselect(tr("selection.data_criteria"), indicators, key=f"{prefix}_ind",
                                       format_func=label, label_visibility="collapsed",
                                       placeholder=tr("selection.choose"))
    choices = _criteria_rows(prefix, chosen_indicators, "indicator", label, data)
    st.subheader(tr("selection.qualitative_criteria"))
    chosen_qualitative = st.multiselect(tr("selection.qualitative_criteria"), [c.key for c in checklist()],
                                        key=f"{prefix}_qual", format_func=label,
                                        label_visibility="collapsed", placeholder=tr("selection.choose"))
    choices += _criteria_rows(prefix, chosen_qualitative, "qualitative", label, data)
    cols = st.columns(2)
    method = cols[0].radio(tr("selection.method"), METHODS, key=f"{prefix}_method", horizontal=True,
                           format_func=labeller("selection.method_"))
    missing = cols[1].radio(tr("selection.missing_policy"), MISSING, key=framework_key(project_id, "missing"),
                            horizontal=True, format_func=labeller("selection.missing_"))
    saved_set = _autosave(project_id, saved_set, choices, method) if choices else saved_set
    if not choices or saved_set is None:
        return
    _scores_form(saved_set, [c for c in choices if c.kind == "qualitative"], saved_candidates, label)
    found = assessment(project_id, data, data_key, saved_set, saved_candidates, choices, method, missing)
    if found.problem is not None:
        show_error(found.problem)
        return
    _results(found, label)


def _results(found: ProjectAssessment, label) -> None:
    outcome = found.outcome
    ranking = outcome.ranking
    st.subheader(tr("selection.ranking_title"))
    st.dataframe(ranking_table(outcome, lang()), hide_index=True)
    winner, share = found.winner
    st.write(trm("selection.winner_robust", name=winner, share=format_percent_value(share, lang(), 0)))
    for dropped, new_winner in found.changed_winners:
        st.write(trm("selection.winner_changes", criterion=label(dropped), name=new_winner))
    if not found.changed_winners:
        st.write(tr("selection.winner_stable"))
    st.caption(tr("selection.normalisation_note"))
    labels = {key: label(key) for key in outcome.matrix.columns}
    st.plotly_chart(contributions_chart(ranking.contributions, ranking.scores,
                                        title=tr("selection.contributions_title"),
                                        score_label=tr("selection.col_total"),
                                        criterion_labels=labels, baseline=ranking.baseline, lang=lang()),
                    key="chart_contributions")
    cols = st.columns(2)
    cols[0].plotly_chart(profile_radar(found.scaled, title=tr("selection.radar_title"),
                                       criterion_labels=labels, lang=lang()), key="chart_radar")
    cols[1].plotly_chart(robustness_chart(outcome.robustness, title=tr("selection.robustness_title"),
                                          probability_label=tr("selection.col_p_first"), lang=lang()),
                         key="chart_robustness")
    st.plotly_chart(leave_one_out_chart(outcome.leave_one_out["ranks"], title=tr("selection.loo_title"),
                                        dropped_label=tr("selection.loo_dropped"),
                                        criterion_labels=labels, lang=lang()), key="chart_loo")
