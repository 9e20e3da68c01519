"""Section "Assessment framework": criteria, team scores, ranking, why and how robust."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijk_core.selection.charts import contributions_chart, leave_one_out_chart, profile_radar, robustness_chart
from wijk_core.criteria import Direction, normalise
from wijk_core.errors import WijkError
from wijk_core.selection.framework import (IDEAS_COUNT, IDEAS_PER_1000, CriterionChoice, assess, checklist,
                                 decision_matrix, default_direction)
from wijk_core.i18n import format_number, format_percent_value
from wijk_core.selection.model import CriterionSpec
from wijk_core.selection import store as selection_store

from ..cache import store
from ..state import labeller, lang, md, tr, trm
from .common import candidates, indicator_label, profiles, quiet, show_error, with_ideas

SET_NAME = "default"
METHODS = ("weighted_sum", "topsis")
MISSING = ("raise", "worst", "mean")


def _saved_set(project_id: int):
    return store().read(selection_store.find_criteria_set, project_id, SET_NAME)


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


def _scores_form(saved_set, qualitative: list[CriterionChoice], saved_candidates, labels) -> pd.DataFrame:
    """Scores 1-5 with pro and con per qualitative criterion and candidate; returns key × candidate."""
    stored = store().read(selection_store.scores, saved_set.id) if saved_set else []
    current = {(s.key, s.candidate_id): s for s in stored}
    if qualitative:
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
                st.toast(tr("selection.scores_saved", count=written))
                current = {(s.key, s.candidate_id): s for s in store().read(selection_store.scores, saved_set.id)}
    names = {c.id: c.name for c in saved_candidates}
    frame = pd.DataFrame(index=[c.key for c in qualitative], columns=list(names.values()), dtype=float)
    for (key, candidate_id), entry in current.items():
        if key in frame.index and candidate_id in names:
            frame.loc[key, names[candidate_id]] = entry.score
    return frame


def render(project_id: int, data, data_key: str) -> None:
    saved_candidates = candidates(project_id)
    st.write(tr("selection.framework_intro"))
    if len(saved_candidates) < 2:
        st.info(tr("selection.framework_needs_two"))
        return
    prefix = f"fw{project_id}"
    saved_set = _saved_set(project_id)
    _seed_widgets(prefix, saved_set, data)
    qualitative_labels = {c.key: c.label(lang()) for c in checklist()}
    indicator_labels = {key: indicator_label(data, key)
                        for key in [*data.catalogue.index, IDEAS_PER_1000, IDEAS_COUNT]}

    def label(key: str) -> str:
        return qualitative_labels.get(key) or indicator_labels.get(key, key)

    indicators = [c for c in data.catalogue.index if c in data.indicators.columns] + [
        IDEAS_PER_1000, IDEAS_COUNT]
    st.subheader(tr("selection.data_criteria"))
    chosen_indicators = st.multiselect(tr("selection.data_criteria"), indicators, key=f"{prefix}_ind",
                                       format_func=label, label_visibility="collapsed",
                                       placeholder=tr("selection.choose"))
    choices = _criteria_rows(prefix, chosen_indicators, "indicator", label, data)
    st.subheader(tr("selection.qualitative_criteria"))
    chosen_qualitative = st.multiselect(tr("selection.qualitative_criteria"), list(qualitative_labels),
                                        key=f"{prefix}_qual", format_func=label,
                                        label_visibility="collapsed", placeholder=tr("selection.choose"))
    choices += _criteria_rows(prefix, chosen_qualitative, "qualitative", label, data)
    cols = st.columns(2)
    method = cols[0].radio(tr("selection.method"), METHODS, key=f"{prefix}_method", horizontal=True,
                           format_func=labeller("selection.method_"))
    missing = cols[1].radio(tr("selection.missing_policy"), MISSING, key=f"{prefix}_missing",
                            horizontal=True, format_func=labeller("selection.missing_"))
    saved_set = _autosave(project_id, saved_set, choices, method) if choices else saved_set
    if not choices or saved_set is None:
        return
    scores = _scores_form(saved_set, [c for c in choices if c.kind == "qualitative"],
                          saved_candidates, label)
    found = profiles(data, data_key, saved_candidates)
    try:
        values = with_ideas(found.values[[c.name for c in saved_candidates]], project_id, saved_candidates)
        matrix = decision_matrix(values, scores, choices)
        outcome = quiet(assess, matrix, choices, method, missing=missing)
    except WijkError as err:
        show_error(err)
        return
    _results(outcome, choices, missing, label)


def _results(outcome, choices, missing: str, label) -> None:
    ranking = outcome.ranking
    st.subheader(tr("selection.ranking_title"))
    table = pd.DataFrame({
        tr("selection.col_rank"): ranking.ranks.astype(int),
        tr("selection.col_candidate"): ranking.scores.index,
        tr("selection.col_total"): [format_number(v, lang(), 3) for v in ranking.scores],
        tr("selection.col_p_first"): [format_percent_value(v, lang(), 0)
                                      for v in outcome.robustness["p_first"].reindex(ranking.scores.index)],
    }).sort_values(tr("selection.col_rank"))
    st.dataframe(table, hide_index=True)
    winner = ranking.scores.idxmax()
    st.write(trm("selection.winner_robust", name=winner,
                share=format_percent_value(outcome.robustness.at[winner, "p_first"], lang(), 0)))
    summary = outcome.leave_one_out["summary"]
    changed = summary[summary["winner_changed"]]
    for dropped, row in changed.iterrows():
        st.write(trm("selection.winner_changes", criterion=label(dropped), name=row["winner"]))
    if changed.empty:
        st.write(tr("selection.winner_stable"))
    st.caption(tr("selection.normalisation_note"))
    labels = {key: label(key) for key in outcome.matrix.columns}
    st.plotly_chart(contributions_chart(ranking.contributions, ranking.scores,
                                        title=tr("selection.contributions_title"),
                                        score_label=tr("selection.col_total"),
                                        criterion_labels=labels, baseline=ranking.baseline),
                    key="chart_contributions")
    cols = st.columns(2)
    scaled = quiet(normalise, outcome.matrix, {c.key: c.direction for c in choices}, "minmax",
                   missing=missing)
    cols[0].plotly_chart(profile_radar(scaled, title=tr("selection.radar_title"),
                                       criterion_labels=labels), key="chart_radar")
    cols[1].plotly_chart(robustness_chart(outcome.robustness, title=tr("selection.robustness_title"),
                                          probability_label=tr("selection.col_p_first")),
                         key="chart_robustness")
    st.plotly_chart(leave_one_out_chart(outcome.leave_one_out["ranks"], title=tr("selection.loo_title"),
                                        dropped_label=tr("selection.loo_dropped"),
                                        criterion_labels=labels), key="chart_loo")


def saved_assessment(project_id: int, data, data_key: str):
    """The framework as saved (criteria, scores) and its outcome, for the export.

    Returns ``(assessment, choices, scores)``; the assessment is None while the
    framework cannot be ranked (too few candidates, no criteria, missing scores).
    """
    saved_set = _saved_set(project_id)
    saved_candidates = candidates(project_id)
    if saved_set is None or len(saved_candidates) < 2:
        return None, None, None
    choices = [CriterionChoice(c.key, c.kind, Direction(c.direction), c.weight) for c in saved_set.criteria]
    names = {c.id: c.name for c in saved_candidates}
    rows = [(s.key, names[s.candidate_id], s.score, s.pro, s.con)
            for s in store().read(selection_store.scores, saved_set.id) if s.candidate_id in names]
    scores = pd.DataFrame(rows, columns=["criterion", "candidate", "score", "pro", "con"])
    wide = scores.pivot(index="criterion", columns="candidate", values="score") if rows else pd.DataFrame()
    missing = st.session_state.get(f"fw{project_id}_missing", "raise")
    try:
        found = profiles(data, data_key, saved_candidates)
        values = with_ideas(found.values[list(names.values())], project_id, saved_candidates)
        matrix = decision_matrix(values, wide, choices)
        outcome = quiet(assess, matrix, choices, saved_set.method, missing=missing)
    except WijkError:
        return None, choices, scores
    return outcome, choices, scores
