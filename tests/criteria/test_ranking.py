"""Ranking: a published TOPSIS example, hand-made weighted sums, and invariants."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from wijk_core.criteria import Direction, hotspot_scores, rank

# Three candidates, by hand: old dwellings (share, higher = more need) and
# renovation cost per dwelling (€, lower is better), weights 3 : 1.
CANDIDATES = pd.DataFrame({"old_dwellings": [0.2, 0.6, 0.4], "cost": [100.0, 200.0, 150.0]},
                          index=["Noord", "Centrum", "Zuid"])
DIRECTIONS = {"old_dwellings": Direction.BENEFIT, "cost": Direction.COST}
WEIGHTS = {"old_dwellings": 3, "cost": 1}


def test_topsis_reproduces_tzeng_and_huang_2011():
    """Tzeng, G.-H. & Huang, J.-J. (2011). Multiple Attribute Decision Making: Methods and
    Applications. CRC Press — the TOPSIS example as reproduced in scikit-criteria's
    ``tests/agg/test_topsis.py::test_TOPSIS_tzeng2011multiple``: four alternatives, three
    benefit criteria, weights 0.3, 0.4, 0.3, vector normalisation; closeness
    0.5037, 0.6581, 0.7482, 0.3340 (four decimals), ranks 3, 2, 1, 4.
    """
    matrix = pd.DataFrame([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]],
                          index=["A0", "A1", "A2", "A3"], columns=["c1", "c2", "c3"])
    result = rank(matrix, {"c1": 0.3, "c2": 0.4, "c3": 0.3}, dict.fromkeys(matrix, "max"),
                  method="topsis")
    np.testing.assert_allclose(result.scores, [0.5037, 0.6581, 0.7482, 0.3340], atol=1e-4)
    assert result.ranks.tolist() == [3, 2, 1, 4]
    assert result.normalisation == "vector"
    np.testing.assert_allclose(result.baseline + result.contributions.sum(axis=1),
                               result.scores, atol=1e-12)


def test_weighted_sum_by_hand():
    result = rank(CANDIDATES, WEIGHTS, DIRECTIONS)
    # min–max: old_dwellings 0, 1, 0.5; cost (reversed) 1, 0, 0.5; weights 0.75, 0.25.
    assert result.weights.tolist() == [0.75, 0.25]
    assert result.scores.tolist() == pytest.approx([0.25, 0.75, 0.5])
    assert result.ranks.to_dict() == {"Noord": 3, "Centrum": 1, "Zuid": 2}
    expected = pd.DataFrame({"old_dwellings": [0.0, 0.75, 0.375], "cost": [0.25, 0.0, 0.125]},
                            index=CANDIDATES.index)
    pd.testing.assert_frame_equal(result.contributions, expected)
    pd.testing.assert_series_equal(result.contributions.sum(axis=1), result.scores,
                                   check_names=False)
    assert result.winners == ["Centrum"] and result.method == "weighted_sum"


def test_ties_share_the_smallest_rank():
    matrix = pd.DataFrame({"a": [1.0, 3.0, 3.0, 2.0]}, index=list("wxyz"))
    result = rank(matrix, {"a": 1}, {"a": "max"})
    assert result.ranks.tolist() == [4, 1, 1, 3]
    assert result.winners == ["x", "y"]


def test_topsis_contributions_by_hand():
    # One benefit criterion a, weight 1, min-max: values 0, 1, 0.25.
    matrix = pd.DataFrame({"a": [0.0, 4.0, 1.0]}, index=["low", "high", "mid"])
    result = rank(matrix, {"a": 1}, {"a": "max"}, method="topsis", normalisation="minmax")
    # mid: d+ = 0.75, d- = 0.25 → C = 0.25 = 0.5 + (0.25² − 0.75²) / (2 · 1²).
    assert result.scores.tolist() == pytest.approx([0.0, 1.0, 0.25])
    assert result.contributions["a"].tolist() == pytest.approx([-0.5, 0.5, -0.25])
    assert result.baseline == 0.5


def test_hotspot_scores_equal_rank_scores_and_keep_sector_codes():
    rng = np.random.default_rng(11)
    codes = [f"{44021 + i // 30}A{i % 30:02d}-" for i in range(300)]
    sectors = pd.DataFrame(rng.random((300, 4)), index=codes, columns=list("abcd"))
    weights, directions = dict(zip("abcd", [1, 2, 0, 1])), dict(zip("abcd", "+-+-"))
    for method in ("weighted_sum", "topsis"):
        scores = hotspot_scores(sectors, weights, directions, method)
        assert scores.index.equals(sectors.index) and scores.name == "score"
        pd.testing.assert_series_equal(scores, rank(sectors, weights, directions, method).scores)


matrices = st.integers(2, 8).flatmap(lambda k: st.tuples(
    st.lists(st.lists(st.integers(0, 20), min_size=k, max_size=k), min_size=2, max_size=12),
    st.lists(st.floats(0, 10), min_size=k, max_size=k).filter(lambda w: sum(w) > 0),
    st.lists(st.booleans(), min_size=k, max_size=k)))


def _problem(case):
    rows, weights, benefit = case
    k = len(weights)
    matrix = pd.DataFrame(rows, columns=[f"c{j}" for j in range(k)], dtype=float)
    return (matrix, dict(zip(matrix, weights)),
            {c: "max" if b else "min" for c, b in zip(matrix, benefit)})


@settings(max_examples=80, deadline=None)
@given(case=matrices, factor=st.floats(1e-3, 1e3), method=st.sampled_from(["weighted_sum",
                                                                           "topsis"]))
def test_scaling_all_weights_leaves_the_ranking_unchanged(case, factor, method):
    matrix, weights, directions = _problem(case)
    scaled = {c: w * factor for c, w in weights.items()}
    original = rank(matrix, weights, directions, method)
    pd.testing.assert_series_equal(rank(matrix, scaled, directions, method).ranks,
                                   original.ranks)


@settings(max_examples=80, deadline=None)
@given(case=matrices, data=st.data())
def test_adding_a_dominated_alternative_keeps_the_winner_first(case, data):
    """Weighted sum. The newcomer lies between the winner and the worst value of each
    criterion, so it is dominated by the winner and leaves the min–max ranges alone
    (one outside them could shift the normalisation: see rank's Notes)."""
    matrix, weights, directions = _problem(case)
    winner = rank(matrix, weights, directions).winners[0]
    shares = data.draw(st.lists(st.sampled_from([0, 0.25, 0.5, 0.75, 1.0]),
                                min_size=matrix.shape[1], max_size=matrix.shape[1]))
    worst = pd.Series({c: matrix[c].min() if d == "max" else matrix[c].max()
                       for c, d in directions.items()})
    newcomer = worst + np.array(shares) * (matrix.loc[winner] - worst)
    grown = pd.concat([matrix, newcomer.to_frame("newcomer").T])
    assert rank(grown, weights, directions).ranks[winner] == 1


def test_minmax_rank_reversal_when_a_newcomer_stretches_a_range():
    """Documents the known limit: an alternative outside the ranges can reorder the others."""
    matrix = pd.DataFrame({"a": [10.0, 1.0], "b": [1.0, 10.0]}, index=["X", "Y"])
    weights, directions = {"a": 1, "b": 1}, {"a": "max", "b": "max"}
    assert rank(matrix, weights, directions).winners == ["X", "Y"]
    grown = pd.concat([matrix, pd.DataFrame({"a": [-100.0], "b": [0.0]}, index=["Z"])])
    assert rank(grown, weights, directions).winners == ["Y"]
