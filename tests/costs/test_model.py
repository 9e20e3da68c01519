"""Cost items, scenarios and parameters: numbers typed as text, rates, lifetimes, and bad input
refused with a message in every language."""

from __future__ import annotations

import math

import numpy as np
import pytest

from wijk_core.costs import (
    CostError,
    CostItem,
    Externality,
    Parameters,
    Scenario,
    capital_recovery_factor,
    compare,
    discount_factors,
    life_cycle_cost,
    parse_number,
)

from .helpers import code_and_params, message_in_every_language, one


@pytest.mark.parametrize("lifetime", [-5, 0, "-3"])
def test_negative_lifetimes_are_refused(lifetime):
    with pytest.raises(CostError) as caught:
        CostItem("Dak", "investment", 1000, lifetime=lifetime)
    code, params = code_and_params(caught)
    assert code == "errors.costs_lifetime_negative" and params["item"] == "Dak"
    nl, fr, en = message_in_every_language(caught.value)
    assert "‘Dak’" in nl and "levensduur" in nl and "« Dak »" in fr and "lifetime" in en


def test_lifetime_rules():
    with pytest.raises(CostError) as caught:
        CostItem("Dak", "investment", 1000, lifetime=12.5)
    assert caught.value.code == "errors.costs_lifetime_not_whole"
    with pytest.raises(CostError) as caught:
        CostItem("Gas", "energy", 1000, lifetime=10)
    assert code_and_params(caught) == ("errors.costs_lifetime_not_applicable", {"item": "Gas", "category": "energy"})
    message_in_every_language(caught.value)


@pytest.mark.parametrize("rate", [-1, -1.5, "-100 %", "-250%"])
def test_a_discount_rate_of_minus_100_percent_or_less_is_refused(rate):
    with pytest.raises(CostError) as caught:
        Parameters(30, rate)
    assert caught.value.code == "errors.costs_discount_rate_invalid"
    nl, fr, en = message_in_every_language(caught.value)
    assert "−100 %" in nl and "discontovoet" in nl and "taux" in fr and "discount rate" in en
    for function in (discount_factors, capital_recovery_factor):
        with pytest.raises(CostError) as caught:
            function(-1.0, 30)
        assert caught.value.code == "errors.costs_discount_rate_invalid"
    assert Parameters(30, -0.5).discount_rate == -0.5  # a negative real rate is allowed


def test_rates_are_fractions_and_percent_text_is_understood():
    assert Parameters(30, "2 %").discount_rate == pytest.approx(0.02)
    assert Parameters(30, "0,02").discount_rate == pytest.approx(0.02)
    with pytest.raises(CostError) as caught:
        Parameters(30, 2)  # "2" meant 2 %: refused rather than read as 200 %
    assert caught.value.code == "errors.costs_rate_too_high"
    with pytest.raises(CostError) as caught:
        Parameters(30, 0.02, energy_escalation=-1)
    assert code_and_params(caught)[0] == "errors.costs_rate_invalid"


@pytest.mark.parametrize("field, value", [("amount", "veel"), ("amount", "12 euro"), ("year", "vijf"),
                                          ("lifetime", "lang"), ("amount", float("inf")), ("amount", True)])
def test_text_in_number_fields_is_refused_with_the_field_named(field, value):
    values = {"name": "Gevel", "category": "investment", "amount": 1000, field: value}
    with pytest.raises(CostError) as caught:
        CostItem(**values)
    code, params = code_and_params(caught)
    assert code == "errors.costs_number_invalid"
    assert params["field"] == field and params["item"] == "Gevel" and params["value"] == str(value)[:40]
    nl, _, _ = message_in_every_language(caught.value)
    assert f"‘{str(value)[:40]}’ is geen getal" in nl


def test_numbers_as_text_in_belgian_and_english_notation():
    assert CostItem("A", "investment", "1.234,56").amount == 1234.56
    assert CostItem("A", "investment", "1,234.56").amount == 1234.56
    assert CostItem("A", "investment", "2 500").amount == 2500
    assert CostItem("A", "investment", "12500", year="3", lifetime="25,0").lifetime == 25
    assert parse_number("", "amount", required=False) is None
    with pytest.raises(CostError) as caught:
        CostItem("A", "investment", "")
    assert code_and_params(caught) == ("errors.costs_value_missing", {"field": "amount", "item": "A"})


def test_other_bad_fields():
    cases = [
        (lambda: CostItem("", "investment", 1), "errors.costs_name_empty"),
        (lambda: CostItem("A", "verwarming", 1), "errors.costs_category_unknown"),
        (lambda: CostItem("A", None, 1), "errors.costs_value_missing"),
        (lambda: CostItem("A", "investment", 1, year=-1), "errors.costs_year_invalid"),
        (lambda: CostItem("A" * 121, "investment", 1), "errors.costs_text_too_long"),
        (lambda: Scenario("S", 0), "errors.costs_floor_area_invalid"),
        (lambda: Scenario("S", "groot"), "errors.costs_number_invalid"),
        (lambda: Parameters(0), "errors.costs_period_invalid"),
        (lambda: Parameters(101), "errors.costs_period_invalid"),
        (lambda: Parameters(2.5), "errors.costs_period_invalid"),
        (lambda: Externality("X", "licht", 1, 1), "errors.costs_externality_unknown"),
        (lambda: Externality("Geluid", "noise", 1), "errors.costs_value_missing"),  # only CO2 has a price
        (lambda: life_cycle_cost(one(CostItem("Sloop", "end_of_life", 1, year=45)), Parameters(30)),
         "errors.costs_year_out_of_period"),
        (lambda: compare([one(CostItem("A", "investment", 1)), one(CostItem("B", "investment", 1))]),
         "errors.costs_scenario_duplicate"),
    ]
    for build, code in cases:
        with pytest.raises(CostError) as caught:
            build()
        assert caught.value.code == code
        message_in_every_language(caught.value)


def test_amounts_stay_floats_and_numpy_numbers_are_accepted():
    item = CostItem("A", "investment", np.float32(2.5), year=np.int64(3), lifetime=np.float64(10))
    assert (item.amount, item.year, item.lifetime) == (2.5, 3, 10)
    assert isinstance(item.year, int) and isinstance(item.lifetime, int)
    assert not math.isnan(life_cycle_cost(one(item)).total)


def test_a_study_parameter_that_is_not_a_number_names_the_parameter_only():
    with pytest.raises(CostError) as caught:
        Parameters(discount_rate="twee")
    assert code_and_params(caught) == ("errors.costs_parameter_not_a_number",
                                       {"field": "discount_rate", "value": "twee"})
    assert all("‘’" not in m and "« »" not in m for m in message_in_every_language(caught.value))
    with pytest.raises(CostError) as caught:
        Parameters(period_years=None)
    assert code_and_params(caught) == ("errors.costs_parameter_missing", {"field": "period_years"})
    message_in_every_language(caught.value)
