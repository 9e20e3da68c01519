"""What a life-cycle cost is made of: parameters, cost items, externalities, scenarios.

The dataclasses check and tidy their fields when built, so an invalid one cannot
exist: a ``CostItem`` whose amount is the text ``"veel"`` raises
:class:`~wijk_core.costs.errors.CostError` (``errors.costs_number_invalid``) at
once, in the user's words. What depends on the study period (an item in year 45
of a 30-year study, an empty scenario) is checked when the cost is calculated.

Amounts are in euro at today's prices (real terms): inflation is left out of
both the amounts and the discount rate, as ISO 15686-5 advises for comparisons.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from wijk_core.costs.categories import (
    CAPITAL_CATEGORIES,
    LIFETIME_CATEGORIES,
    RESIDUAL_VALUE,
    RESULT_CATEGORIES,
    RUNNING_CATEGORIES,
    YEARLY_CATEGORIES,
    Category,
    ExternalityKind,
)
from wijk_core.costs.errors import CostError
from wijk_core.readers.cells import is_missing
from wijk_core.readers.numbers import MISSING, NON_NUMERIC, parse_numbers

__all__ = [
    "CAPITAL_CATEGORIES",
    "LIFETIME_CATEGORIES",
    "NAME_MAX",
    "PERIOD_MAX",
    "RESIDUAL_VALUE",
    "RESULT_CATEGORIES",
    "RUNNING_CATEGORIES",
    "YEARLY_CATEGORIES",
    "Category",
    "CostItem",
    "Externality",
    "ExternalityKind",
    "clean_text",
    "Parameters",
    "Scenario",
    "parse_number",
]

NAME_MAX = 120
"""Longest scenario or item name, in characters."""

DESCRIPTION_MAX = 2000
"""Longest scenario description, in characters."""

PERIOD_MAX = 100
"""Longest study period, in years."""

RATE_MAX = 1.0
"""Largest rate accepted (100 % a year): a larger one is nearly always a percentage typed as a fraction."""


# --- Field checks --------------------------------------------------------------------


def clean_text(value: object, field_name: str, *, limit: int = NAME_MAX, required: bool = True,
          multiline: bool = False) -> str:
    """Text without control characters; white space runs become one space (lines kept if ``multiline``).

    Raises
    ------
    CostError
        ``errors.costs_name_empty`` (field) when ``required`` and empty;
        ``errors.costs_text_too_long`` (field, max) beyond ``limit`` characters.
    """
    if is_missing(value):
        value = ""
    if not isinstance(value, str):
        value = str(value)
    printable = "".join(ch for ch in value.replace("\r\n", "\n").replace("\r", "\n")
                        if ch.isspace() or unicodedata.category(ch) != "Cc")
    if multiline:
        cleaned = "\n".join(" ".join(line.split()) for line in printable.split("\n")).strip()
    else:
        cleaned = " ".join(printable.split())
    if required and not cleaned:
        raise CostError("errors.costs_name_empty", field=field_name)
    if len(cleaned) > limit:
        raise CostError("errors.costs_text_too_long",
                        field=field_name, max=limit)
    return cleaned


def parse_number(value: object, field_name: str, item: str = "", *, required: bool = True) -> float | None:
    """A finite float from a number or text (``"1.234,5"``, ``"2 500"``); None when empty.

    Raises
    ------
    CostError
        ``errors.costs_number_invalid`` (field, item, value) for text that is not a
        number, infinity or a boolean; ``errors.costs_value_missing`` (field, item)
        when ``required`` and empty.
    """
    number: float | None
    if is_missing(value):
        number = None
    elif isinstance(value, (bool, np.bool_)):
        raise _not_a_number(value, field_name, item)
    elif isinstance(value, (int, float, np.integer, np.floating)):
        number = None if math.isnan(float(value)) else float(value)
        if number is not None and not math.isfinite(number):
            raise _not_a_number(value, field_name, item)
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            number = None
        else:
            numbers, status = parse_numbers(pd.Series([text], dtype=object))
            if status[0] == NON_NUMERIC:
                raise _not_a_number(value, field_name, item)
            number = None if status[0] == MISSING else float(numbers[0])
            if number is not None and text.endswith("%"):
                number /= 100
    else:
        raise _not_a_number(value, field_name, item)
    if number is None and required:
        if not item:  # a study parameter, not a row of a table
            raise CostError("errors.costs_parameter_missing", field=field_name)
        raise CostError("errors.costs_value_missing", field=field_name, item=item)
    return number


def _not_a_number(value: object, field_name: str, item: str) -> CostError:
    shown = str(value)[:40]
    if not item:  # a study parameter, not a row of a table
        return CostError("errors.costs_parameter_not_a_number", field=field_name, value=shown)
    return CostError("errors.costs_number_invalid", field=field_name, item=item, value=shown)


def _whole(value: float, field_name: str, item: str, code: str) -> int:
    if not float(value).is_integer():
        raise CostError(code,
                        field=field_name, item=item, value=f"{value:g}")
    return int(value)


def _rate(value: object, field_name: str) -> float:
    rate = parse_number(value, field_name)
    assert rate is not None
    if rate <= -1:
        code = "errors.costs_discount_rate_invalid" if field_name == "discount_rate" \
            else "errors.costs_rate_invalid"
        raise CostError(code,
                        field=field_name, value=f"{rate * 100:g}")
    if rate > RATE_MAX:
        raise CostError("errors.costs_rate_too_high", field=field_name, value=f"{rate * 100:g}")
    return rate


# --- Dataclasses ---------------------------------------------------------------------


@dataclass(frozen=True)
class Parameters:
    """The rules of one life-cycle cost calculation.

    Attributes
    ----------
    period_years : int, default 30
        Study period ``N`` in whole years (1 to 100). Year 0 is today.
    discount_rate : float, default 0.02
        Real discount rate ``r`` a year, as a fraction (0.02 = 2 %); above -100 %.
    energy_escalation : float, default 0.0
        Real yearly rise ``e`` of energy prices above general inflation.
    carbon_price : float, default 100.0
        Euro per tonne CO2-equivalent in year 0, for ``co2`` externalities.
        An assumption to set per study (of the order of the EU ETS price).
    carbon_price_growth : float, default 0.0
        Real yearly rise ``g`` of the carbon price.

    Raises
    ------
    CostError
        ``errors.costs_period_invalid`` (value, max), ``errors.costs_discount_rate_invalid``
        (value, in %), ``errors.costs_rate_invalid`` / ``errors.costs_rate_too_high``
        (field, value), ``errors.costs_number_invalid`` (field, item, value).
    """

    period_years: int = 30
    discount_rate: float = 0.02
    energy_escalation: float = 0.0
    carbon_price: float = 100.0
    carbon_price_growth: float = 0.0

    def __post_init__(self) -> None:
        period = parse_number(self.period_years, "period_years")
        if not (float(period).is_integer() and 1 <= period <= PERIOD_MAX):
            raise CostError("errors.costs_period_invalid", value=f"{period:g}", max=PERIOD_MAX)
        object.__setattr__(self, "period_years", int(period))
        for name in ("discount_rate", "energy_escalation", "carbon_price_growth"):
            object.__setattr__(self, name, _rate(getattr(self, name), name))
        object.__setattr__(self, "carbon_price", parse_number(self.carbon_price, "carbon_price"))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (the ``parameters`` object of a scenario file)."""
        return {"period_years": self.period_years, "discount_rate": self.discount_rate,
                "energy_escalation": self.energy_escalation, "carbon_price": self.carbon_price,
                "carbon_price_growth": self.carbon_price_growth}


