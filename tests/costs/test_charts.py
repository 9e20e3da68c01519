"""The cost and budget charts carry the right numbers (read back from the figures) and escape names."""

from __future__ import annotations

import numpy as np
import pytest

from wijk_core.costs.budget import BudgetLine, summarise_budget, waterfall_steps
from wijk_core.costs.charts import cumulative_chart, extended_bars, npv_bars, tornado_chart, waterfall_chart
from wijk_core.costs import CostItem, Externality, Parameters, Scenario, compare, sensitivity

HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def comparison():
    minimal = Scenario("Minimaal", 100, [CostItem("Ketel", "investment", 1_000, lifetime=15),
                                         CostItem("Gas", "energy", 300)],
                       externalities=[Externality("CO2", "co2", 2)])
    deep = Scenario(HOSTILE, 100, [CostItem("Isolatie", "investment", 5_000, lifetime=40),
                                   CostItem("Stroom", "energy", 60)],
                    externalities=[Externality("CO2", "co2", 0.2), Externality("Geluid", "noise", 1, 10)])
    return compare([minimal, deep], Parameters(30, 0.0, carbon_price=100))


def _bars(figure):
    return [trace for trace in figure.data if trace.type == "bar"]


def test_npv_bars_stack_to_each_total(comparison):
    figure = npv_bars(comparison, title="NCW", amount_label="€", category_labels={"energy": "Energie"}, lang="nl")
    bars = _bars(figure)
    names = [bar.name for bar in bars]
    assert names == ["investment", "Energie", "renewal", "residual_value"]  # zero categories left out
    assert list(bars[0].x) == ["Minimaal", ESCAPED]
    stacked = np.sum([np.asarray(bar.y) for bar in bars], axis=0)
    assert stacked.tolist() == pytest.approx([r.total for r in comparison.results])
    # at 0 %: ketel 1 000 + renewal 1 000 (year 15, life ends in 30); isolatie 5 000 − 10/40 residual
    residual = np.asarray(bars[3].y)
    assert residual.tolist() == [0, -1250]
    total = next(trace for trace in figure.data if trace.name == "total")
    assert list(total.text) == ["€\xa011.000", "€\xa05.550"]  # 2 000 + 9 000; 3 750 + 1 800
    assert figure.layout.barmode == "relative" and figure.layout.separators == ",."


def test_cumulative_chart_ends_at_the_totals_and_marks_break_even(comparison):
    figure = cumulative_chart(comparison, title="Cumulatief", year_label="Jaar", amount_label="€",
                              break_even_label="{name}: jaar {year}", lang="nl")
    lines = [trace for trace in figure.data if trace.type == "scatter"]
    assert [line.name for line in lines] == ["Minimaal", ESCAPED]
    for line, result in zip(lines, comparison.results, strict=True):
        assert list(line.x) == list(range(31))
        assert line.y[-1] == pytest.approx(result.total)
    year = comparison.break_even()[HOSTILE]
    # minimal: 1 000 + 300 t, + 1 000 from year 15; deep: 5 000 + 60 t
    # year 14: 5 200 < 5 840; year 15: 6 500 ≥ 5 900, and the gap only grows after
    assert year == 15
    assert [shape.x0 for shape in figure.layout.shapes] == [15]
    assert figure.layout.annotations[0].text == f"{ESCAPED}: jaar 15"


def test_tornado_bars_start_at_the_base_and_reach_low_and_high(comparison):
    table = sensitivity(comparison.results[1].scenario, Parameters(30, 0.02, 0.01))
    figure = tornado_chart(table, title="T", value_label="€", low_label="Laag", high_label="Hoog",
                           factor_labels={"lifetimes": "Levensduren"}, lang="nl")
    low, high = _bars(figure)
    assert (low.name, high.name) == ("Laag", "Hoog")
    # largest swing on top: plotly draws the last category at the top
    top = table.index[0]
    assert list(low.y)[-1] == {"lifetimes": "Levensduren"}.get(top, top)
    assert table["swing"].iloc[0] == table["swing"].max()
    ordered = table.iloc[::-1]
    assert (np.asarray(low.base) + np.asarray(low.x)).tolist() == pytest.approx(ordered["low"].tolist())
    assert (np.asarray(high.base) + np.asarray(high.x)).tolist() == pytest.approx(ordered["high"].tolist())
    assert figure.layout.shapes[0].x0 == pytest.approx(table["base"].iloc[0])


def test_extended_bars_add_the_externalities_on_top(comparison):
    figure = extended_bars(comparison, title="Uitgebreid", amount_label="€", direct_label="Direct",
                           kind_labels={"co2": "CO2"}, lang="nl")
    bars = _bars(figure)
    assert [bar.name for bar in bars] == ["Direct", "CO2", "noise"]
    stacked = np.sum([np.asarray(bar.y) for bar in bars], axis=0)
    assert stacked.tolist() == pytest.approx([r.extended_total for r in comparison.results])
    assert np.asarray(bars[1].y).tolist() == pytest.approx([2 * 100 * 30, 0.2 * 100 * 30])


def test_waterfall_reaches_the_funding_gap():
    summary = summarise_budget([BudgetLine("subsidy", "", 75_000), BudgetLine("municipal", "", 40_000),
                                BudgetLine("staff", "", 95_000), BudgetLine("studies", HOSTILE, 30_000)])
    figure = waterfall_chart(waterfall_steps(summary), title="Budget",
                             step_labels={"subsidy": "Subsidies", "balance": "Financieringstekort"}, lang="fr")
    (trace,) = figure.data
    assert list(trace.x) == ["Subsidies", "municipal", "staff", "studies", "Financieringstekort"]
    assert list(trace.measure) == ["relative"] * 4 + ["total"]
    assert list(trace.y) == [75_000, 40_000, -95_000, -30_000, -10_000]
    assert sum(trace.y[:-1]) == trace.y[-1] == summary.balance
    assert trace.text[-1] == "-10\u202f000\xa0€"
    assert figure.layout.separators == ",\u202f"  # the thousands separator of the text above, too
