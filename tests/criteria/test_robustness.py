"""Robustness: Monte-Carlo first-place probabilities and leave-one-criterion-out."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from wijk_core.criteria import first_place_probability, leave_one_out, rank
from wijk_core.criteria import robustness
from wijk_core.criteria.robustness import _dirichlet_draws

CANDIDATES = pd.DataFrame({"old_dwellings": [0.2, 0.6, 0.4], "cost": [100.0, 200.0, 150.0]},
                          index=["Noord", "Centrum", "Zuid"])
DIRECTIONS = {"old_dwellings": "max", "cost": "min"}
WEIGHTS = {"old_dwellings": 3, "cost": 1}


def _random_problem(seed, n=60, k=5, ties=True):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 6, size=(n, k)).astype(float) if ties else rng.random((n, k))
    matrix = pd.DataFrame(values, index=[f"s{i}" for i in range(n)],
                          columns=[f"c{j}" for j in range(k)])
    weights = dict(zip(matrix, rng.random(k)))
    directions = dict(zip(matrix, rng.choice(["max", "min"], size=k)))
    return matrix, weights, directions


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
@pytest.mark.parametrize("seed", range(4))
def test_vectorised_run_equals_a_loop_over_rank(method, seed, monkeypatch):
    """Same weight draws, scored once per draw with the public rank(): identical summary.
    A tiny chunk size forces several chunks, so their seams are tested too."""
    monkeypatch.setattr(robustness, "_CHUNK_ELEMENTS", 500)
    matrix, weights, directions = _random_problem(seed)
    draws, concentration = 57, 8.0
    result = first_place_probability(matrix, weights, directions, method, draws=draws,
                                     concentration=concentration, seed=seed)

    normalised = np.array(list(weights.values())) / sum(weights.values())
    weight_draws = _dirichlet_draws(normalised, concentration, draws, seed)
    ranks = np.array([rank(matrix, dict(zip(matrix, w)), directions, method).ranks.to_numpy()
                      for w in weight_draws])
    winners = ranks == 1
    p_first = (winners / winners.sum(axis=1, keepdims=True)).sum(axis=0) / draws
    np.testing.assert_allclose(result["p_first"], p_first, atol=1e-12)
    np.testing.assert_allclose(result["mean_rank"], ranks.mean(axis=0))
    np.testing.assert_array_equal(result["rank_low"], np.quantile(ranks, 0.05, axis=0,
                                                                  method="lower"))
    np.testing.assert_array_equal(result["rank_high"], np.quantile(ranks, 0.95, axis=0,
                                                                   method="higher"))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), method=st.sampled_from(["weighted_sum", "topsis"]),
       draws=st.integers(1, 300), concentration=st.floats(0.1, 1000))
def test_probabilities_sum_to_one_even_with_ties(seed, method, draws, concentration):
    matrix, weights, directions = _random_problem(seed % 1000, n=30, k=3)
    matrix = pd.concat([matrix, matrix.iloc[:5].set_axis([f"copy{i}" for i in range(5)])])
    result = first_place_probability(matrix, weights, directions, method, draws=draws,
                                     concentration=concentration, seed=seed)
    assert result["p_first"].sum() == pytest.approx(1.0)
    assert (1 <= result["rank_low"]).all() and (result["rank_high"] <= len(matrix)).all()
    assert (result["rank_low"] <= result["rank_high"]).all()
    assert result["mean_rank"].between(1, len(matrix)).all()
    assert list(result.columns) == ["p_first", "mean_rank", "rank_low", "rank_high"]


def test_a_dominant_candidate_is_always_first():
    matrix = CANDIDATES.assign(cost=[100.0, 90.0, 150.0])  # Centrum best on both
    result = first_place_probability(matrix, WEIGHTS, DIRECTIONS, draws=200)
    assert result.loc["Centrum"].tolist() == [1.0, 1.0, 1, 1]


def test_identical_candidates_share_first_place():
    matrix = pd.DataFrame({"a": [1.0, 1.0, 0.0], "b": [2.0, 2.0, 0.0]}, index=list("xyz"))
    result = first_place_probability(matrix, {"a": 1, "b": 1}, {"a": "+", "b": "+"}, draws=50)
    assert result["p_first"].tolist() == [0.5, 0.5, 0.0]


def test_tight_concentration_agrees_with_the_plain_ranking_and_seed_reproduces():
    first = first_place_probability(CANDIDATES, WEIGHTS, DIRECTIONS, concentration=1e6)
    assert first["p_first"].idxmax() == rank(CANDIDATES, WEIGHTS, DIRECTIONS).winners[0]
    loose = dict(concentration=2.0, draws=500)
    a = first_place_probability(CANDIDATES, WEIGHTS, DIRECTIONS, seed=5, **loose)
    pd.testing.assert_frame_equal(a, first_place_probability(CANDIDATES, WEIGHTS, DIRECTIONS,
                                                             seed=5, **loose))
    assert 0 < a.loc["Noord", "p_first"] < a.loc["Centrum", "p_first"] < 1


def test_zero_weight_criteria_stay_at_zero():
    drawn = _dirichlet_draws(np.array([0.5, 0.0, 0.5]), 10.0, 100, 0)
    assert (drawn[:, 1] == 0).all()
    np.testing.assert_allclose(drawn.sum(axis=1), 1.0)


def test_leave_one_out_by_hand():
    result = leave_one_out(CANDIDATES, WEIGHTS, DIRECTIONS)
    summary, ranks = result["summary"], result["ranks"]
    assert list(summary.index) == ["old_dwellings", "cost"] and summary.index.name == "dropped"
    # Without old dwellings only cost counts: Noord (cheapest) wins — a rank reversal.
    assert summary.loc["old_dwellings", "winner"] == "Noord"
    assert bool(summary.loc["old_dwellings", "winner_changed"])
    assert ranks.loc["old_dwellings"].to_dict() == {"Noord": 1, "Centrum": 3, "Zuid": 2}
    assert summary.loc["old_dwellings", "spearman"] == pytest.approx(-1.0)
    assert summary.loc["old_dwellings", "moved"] == 2
    # Without cost, old dwellings alone gives the same order as the full ranking.
    assert summary.loc["cost"].to_dict() == {"winner": "Centrum", "winner_changed": False,
                                             "moved": 0, "spearman": 1.0, "kendall": 1.0}


def test_dropping_the_only_weighted_criterion_ties_everyone():
    result = leave_one_out(CANDIDATES, {"old_dwellings": 1, "cost": 0}, DIRECTIONS)
    assert result["ranks"].loc["old_dwellings"].tolist() == [1, 1, 1]
    assert bool(result["summary"].loc["old_dwellings", "winner_changed"])
    assert np.isnan(result["summary"].loc["old_dwellings", "spearman"])


def test_leave_one_out_topsis_matches_ranking_without_the_column():
    matrix, weights, directions = _random_problem(9, ties=False)
    result = leave_one_out(matrix, weights, directions, "topsis")
    for dropped in matrix.columns:
        rest = [c for c in matrix.columns if c != dropped]
        expected = rank(matrix[rest], {c: weights[c] for c in rest},
                        {c: directions[c] for c in rest}, "topsis").ranks
        assert result["ranks"].loc[dropped].tolist() == expected.tolist()
