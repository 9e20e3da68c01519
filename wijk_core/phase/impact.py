"""Impact against policy cost: what renovating the chosen neighbourhood sets in motion for the municipal euro.

The guide asks the team to "calculate how much impact the renovation brings for a
local government, compared with the relatively low policy cost". The figures come
from three places of the project, each named as the source of its assumption:

- the **dwellings in scope**: the chosen candidate's profile (indicator
  ``dwellings``, aggregated by areal weighting), unless the officer enters a count;
- **per m²** investment, energy cost and CO₂ of a baseline and a renovation
  scenario of the costs page (:mod:`wijk_core.costs`), and the life-cycle saving
  of their comparison (:func:`wijk_core.costs.compare`);
- the **municipal budget**: the budget page's ``municipal`` income lines.

Notes
-----
With :math:`D` dwellings in scope, a share :math:`s` expected to renovate and
:math:`a` m² per dwelling, the renovated floor area is :math:`A = D s a`. For the
renovation scenario :math:`R` and the baseline :math:`B`, each of floor area
:math:`S_X`:

.. math::
    I = A \\cdot \\frac{\\sum_{\\text{investment, initial extras in year 0}} c}{S_R}, \\quad
    E = A \\left(\\frac{e_B}{S_B} - \\frac{e_R}{S_R}\\right), \\quad
    Q = A \\left(\\frac{q_B}{S_B} - \\frac{q_R}{S_R}\\right)

with :math:`e` the yearly energy cost at today's prices and :math:`q` the yearly
CO₂ (tonnes) of the scenario. Against the municipal budget :math:`M`: investment
per municipal euro :math:`I / M` and tonnes of CO₂ avoided over the study period
per municipal euro :math:`Q N / M`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from wijk_core.costs import Category, Comparison, ExternalityKind, Scenario
from wijk_core.costs.budget import BudgetSummary
from wijk_core.phase.errors import PhaseError

__all__ = ["ASSUMPTION_KEYS", "DWELLINGS_INDICATOR", "Impact", "ImpactAssumptions", "compute_impact"]

DWELLINGS_INDICATOR = "dwellings"
"""The profile indicator that counts the dwellings of a candidate."""

ASSUMPTION_KEYS = ("dwellings", "renovation_share", "floor_area_per_dwelling", "baseline", "renovated",
                   "period_years", "municipal_budget")
"""Every assumption of the impact, in the order the page and the dossier list them."""

_INVESTMENT = (Category.INVESTMENT, Category.INITIAL_EXTRAS)


def _number(name: str, value: Any, low: float, high: float = math.inf, *, low_open: bool = False) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise PhaseError("errors.phase_assumption_invalid", name=name, value=str(value)) from None
    if not math.isfinite(number) or number < low or number > high or (low_open and number == low):
        raise PhaseError("errors.phase_assumption_invalid", name=name, value=str(value))
    return number


@dataclass(frozen=True)
class ImpactAssumptions:
    """What the officer may set; every other figure follows from the project's data.

    Attributes
    ----------
    dwellings : float, optional
        Dwellings in scope; None takes the chosen candidate's profile.
    renovation_share : float
        Share of those dwellings expected to renovate during the project (0–1).
    floor_area_per_dwelling : float
        m² per dwelling, to scale the scenarios' per-m² figures (above 0).
    baseline, renovated : str, optional
        Names of the costs page's scenarios compared; None takes the first and the last.
    sources : mapping
        The officer's own source per assumption key (e.g. "housing survey 2025");
        an assumption without one shows where its default comes from.

    Raises
    ------
    PhaseError
        ``errors.phase_assumption_invalid`` (name, value).
    """

    dwellings: float | None = None
    renovation_share: float = 0.25
    floor_area_per_dwelling: float = 100.0
    baseline: str | None = None
    renovated: str | None = None
    sources: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.dwellings is not None:
            object.__setattr__(self, "dwellings", _number("dwellings", self.dwellings, 0))
        object.__setattr__(self, "renovation_share", _number("renovation_share", self.renovation_share, 0, 1))
        object.__setattr__(self, "floor_area_per_dwelling",
                           _number("floor_area_per_dwelling", self.floor_area_per_dwelling, 0, low_open=True))
        for name in ("baseline", "renovated"):
            value = getattr(self, name)
            object.__setattr__(self, name, str(value).strip() or None if value is not None else None)
        sources = {str(key): str(text).strip()[:500] for key, text in dict(self.sources or {}).items()
                   if key in ASSUMPTION_KEYS and text is not None and str(text).strip()}
        object.__setattr__(self, "sources", sources)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values, as :meth:`from_dict` reads them."""
        return {"dwellings": self.dwellings, "renovation_share": self.renovation_share,
                "floor_area_per_dwelling": self.floor_area_per_dwelling, "baseline": self.baseline,
                "renovated": self.renovated, "sources": dict(self.sources)}

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> ImpactAssumptions:
        defaults = cls()
        return cls(**{name: values.get(name, getattr(defaults, name)) for name in
                      ("dwellings", "renovation_share", "floor_area_per_dwelling", "baseline", "renovated",
                       "sources")})


