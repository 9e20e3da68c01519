"""Life-cycle cost (ISO 15686-5, EN 15459): hand-computed cases, the seed's SHE figures, bad input."""

from __future__ import annotations

import io
import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijk_core.costs import (
    FACTORS,
    RESULT_CATEGORIES,
    Category,
    CostError,
    CostItem,
    Externality,
    Parameters,
    Scenario,
    break_even_year,
    capital_recovery_factor,
    cash_flows,
    compare,
    discount_factors,
    items_frame,
    items_from_frame,
    life_cycle_cost,
    list_presets,
    load_preset,
    parse_number,
    present_value,
    read_item_table,
    read_study,
    scenario_from_dict,
    sensitivity,
    study_to_dict,
)
from wijk_core.i18n import LANGUAGES, t


def _one(*items, area=100.0, externalities=()) -> Scenario:
    return Scenario("Test", area, items, externalities)


def _error(caught: pytest.ExceptionInfo[CostError]) -> tuple[str, dict]:
    return caught.value.code, caught.value.params


# --- Hand-computable cases, exact to the cent ------------------------------------------


def test_one_payment_in_year_10_at_3_percent():
    # 1 000 / 1,03^10 = 1 000 / 1,343916379… = 744,0939…
    roof = _one(CostItem("Dakherstelling", "investment", 1000, year=10))
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
    boiler = _one(CostItem("Ketel", "investment", 10_000, lifetime=15))
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
    facade = _one(CostItem("Gevelschilderwerk", "renewal", 10_000, year=15, lifetime=15))
    result = life_cycle_cost(facade, Parameters(35, 0.03))
    assert result.cash_flows.loc[[15, 30], "renewal"].tolist() == [10_000, 10_000]
    assert round(result.cash_flows.loc[35, "residual_value"], 2) == -6666.67
    assert round(result.npv["renewal"], 2) == 10538.49
    assert round(result.npv["residual_value"], 2) == -2369.22
    assert round(result.total, 2) == 8169.26


def test_residual_value_is_linear_by_remaining_life():
    # lifetime 20 over 30 years: bought in 0 and 20, 10 of 20 years left in year 30
    # 10 000 + 10 000/1,03^20 − 5 000/1,03^30 = 10 000 + 5 536,76 − 2 059,93 = 13 476,82
    windows = _one(CostItem("Ramen", "investment", 10_000, lifetime=20))
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
    result = life_cycle_cost(_one(CostItem("Dak", "investment", 1000, year=10), area=50), Parameters(30, 0.03))
    assert round(result.annualised, 2) == 37.96  # 744,0939 × 0,0510193
    assert round(result.per_m2_year, 4) == round(result.annualised / 50, 4)


def test_energy_escalation_equal_to_the_discount_rate_cancels_out():
    # 1 000 a year, prices +2 % a year, discounted at 2 %: every year is worth 1 000 today
    heating = _one(CostItem("Energie", "energy", 1000))
    result = life_cycle_cost(heating, Parameters(10, 0.02, energy_escalation=0.02))
    assert round(result.total, 2) == 10_000.00
    assert result.cash_flows.loc[0, "energy"] == 0  # yearly costs start in year 1
    assert round(result.cash_flows.loc[10, "energy"], 2) == round(1000 * 1.02 ** 10, 2)
    # escalation applies to energy only
    water = life_cycle_cost(_one(CostItem("Water", "operation", 1000)), Parameters(10, 0.0, 0.5))
    assert water.total == 10_000


def test_default_years_of_each_category():
    scenario = _one(CostItem("Studie", "investment", 1), CostItem("Vergunning", "initial_extras", 2),
                    CostItem("Onderhoud", "maintenance", 3, year=5), CostItem("Sloop", "end_of_life", 4),
                    CostItem("Vervanging", "renewal", 5))
    flows = cash_flows(scenario, Parameters(8, 0.0))
    assert flows.loc[0, "investment"] == 1 and flows.loc[0, "initial_extras"] == 2
    assert flows["maintenance"].tolist() == [0, 0, 0, 0, 0, 3, 3, 3, 3]
    assert flows.loc[8, "end_of_life"] == 4 and flows["end_of_life"].sum() == 4
    assert flows.loc[1, "renewal"] == 5
    assert list(flows.columns) == list(RESULT_CATEGORIES)


