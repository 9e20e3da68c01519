"""Life-cycle cost of one scenario: cash flows per year and category, discounting, NPV.

The method is that of ISO 15686-5 (life-cycle costing) with the residual value of
EN 15459-1 (energy performance of buildings, economic evaluation):

- every cost is in euro at today's prices, paid at the end of its year
  ``t = 0 … N`` (year 0 is today: the investment);
- a component with service life ``L`` bought in year ``y`` is bought again in
  ``y + L, y + 2L, …`` while that is before the end ``N`` of the period; what is
  left of its last life at ``N`` is its residual value, linear by remaining life;
- energy prices rise by ``e`` a year above inflation; the carbon price by ``g``;
- costs are discounted at the real rate ``r``; the net present value is
  summed per category, and annualised with the capital recovery factor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wijk_core.costs.errors import CostError
from wijk_core.costs.model import (
    CAPITAL_CATEGORIES,
    PERIOD_MAX,
    RESIDUAL_VALUE,
    RESULT_CATEGORIES,
    RUNNING_CATEGORIES,
    Category,
    CostItem,
    Externality,
    ExternalityKind,
    Parameters,
    Scenario,
)

__all__ = [
    "EXTERNALITY_KINDS",
    "LifeCycleCost",
    "capital_recovery_factor",
    "cash_flows",
    "discount_factors",
    "externality_flows",
    "life_cycle_cost",
    "present_value",
]

EXTERNALITY_KINDS: tuple[str, ...] = tuple(kind.value for kind in ExternalityKind)
"""Columns of the externality tables, in this order."""


def _check_rate(rate: float) -> float:
    if isinstance(rate, bool) or not isinstance(rate, (int, float, np.integer, np.floating)) \
            or not math.isfinite(rate):
        raise CostError("errors.costs_number_invalid",
                        field="discount_rate", item="", value=str(rate))
    if rate <= -1:
        raise CostError("errors.costs_discount_rate_invalid", field="discount_rate",
                        value=f"{rate * 100:g}")
    return float(rate)


def _check_period(period: int) -> int:
    if isinstance(period, bool) or not isinstance(period, (int, np.integer)) or not 1 <= period <= PERIOD_MAX:
        raise CostError("errors.costs_period_invalid",
                        value=str(period), max=PERIOD_MAX)
    return int(period)


def discount_factors(rate: float, period: int) -> np.ndarray:
    """The discount factor of each year ``t = 0 … N``.

    Parameters
    ----------
    rate : float
        Real discount rate ``r`` as a fraction; above -1.
    period : int
        Last year ``N``.

    Returns
    -------
    ndarray of float, length ``N + 1``

    Raises
    ------
    CostError
        ``errors.costs_discount_rate_invalid`` when ``r <= -1``.

    Notes
    -----
    .. math:: d_t = (1 + r)^{-t}
    """
    return _discount_factors(_check_rate(rate), _check_period(period))


def _discount_factors(rate: float, period: int) -> np.ndarray:
    return (1.0 + rate) ** -np.arange(period + 1, dtype=float)


def present_value(amount: float, year: int, rate: float) -> float:
    """Today's value of ``amount`` paid in ``year``: :math:`A (1 + r)^{-t}`.

    Raises ``errors.costs_discount_rate_invalid`` when ``r <= -1``.
    """
    return float(amount) * (1.0 + _check_rate(rate)) ** -year


def capital_recovery_factor(rate: float, period: int) -> float:
    """The share of a present value that, paid every year for ``N`` years, repays it.

    Parameters
    ----------
    rate : float
        Real discount rate ``r``; above -1.
    period : int
        Number of yearly payments ``N``.

    Returns
    -------
    float

    Raises
    ------
    CostError
        ``errors.costs_discount_rate_invalid`` when ``r <= -1``.

    Notes
    -----
    .. math:: \\mathrm{CRF}(r, N) = \\frac{r}{1 - (1 + r)^{-N}}, \\qquad \\mathrm{CRF}(0, N) = \\frac{1}{N}

    The annualised equivalent of a net present value is :math:`A = \\mathrm{NPV}
    \\cdot \\mathrm{CRF}(r, N)`: a constant real amount paid at the end of each of
    the ``N`` years with the same present value. The denominator is computed as
    ``-expm1(-N log1p(r))`` so that rates near zero keep their precision.
    """
    return _crf(_check_rate(rate), _check_period(period))


def _crf(rate: float, period: int) -> float:
    if rate == 0:
        return 1.0 / period
    return rate / -math.expm1(-period * math.log1p(rate))


def _check_years(scenario: Scenario, period: int) -> None:
    for item in (*scenario.items, *scenario.externalities):
        first = item.first_year(period) if isinstance(item, CostItem) else (item.year or 1)
        if first > period:
            raise CostError("errors.costs_year_out_of_period",
                            item=item.name, year=first, period=period)


def cash_flows(scenario: Scenario, parameters: Parameters | None = None) -> pd.DataFrame:
    """The undiscounted cost of each year and category.

    Parameters
    ----------
    scenario : Scenario
    parameters : Parameters, optional
        Default: 30 years, 2 %, no escalation.

    Returns
    -------
    DataFrame
        Index ``year`` 0 … N, one column per :data:`~wijk_core.costs.RESULT_CATEGORIES`
        (the residual value is negative, in year N), euro at today's prices.

    Raises
    ------
    CostError
        ``errors.costs_scenario_empty`` (scenario) and ``errors.costs_year_out_of_period``
        (item, year, period).

    Notes
    -----
    For an item of amount :math:`A`, first year :math:`y` and lifetime :math:`L`
    the payments fall in :math:`y, y + L, y + 2L, \\dots` while :math:`< N`
    (the first one always counts; the later ones are *renewals*). With
    :math:`t_\\ell` the last payment, the residual value in year :math:`N` is

    .. math:: V_N = A \\cdot \\frac{t_\\ell + L - N}{L} \\quad \\text{when } t_\\ell + L > N.

    A yearly item costs :math:`A` in each year :math:`y \\dots N`; an energy item
    :math:`A (1 + e)^t`.
    """
    parameters = parameters or Parameters()
    _check_scenario(scenario, parameters)
    return _cash_flows(scenario.items, parameters.period_years, parameters.energy_escalation)


def _check_scenario(scenario: Scenario, parameters: Parameters) -> None:
    if not isinstance(scenario, Scenario):
        raise TypeError(f"Expected a Scenario, got {type(scenario).__name__}.")
    if not isinstance(parameters, Parameters):
        raise TypeError(f"Expected Parameters, got {type(parameters).__name__}.")
    if not scenario.items:
        raise CostError("errors.costs_scenario_empty",
                        scenario=scenario.name)
    _check_years(scenario, parameters.period_years)


def _cash_flows(items: tuple[CostItem, ...], period: int, escalation: float) -> pd.DataFrame:
    years = np.arange(period + 1)
    flows = {category: np.zeros(period + 1) for category in RESULT_CATEGORIES}
    for item in items:
        first = item.first_year(period)
        category = item.category
        if category.yearly:
            growth = (1.0 + escalation) ** years if category is Category.ENERGY else 1.0
            flows[category.value] += np.where(years >= first, item.amount * growth, 0.0)
            continue
        flows[category.value][first] += item.amount
        if item.lifetime is None:
            continue
        last = first
        while last + item.lifetime < period:
            last += item.lifetime
            flows[Category.RENEWAL.value][last] += item.amount
        remaining = last + item.lifetime - period
        if remaining > 0:
            flows[RESIDUAL_VALUE][period] -= item.amount * remaining / item.lifetime
    return pd.DataFrame(flows, index=pd.Index(years, name="year"))


def externality_flows(scenario: Scenario, parameters: Parameters | None = None) -> pd.DataFrame:
    """The undiscounted external cost of each year and kind.

    Returns
    -------
    DataFrame
        Index ``year`` 0 … N, one column per externality kind, euro at today's prices.

    Notes
    -----
    An effect of quantity :math:`q` a year and unit cost :math:`p` costs
    :math:`q p` in each year from its first (default 1) to N. A ``co2`` effect
    without unit cost is priced at the carbon price: :math:`q P_{CO_2} (1 + g)^t`.
    """
    parameters = parameters or Parameters()
    _check_years(scenario, parameters.period_years)
    return _externality_flows(scenario.externalities, parameters)


def _externality_flows(externalities: tuple[Externality, ...], parameters: Parameters) -> pd.DataFrame:
    period = parameters.period_years
    years = np.arange(period + 1)
    flows = {kind: np.zeros(period + 1) for kind in EXTERNALITY_KINDS}
    for effect in externalities:
        first = 1 if effect.year is None else effect.year
        if effect.unit_cost is None:  # only co2 may leave it empty
            price = parameters.carbon_price * (1.0 + parameters.carbon_price_growth) ** years
        else:
            price = np.full(period + 1, effect.unit_cost)
        flows[effect.kind.value] += np.where(years >= first, effect.quantity * price, 0.0)
    return pd.DataFrame(flows, index=pd.Index(years, name="year"))


@dataclass(frozen=True)
class LifeCycleCost:
    """The life-cycle cost of one scenario under one set of parameters.

    Attributes
    ----------
    scenario, parameters
        What was calculated.
    cash_flows, discounted : DataFrame
        Year × category, before and after discounting (see :func:`cash_flows`).
    external_flows, external_discounted : DataFrame
        Year × externality kind, before and after discounting.

    Notes
    -----
    With :math:`C_{t,k}` the cost of category :math:`k` in year :math:`t`:

    .. math::
        \\mathrm{NPV}_k = \\sum_{t=0}^{N} C_{t,k} (1 + r)^{-t}, \\qquad
        \\mathrm{NPV} = \\sum_k \\mathrm{NPV}_k, \\qquad
        A = \\mathrm{NPV} \\cdot \\mathrm{CRF}(r, N), \\qquad
        a = A / S

    with :math:`S` the floor area. The *share of initial cost* is
    :math:`(\\mathrm{NPV}_{investment} + \\mathrm{NPV}_{initial\\ extras}) / \\mathrm{NPV}`.
    The extended total adds the present value of the externalities.
    """

    scenario: Scenario
    parameters: Parameters
    cash_flows: pd.DataFrame
    discounted: pd.DataFrame
    external_flows: pd.DataFrame
    external_discounted: pd.DataFrame

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def crf(self) -> float:
        """Capital recovery factor of the parameters."""
        return _crf(self.parameters.discount_rate, self.parameters.period_years)

    @property
    def npv(self) -> pd.Series:
        """Net present value per category (residual value negative), euro."""
        return self.discounted.sum().rename("npv")

    @property
    def total(self) -> float:
        """Direct total cost: the net present value of every category."""
        return float(self.discounted.to_numpy().sum())

    @property
    def annualised(self) -> float:
        """Equivalent constant yearly cost, euro a year."""
        return self.total * self.crf

    @property
    def per_m2_year(self) -> float:
        """Annualised cost per m² of floor area, euro per m²·year."""
        return self.annualised / self.scenario.floor_area_m2

    @property
    def initial_share(self) -> float:
        """Share of investment and initial extras in the direct total (NaN if it is not positive)."""
        if self.total <= 0:
            return math.nan
        npv = self.npv
        return float((npv["investment"] + npv["initial_extras"]) / self.total)

    def group_per_m2_year(self, categories: tuple[str, ...]) -> float:
        """Annualised cost per m² of a group of categories (e.g. :data:`CAPITAL_CATEGORIES`)."""
        return float(self.npv[list(categories)].sum()) * self.crf / self.scenario.floor_area_m2

    @property
    def capital_per_m2_year(self) -> float:
        """Initial and renewal investments net of residual value, euro per m²·year."""
        return self.group_per_m2_year(CAPITAL_CATEGORIES)

    @property
    def running_per_m2_year(self) -> float:
        """Energy, operation and maintenance, euro per m²·year."""
        return self.group_per_m2_year(RUNNING_CATEGORIES)

    @property
    def cumulative(self) -> pd.Series:
        """Discounted cost summed from year 0 to each year (the residual value enters in year N)."""
        return self.discounted.sum(axis=1).cumsum().rename(self.name)

    @property
    def external_npv(self) -> pd.Series:
        """Present value of the externalities per kind, euro."""
        return self.external_discounted.sum().rename("npv")

    @property
    def external_total(self) -> float:
        return float(self.external_discounted.to_numpy().sum())

    @property
    def extended_total(self) -> float:
        """Extended total cost: direct total plus externalities."""
        return self.total + self.external_total

    @property
    def extended_annualised(self) -> float:
        return self.extended_total * self.crf

    @property
    def extended_per_m2_year(self) -> float:
        return self.extended_annualised / self.scenario.floor_area_m2

    @property
    def extended_cumulative(self) -> pd.Series:
        return (self.discounted.sum(axis=1) + self.external_discounted.sum(axis=1)).cumsum().rename(self.name)

    def summary(self) -> dict[str, object]:
        """The headline figures as plain numbers (for JSON and tables)."""
        return {
            "scenario": self.name,
            "floor_area_m2": self.scenario.floor_area_m2,
            "npv": {key: float(value) for key, value in self.npv.items()},
            "total": self.total,
            "annualised": self.annualised,
            "per_m2_year": self.per_m2_year,
            "initial_share": None if math.isnan(self.initial_share) else self.initial_share,
            "capital_per_m2_year": self.capital_per_m2_year,
            "running_per_m2_year": self.running_per_m2_year,
            "externalities": {key: float(value) for key, value in self.external_npv.items()},
            "external_total": self.external_total,
            "extended_total": self.extended_total,
            "extended_annualised": self.extended_annualised,
            "extended_per_m2_year": self.extended_per_m2_year,
        }


def life_cycle_cost(scenario: Scenario, parameters: Parameters | None = None) -> LifeCycleCost:
    """Calculate the life-cycle cost of a scenario (ISO 15686-5, EN 15459 residual value).

    Parameters
    ----------
    scenario : Scenario
        At least one cost item; every first year within the period.
    parameters : Parameters, optional
        Default ``Parameters()``: 30 years, 2 % real, no escalation.

    Returns
    -------
    LifeCycleCost
        Cash flows, NPV per category, total, annualised, per m²·year, share of
        initial cost, cumulative curve, externalities and extended total.

    Raises
    ------
    CostError
        ``errors.costs_scenario_empty`` (scenario), ``errors.costs_year_out_of_period``
        (item, year, period). Bad fields are refused earlier, when the scenario
        and parameters are built.

    Notes
    -----
    See :class:`LifeCycleCost` and :func:`cash_flows` for the formulas.

    Examples
    --------
    >>> from wijk_core.costs import CostItem, Parameters, Scenario
    >>> roof = Scenario("Dak", 100, [CostItem("Dak", "investment", 1000, year=10)])
    >>> round(life_cycle_cost(roof, Parameters(30, 0.03)).total, 2)
    744.09
    """
    parameters = parameters or Parameters()
    _check_scenario(scenario, parameters)
    return _life_cycle_cost(scenario, parameters)


def _life_cycle_cost(scenario: Scenario, parameters: Parameters) -> LifeCycleCost:
    factors = _discount_factors(parameters.discount_rate, parameters.period_years)
    flows = _cash_flows(scenario.items, parameters.period_years, parameters.energy_escalation)
    external = _externality_flows(scenario.externalities, parameters)
    return LifeCycleCost(scenario=scenario, parameters=parameters, cash_flows=flows,
                         discounted=flows.mul(factors, axis=0), external_flows=external,
                         external_discounted=external.mul(factors, axis=0))