@dataclass(frozen=True)
class CostItem:
    """One cost of a scenario.

    Attributes
    ----------
    name : str
        Shown in tables; 1 to 120 characters.
    category : Category
        Or one of its spellings (``"onderhoud"``).
    amount : float
        Euro at today's prices: paid once for one-off categories, every year for
        yearly ones. Negative for a revenue (e.g. electricity sold).
    year : int, optional
        The year it is first paid (0 = today). Default: 0 for investment and
        initial extras, 1 for yearly costs and renewals without a year, the last
        year of the period for end of life. Yearly costs run from ``year`` to the
        end of the period.
    lifetime : int, optional
        Service life in whole years, for investment, initial extras and renewal
        items: the item is bought again every ``lifetime`` years while that falls
        inside the period, and what is left of its last life at the end counts as
        residual value. Empty: paid once, nothing left at the end (studies, fees).

    Raises
    ------
    CostError
        ``errors.costs_name_empty``, ``errors.costs_text_too_long``,
        ``errors.costs_category_unknown``, ``errors.costs_number_invalid``,
        ``errors.costs_value_missing``, ``errors.costs_year_invalid``,
        ``errors.costs_lifetime_negative``, ``errors.costs_lifetime_not_whole``,
        ``errors.costs_lifetime_not_applicable`` (item, category).
    """

    name: str
    category: Category
    amount: float
    year: int | None = None
    lifetime: int | None = None

    def __post_init__(self) -> None:
        name = clean_text(self.name, "item")
        if self.category is None or (isinstance(self.category, str) and not self.category.strip()):
            raise CostError("errors.costs_value_missing",
                            field="category", item=name)
        category = Category(self.category)
        amount = parse_number(self.amount, "amount", name)
        year = parse_number(self.year, "year", name, required=False)
        if year is not None:
            if year < 0 or not float(year).is_integer():
                raise CostError("errors.costs_year_invalid",
                                item=name, value=f"{year:g}")
            year = int(year)
        lifetime = parse_number(self.lifetime, "lifetime", name, required=False)
        if lifetime is not None:
            if lifetime <= 0:
                raise CostError("errors.costs_lifetime_negative",
                                item=name, value=f"{lifetime:g}")
            lifetime = _whole(lifetime, "lifetime", name, "errors.costs_lifetime_not_whole")
            if category not in LIFETIME_CATEGORIES:
                raise CostError("errors.costs_lifetime_not_applicable",
                                item=name, category=category.value)
        for attribute, value in (("name", name), ("category", category), ("amount", amount),
                                 ("year", year), ("lifetime", lifetime)):
            object.__setattr__(self, attribute, value)

    def first_year(self, period: int) -> int:
        """The year of the first payment when ``year`` is left empty (see ``year``)."""
        if self.year is not None:
            return self.year
        if self.category is Category.END_OF_LIFE:
            return period
        return 1 if self.category.yearly or self.category is Category.RENEWAL else 0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "category": self.category.value, "amount": self.amount,
                "year": self.year, "lifetime": self.lifetime}


