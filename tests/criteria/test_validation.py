"""Bad input: every refusal is a CriteriaError with the right code and the names at fault."""

import numpy as np
import pandas as pd
import pytest

from wijk_core.criteria import (CriteriaError, MissingValuesWarning, first_place_probability,
                                hotspot_scores, leave_one_out, normalise, rank)

MATRIX = pd.DataFrame({"old_dwellings": [0.40, 0.25, 0.10],
                       "income": [18_000, 24_000, 31_000],
                       "team_capacity": [3, 5, 4]},
                      index=["Noord", "Centrum", "Zuid"])
DIRECTIONS = {"old_dwellings": "benefit", "income": "cost", "team_capacity": "benefit"}
WEIGHTS = {"old_dwellings": 2, "income": 1, "team_capacity": 1}


def refused(code, call, *args, **kwargs):
    with pytest.raises(CriteriaError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value
    return caught.value


@pytest.mark.parametrize("call", [rank, hotspot_scores, leave_one_out, first_place_probability])
def test_all_weights_zero(call):
    refused("errors.weights_all_zero", call, MATRIX, dict.fromkeys(WEIGHTS, 0), DIRECTIONS)


def test_negative_weight_is_named():
    error = refused("errors.weight_negative", rank, MATRIX, {**WEIGHTS, "income": -1}, DIRECTIONS)
    assert error.params == {"criteria": "income"}


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "2", None, True])
def test_weight_that_is_not_a_number(bad):
    error = refused("errors.weight_invalid", rank, MATRIX, {**WEIGHTS, "income": bad}, DIRECTIONS)
    assert error.params == {"criteria": "income"}


def test_unknown_criterion_in_weights_or_directions():
    error = refused("errors.criteria_unknown", rank, MATRIX, {**WEIGHTS, "green_space": 1},
                    DIRECTIONS)
    assert error.params == {"criteria": "green_space"}
    error = refused("errors.criteria_unknown", rank, MATRIX, WEIGHTS,
                    {**DIRECTIONS, "green_space": "max"})
    assert "green_space" in str(error)


def test_criterion_without_weight_or_direction():
    weights = {k: v for k, v in WEIGHTS.items() if k != "income"}
    assert refused("errors.weight_missing", rank, MATRIX, weights,
                   DIRECTIONS).params == {"criteria": "income"}
    directions = {k: v for k, v in DIRECTIONS.items() if k != "team_capacity"}
    assert refused("errors.direction_missing", normalise, MATRIX,
                   directions).params == {"criteria": "team_capacity"}


def test_unknown_direction_string_names_the_criterion():
    error = refused("errors.criterion_direction_unknown", rank, MATRIX, WEIGHTS,
                    {**DIRECTIONS, "income": "less"})
    assert error.params == {"criterion": "income", "value": "less"}


def test_nan_with_missing_raise_names_column_and_alternatives():
    matrix = MATRIX.astype({"income": float})
    matrix.loc[["Noord", "Zuid"], "income"] = np.nan
    error = refused("errors.criteria_missing_values", rank, matrix, WEIGHTS, DIRECTIONS)
    assert error.params == {"criterion": "income", "alternatives": "Noord, Zuid", "count": 2}


def test_long_lists_of_names_are_shortened():
    matrix = pd.DataFrame({"a": [np.nan] * 8 + [1.0, 2.0]}, index=[f"s{i}" for i in range(10)])
    error = refused("errors.criteria_missing_values", normalise, matrix, {"a": "max"})
    assert error.params["alternatives"] == "s0, s1, s2, s3, s4, …"
    assert error.params["count"] == 8


def test_missing_worst_and_mean_fill_in_and_warn():
    matrix = MATRIX.astype({"income": float})
    matrix.loc["Noord", "income"] = np.nan
    with pytest.warns(MissingValuesWarning, match="income"):
        worst = rank(matrix, WEIGHTS, DIRECTIONS, missing="worst")
    # income is a cost: the worst observed value is the highest, 31,000 → normalised 0.
    assert worst.normalised.loc["Noord", "income"] == 0.0
    assert worst.imputed == {"income": ("Noord",)}
    with pytest.warns(MissingValuesWarning):
        mean = normalise(matrix, DIRECTIONS, missing="mean")
    assert mean.loc["Noord", "income"] == pytest.approx(0.5)  # mean of 24,000 and 31,000


