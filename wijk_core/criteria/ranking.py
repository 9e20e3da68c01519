"""Ranking candidates (or every sector) with a weighted sum or TOPSIS."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wijk_core.criteria.direction import Direction
from wijk_core.criteria.normalise import NORMALISATIONS, Normalisation, normalised_array
from wijk_core.criteria.scoring import METHODS, Method, Scorer, default_normalisation, min_ranks
from wijk_core.criteria.validation import MissingPolicy, Problem, check_option, prepare

__all__ = ["Ranking", "hotspot_scores", "rank"]


@dataclass(frozen=True)
class Ranking:
    """The outcome of :func:`rank`.

    Attributes
    ----------
    scores
        Score per alternative, higher is better, in [0, 1].
    ranks
        1 = best; tied scores share the smallest rank (1, 1, 3).
    contributions
        Alternatives × criteria; ``scores == baseline + contributions.sum(axis=1)``.
    baseline
        0 for the weighted sum, 0.5 for TOPSIS (see :func:`rank`, Notes).
    method, normalisation
        What was computed.
    weights
        The weights used, normalised to sum to 1.
    normalised
        The normalised decision matrix.
    imputed
        Criterion → alternatives whose missing value was filled in.
    """

    scores: pd.Series
    ranks: pd.Series
    contributions: pd.DataFrame
    baseline: float
    method: str
    normalisation: str
    weights: pd.Series
    normalised: pd.DataFrame
    imputed: Mapping[Hashable, tuple] = field(default_factory=dict)

    @property
    def winners(self) -> list:
        """The alternatives ranked first (more than one when tied)."""
        return list(self.ranks.index[self.ranks.to_numpy() == 1])


def prepare_scoring(matrix: pd.DataFrame, weights: Mapping[Hashable, float],
                    directions: Mapping[Hashable, Direction | str], method: str,
                    normalisation: str | None, missing: str) -> tuple[Problem, Scorer, str]:
    """Validate everything and build the :class:`Scorer` (shared with the robustness checks)."""
    check_option("method", method, METHODS)
    if normalisation is None:
        normalisation = default_normalisation(method)
    # The weighted sum needs the direction applied, which only min–max does.
    check_option("normalisation", normalisation,
                 NORMALISATIONS if method == "topsis" else ("minmax",))
    problem = prepare(matrix, directions, weights, missing)
    normalised = normalised_array(problem.values, problem.benefit, normalisation)
    return problem, Scorer(normalised, problem.benefit, method, normalisation), normalisation


def rank(matrix: pd.DataFrame, weights: Mapping[Hashable, float],
         directions: Mapping[Hashable, Direction | str], method: Method = "weighted_sum", *,
         normalisation: Normalisation | None = None,
         missing: MissingPolicy = "raise") -> Ranking:
    r"""Score and rank alternatives on weighted criteria.

    Parameters
    ----------
    matrix
        Alternatives (rows, e.g. candidate neighbourhoods) × criteria (columns),
        numeric; at least two alternatives; unique labels.
    weights
        Criterion → weight ≥ 0, for every column; rescaled to sum to 1.
    directions
        Criterion → :class:`Direction` or alias (``"max"``, ``"cost"``, ``"-"``, …).
    method
        ``"weighted_sum"`` (default) or ``"topsis"``.
    normalisation
        ``"minmax"`` or ``"vector"``. Default: min–max for the weighted sum (the only
        one it accepts), vector for TOPSIS as in Hwang & Yoon (1981).
    missing
        ``"raise"`` (default), ``"worst"`` or ``"mean"``: see :func:`normalise`.

    Returns
    -------
    Ranking

    Raises
    ------
    CriteriaError
        With codes ``errors.weights_all_zero``, ``errors.weight_negative``,
        ``errors.criteria_unknown``, ``errors.criteria_missing_values``, … (see the
        package docstring).

    Notes
    -----
    With normalised values :math:`r_{ij}` and weights :math:`w_j` summing to 1:

    **Weighted sum**: :math:`S_i = \sum_j w_j r_{ij}`; contribution
    :math:`c_{ij} = w_j r_{ij}`, baseline 0.

    **TOPSIS** (Hwang & Yoon 1981): :math:`v_{ij} = w_j r_{ij}`; the ideal
    :math:`v_j^+` is the best :math:`v_{ij}` over alternatives (max for benefit,
    min for cost), the anti-ideal :math:`v_j^-` the worst;
    :math:`d_i^{\pm} = \sqrt{\sum_j (v_{ij} - v_j^{\pm})^2}` and
    :math:`C_i = d_i^- / (d_i^+ + d_i^-)`. An alternative that equals both (every
    criterion constant) gets 0.5.

    TOPSIS contributions decompose :math:`C_i` exactly. Since
    :math:`(d^-)^2 - (d^+)^2 = (d^- - d^+)(d^- + d^+)`,

    .. math:: C_i = \tfrac12 + \sum_j c_{ij}, \qquad
              c_{ij} = \frac{(v_{ij} - v_j^-)^2 - (v_{ij} - v_j^+)^2}{2\,(d_i^+ + d_i^-)^2}.

    :math:`c_{ij} > 0` when the alternative is closer to the ideal than to the
    anti-ideal on criterion :math:`j` (it pulls the score above the neutral 0.5),
    negative when closer to the anti-ideal; its size grows with the weight.

    Scores within 1e-12 of each other are tied (floating-point noise).
    Normalisation depends on the alternatives present: adding one that stretches a
    criterion's range (even a dominated one) can reorder the others, a known rank
    reversal of min–max and vector normalisation. One inside the current ranges
    cannot change the weighted-sum winner.
    """
    problem, scorer, normalisation = prepare_scoring(matrix, weights, directions, method,
                                                     normalisation, missing)
    scores = scorer.scores(problem.weights[None, :])[0]
    contributions, baseline = scorer.contributions(problem.weights)
    alternatives, criteria = problem.alternatives, problem.criteria
    return Ranking(
        scores=pd.Series(scores, index=alternatives, name="score"),
        ranks=pd.Series(min_ranks(scores[None, :])[0].astype(np.int64), index=alternatives,
                        name="rank"),
        contributions=pd.DataFrame(contributions, index=alternatives, columns=criteria),
        baseline=baseline,
        method=method,
        normalisation=normalisation,
        weights=pd.Series(problem.weights, index=criteria, name="weight"),
        normalised=pd.DataFrame(scorer.normalised, index=alternatives, columns=criteria),
        imputed=problem.imputed,
    )


def hotspot_scores(sectors: pd.DataFrame, weights: Mapping[Hashable, float],
                   directions: Mapping[Hashable, Direction | str],
                   method: Method = "weighted_sum", *,
                   normalisation: Normalisation | None = None,
                   missing: MissingPolicy = "raise") -> pd.Series:
    """Score every statistical sector, for a map of where the need is greatest.

    The same scoring as :func:`rank` (same parameters, same Notes), without ranks
    and contributions, so it stays fast on all ~20,000 sectors of Flanders and
    Brussels.

    Parameters
    ----------
    sectors
        One row per sector, indexed by sector code (e.g. ``44021A00-``), one column
        per criterion.
    weights, directions, method, normalisation, missing
        As in :func:`rank`. With many sectors some values are usually missing:
        choose ``missing="worst"`` or ``"mean"`` deliberately.

    Returns
    -------
    pandas.Series
        ``score`` in [0, 1] per sector, higher = more of a hotspot, aligned to
        ``sectors.index``.
    """
    problem, scorer, _ = prepare_scoring(sectors, weights, directions, method,
                                         normalisation, missing)
    scores = scorer.scores(problem.weights[None, :])[0]
    return pd.Series(scores, index=problem.alternatives, name="score")
