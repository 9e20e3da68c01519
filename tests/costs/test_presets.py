"""The bundled presets: the seed's SHE figures, the 25 % rule, a break-even, three languages."""

from __future__ import annotations

import pytest

from wijk_core.costs import compare, list_presets, load_preset
from wijk_core.i18n import LANGUAGES, t


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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_descriptions_name_the_derivation_as_the_page_does(lang):
    """The SHE description showed the raw key ‘derivation’."""
    for preset in list_presets():
        text = preset.description(lang)
        assert "‘derivation’" not in text and "« derivation »" not in text and "{" not in text, text
    assert t("costs.preset.derivation", lang) in load_preset("she_comparison").description(lang)
