"""Criterion direction: aliases accepted, everything else refused with a code."""

import pickle

import pytest

from wijk_core.criteria import CriteriaError, Direction
from wijk_core.errors import WijkError


@pytest.mark.parametrize("alias", ["benefit", "BENEFIT", " max ", "maximise", "higher", "+", 1,
                                   Direction.BENEFIT])
def test_benefit_aliases(alias):
    assert Direction(alias) is Direction.BENEFIT


@pytest.mark.parametrize("alias", ["cost", "Cost", "min", "minimize", "lower", "-", -1,
                                   Direction.COST])
def test_cost_aliases(alias):
    assert Direction(alias) is Direction.COST


@pytest.mark.parametrize("bad", ["sideways", "", "maxi", 0, 2, True, None, 1.5])
def test_anything_else_is_refused_with_a_code(bad):
    with pytest.raises(CriteriaError) as caught:
        Direction(bad)
    assert caught.value.code == "errors.direction_unknown"
    assert caught.value.params == {"value": str(bad)}
    assert "benefit" in str(caught.value) and "cost" in str(caught.value)


def test_error_is_a_wijk_value_error_and_survives_pickling():
    with pytest.raises(ValueError) as caught:
        Direction("sideways")
    assert isinstance(caught.value, WijkError)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (type(copy), copy.code, copy.params, str(copy)) == (
        CriteriaError, caught.value.code, caught.value.params, str(caught.value))


def test_sign_and_string_value():
    assert (Direction.BENEFIT.sign, Direction.COST.sign) == (1, -1)
    assert Direction.COST == "cost"
