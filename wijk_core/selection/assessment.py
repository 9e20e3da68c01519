"""A project's assessment in one call: candidates, ideas and team scores in, ranking out.

:func:`assess_project` runs the selection pipeline once, in this order:

1. the profiles of the candidates (:func:`~wijk_core.selection.candidates.profile_candidates`,
   or the profiles given, when the caller keeps them between calls);
2. the residents' ideas inside each candidate
   (:func:`~wijk_core.ideas.ideas_per_candidate`), added as two data criteria
   (:func:`~wijk_core.selection.framework.with_idea_counts`);
3. the team's stored scores as a criterion × candidate table;
4. the decision matrix (:func:`~wijk_core.selection.framework.decision_matrix`);
5. ranking, first-place probability and leave-one-out
   (:func:`~wijk_core.selection.framework.assess`), and the min–max scaled matrix the
   radar chart draws.

The result, :class:`ProjectAssessment`, holds every step's output: the framework
section shows it, the council file exports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import pandas as pd

from wijk_core.criteria import normalise
from wijk_core.errors import WijkError
from wijk_core.i18n import format_number, format_percent_value, t
from wijk_core.ideas import ideas_frame, ideas_per_candidate
from wijk_core.sectors.data import SectorData
from wijk_core.selection.candidates import CandidateProfiles, candidate_layer, profile_candidates
from wijk_core.selection.council import SCORE_COLUMNS
from wijk_core.selection.framework import Assessment, CriterionChoice, assess, decision_matrix, with_idea_counts

__all__ = ["ProjectAssessment", "assess_project", "ranking_table", "score_table"]

Method = Literal["weighted_sum", "topsis"]
MissingPolicy = Literal["raise", "worst", "mean"]


@dataclass(frozen=True)
class ProjectAssessment:
    """Every step of a project's assessment.

    Attributes
    ----------
    choices, method, missing
        The framework as assessed: criteria in order, ranking method, missing-value policy.
    profiles
        The candidates' profiles beside the municipality.
    idea_counts
        Visible ideas inside each candidate, by candidate name.
    scores
        The team's scores, one row per scored (criterion, candidate) with the columns
        :data:`~wijk_core.selection.council.SCORE_COLUMNS` (candidate by name).
    outcome
        Ranking, robustness and leave-one-out; None when the framework cannot be
        ranked (see ``problem``).
    scaled
        The decision matrix rescaled to 0 (worst) – 1 (best) per criterion; None
        with ``outcome``.
    problem
        Why the framework cannot be ranked as filled in (no criteria, a weight sum of
        zero, a missing score under the ``raise`` policy …), else None.
    """

    choices: tuple[CriterionChoice, ...]
    method: str
    missing: str
    profiles: CandidateProfiles
    idea_counts: pd.Series
    scores: pd.DataFrame
    outcome: Assessment | None = None
    scaled: pd.DataFrame | None = None
    problem: WijkError | None = None

    @property
    def winner(self) -> tuple[str, float]:
        """The first candidate and the share of weight draws in which it stays first."""
        ranking = self._ranked().ranking
        name = ranking.scores.idxmax()
        return name, float(self._ranked().robustness.at[name, "p_first"])

    @property
    def changed_winners(self) -> list[tuple[str, str]]:
        """``(criterion dropped, new winner)`` for each criterion whose absence changes the winner."""
        summary = self._ranked().leave_one_out["summary"]
        changed = summary[summary["winner_changed"]]
        return [(dropped, row["winner"]) for dropped, row in changed.iterrows()]

    def _ranked(self) -> Assessment:
        if self.outcome is None:
            raise ValueError("the framework was not ranked; check `problem` before reading the outcome")
        return self.outcome


def score_table(scores: Iterable[Any], candidates: Sequence[Any]) -> pd.DataFrame:
    """The team's stored scores with each candidate by name.

    Parameters
    ----------
    scores
        Stored scores (``key``, ``candidate_id``, ``score``, ``pro``, ``con``).
    candidates
        The project's candidates (``id``, ``name``); scores of other candidates are
        left out.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~wijk_core.selection.council.SCORE_COLUMNS`, one row per score.
    """
    names = {c.id: c.name for c in candidates}
    rows = [(s.key, names[s.candidate_id], s.score, s.pro, s.con)
            for s in scores if s.candidate_id in names]
    return pd.DataFrame(rows, columns=list(SCORE_COLUMNS))


def _score_matrix(scores: pd.DataFrame) -> pd.DataFrame:
    """Criterion × candidate scores (NaN where not scored)."""
    if not len(scores):
        return pd.DataFrame()
    return scores.pivot(index="criterion", columns="candidate", values="score")


def assess_project(data: SectorData, candidates: Sequence[Any], ideas: Sequence[Any] | pd.DataFrame,
                   choices: Sequence[CriterionChoice], method: Method, scores: Iterable[Any], *,
                   missing: MissingPolicy = "raise", profiles: CandidateProfiles | None = None,
                   draws: int = 1000, seed: int = 0) -> ProjectAssessment:
    """Assess a project's candidates on its framework: the whole pipeline, once.

    Parameters
    ----------
    data
        The project's sector data.
    candidates
        The saved candidates (``id``, ``name``, ``geometry`` in EPSG:31370), in order.
    ideas
        The project's ideas (store ``Idea`` objects or :func:`wijk_core.ideas.ideas_frame`
        output); the visible ones inside a candidate count for it.
    choices
        The criteria switched on, in display order.
    method
        ``"weighted_sum"`` or ``"topsis"``.
    scores
        The team's stored scores (``key``, ``candidate_id``, ``score``, ``pro``, ``con``).
    missing
        What a missing value counts as: ``"raise"`` (refuse), ``"worst"`` or ``"mean"``.
    profiles
        The candidates' profiles when the caller already has them (they are the
        costly step); computed here otherwise.
    draws, seed
        Weight draws of the robustness test and their seed.

    Returns
    -------
    ProjectAssessment
        Every step's output. A framework that cannot be ranked as filled in does not
        raise: ``outcome`` is None and ``problem`` says why.

    Notes
    -----
    The decision matrix has one row per candidate; an indicator criterion takes the
    candidate's aggregated value, ``ideas_count``/``ideas_per_1000`` the ideas inside
    it, a qualitative criterion the team's 1–5 score.
    """
    if profiles is None:
        profiles = profile_candidates(data, candidate_layer({c.name: c.geometry for c in candidates}))
    frame = ideas if isinstance(ideas, pd.DataFrame) else ideas_frame(ideas)
    counts = ideas_per_candidate(frame, list(candidates))
    table = score_table(scores, candidates)
    found = ProjectAssessment(choices=tuple(choices), method=method, missing=missing, profiles=profiles,
                              idea_counts=counts, scores=table)
    try:
        values = with_idea_counts(profiles.values[[c.name for c in candidates]], counts)
        matrix = decision_matrix(values, _score_matrix(table), list(choices))
        outcome = assess(matrix, list(choices), method, missing=missing, draws=draws, seed=seed)
        scaled = normalise(matrix, {c.key: c.direction for c in choices}, "minmax", missing=missing)
    except WijkError as err:
        return replace(found, problem=err)
    return replace(found, outcome=outcome, scaled=scaled)


def ranking_table(outcome: Assessment, lang: str) -> pd.DataFrame:
    """The ranking as shown to the officer: rank, candidate, total score, chance of first place.

    Column headers and numbers are in ``lang``; rows run from first to last.
    """
    ranking = outcome.ranking
    return pd.DataFrame({
        t("selection.col_rank", lang): ranking.ranks.astype(int),
        t("selection.col_candidate", lang): ranking.scores.index,
        t("selection.col_total", lang): [format_number(v, lang, 3) for v in ranking.scores],
        t("selection.col_p_first", lang): [format_percent_value(v, lang, 0)
                                           for v in outcome.robustness["p_first"].reindex(ranking.scores.index)],
    }).sort_values(t("selection.col_rank", lang))