@dataclass(frozen=True)
class Externality:
    """A yearly external effect of a scenario, monetised in the extended total cost.

    Attributes
    ----------
    name : str
    kind : ExternalityKind
    quantity : float
        Per year, in the unit ``unit_cost`` prices: tonnes CO2-eq for ``co2``.
    unit_cost : float, optional
        Euro per unit. Empty for ``co2`` means the carbon price of the parameters
        (and its growth); required for the other kinds.
    year : int, optional
        First year of the effect (default 1); it lasts to the end of the period.
    """

    name: str
    kind: ExternalityKind
    quantity: float
    unit_cost: float | None = None
    year: int | None = None

    def __post_init__(self) -> None:
        name = clean_text(self.name, "externality")
        if self.kind is None or (isinstance(self.kind, str) and not self.kind.strip()):
            raise CostError("errors.costs_value_missing", field="kind", item=name)
        kind = ExternalityKind(self.kind)
        quantity = parse_number(self.quantity, "quantity", name)
        unit_cost = parse_number(self.unit_cost, "unit_cost", name, required=kind is not ExternalityKind.CO2)
        year = parse_number(self.year, "year", name, required=False)
        if year is not None:
            if year < 0 or not float(year).is_integer():
                raise CostError("errors.costs_year_invalid",
                                item=name, value=f"{year:g}")
            year = int(year)
        for attribute, value in (("name", name), ("kind", kind), ("quantity", quantity),
                                 ("unit_cost", unit_cost), ("year", year)):
            object.__setattr__(self, attribute, value)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind.value, "quantity": self.quantity,
                "unit_cost": self.unit_cost, "year": self.year}


@dataclass(frozen=True)
class Scenario:
    """A renovation option: its cost items, floor area and externalities.

    Attributes
    ----------
    name : str
        1 to 120 characters.
    floor_area_m2 : float
        Heated (or habitable) floor area, for €/m²·year; above zero.
    items : tuple of CostItem
        May be empty while it is being entered; calculating an empty scenario
        raises ``errors.costs_scenario_empty``.
    externalities : tuple of Externality
    description : str
        Free text, at most 2,000 characters.
    """

    name: str
    floor_area_m2: float
    items: tuple[CostItem, ...] = ()
    externalities: tuple[Externality, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        name = clean_text(self.name, "scenario")
        area = parse_number(self.floor_area_m2, "floor_area_m2", name)
        if area <= 0:
            raise CostError("errors.costs_floor_area_invalid",
                            item=name, value=f"{area:g}")
        items = tuple(_as(CostItem, item) for item in _sequence(self.items, "items"))
        externalities = tuple(_as(Externality, item) for item in _sequence(self.externalities,
                                                                            "externalities"))
        description = clean_text(self.description, "description", limit=DESCRIPTION_MAX, required=False,
                            multiline=True)
        for attribute, value in (("name", name), ("floor_area_m2", area), ("items", items),
                                 ("externalities", externalities), ("description", description)):
            object.__setattr__(self, attribute, value)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values, as read back by :func:`wijk_core.costs.scenario_from_dict`."""
        return {"name": self.name, "floor_area_m2": self.floor_area_m2,
                "description": self.description,
                "items": [item.to_dict() for item in self.items],
                "externalities": [item.to_dict() for item in self.externalities]}


def _sequence(values: object, what: str) -> Iterable:
    if values is None:
        return ()
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, Iterable):
        raise TypeError(f"Scenario {what} are a list, got {type(values).__name__}.")
    return values


def _as(cls: type, value: object):
    if isinstance(value, cls):
        return value
    if isinstance(value, dict):
        # Absent keys count as empty, so a missing amount is reported like an empty one.
        return cls(**{key: value.get(key) for key in cls.__dataclass_fields__})
    raise TypeError(f"Expected a {cls.__name__} or a dict, got {type(value).__name__}.")
