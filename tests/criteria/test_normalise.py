"""Normalisation: tiny exact cases by hand, and the range property on random matrices."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from wijk_core.criteria import normalise

MATRIX = pd.DataFrame({"old_dwellings": [10.0, 30.0, 20.0],
                       "income": [100.0, 300.0, 200.0],
                       "same": [7.0, 7.0, 7.0]}, index=["A", "B", "C"])


def test_minmax_by_hand_benefit_cost_and_constant():
    result = normalise(MATRIX, {"old_dwellings": "max", "income": "min", "same": "max"})
    expected = pd.DataFrame({"old_dwellings": [0.0, 1.0, 0.5],
                             "income": [1.0, 0.0, 0.5],   # cost: the lowest is best
                             "same": [0.5, 0.5, 0.5]},    # constant: 0.5, no division by 0
                            index=["A", "B", "C"])
    pd.testing.assert_frame_equal(result, expected)


def test_rounding_noise_is_a_constant_column():
    matrix = pd.DataFrame({"x": [0.1 + 0.2, 0.3, 0.3]})
    assert normalise(matrix, {"x": "max"})["x"].tolist() == [0.5, 0.5, 0.5]


def test_vector_by_hand_keeps_direction_for_topsis():
    matrix = pd.DataFrame({"a": [3.0, 4.0], "zeros": [0.0, 0.0]})
    result = normalise(matrix, {"a": "min", "zeros": "max"}, method="vector")
    assert result["a"].tolist() == pytest.approx([0.6, 0.8])  # 3/5, 4/5: not reversed
    assert result["zeros"].tolist() == [0.0, 0.0]


@settings(max_examples=60, deadline=None)
@given(values=hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=2,
                                                        max_side=8),
                         elements=st.floats(-1e6, 1e6)),
       data=st.data())
def test_minmax_is_in_unit_range_with_best_at_one(values, data):
    k = values.shape[1]
    benefit = data.draw(st.lists(st.booleans(), min_size=k, max_size=k))
    matrix = pd.DataFrame(values, columns=[f"c{j}" for j in range(k)])
    result = normalise(matrix, {c: "max" if b else "min" for c, b in zip(matrix, benefit)})
    assert ((result >= 0) & (result <= 1)).all().all()
    for column, is_benefit in zip(matrix, benefit):
        scaled = result[column]
        if scaled.nunique() == 1:
            continue
        best = matrix[column].idxmax() if is_benefit else matrix[column].idxmin()
        assert scaled[best] == 1.0 and scaled.min() == 0.0
