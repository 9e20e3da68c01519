"""The framework charts carry the right numbers and show names as text."""

import pandas as pd

from wijk_core.selection.charts import (contributions_chart, leave_one_out_chart, profile_radar, robustness_chart,
                                       trend_chart)

HOSTILE = "<script>alert(1)</script>"


def test_contributions_stack_to_the_scores():
    contributions = pd.DataFrame({"a": [0.5, 0.1], "b": [0.2, 0.3]}, index=["Noord", HOSTILE])
    scores = contributions.sum(axis=1)
    figure = contributions_chart(contributions, scores, title="T", score_label="Score",
                                 criterion_labels={"a": "Oude woningen"})
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert [b.name for b in bars] == ["Oude woningen", "b"]
    # best first from the top: plotly draws the first category at the bottom
    assert list(bars[0].y) == ["&lt;script&gt;alert(1)&lt;/script&gt;", "Noord"]
    stacked = [sum(b.x[i] for b in bars) for i in range(2)]
    assert stacked == [0.4, 0.7]


def test_robustness_sorted_by_probability():
    robustness = pd.DataFrame({"p_first": [0.2, 0.8], "mean_rank": [1.8, 1.2], "rank_low": [1, 1],
                               "rank_high": [2, 2]}, index=["A", "B"])
    bar = robustness_chart(robustness, title="T", probability_label="P").data[0]
    assert list(bar.x) == ["B", "A"] and list(bar.y) == [0.8, 0.2]
    assert list(bar.text) == ["80%", "20%"]


def test_radar_and_leave_one_out():
    normalised = pd.DataFrame({"a": [1.0, 0.0], "b": [0.5, 1.0]}, index=["A", "B"])
    radar = profile_radar(normalised, title="T")
    assert list(radar.data[0].r) == [1.0, 0.5, 1.0]
    ranks = pd.DataFrame({"A": [1, 2], "B": [2, 1]}, index=["a", "b"])
    heat = leave_one_out_chart(ranks, title="T", dropped_label="zonder",
                               criterion_labels={"a": HOSTILE})
    assert heat.data[0].y[0] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert heat.data[0].z.tolist() == [[1, 2], [2, 1]]


def test_radar_axis_names_are_wrapped_escaped_and_whole_in_the_hover():
    normalised = pd.DataFrame({"a": [1.0], "b": [0.5]}, index=["A"])
    long = "Aandeel woningen gebouwd vóór 1945 met enkel glas"
    radar = profile_radar(normalised, title="T", criterion_labels={"a": long, "b": HOSTILE})
    trace = radar.data[0]
    assert list(trace.theta) == ["Aandeel woningen<br>gebouwd vóór 1945<br>met enkel glas",
                                 "&lt;script&gt;alert(1)&lt;/script&gt;",
                                 "Aandeel woningen<br>gebouwd vóór 1945<br>met enkel glas"]
    assert all(len(line) <= 18 for line in trace.theta[0].split("<br>"))
    assert list(trace.customdata) == [long, "&lt;script&gt;alert(1)&lt;/script&gt;", long]


def test_numbers_are_written_in_the_readers_notation():
    """Tables said 0,831 and charts 0.831: the charts take the language's separators too."""
    contributions = pd.DataFrame({"a": [0.5, 0.331]}, index=["Noord", "Zuid"])
    figure = contributions_chart(contributions, contributions["a"], title="T", score_label="Score", lang="nl")
    assert figure.layout.separators == ",." and list(figure.data[-1].text) == ["0,331", "0,500"]
    assert contributions_chart(contributions, contributions["a"], title="T", score_label="S",
                               lang="fr").layout.separators == ",\u202f"
    robustness = pd.DataFrame({"p_first": [0.25], "mean_rank": [1.2], "rank_low": [1], "rank_high": [2]}, index=["A"])
    assert robustness_chart(robustness, title="T", probability_label="P", lang="nl").layout.separators == ",."
    normalised = pd.DataFrame({"a": [1.0], "b": [0.5]}, index=["A"])
    assert profile_radar(normalised, title="T", lang="fr").layout.separators == ",\u202f"
    ranks = pd.DataFrame({"A": [1]}, index=["a"])
    assert leave_one_out_chart(ranks, title="T", dropped_label="d", lang="nl").layout.separators == ",."


def test_a_trend_has_a_point_per_year_the_reference_beside_it_and_escaped_names():
    values = pd.Series([41_930.7, 42_387.6, 43_797.0], index=[2019, 2020, 2021])
    reference = pd.Series([36_981.8, 38_007.0, 38_769.6], index=[2019, 2020, 2021])
    figure = trend_chart(values, reference, title="<b>Inkomen</b>", name="<i>Noord</i>", reference_name="Gemeente",
                         unit="€", chosen=2020, lang="nl")

    candidate, municipality = figure.data
    assert list(candidate.x) == [2019, 2020, 2021] and list(candidate.y) == [41_930.7, 42_387.6, 43_797.0]
    assert list(municipality.y) == [36_981.8, 38_007.0, 38_769.6] and municipality.yaxis == "y"
    assert candidate.name == "&lt;i&gt;Noord&lt;/i&gt;" and "<b>" not in figure.layout.title.text
    assert figure.layout.separators == ",." and figure.layout.xaxis.tickformat == "d"  # 2019, not 2.019
    assert [shape.x0 for shape in figure.layout.shapes] == [2020]
    sums = trend_chart(values, reference * 100, title="T", name="N", own_axis=True)
    assert sums.data[1].yaxis == "y2" and sums.layout.yaxis2.overlaying == "y"
    assert len(trend_chart(values, title="T", name="N").data) == 1
