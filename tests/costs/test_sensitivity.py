"""One-at-a-time sensitivity: each input moved alone, and relative to a reference scenario."""

from __future__ import annotations

import pytest

from wijk_core.costs import (
    FACTORS,
    CostError,
    CostItem,
    Parameters,
    Scenario,
    life_cycle_cost,
    sensitivity,
)

from .helpers import one


def test_sensitivity_moves_one_input_at_a_time():
    scenario = one(CostItem("Warmtepomp", "investment", 10_000, lifetime=10),
                    CostItem("Energie", "energy", 1_000))
    parameters = Parameters(30, 0.03, 0.01)
    table = sensitivity(scenario, parameters)
    assert set(table.index) == set(FACTORS)
    assert (table["base"] == life_cycle_cost(scenario, parameters).total).all()
    assert table["swing"].is_monotonic_decreasing
    rate = table.loc["discount_rate"]
    assert rate["low_input"] == pytest.approx(0.02) and rate["high_input"] == pytest.approx(0.04)
    assert rate["low"] > rate["base"] > rate["high"]  # future costs weigh more at a lower rate
    assert rate["low"] == pytest.approx(life_cycle_cost(scenario, Parameters(30, 0.02, 0.01)).total)
    energy = table.loc["energy_price"]
    energy_npv = life_cycle_cost(scenario, parameters).npv["energy"]
    assert energy["high"] - energy["base"] == pytest.approx(0.2 * energy_npv)
    # lifetimes 10 → 8 and 12 years, whole years
    lifetimes = table.loc["lifetimes"]
    for factor, years in ((lifetimes["low"], 8), (lifetimes["high"], 12)):
        changed = one(CostItem("Warmtepomp", "investment", 10_000, lifetime=years),
                       CostItem("Energie", "energy", 1_000))
        assert factor == pytest.approx(life_cycle_cost(changed, parameters).total)


def test_sensitivity_relative_to_a_reference_is_the_difference():
    deep = one(CostItem("Isolatie", "investment", 50_000, lifetime=40), CostItem("Energie", "energy", 500))
    minimal = Scenario("Minimaal", 100, [CostItem("Energie", "energy", 3_000)])
    parameters = Parameters(30, 0.02, 0.01)
    table = sensitivity(deep, parameters, reference=minimal, measure="per_m2_year")
    base = life_cycle_cost(deep, parameters).per_m2_year - life_cycle_cost(minimal, parameters).per_m2_year
    assert table["base"].iloc[0] == pytest.approx(base)
    # dearer energy favours the deep renovation: the difference falls
    assert table.loc["energy_price", "high"] < base < table.loc["energy_price", "low"]
    with pytest.raises(CostError) as caught:
        sensitivity(deep, parameters, measure="cheapest")
    assert caught.value.code == "errors.costs_option_invalid"
