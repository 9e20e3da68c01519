"""Comparing scenarios: the break-even year by hand, and what cannot be compared."""

from __future__ import annotations

import pandas as pd
import pytest

from wijk_core.costs import (
    CostError,
    Scenario,
    break_even_year,
    compare,
    life_cycle_cost,
    sensitivity,
)

from .helpers import code_and_params, message_in_every_language


def _curve(values):
    return pd.Series(values, index=range(len(values)), dtype=float)


def test_break_even_year_by_hand():
    base = _curve([0, 10, 20, 30])
    assert break_even_year(base, _curve([15, 18, 21, 24])) == 3
    assert break_even_year(base, _curve([0, 5, 10, 15])) == 0  # never dearer
    assert break_even_year(base, _curve([15, 18, 21, 31])) is None  # still dearer at the end
    # crosses, goes back above (a renewal), crosses again: the last crossing counts
    assert break_even_year(_curve([0, 10, 20, 30, 40]), _curve([15, 8, 25, 28, 30])) == 3
    with pytest.raises(ValueError):
        break_even_year(base, _curve([1, 2]))


def test_an_empty_scenario_is_refused_when_calculated():
    empty = Scenario("Nog leeg", 100)  # may be saved while it is being entered
    for calculate in (life_cycle_cost, lambda s: compare([s]), lambda s: sensitivity(s)):
        with pytest.raises(CostError) as caught:
            calculate(empty)
        assert code_and_params(caught) == ("errors.costs_scenario_empty", {"scenario": "Nog leeg"})
    message_in_every_language(caught.value)
    with pytest.raises(CostError) as caught:
        compare([])
    assert caught.value.code == "errors.costs_no_scenarios"
