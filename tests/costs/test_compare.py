"""Comparing scenarios: the break-even year by hand, and what cannot be compared."""

from __future__ import annotations

import pandas as pd
import pytest

from wijk_core.costs import (
    Comparison,
    CostError,
    Scenario,
    break_even_year,
    compare,
    load_preset,
    life_cycle_cost,
    sensitivity,
)

from .helpers import code_and_params, message_in_every_language


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


def test_an_empty_scenario_is_refused_when_calculated():
    empty = Scenario("Nog leeg", 100)  # may be saved while it is being entered
    for calculate in (life_cycle_cost, lambda s: compare([s]), lambda s: sensitivity(s)):
        with pytest.raises(CostError) as caught:
            calculate(empty)
        assert code_and_params(caught) == ("errors.costs_scenario_empty", {"scenario": "Nog leeg"})
    message_in_every_language(caught.value)
    with pytest.raises(CostError) as caught:
        compare([])
    assert caught.value.code == "errors.costs_no_scenarios"


# --- the break-even sentence, true for every baseline -------------------------------------------

SHE_SENTENCES = {
    ("SHE-projecten (gemiddelde)", "nl"): "‘Referentieprojecten’ kost minder dan ‘SHE-projecten (gemiddelde)’ tot en met "
                                          "jaar 38; vanaf jaar 39 kost het meer.",
    ("SHE-projecten (gemiddelde)", "fr"): "« Referentieprojecten » coûte moins que « SHE-projecten (gemiddelde) » "
                                          "jusqu'à l'année 38 ; à partir de l'année 39, « Referentieprojecten » coûte plus.",
    ("SHE-projecten (gemiddelde)", "en"): "‘Referentieprojecten’ costs less than ‘SHE-projecten (gemiddelde)’ up to "
                                          "year 38; from year 39 on it costs more.",
    ("Referentieprojecten", "nl"): "‘SHE-projecten (gemiddelde)’ kost minder dan ‘Referentieprojecten’ vanaf jaar 39.",
    ("Referentieprojecten", "fr"): "« SHE-projecten (gemiddelde) » coûte moins que « Referentieprojecten » "
                                   "à partir de l'année 39.",
    ("Referentieprojecten", "en"): "‘SHE-projecten (gemiddelde)’ costs less than ‘Referentieprojecten’ from year 39 on.",
}


@pytest.mark.parametrize("baseline, lang", sorted(SHE_SENTENCES))
@pytest.mark.parametrize("extended", [False, True])
def test_the_she_break_even_sentence_is_true_for_both_baselines(baseline, lang, extended):
    """The reference projects are cheaper for years 0–38 and dearer from 39: with the SHE projects
    as baseline the page once said they "still cost more after 40 years"."""
    preset = load_preset("she_comparison")
    comparison = compare(preset.scenarios, preset.parameters)
    (note,) = comparison.break_even_notes(baseline, extended=extended)
    assert note.message(lang) == SHE_SENTENCES[baseline, lang]
    curves = comparison.cumulative(extended=extended)  # the chart's own numbers
    reference_cheaper = curves["Referentieprojecten"] < curves["SHE-projecten (gemiddelde)"]
    assert reference_cheaper.loc[:38].all() and not reference_cheaper.loc[39:].any()


@pytest.mark.parametrize("difference, key, year, until", [
    ([-1, -1, -1], "break_even_immediate", None, None),
    ([5, 2, -1], "break_even", 2, None),
    ([5, 5, 5], "break_even_never", None, None),
    ([-5, -1, 3], "break_even_overtaken", 2, 1),
    ([-5, 2, -1, 3], "break_even_baseline", 3, None),
])
def test_every_shape_of_two_curves_gets_a_true_sentence(monkeypatch, difference, key, year, until):
    preset = load_preset("she_comparison")
    comparison = compare(preset.scenarios, preset.parameters)
    years = range(len(difference))
    curves = pd.DataFrame({"A": [100.0] * len(difference), "B": [100.0 + d for d in difference]}, index=years)
    monkeypatch.setattr(Comparison, "cumulative", lambda self, extended=False: curves)
    (note,) = comparison.break_even_notes("A")
    assert (note.key, note.name, note.year, note.until) == (key, "B", year, until)
    assert "{" not in note.message("fr")
