"""How robust is a ranking? Monte-Carlo weight perturbation and leave-one-criterion-out."""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Mapping
from numbers import Integral, Real

import numpy as np
import pandas as pd
from scipy import stats

from wijk_core.criteria.direction import Direction
from wijk_core.criteria.errors import CriteriaError
from wijk_core.criteria.normalise import Normalisation
from wijk_core.criteria.ranking import prepare_scoring
from wijk_core.criteria.scoring import Method, min_ranks, sorted_ranks
from wijk_core.criteria.validation import MissingPolicy

__all__ = ["first_place_probability", "leave_one_out"]

#: Scores held at once during a Monte-Carlo run; small chunks stay in the CPU cache.
_CHUNK_ELEMENTS = 1 << 18
MAX_DRAWS = 100_000


def first_place_probability(matrix: pd.DataFrame, weights: Mapping[Hashable, float],
                            directions: Mapping[Hashable, Direction | str],
                            method: Method = "weighted_sum", *, draws: int = 1000,
                            concentration: float = 50.0, seed: int | np.random.Generator | None = 0,
                            interval: float = 0.90, normalisation: Normalisation | None = None,
                            missing: MissingPolicy = "raise") -> pd.DataFrame:
    r"""How often each alternative ranks first when the weights are perturbed.

    Draws weight vectors at random around the given ones, ranks the alternatives
    for every draw (as :func:`rank` would) and summarises.

    Parameters
    ----------
    matrix, weights, directions, method, normalisation, missing
        As in :func:`rank`.
    draws
        Number of weight vectors drawn, 1 to 100,000.
    concentration
        How tightly draws cluster around the given weights (> 0): the standard
        deviation of weight :math:`w_j` is :math:`\sqrt{w_j(1-w_j)/(\kappa+1)}`.
        The default 50 lets a weight of 0.25 vary by about ±0.06 (one sd); 5 is
        "roughly this order of importance", 500 "almost exactly these weights".
    seed
        Seed or generator. Fixed by default so the same inputs give the same
        answer on every rerun of the page; pass None for fresh randomness.
    interval
        Coverage of the rank interval, default 0.90 (5th to 95th percentile).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``matrix``, columns ``p_first`` (probability of ranking first;
        sums to 1 over the alternatives), ``mean_rank``, ``rank_low`` and
        ``rank_high`` (the interval's bounds, 1 = best).

    Raises
    ------
    CriteriaError
        As :func:`rank`, plus ``errors.criteria_number_out_of_range`` for a bad
        ``draws``, ``concentration`` or ``interval``.

    Notes
    -----
    Weights are drawn from a Dirichlet distribution centred on the normalised
    weights :math:`w`: :math:`\tilde w \sim \mathrm{Dir}(\kappa w)`, so
    :math:`E[\tilde w] = w` and every draw sums to 1. Criteria with weight 0 stay
    at 0 (a Dirichlet parameter must be positive).

    When :math:`m` alternatives tie for first in a draw, each gets :math:`1/m` of
    it, so the probabilities sum to 1. The rank bounds are the order statistics
    ``np.quantile(ranks, (1 - interval) / 2, method="lower")`` and
    ``np.quantile(ranks, (1 + interval) / 2, method="higher")``, so at least
    ``interval`` of the draws fall inside.

    All draws are scored with matrix products, in chunks of about 260,000 scores
    (small enough to stay in the CPU cache);
    memory beyond that is 2 bytes × draws × alternatives for the interval
    (40 MB for 20,000 sectors × 1,000 draws).
    """
    draws = _check_count("draws", draws, 1, MAX_DRAWS)
    concentration = _check_positive("concentration", concentration)
    interval = _check_fraction("interval", interval)
    problem, scorer, _ = prepare_scoring(matrix, weights, directions, method,
                                         normalisation, missing)
    weight_draws = _dirichlet_draws(problem.weights, concentration, draws, seed)
    n = len(problem.alternatives)

    rank_sum = np.zeros(n, dtype=np.int64)
    first = np.zeros(n)
    all_ranks = np.empty((n, draws), dtype=np.uint16 if n < 2 ** 16 else np.uint32)
    chunk = max(1, _CHUNK_ELEMENTS // n)
    for start in range(0, draws, chunk):
        scores = scorer.scores(weight_draws[start:start + chunk])
        order, ranks_in_order = sorted_ranks(scores)
        del scores
        is_first = ranks_in_order == 1
        tied_first = is_first.sum(axis=1)
        first += np.bincount(order[is_first], weights=np.repeat(1.0 / tied_first, tied_first),
                             minlength=n)
        ranks = np.empty_like(ranks_in_order)
        np.put_along_axis(ranks, order, ranks_in_order, axis=1)
        rank_sum += ranks.sum(axis=0)
        all_ranks[:, start:start + chunk] = ranks.T

    all_ranks.sort(axis=1)
    low_position = math.floor((1 - interval) / 2 * (draws - 1) + 1e-9)
    high_position = math.ceil((1 + interval) / 2 * (draws - 1) - 1e-9)
    return pd.DataFrame({
        "p_first": first / draws,
        "mean_rank": rank_sum / draws,
        "rank_low": all_ranks[:, low_position].astype(np.int64),
        "rank_high": all_ranks[:, high_position].astype(np.int64),
    }, index=problem.alternatives)


def leave_one_out(matrix: pd.DataFrame, weights: Mapping[Hashable, float],
                  directions: Mapping[Hashable, Direction | str],
                  method: Method = "weighted_sum", *,
                  normalisation: Normalisation | None = None,
                  missing: MissingPolicy = "raise") -> pd.DataFrame:
    """Rank again with each criterion dropped in turn: does the winner change?

    Parameters
    ----------
    matrix, weights, directions, method, normalisation, missing
        As in :func:`rank`.

    Returns
    -------
    pandas.DataFrame
        One row per dropped criterion (index ``dropped``) and two column groups:

        - ``result["summary"]``: ``winner`` (the first-ranked alternative without
          that criterion; the first in table order if several tie),
          ``winner_changed`` (the set of first-ranked alternatives differs from the
          full ranking's: a rank reversal at the top), ``moved`` (how many
          alternatives changed rank), ``spearman`` and ``kendall`` (rank correlation
          with the full ranking, Spearman's ρ and Kendall's τ-b; NaN when one
          ranking is all ties).
        - ``result["ranks"]``: the new rank of every alternative (columns).

    Notes
    -----
    The remaining weights are rescaled to sum to 1. Normalisation is per
    criterion, so the other criteria's normalised values do not change. Dropping
    the only criterion with a positive weight leaves nothing to decide on: every
    alternative then ties for first.
    """
    problem, scorer, _ = prepare_scoring(matrix, weights, directions, method,
                                         normalisation, missing)
    criteria, alternatives = problem.criteria, problem.alternatives
    full_ranks = min_ranks(scorer.scores(problem.weights[None, :]))[0]
    full_winners = set(np.flatnonzero(full_ranks == 1))

    reduced = np.tile(problem.weights, (len(criteria), 1))
    np.fill_diagonal(reduced, 0.0)
    totals = reduced.sum(axis=1, keepdims=True)
    reduced = np.divide(reduced, totals, out=np.zeros_like(reduced), where=totals > 0)
    new_ranks = min_ranks(scorer.scores(reduced))

    summary = []
    for ranks in new_ranks:
        winners = np.flatnonzero(ranks == 1)
        spearman, kendall = _correlations(full_ranks, ranks)
        summary.append({"winner": alternatives[winners[0]],
                        "winner_changed": set(winners) != full_winners,
                        "moved": int((ranks != full_ranks).sum()),
                        "spearman": spearman, "kendall": kendall})
    dropped = pd.Index(criteria, name="dropped")
    return pd.concat({
        "summary": pd.DataFrame(summary, index=dropped),
        "ranks": pd.DataFrame(new_ranks.astype(np.int64), index=dropped, columns=alternatives),
    }, axis=1)


def _correlations(full: np.ndarray, other: np.ndarray) -> tuple[float, float]:
    with warnings.catch_warnings():  # a constant ranking has no correlation: NaN, silently
        warnings.simplefilter("ignore", stats.ConstantInputWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        return (float(stats.spearmanr(full, other).statistic),
                float(stats.kendalltau(full, other).statistic))


def _dirichlet_draws(weights: np.ndarray, concentration: float, draws: int,
                     seed: int | np.random.Generator | None) -> np.ndarray:
    rng = np.random.default_rng(seed)
    positive = weights > 0
    drawn = np.zeros((draws, weights.size))
    drawn[:, positive] = rng.dirichlet(concentration * weights[positive], size=draws)
    # Tiny Dirichlet parameters can underflow every gamma variate of a draw to 0.
    broken = ~np.isfinite(drawn).all(axis=1) | (drawn.sum(axis=1) <= 0)
    drawn[broken] = weights
    return drawn


def _out_of_range(name: str, value: object, low: object, high: object) -> CriteriaError:
    return CriteriaError("errors.criteria_number_out_of_range",
                         name=name, value=str(value), low=str(low), high=str(high))


def _check_count(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or not low <= value <= high:
        raise _out_of_range(name, value, low, high)
    return int(value)


def _check_positive(name: str, value: object) -> float:
    if (isinstance(value, bool) or not isinstance(value, Real)
            or not (math.isfinite(value) and value > 0)):
        raise _out_of_range(name, value, 0, "∞")
    return float(value)


def _check_fraction(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not 0 < value < 1:
        raise _out_of_range(name, value, 0, 1)
    return float(value)
