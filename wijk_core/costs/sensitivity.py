"""One-at-a-time sensitivity of the life-cycle cost: the numbers behind a tornado chart."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Literal, get_args

import pandas as pd

from wijk_core.costs.errors import CostError
from wijk_core.costs.lcc import LifeCycleCost, _check_scenario, _life_cycle_cost
from wijk_core.costs.model import Category, Parameters, Scenario

__all__ = ["FACTORS", "Measure", "sensitivity"]

Measure = Literal["total", "annualised", "per_m2_year", "extended_total"]

FACTORS: tuple[str, ...] = ("discount_rate", "energy_escalation", "energy_price", "lifetimes")
"""What :func:`sensitivity` varies, one at a time."""


def _scaled_lifetimes(scenario: Scenario, factor: float) -> Scenario:
    """Every lifetime times ``factor``, rounded half up to whole years, at least 1."""
    items = tuple(replace(item, lifetime=max(1, math.floor(item.lifetime * factor + 0.5)))
                  if item.lifetime is not None else item for item in scenario.items)
    return replace(scenario, items=items)


def _scaled_energy(scenario: Scenario, factor: float) -> Scenario:
    items = tuple(replace(item, amount=item.amount * factor) if item.category is Category.ENERGY else item
                  for item in scenario.items)
    return replace(scenario, items=items)


def _value(result: LifeCycleCost, measure: Measure) -> float:
    return float(getattr(result, measure))


def sensitivity(scenario: Scenario, parameters: Parameters | None = None, *,
                reference: Scenario | None = None, measure: Measure = "total",
                discount_rate_step: float = 0.01, escalation_step: float = 0.01,
                energy_price_change: float = 0.2, lifetime_change: float = 0.2) -> pd.DataFrame:
    """How much the result moves when one input moves and the others stay.

    Parameters
    ----------
    scenario : Scenario
    parameters : Parameters, optional
    reference : Scenario, optional
        If given, the measure is the *difference* scenario minus reference, both
        recalculated under each change (does the deep renovation stay cheaper?).
    measure : {"total", "annualised", "per_m2_year", "extended_total"}
    discount_rate_step, escalation_step : float, default 0.01
        The discount rate and the energy-price escalation go down and up by this
        many (1 percentage point).
    energy_price_change, lifetime_change : float, default 0.2
        Energy amounts and lifetimes go down and up by this share (±20 %);
        lifetimes are rounded to whole years, at least 1.

    Returns
    -------
    DataFrame
        Index: the factors of :data:`FACTORS`. Columns ``low_input``,
        ``high_input`` (the varied value: a rate, or a factor for energy price and
        lifetimes), ``low`` and ``high`` (the measure at those values), ``base``
        (the measure unchanged) and ``swing`` (``|high - low|``). Sorted by swing,
        largest first: the order of the tornado's bars.

    Raises
    ------
    CostError
        ``errors.costs_option_invalid`` for an unknown measure or a step that is not a
        positive number below 1; ``errors.costs_discount_rate_invalid`` when the lowered
        rate reaches -100 %; and those of :func:`~wijk_core.costs.life_cycle_cost`.
    """
    parameters = parameters or Parameters()
    if measure not in get_args(Measure):
        raise CostError("errors.costs_option_invalid",
                        name="measure", value=str(measure), allowed=", ".join(get_args(Measure)))
    steps = {"discount_rate_step": discount_rate_step, "escalation_step": escalation_step,
             "energy_price_change": energy_price_change, "lifetime_change": lifetime_change}
    for name, step in steps.items():
        if isinstance(step, bool) or not isinstance(step, (int, float)) or not 0 < step < 1:
            raise CostError("errors.costs_option_invalid",
                            name=name, value=str(step), allowed="0 … 1")
    _check_scenario(scenario, parameters)
    if reference is not None:
        _check_scenario(reference, parameters)

    def measured(params: Parameters, transform=lambda s: s) -> float:
        value = _value(_life_cycle_cost(transform(scenario), params), measure)
        if reference is not None:
            value -= _value(_life_cycle_cost(transform(reference), params), measure)
        return value

    rate, escalation = parameters.discount_rate, parameters.energy_escalation
    if rate - discount_rate_step <= -1:
        raise CostError("errors.costs_discount_rate_invalid", field="discount_rate",
                        value=f"{(rate - discount_rate_step) * 100:g}")
    base = measured(parameters)
    rows = {}
    rows["discount_rate"] = (rate - discount_rate_step, rate + discount_rate_step,
                             measured(replace(parameters, discount_rate=rate - discount_rate_step)),
                             measured(replace(parameters, discount_rate=rate + discount_rate_step)))
    rows["energy_escalation"] = (
        escalation - escalation_step, escalation + escalation_step,
        measured(replace(parameters, energy_escalation=escalation - escalation_step)),
        measured(replace(parameters, energy_escalation=escalation + escalation_step)))
    rows["energy_price"] = (1 - energy_price_change, 1 + energy_price_change,
                            measured(parameters, lambda s: _scaled_energy(s, 1 - energy_price_change)),
                            measured(parameters, lambda s: _scaled_energy(s, 1 + energy_price_change)))
    rows["lifetimes"] = (1 - lifetime_change, 1 + lifetime_change,
                         measured(parameters, lambda s: _scaled_lifetimes(s, 1 - lifetime_change)),
                         measured(parameters, lambda s: _scaled_lifetimes(s, 1 + lifetime_change)))
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["low_input", "high_input", "low", "high"])
    table["base"] = base
    table["swing"] = (table["high"] - table["low"]).abs()
    table.index.name = "factor"
    return table.sort_values("swing", ascending=False, kind="stable")
