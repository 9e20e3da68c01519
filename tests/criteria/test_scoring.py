"""The array engine: tie-aware ranks and the TOPSIS ideal, checked against references."""

import numpy as np
from scipy.stats import rankdata

from wijk_core.criteria.normalise import _vector
from wijk_core.criteria.scoring import Scorer, min_ranks, sorted_ranks


def test_ranks_match_scipy_min_ranks_with_many_ties():
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 12, size=(40, 300)) / 11  # plenty of exact ties
    expected = np.vstack([rankdata(-row, method="min") for row in scores])
    np.testing.assert_array_equal(min_ranks(scores), expected)


def test_rounding_noise_does_not_break_a_tie():
    scores = np.array([[0.1 + 0.2, 0.3, 0.2, 1.0]])
    assert min_ranks(scores).tolist() == [[2, 2, 4, 1]]


def test_sorted_ranks_puts_the_best_first_and_keeps_table_order_in_ties():
    order, ranks_in_order = sorted_ranks(np.array([[0.2, 0.9, 0.9, 0.0]]))
    assert order.tolist() == [[1, 2, 0, 3]]
    assert ranks_in_order.tolist() == [[1, 1, 3, 4]]


def test_topsis_ideal_matches_the_r_mcda_car_example():
    """Ideal and anti-ideal of the weighted, vector-normalised matrix.

    Source: the ``TOPSIS`` example of the R package MCDA (Bigaret, Meyer et al., CRAN,
    ``man/TOPSIS.Rd``): Corsa, Clio, Fiesta on purchase price (min), economy, aesthetics,
    boot capacity (max), weights 0.35, 0.25, 0.25, 0.15; it states the positive and
    negative ideal solutions used below.
    """
    cars = np.array([[5490, 51.4, 8.5, 285], [6500, 70.6, 7, 288], [6489, 54.3, 7.5, 290]])
    weights = np.array([0.35, 0.25, 0.25, 0.15])
    scorer = Scorer(_vector(cars), np.array([False, True, True, True]), "topsis", "vector")
    np.testing.assert_allclose(scorer.ideal * weights,
                               [0.179573776, 0.171636015, 0.159499658, 0.087302767], rtol=1e-8)
    np.testing.assert_allclose(scorer.anti_ideal * weights,
                               [0.212610118, 0.124958799, 0.131352659, 0.085797547], rtol=1e-8)


def test_scores_of_many_weight_rows_equal_one_at_a_time():
    rng = np.random.default_rng(3)
    normalised = rng.random((50, 4))
    weights = rng.dirichlet(np.ones(4), size=20)
    for method in ("weighted_sum", "topsis"):
        scorer = Scorer(normalised, np.array([True, False, True, True]), method, "vector")
        together = scorer.scores(weights)
        for row, w in zip(together, weights):
            np.testing.assert_allclose(row, scorer.scores(w[None, :])[0], rtol=1e-12)
            contributions, baseline = scorer.contributions(w)
            np.testing.assert_allclose(baseline + contributions.sum(axis=1), row, atol=1e-12)
        assert ((together >= 0) & (together <= 1)).all()


def test_topsis_with_every_criterion_constant_scores_one_half():
    scorer = Scorer(np.full((3, 2), 0.4), np.array([True, False]), "topsis", "vector")
    assert scorer.scores(np.array([[0.5, 0.5]])).tolist() == [[0.5, 0.5, 0.5]]
    contributions, baseline = scorer.contributions(np.array([0.5, 0.5]))
    assert baseline == 0.5 and not contributions.any()


def test_weighted_sum_contributions_are_weight_times_value():
    scorer = Scorer(np.array([[1.0, 0.0], [0.5, 0.5]]), np.array([True, True]), "weighted_sum",
                    "minmax")
    contributions, baseline = scorer.contributions(np.array([0.75, 0.25]))
    assert baseline == 0.0
    np.testing.assert_allclose(contributions, [[0.75, 0.0], [0.375, 0.125]])
