"""Total cost of ownership of renovation scenarios (ISO 15686-5, EN 15459).

Build :class:`Scenario` objects from :class:`CostItem` (investment, initial extras,
energy, operation, maintenance, renewal, end of life; with lifetimes) and
:class:`Externality` (CO2, air pollution, noise, green space, services), pick
:class:`Parameters` (study period, real discount rate, energy-price escalation,
carbon price), then:

- :func:`life_cycle_cost`: cash flows per year and category, net present value
  per category, total, annualised (€/year, €/m²·year), share of initial cost,
  cumulative discounted cost, and the extended total with externalities;
- :func:`compare`: several scenarios side by side, with break-even years;
- :func:`sensitivity`: one-at-a-time variation of discount rate, energy-price
  escalation, energy price and lifetimes (a tornado);
- :func:`load_preset`: the SHE comparison of the seed, the "initial ≈ 25 %"
  renovation, and three neighbourhood scenarios.

Every function is pure; bad input raises :class:`CostError` with an i18n code.
"""

from wijk_core.costs.compare import BreakEvenNote, Comparison, break_even_year, compare
from wijk_core.costs.errors import CostError
from wijk_core.costs.io import (
    EXTERNALITY_COLUMNS,
    ITEM_COLUMNS,
    externalities_frame,
    externalities_from_frame,
    items_frame,
    items_from_frame,
    parameters_from_dict,
    read_item_table,
    read_study,
    scenario_from_dict,
    study_to_dict,
)
from wijk_core.costs.lcc import (
    EXTERNALITY_KINDS,
    LifeCycleCost,
    capital_recovery_factor,
    cash_flows,
    discount_factors,
    externality_flows,
    life_cycle_cost,
    present_value,
)
from wijk_core.costs.model import (
    CAPITAL_CATEGORIES,
    LIFETIME_CATEGORIES,
    NAME_MAX,
    PERIOD_MAX,
    RESIDUAL_VALUE,
    RESULT_CATEGORIES,
    RUNNING_CATEGORIES,
    YEARLY_CATEGORIES,
    Category,
    CostItem,
    Externality,
    ExternalityKind,
    Parameters,
    Scenario,
    parse_number,
)
from wijk_core.costs.presets import PRESETS_DIR, Preset, list_presets, load_preset
from wijk_core.costs.sensitivity import FACTORS, Measure, sensitivity
from wijk_core.costs.export import costs_workbook

__all__ = [
    "CAPITAL_CATEGORIES",
    "EXTERNALITY_COLUMNS",
    "EXTERNALITY_KINDS",
    "FACTORS",
    "ITEM_COLUMNS",
    "LIFETIME_CATEGORIES",
    "NAME_MAX",
    "PERIOD_MAX",
    "PRESETS_DIR",
    "RESIDUAL_VALUE",
    "RESULT_CATEGORIES",
    "RUNNING_CATEGORIES",
    "YEARLY_CATEGORIES",
    "BreakEvenNote",
    "Category",
    "Comparison",
    "CostError",
    "CostItem",
    "Externality",
    "ExternalityKind",
    "LifeCycleCost",
    "Measure",
    "Parameters",
    "Preset",
    "Scenario",
    "break_even_year",
    "capital_recovery_factor",
    "cash_flows",
    "compare",
    "costs_workbook",
    "discount_factors",
    "externalities_frame",
    "externalities_from_frame",
    "externality_flows",
    "items_frame",
    "items_from_frame",
    "life_cycle_cost",
    "list_presets",
    "load_preset",
    "parameters_from_dict",
    "parse_number",
    "present_value",
    "read_item_table",
    "read_study",
    "scenario_from_dict",
    "sensitivity",
    "study_to_dict",
]