def test_initial_share_and_groups():
    scenario = _one(CostItem("Werken", "investment", 250), CostItem("Energie", "energy", 75), area=10)
    result = life_cycle_cost(scenario, Parameters(10, 0.0))
    assert result.initial_share == 0.25  # 250 / (250 + 10 × 75)
    assert result.capital_per_m2_year == pytest.approx(250 / 10 / 10)
    assert result.running_per_m2_year == pytest.approx(75 / 10)
    assert result.cumulative.iloc[-1] == pytest.approx(result.total)


# --- The seed's figures ------------------------------------------------------------------


def test_she_preset_reproduces_the_seed():
    """Seed 000, MAN 02.01: 91,6 vs 82,3 €/m²·jaar (+11,3 %), 19,2 vs 29,2 (−34 %), ≈110 vs ≈111."""
    preset = load_preset("she_comparison")
    assert preset.parameters.period_years == 40
    she, reference = compare(preset.scenarios, preset.parameters).results
    assert round(she.capital_per_m2_year, 1) == 91.6
    assert round(reference.capital_per_m2_year, 1) == 82.3
    assert round(she.capital_per_m2_year / reference.capital_per_m2_year - 1, 3) == 0.113
    assert round(she.running_per_m2_year, 1) == 19.2
    assert round(reference.running_per_m2_year, 1) == 29.2
    assert round(she.running_per_m2_year / reference.running_per_m2_year - 1, 2) == -0.34
    assert 110 <= she.per_m2_year < 111 and 111 <= reference.per_m2_year < 112
    assert she.per_m2_year < reference.per_m2_year  # over-investment paid back by lower running costs
    # the two groups are the whole direct cost (no end-of-life costs in the SHE figures)
    assert she.capital_per_m2_year + she.running_per_m2_year == pytest.approx(she.per_m2_year)
    # the preset says where its amounts come from
    assert preset.source and len(preset.derivation) >= 3 and "91.6" in preset.source


def test_typical_renovation_shows_the_25_percent_rule():
    preset = load_preset("typical_renovation")
    (result,) = compare(preset.scenarios, preset.parameters).results
    assert preset.parameters.period_years == 30
    assert result.initial_share == pytest.approx(0.25, abs=0.01)


def test_neighbourhood_preset_deep_renovation_breaks_even():
    preset = load_preset("neighbourhood_scenarios")
    comparison = compare(preset.scenarios, preset.parameters)
    assert comparison.names == ["Minimale herstelling", "Diepe renovatie", "Diepe renovatie + warmtenet"]
    years = comparison.break_even()
    curves = comparison.cumulative()
    for name, year in years.items():
        assert year is not None and 0 < year < 30
        assert curves.loc[year - 1, name] > curves.loc[year - 1, "Minimale herstelling"]
        assert (curves.loc[year:, name] <= curves.loc[year:, "Minimale herstelling"]).all()
    assert years["Diepe renovatie"] == 15
    # externalities widen the gap: the extended break-even comes no later
    extended = comparison.break_even(extended=True)
    assert all(extended[name] <= years[name] for name in years)
    for result in comparison.results:
        assert result.extended_total == pytest.approx(result.total + result.external_total)
        assert result.external_total > 0


def test_every_preset_is_complete_in_three_languages():
    presets = list_presets()
    assert {p.key for p in presets} == {"she_comparison", "typical_renovation", "neighbourhood_scenarios"}
    for preset in presets:
        titles = {lang: preset.title(lang) for lang in LANGUAGES}
        assert len(set(titles.values())) == 3, titles
        assert all(preset.description(lang) for lang in LANGUAGES)
        compare(preset.scenarios, preset.parameters)  # every preset calculates


# --- Break-even, sensitivity, externalities ---------------------------------------------


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