def test_a_criterion_with_no_value_at_all():
    matrix = MATRIX.assign(income=np.nan)
    error = refused("errors.criteria_column_empty", rank, matrix, WEIGHTS, DIRECTIONS,
                    missing="mean")
    assert error.params == {"criterion": "income"}


@pytest.mark.parametrize("matrix", [MATRIX.iloc[:0], MATRIX.iloc[:, :0], pd.DataFrame()])
def test_empty_matrix(matrix):
    weights = {k: WEIGHTS[k] for k in matrix.columns}
    directions = {k: DIRECTIONS[k] for k in matrix.columns}
    refused("errors.criteria_matrix_empty", rank, matrix, weights, directions)


@pytest.mark.parametrize("call", [rank, leave_one_out, first_place_probability])
def test_a_single_alternative_cannot_be_ranked(call):
    error = refused("errors.criteria_too_few_alternatives", call, MATRIX.iloc[:1], WEIGHTS,
                    DIRECTIONS)
    assert error.params == {"count": 1}


def test_duplicate_names():
    matrix = pd.concat([MATRIX, MATRIX.iloc[:1]])
    assert refused("errors.criteria_duplicate_names", rank, matrix, WEIGHTS,
                   DIRECTIONS).params == {"names": "Noord"}


@pytest.mark.parametrize("bad", ["veel", np.inf])
def test_values_that_are_not_finite_numbers(bad):
    matrix = MATRIX.astype(object)
    matrix.loc["Zuid", "team_capacity"] = bad
    error = refused("errors.criteria_value_invalid", rank, matrix, WEIGHTS, DIRECTIONS)
    assert error.params == {"criterion": "team_capacity", "alternatives": "Zuid", "count": 1}


def test_numbers_as_text_booleans_and_nullable_integers_are_accepted():
    matrix = MATRIX.assign(team_capacity=["3", "5", "4"],
                           active_citizens=[True, False, True],
                           ideas=pd.array([2, 7, None], dtype="Int64"))
    directions = {**DIRECTIONS, "active_citizens": "+", "ideas": "+"}
    weights = {**WEIGHTS, "active_citizens": 1, "ideas": 1}
    with pytest.warns(MissingValuesWarning):
        result = rank(matrix, weights, directions, missing="worst")
    assert result.normalised["active_citizens"].tolist() == [1.0, 0.0, 1.0]
    assert result.normalised.loc["Zuid", "ideas"] == 0.0


@pytest.mark.parametrize("option", [{"method": "electre"}, {"missing": "drop"},
                                    {"normalisation": "sum"},
                                    {"method": "weighted_sum", "normalisation": "vector"}])
def test_unknown_options(option):
    error = refused("errors.criteria_option_invalid", rank, MATRIX, WEIGHTS, DIRECTIONS, **option)
    assert set(error.params) == {"name", "value", "allowed"}


@pytest.mark.parametrize("option", [{"draws": 0}, {"draws": 2.5}, {"draws": 10**6},
                                    {"concentration": 0}, {"concentration": float("nan")},
                                    {"interval": 1.0}, {"interval": 0}])
def test_monte_carlo_numbers_out_of_range(option):
    error = refused("errors.criteria_number_out_of_range", first_place_probability, MATRIX,
                    WEIGHTS, DIRECTIONS, **option)
    assert error.params["name"] == next(iter(option))


def test_not_a_dataframe_is_a_type_error():
    with pytest.raises(TypeError, match="DataFrame"):
        rank(MATRIX.to_numpy(), WEIGHTS, DIRECTIONS)


def test_weights_and_directions_may_be_series_and_input_is_not_modified():
    before = MATRIX.copy()
    result = rank(MATRIX, pd.Series(WEIGHTS), pd.Series(DIRECTIONS))
    pd.testing.assert_frame_equal(MATRIX, before)
    assert result.weights.sum() == pytest.approx(1.0)
