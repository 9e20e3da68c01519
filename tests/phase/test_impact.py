"""Impact against policy cost, known by hand from two tiny scenarios, and its assumptions."""

from __future__ import annotations

import pytest

from wijk_core.costs import Parameters, compare
from wijk_core.costs.budget import BudgetLine, summarise_budget
from wijk_core.phase.errors import PhaseError
from wijk_core.phase.impact import ImpactAssumptions, compute_impact
from wijk_core.phase.summary import assumptions_table, impact_figures

from .helpers import baseline, renovation

BUDGET = summarise_budget([BudgetLine("municipal", "Stad", 30_000), BudgetLine("municipal", "Extra", 20_000),
                           BudgetLine("subsidy", "Vlaanderen", 99_000), BudgetLine("staff", "Coach", 10_000)])
COMPARISON = compare([baseline(), renovation()], Parameters(30, 0.02))


def test_every_figure_is_known_by_hand():
    impact = compute_impact("Station", ImpactAssumptions(dwellings=200, renovation_share=0.25,
                                                         floor_area_per_dwelling=100),
                            profile_dwellings=999, comparison=COMPARISON, budget=BUDGET)
    assert impact.missing == () and impact.dwellings_origin == "entered"
    assert (impact.baseline, impact.renovated) == ("Zonder project", "Diepe renovatie")
    assert impact.investment_per_m2 == pytest.approx(400)       # (35.000 + 5.000) / 100; the renewal is later
    assert impact.energy_saved_per_m2 == pytest.approx(14)      # 22 - 8 €/m² a year
    assert impact.co2_saved_per_m2 == pytest.approx(0.03)       # 0,036 - 0,006 t/m² a year
    assert impact.renovations == pytest.approx(50) and impact.renovated_area == pytest.approx(5_000)
    assert impact.investment == pytest.approx(2_000_000)
    assert impact.energy_saved_per_year == pytest.approx(70_000)
    assert impact.co2_saved_per_year == pytest.approx(150)
    assert impact.co2_saved_over_period == pytest.approx(4_500)
    assert impact.municipal_budget == 50_000                      # the two municipal lines only
    assert impact.investment_per_municipal_euro == pytest.approx(40)
    assert impact.co2_per_municipal_euro == pytest.approx(0.09)  # tonnes over 30 years per euro
    base, new = COMPARISON.result("Zonder project"), COMPARISON.result("Diepe renovatie")
    assert impact.life_cycle_saving == pytest.approx((base.total / 100 - new.total / 100) * 5_000)


def test_the_page_figures_in_each_language():
    impact = compute_impact("Station", ImpactAssumptions(dwellings=200), profile_dwellings=None,
                            comparison=COMPARISON, budget=BUDGET)
    figures = dict(impact_figures(impact, "nl"))
    assert figures["investment"] == "€\u00a02.000.000" and figures["co2_per_euro"] == "90,00"
    assert figures["investment_per_euro"] == "40,00" and figures["co2_period"] == "4.500,0"
    assert dict(impact_figures(impact, "en"))["investment"] == "2.000.000\u00a0€"


def test_dwellings_come_from_the_profile_unless_entered_and_missing_inputs_are_named():
    from_profile = compute_impact("Station", ImpactAssumptions(), profile_dwellings=120.4, comparison=None,
                                  budget=summarise_budget([]))
    assert from_profile.dwellings == 120.4 and from_profile.dwellings_origin == "profile"
    assert from_profile.missing == ("scenarios", "municipal_budget") and from_profile.investment is None
    nothing = compute_impact("Station", ImpactAssumptions(), profile_dwellings=None, comparison=COMPARISON,
                             budget=BUDGET)
    assert nothing.missing == ("dwellings",) and nothing.investment_per_m2 == pytest.approx(400)
    assert nothing.investment is None
    table = assumptions_table(from_profile, "nl", "Woningen")
    assert table.iloc[0, 2] == ("Profiel van Station: indicator ‘Woningen’, verdeeld naar oppervlakte per "
                                "statistische sector.")


def test_the_officers_own_source_replaces_the_default_one():
    own = ImpactAssumptions(renovation_share=0.4, sources={"renovation_share": "Woonenquête 2025",
                                                           "unknown": "dropped", "baseline": "  "})
    assert own.sources == {"renovation_share": "Woonenquête 2025"}
    table = assumptions_table(compute_impact("X", own, profile_dwellings=10, comparison=COMPARISON,
                                             budget=BUDGET), "en")
    assert list(table.iloc[1]) == ["Share that renovates", "40%", "Woonenquête 2025"]
    assert ImpactAssumptions.from_dict(own.to_dict()) == own


@pytest.mark.parametrize("field, value", [("renovation_share", 1.5), ("renovation_share", -0.1),
                                          ("floor_area_per_dwelling", 0), ("dwellings", -3),
                                          ("dwellings", "veel"), ("floor_area_per_dwelling", float("nan"))])
def test_impossible_assumptions_are_refused(field, value):
    with pytest.raises(PhaseError) as refused:
        ImpactAssumptions(**{field: value})
    assert refused.value.code == "errors.phase_assumption_invalid" and refused.value.params["name"] == field