def test_sensitivity_moves_one_input_at_a_time():
    scenario = _one(CostItem("Warmtepomp", "investment", 10_000, lifetime=10),
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
        changed = _one(CostItem("Warmtepomp", "investment", 10_000, lifetime=years),
                       CostItem("Energie", "energy", 1_000))
        assert factor == pytest.approx(life_cycle_cost(changed, parameters).total)


def test_sensitivity_relative_to_a_reference_is_the_difference():
    deep = _one(CostItem("Isolatie", "investment", 50_000, lifetime=40), CostItem("Energie", "energy", 500))
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


def test_externalities_are_a_separate_layer():
    effects = (Externality("CO2", "co2", 10), Externality("Fijn stof", "lucht", 100, unit_cost=2.5),
               Externality("Meer groen", "groen", 1, unit_cost=-300, year=5))
    scenario = _one(CostItem("Werken", "investment", 1000), externalities=effects)
    parameters = Parameters(10, 0.0, carbon_price=100, carbon_price_growth=0.0)
    result = life_cycle_cost(scenario, parameters)
    assert result.total == 1000  # the direct cost does not change
    npv = result.external_npv
    assert npv["co2"] == 10 * 100 * 10 and npv["air_pollution"] == 100 * 2.5 * 10
    assert npv["green_space"] == -300 * 6  # years 5 … 10
    assert result.extended_total == 1000 + 10_000 + 2_500 - 1_800
    grown = life_cycle_cost(scenario, Parameters(10, 0.0, carbon_price=100, carbon_price_growth=0.1))
    assert grown.external_flows.loc[10, "co2"] == pytest.approx(10 * 100 * 1.1 ** 10)


# --- Invariants ----------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(amount=st.floats(1, 1e6), rate=st.floats(-0.5, 0.3), period=st.integers(1, 100))
def test_a_constant_yearly_cost_annualises_to_itself(amount, rate, period):
    result = life_cycle_cost(_one(CostItem("Beheer", "operation", amount)), Parameters(period, rate))
    assert result.annualised == pytest.approx(amount, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(amount=st.floats(1, 1e6), lifetime=st.integers(1, 120), period=st.integers(1, 100),
       scale=st.floats(0.1, 10))
def test_undiscounted_component_costs_its_share_of_life(amount, lifetime, period, scale):
    """At 0 % a component renewed every L years, net of residual value, costs amount × N / L."""
    scenario = _one(CostItem("Onderdeel", "investment", amount, lifetime=lifetime))
    result = life_cycle_cost(scenario, Parameters(period, 0.0))
    assert result.total == pytest.approx(amount * period / lifetime, rel=1e-9)
    assert result.npv.sum() == pytest.approx(result.total)
    scaled = life_cycle_cost(_one(CostItem("Onderdeel", "investment", amount * scale, lifetime=lifetime)),
                             Parameters(period, 0.03))
    assert scaled.total == pytest.approx(scale * life_cycle_cost(scenario, Parameters(period, 0.03)).total)


# --- Bad input -------------------------------------------------------------------------


def _message_in_every_language(err: CostError) -> list[str]:
    messages = [t(err.code, lang, **err.params) for lang in LANGUAGES]
    for message in messages:
        assert message != err.code and not re.search(r"\{\w+\}", message), message
    return messages


@pytest.mark.parametrize("lifetime", [-5, 0, "-3"])
def test_negative_lifetimes_are_refused(lifetime):
    with pytest.raises(CostError) as caught:
        CostItem("Dak", "investment", 1000, lifetime=lifetime)
    code, params = _error(caught)
    assert code == "errors.costs_lifetime_negative" and params["item"] == "Dak"
    nl, fr, en = _message_in_every_language(caught.value)
    assert "‘Dak’" in nl and "levensduur" in nl and "« Dak »" in fr and "lifetime" in en


def test_lifetime_rules():
    with pytest.raises(CostError) as caught:
        CostItem("Dak", "investment", 1000, lifetime=12.5)
    assert caught.value.code == "errors.costs_lifetime_not_whole"
    with pytest.raises(CostError) as caught:
        CostItem("Gas", "energy", 1000, lifetime=10)
    assert _error(caught) == ("errors.costs_lifetime_not_applicable", {"item": "Gas", "category": "energy"})
    _message_in_every_language(caught.value)


@pytest.mark.parametrize("rate", [-1, -1.5, "-100 %", "-250%"])
def test_a_discount_rate_of_minus_100_percent_or_less_is_refused(rate):
    with pytest.raises(CostError) as caught:
        Parameters(30, rate)
    assert caught.value.code == "errors.costs_discount_rate_invalid"
    nl, fr, en = _message_in_every_language(caught.value)
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
    assert _error(caught)[0] == "errors.costs_rate_invalid"


def test_an_empty_scenario_is_refused_when_calculated():
    empty = Scenario("Nog leeg", 100)  # may be saved while it is being entered
    for calculate in (life_cycle_cost, lambda s: compare([s]), lambda s: sensitivity(s)):
        with pytest.raises(CostError) as caught:
            calculate(empty)
        assert _error(caught) == ("errors.costs_scenario_empty", {"scenario": "Nog leeg"})
    _message_in_every_language(caught.value)
    with pytest.raises(CostError) as caught:
        compare([])
    assert caught.value.code == "errors.costs_no_scenarios"


@pytest.mark.parametrize("field, value", [("amount", "veel"), ("amount", "12 euro"), ("year", "vijf"),
                                          ("lifetime", "lang"), ("amount", float("inf")), ("amount", True)])
def test_text_in_number_fields_is_refused_with_the_field_named(field, value):
    values = {"name": "Gevel", "category": "investment", "amount": 1000, field: value}
    with pytest.raises(CostError) as caught:
        CostItem(**values)
    code, params = _error(caught)
    assert code == "errors.costs_number_invalid"
    assert params["field"] == field and params["item"] == "Gevel" and params["value"] == str(value)[:40]
    nl, _, _ = _message_in_every_language(caught.value)
    assert f"‘{str(value)[:40]}’ is geen getal" in nl


def test_numbers_as_text_in_belgian_and_english_notation():
    assert CostItem("A", "investment", "1.234,56").amount == 1234.56
    assert CostItem("A", "investment", "1,234.56").amount == 1234.56
    assert CostItem("A", "investment", "2 500").amount == 2500
    assert CostItem("A", "investment", "12500", year="3", lifetime="25,0").lifetime == 25
    assert parse_number("", "amount", required=False) is None
    with pytest.raises(CostError) as caught:
        CostItem("A", "investment", "")
    assert _error(caught) == ("errors.costs_value_missing", {"field": "amount", "item": "A"})


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
        (lambda: life_cycle_cost(_one(CostItem("Sloop", "end_of_life", 1, year=45)), Parameters(30)),
         "errors.costs_year_out_of_period"),
        (lambda: compare([_one(CostItem("A", "investment", 1)), _one(CostItem("B", "investment", 1))]),
         "errors.costs_scenario_duplicate"),
    ]
    for build, code in cases:
        with pytest.raises(CostError) as caught:
            build()
        assert caught.value.code == code
        _message_in_every_language(caught.value)


def test_categories_accept_dutch_french_and_english_spellings():
    assert Category("Investering") is Category.INVESTMENT
    assert Category("entretien") is Category.MAINTENANCE
    assert Category("Einde levensduur") is Category.END_OF_LIFE
    assert Category("fin de vie") is Category.END_OF_LIFE
    assert Category("Énergie") is Category.ENERGY
    assert Category("bijkomende kosten") is Category.INITIAL_EXTRAS


# --- Files and tables ------------------------------------------------------------------


def test_a_study_round_trips_through_json():
    preset = load_preset("neighbourhood_scenarios")
    text = json.dumps(study_to_dict(preset.parameters, preset.scenarios))
    parameters, scenarios = read_study(text.encode())
    assert parameters == preset.parameters and tuple(scenarios) == preset.scenarios
    single = scenario_from_dict(preset.scenarios[0].to_dict())
    assert read_study(json.dumps(single.to_dict()).encode()) == (None, [single])


@pytest.mark.parametrize("content, code", [
    (b"{not json", "errors.costs_file_invalid"),
    (b"[1, 2]", "errors.costs_file_invalid"),
    (b'{"scenarios": []}', "errors.costs_no_scenarios"),
    (b'{"scenarios": {"a": 1}}', "errors.costs_file_invalid"),
    (b'{"name": "A", "floor_area_m2": 10, "items": [{"name": "X", "category": "investment", "amount": "abc"}]}',
     "errors.costs_number_invalid"),
    (b'{"name": "A", "floor_area_m2": 10, "items": "none"}', "errors.costs_file_invalid"),
    ("\u00e9".encode("latin-1"), "errors.costs_file_invalid"),
])
def test_bad_scenario_files(content, code):
    with pytest.raises(CostError) as caught:
        read_study(content)
    assert caught.value.code == code
    _message_in_every_language(caught.value)


def test_item_tables_from_the_editor():
    frame = items_frame([CostItem("Dak", "investment", 1000, lifetime=30), CostItem("Gas", "energy", 50)])
    assert list(frame.columns) == ["name", "category", "amount", "year", "lifetime"]
    assert str(frame["lifetime"].dtype) == "Int64"
    # a new, still empty row of the editor is skipped
    frame.loc[2] = [None, None, None, pd.NA, pd.NA]
    assert [item.name for item in items_from_frame(frame)] == ["Dak", "Gas"]
    frame.loc[2] = [None, "investment", 10.0, pd.NA, pd.NA]
    with pytest.raises(CostError) as caught:
        items_from_frame(frame)
    assert _error(caught) == ("errors.costs_row_name_empty", {"row": 3})


def test_item_tables_from_csv_and_xlsx():
    csv = ("Naam;Categorie;Bedrag (€);Jaar;Levensduur (jaar)\n"
           "Dak;Investering;1.234,50;;30\nVerwarming;energie;2 400;;\n").encode("utf-8")
    aliases = {"Naam": "name", "Categorie": "category", "Bedrag (€)": "amount", "Jaar": "year",
               "Levensduur (jaar)": "lifetime"}
    items = read_item_table(csv, "posten.csv", aliases)
    assert items == (CostItem("Dak", "investment", 1234.5, lifetime=30), CostItem("Verwarming", "energy", 2400))
    buffer = io.BytesIO()
    pd.DataFrame({"name": ["Dak"], "category": ["investment"], "amount": [99.5]}).to_excel(buffer, index=False)
    assert read_item_table(buffer.getvalue(), "posten.xlsx") == (CostItem("Dak", "investment", 99.5),)
    with pytest.raises(CostError) as caught:
        read_item_table("name;category;amount\nDak;investment;duur\n".encode(), "p.csv")
    assert _error(caught) == ("errors.costs_number_invalid", {"field": "amount", "item": "Dak", "value": "duur"})
    with pytest.raises(CostError) as caught:
        read_item_table(b"naam,prijs\nDak,1\n", "p.csv")
    assert caught.value.code == "errors.costs_file_invalid"


def test_amounts_stay_floats_and_numpy_numbers_are_accepted():
    item = CostItem("A", "investment", np.float32(2.5), year=np.int64(3), lifetime=np.float64(10))
    assert (item.amount, item.year, item.lifetime) == (2.5, 3, 10)
    assert isinstance(item.year, int) and isinstance(item.lifetime, int)
    assert not math.isnan(life_cycle_cost(_one(item)).total)


# --- Workbook --------------------------------------------------------------------------


def test_the_workbook_holds_numbers_and_user_text_as_text():
    import openpyxl

    from wijk_core.costs.budget import BudgetLine, summarise_budget
    from wijk_core.costs import costs_workbook

    formula = "=HYPERLINK(\"http://x\",\"klik\")"
    scenarios = [_one(CostItem(formula, "investment", 1000, lifetime=20)),
                 Scenario("Minimaal", 100, [CostItem("Gas", "energy", 100)])]
    parameters = Parameters(30, 0.03)
    comparison = compare(scenarios, parameters)
    table = sensitivity(scenarios[0], parameters, reference=scenarios[1])
    made = costs_workbook(project_name="-1+1", parameters=parameters, scenarios=scenarios, comparison=comparison,
                          sensitivity=table, sensitivity_title="Test min Minimaal",
                          budget=summarise_budget([BudgetLine("subsidy", "@SUM(A1)", 10)]), lang="fr")
    book = openpyxl.load_workbook(io.BytesIO(made))
    assert book.sheetnames == ["À propos", "Synthèse", "VAN par catégorie", "Coût cumulé", "Flux par année",
                               "Postes de coût", "Sensibilité", "Budget"]  # no externalities: no sheet
    about = {row[0]: row[1] for row in book["À propos"].iter_rows(values_only=True)}
    assert about["Projet"] == "-1+1" and about["Sensibilité"] == "Test min Minimaal"
    assert about["Taux d'actualisation réel"] == "3,00%"  # Belgian notation in the user's language
    summary = list(book["Synthèse"].iter_rows(values_only=True))
    header = summary[0]
    total = header.index("Coût global, VAN (€)")
    assert [row[total] for row in summary[1:]] == pytest.approx([r.total for r in comparison.results])
    items = book["Postes de coût"]
    cell = items.cell(row=2, column=3)
    assert cell.value == formula and cell.data_type == "s" and cell.quotePrefix
    budget = {row[2]: row[3] for row in book["Budget"].iter_rows(min_row=2, values_only=True)}
    assert budget["@SUM(A1)"] == 10
    cumulative = list(book["Coût cumulé"].iter_rows(values_only=True))
    assert cumulative[-1][1] == pytest.approx(comparison.results[0].total)
    only_inputs = costs_workbook(project_name="P", parameters=parameters, scenarios=[Scenario("Leeg", 1)],
                                 comparison=None, lang="nl")
    assert openpyxl.load_workbook(io.BytesIO(only_inputs)).sheetnames == ["Over"]
