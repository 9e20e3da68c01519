"""Life-cycle cost of one scenario (ISO 15686-5, EN 15459): cases computed by hand, exact to the cent;
externalities; invariants over random cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijk_core.costs import (
    RESULT_CATEGORIES,
    CostItem,
    Externality,
    Parameters,
    capital_recovery_factor,
    cash_flows,
    discount_factors,
    life_cycle_cost,
    present_value,
)

from .helpers import one


def test_one_payment_in_year_10_at_3_percent():
    # 1 000 / 1,03^10 = 1 000 / 1,343916379… = 744,0939…
    roof = one(CostItem("Dakherstelling", "investment", 1000, year=10))
    result = life_cycle_cost(roof, Parameters(30, 0.03))
    assert round(result.total, 2) == 744.09
    assert round(result.npv["investment"], 2) == 744.09
    assert result.cash_flows.loc[10, "investment"] == 1000
    assert result.cash_flows.drop(index=10).to_numpy().sum() == 0
    assert round(present_value(1000, 10, 0.03), 2) == 744.09
    assert round(discount_factors(0.03, 30)[10] * 1000, 2) == 744.09


def test_renewal_every_15_years_over_30_has_no_residual_value():
    # bought in year 0, again in 15; its second life ends exactly in year 30: nothing left
    # renewal: 10 000 / 1,03^15 = 10 000 / 1,557967… = 6 418,62
    boiler = one(CostItem("Ketel", "investment", 10_000, lifetime=15))
    result = life_cycle_cost(boiler, Parameters(30, 0.03))
    flows = result.cash_flows
    assert flows.loc[0, "investment"] == 10_000 and flows.loc[15, "renewal"] == 10_000
    assert flows.loc[30, "renewal"] == 0 and flows["renewal"].sum() == 10_000
    assert flows["residual_value"].sum() == 0
    assert round(result.npv["renewal"], 2) == 6418.62
    assert round(result.total, 2) == 16418.62


def test_renewal_every_15_years_over_35_leaves_two_thirds_of_the_last_life():
    # a renewal item first paid in year 15, every 15 years: years 15 and 30; in year 35 the
    # last one has 10 of its 15 years left: residual 10 000 × 10/15 = 6 666,67 in year 35
    # 10 000/1,03^15 + 10 000/1,03^30 − 6 666,67/1,03^35
    #   = 6 418,6195 + 4 119,8676 − 2 369,2227 = 8 169,2644
    facade = one(CostItem("Gevelschilderwerk", "renewal", 10_000, year=15, lifetime=15))
    result = life_cycle_cost(facade, Parameters(35, 0.03))
    assert result.cash_flows.loc[[15, 30], "renewal"].tolist() == [10_000, 10_000]
    assert round(result.cash_flows.loc[35, "residual_value"], 2) == -6666.67
    assert round(result.npv["renewal"], 2) == 10538.49
    assert round(result.npv["residual_value"], 2) == -2369.22
    assert round(result.total, 2) == 8169.26


def test_residual_value_is_linear_by_remaining_life():
    # lifetime 20 over 30 years: bought in 0 and 20, 10 of 20 years left in year 30
    # 10 000 + 10 000/1,03^20 − 5 000/1,03^30 = 10 000 + 5 536,76 − 2 059,93 = 13 476,82
    windows = one(CostItem("Ramen", "investment", 10_000, lifetime=20))
    result = life_cycle_cost(windows, Parameters(30, 0.03))
    assert result.cash_flows.loc[30, "residual_value"] == -5000
    assert round(result.npv["renewal"], 2) == 5536.76
    assert round(result.npv["residual_value"], 2) == -2059.93
    assert round(result.total, 2) == 13476.82


def test_capital_recovery_factor_and_annualised_cost():
    # CRF(3 %, 30) = 0,03 / (1 − 1,03^−30) = 0,0510192593
    assert round(capital_recovery_factor(0.03, 30), 10) == 0.0510192593
    assert capital_recovery_factor(0.0, 30) == pytest.approx(1 / 30)
    assert capital_recovery_factor(1e-12, 30) == pytest.approx(1 / 30, rel=1e-9)  # no cancellation
    assert capital_recovery_factor(-0.02, 10) == pytest.approx(-0.02 / (1 - 0.98 ** -10))
    result = life_cycle_cost(one(CostItem("Dak", "investment", 1000, year=10), area=50), Parameters(30, 0.03))
    assert round(result.annualised, 2) == 37.96  # 744,0939 × 0,0510193
    assert round(result.per_m2_year, 4) == round(result.annualised / 50, 4)


def test_energy_escalation_equal_to_the_discount_rate_cancels_out():
    # 1 000 a year, prices +2 % a year, discounted at 2 %: every year is worth 1 000 today
    heating = one(CostItem("Energie", "energy", 1000))
    result = life_cycle_cost(heating, Parameters(10, 0.02, energy_escalation=0.02))
    assert round(result.total, 2) == 10_000.00
    assert result.cash_flows.loc[0, "energy"] == 0  # yearly costs start in year 1
    assert round(result.cash_flows.loc[10, "energy"], 2) == round(1000 * 1.02 ** 10, 2)
    # escalation applies to energy only
    water = life_cycle_cost(one(CostItem("Water", "operation", 1000)), Parameters(10, 0.0, 0.5))
    assert water.total == 10_000


def test_default_years_of_each_category():
    scenario = one(CostItem("Studie", "investment", 1), CostItem("Vergunning", "initial_extras", 2),
                    CostItem("Onderhoud", "maintenance", 3, year=5), CostItem("Sloop", "end_of_life", 4),
                    CostItem("Vervanging", "renewal", 5))
    flows = cash_flows(scenario, Parameters(8, 0.0))
    assert flows.loc[0, "investment"] == 1 and flows.loc[0, "initial_extras"] == 2
    assert flows["maintenance"].tolist() == [0, 0, 0, 0, 0, 3, 3, 3, 3]
    assert flows.loc[8, "end_of_life"] == 4 and flows["end_of_life"].sum() == 4
    assert flows.loc[1, "renewal"] == 5
    assert list(flows.columns) == list(RESULT_CATEGORIES)


def test_initial_share_and_groups():
    scenario = one(CostItem("Werken", "investment", 250), CostItem("Energie", "energy", 75), area=10)
    result = life_cycle_cost(scenario, Parameters(10, 0.0))
    assert result.initial_share == 0.25  # 250 / (250 + 10 × 75)
    assert result.capital_per_m2_year == pytest.approx(250 / 10 / 10)
    assert result.running_per_m2_year == pytest.approx(75 / 10)
    assert result.cumulative.iloc[-1] == pytest.approx(result.total)


def test_externalities_are_a_separate_layer():
    effects = (Externality("CO2", "co2", 10), Externality("Fijn stof", "lucht", 100, unit_cost=2.5),
               Externality("Meer groen", "groen", 1, unit_cost=-300, year=5))
    scenario = one(CostItem("Werken", "investment", 1000), externalities=effects)
    parameters = Parameters(10, 0.0, carbon_price=100, carbon_price_growth=0.0)
    result = life_cycle_cost(scenario, parameters)
    assert result.total == 1000  # the direct cost does not change
    npv = result.external_npv
    assert npv["co2"] == 10 * 100 * 10 and npv["air_pollution"] == 100 * 2.5 * 10
    assert npv["green_space"] == -300 * 6  # years 5 … 10
    assert result.extended_total == 1000 + 10_000 + 2_500 - 1_800
    grown = life_cycle_cost(scenario, Parameters(10, 0.0, carbon_price=100, carbon_price_growth=0.1))
    assert grown.external_flows.loc[10, "co2"] == pytest.approx(10 * 100 * 1.1 ** 10)


@settings(max_examples=60, deadline=None)
@given(amount=st.floats(1, 1e6), rate=st.floats(-0.5, 0.3), period=st.integers(1, 100))
def test_a_constant_yearly_cost_annualises_to_itself(amount, rate, period):
    result = life_cycle_cost(one(CostItem("Beheer", "operation", amount)), Parameters(period, rate))
    assert result.annualised == pytest.approx(amount, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(amount=st.floats(1, 1e6), lifetime=st.integers(1, 120), period=st.integers(1, 100),
       scale=st.floats(0.1, 10))
def test_undiscounted_component_costs_its_share_of_life(amount, lifetime, period, scale):
    """At 0 % a component renewed every L years, net of residual value, costs amount × N / L."""
    scenario = one(CostItem("Onderdeel", "investment", amount, lifetime=lifetime))
    result = life_cycle_cost(scenario, Parameters(period, 0.0))
    assert result.total == pytest.approx(amount * period / lifetime, rel=1e-9)
    assert result.npv.sum() == pytest.approx(result.total)
    scaled = life_cycle_cost(one(CostItem("Onderdeel", "investment", amount * scale, lifetime=lifetime)),
                             Parameters(period, 0.03))
    assert scaled.total == pytest.approx(scale * life_cycle_cost(scenario, Parameters(period, 0.03)).total)