@dataclass(frozen=True)
class Impact:
    """The impact of renovating the chosen neighbourhood, against the municipal budget.

    ``None`` marks a figure that cannot be computed yet; ``missing`` says what is
    needed: ``dwellings``, ``scenarios`` (two scenarios on the costs page) or
    ``municipal_budget`` (a municipal income line on the budget page).
    """

    candidate: str
    assumptions: ImpactAssumptions
    dwellings: float | None
    dwellings_origin: Literal["entered", "profile", "missing"]
    baseline: str | None
    renovated: str | None
    period_years: int
    renovations: float | None = None
    renovated_area: float | None = None
    investment_per_m2: float | None = None
    energy_saved_per_m2: float | None = None
    co2_saved_per_m2: float | None = None
    life_cycle_saving_per_m2: float | None = None
    investment: float | None = None
    energy_saved_per_year: float | None = None
    co2_saved_per_year: float | None = None
    co2_saved_over_period: float | None = None
    life_cycle_saving: float | None = None
    municipal_budget: float = 0.0
    investment_per_municipal_euro: float | None = None
    co2_per_municipal_euro: float | None = None
    missing: tuple[str, ...] = ()


def _yearly(scenario: Scenario, category: Category) -> float:
    return sum(item.amount for item in scenario.items if item.category is category)


def _co2(scenario: Scenario) -> float:
    return sum(item.quantity for item in scenario.externalities if item.kind is ExternalityKind.CO2)


def _initial(scenario: Scenario, period: int) -> float:
    return sum(item.amount for item in scenario.items
               if item.category in _INVESTMENT and item.first_year(period) == 0)


def _pick(comparison: Comparison | None, wanted: str | None, fallback: int) -> str | None:
    if comparison is None or len(comparison.results) < 2:
        return None
    return wanted if wanted in comparison.names else comparison.names[fallback]


def compute_impact(candidate: str, assumptions: ImpactAssumptions, *, profile_dwellings: float | None,
                   comparison: Comparison | None, budget: BudgetSummary) -> Impact:
    """The impact of renovating ``candidate`` against the municipal budget (see the module's Notes).

    Parameters
    ----------
    candidate
        The chosen neighbourhood's name.
    assumptions
        The officer's assumptions.
    profile_dwellings
        Dwellings inside the candidate from its profile (None when the data have no
        ``dwellings`` indicator).
    comparison
        :func:`wijk_core.costs.compare` of the project's scenarios under its parameters,
        or None without scenarios.
    budget
        :func:`wijk_core.costs.budget.summarise_budget` of the project budget.

    Returns
    -------
    Impact
        Figures that need a missing input are None, and ``missing`` names the input.
    """
    if assumptions.dwellings is not None:
        dwellings, origin = assumptions.dwellings, "entered"
    elif profile_dwellings is not None and math.isfinite(profile_dwellings):
        dwellings, origin = float(profile_dwellings), "profile"
    else:
        dwellings, origin = None, "missing"
    baseline, renovated = _pick(comparison, assumptions.baseline, 0), _pick(comparison, assumptions.renovated, -1)
    period = comparison.parameters.period_years if comparison is not None else 0
    municipal = float(budget.income.get("municipal", 0.0))
    found = Impact(candidate=candidate, assumptions=assumptions, dwellings=dwellings, dwellings_origin=origin,
                   baseline=baseline, renovated=renovated, period_years=period, municipal_budget=municipal)
    missing = [name for name, absent in (("dwellings", dwellings is None),
                                         ("scenarios", baseline is None or baseline == renovated),
                                         ("municipal_budget", municipal <= 0)) if absent]
    found = replace(found, missing=tuple(missing))
    if "scenarios" in missing:
        return found
    base, new = comparison.result(baseline), comparison.result(renovated)
    area_b, area_r = base.scenario.floor_area_m2, new.scenario.floor_area_m2
    per_m2 = {
        "investment_per_m2": _initial(new.scenario, period) / area_r,
        "energy_saved_per_m2": (_yearly(base.scenario, Category.ENERGY) / area_b
                                - _yearly(new.scenario, Category.ENERGY) / area_r),
        "co2_saved_per_m2": _co2(base.scenario) / area_b - _co2(new.scenario) / area_r,
        "life_cycle_saving_per_m2": base.total / area_b - new.total / area_r,
    }
    found = replace(found, **per_m2)
    if dwellings is None:
        return found
    renovations = dwellings * assumptions.renovation_share
    area = renovations * assumptions.floor_area_per_dwelling
    investment, co2_year = area * per_m2["investment_per_m2"], area * per_m2["co2_saved_per_m2"]
    found = replace(found, renovations=renovations, renovated_area=area, investment=investment,
                    energy_saved_per_year=area * per_m2["energy_saved_per_m2"], co2_saved_per_year=co2_year,
                    co2_saved_over_period=co2_year * period,
                    life_cycle_saving=area * per_m2["life_cycle_saving_per_m2"])
    if municipal <= 0:
        return found
    return replace(found, investment_per_municipal_euro=investment / municipal,
                   co2_per_municipal_euro=co2_year * period / municipal)
