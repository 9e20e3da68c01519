"""The pure parts of the interaction benchmark: percentiles, verdicts, the table. No timing here."""

from __future__ import annotations

import math

import pytest

from bench.interactions_report import (UNCHANGED_RERUN, Row, Sample, percentile, ratio, summarise, summary_line,
                                       table, verdict)


def _row(name: str, p50: float, p95: float, count: int = 5) -> Row:
    return Row(name, count, p50, p95, p50, p95, 0.1, p50, p95)


def test_percentile_interpolates_between_ranks_and_ignores_missing_values():
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.95) == pytest.approx(4.8)
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([1.0, float("nan"), 3.0], 0.5) == 2.0
    assert math.isnan(percentile([], 0.5))


def test_a_sample_is_done_when_both_idle_and_the_result_visible():
    assert Sample("x", idle_s=0.4, visible_s=1.5, cpu_s=0.2).done_s == 1.5
    assert Sample("x", idle_s=2.0, visible_s=0.3, cpu_s=0.2).done_s == 2.0


def test_summarise_keeps_the_order_of_first_occurrence_and_counts():
    samples = [Sample("b", 1.0, 2.0, 0.5), Sample("a", 3.0, 1.0, 0.1), Sample("b", 3.0, 4.0, 0.7)]
    rows = summarise(samples)
    assert [(r.name, r.count) for r in rows] == [("b", 2), ("a", 1)]
    assert rows[0].idle_p50 == 2.0 and rows[0].visible_p50 == 3.0 and rows[0].cpu_p50 == pytest.approx(0.6)
    assert rows[1].done_p50 == 3.0  # the later of idle (3.0) and visible (1.0)


@pytest.mark.parametrize(("scale", "p50", "p95", "met"), [
    ("zennevallei", 1.0, 2.0, True),
    ("zennevallei", 1.01, 1.5, False),  # p50 over 1 s
    ("zennevallei", 0.5, 2.2, False),  # p95 over 2 s
    ("national", 2.9, 3.0, True),  # only p95 counts there
    ("national", 0.5, 3.1, False),
])
def test_verdicts_follow_the_targets_of_the_issue(scale, p50, p95, met):
    assert verdict(scale, _row("officer: click a sector", p50, p95))[0] is met


def test_an_unchanged_rerun_has_its_own_target_at_zennevallei_scale():
    assert verdict("zennevallei", _row(UNCHANGED_RERUN, 0.2, 0.3))[0] is True
    assert verdict("zennevallei", _row(UNCHANGED_RERUN, 0.25, 0.3))[0] is False
    assert verdict("national", _row(UNCHANGED_RERUN, 0.25, 2.9))[0] is True  # the national p95 target


def test_nothing_measured_is_neither_met_nor_missed():
    assert verdict("zennevallei", _row("x", float("nan"), float("nan"), count=0))[0] is None
    assert verdict("elsewhere", _row("x", 0.1, 0.1))[0] is None


def test_ratio_is_current_over_baseline_and_missing_without_a_baseline():
    assert ratio(1.0, 4.0) == 0.25
    assert math.isnan(ratio(1.0, float("nan"))) and math.isnan(ratio(1.0, 0.0))


def test_the_table_shows_times_ratio_verdicts_and_failures():
    rows = [_row("officer: click a sector", 0.8, 1.2), _row("resident: vote", 1.5, 2.5)]
    baseline = {"officer: click a sector": _row("officer: click a sector", 1.6, 2.0)}
    text = table("zennevallei", rows, baseline, {"officer: hotspots": "TimeoutError: no map"})
    lines = text.splitlines()
    assert "ratio" in lines[0] and "target" in lines[0]
    click = next(line for line in lines if "click a sector" in line)
    assert "0.80" in click and "1.60" in click and "0.50×" in click and "met (p50 <= 1 s and p95 <= 2 s)" in click
    vote = next(line for line in lines if "resident: vote" in line)
    assert "MISSED" in vote and vote.count("    -") == 2  # no baseline row: no time, no ratio
    assert "officer: hotspots" in lines[-1] and "FAILED: TimeoutError: no map" in lines[-1]
    assert "ratio" not in table("zennevallei", rows).splitlines()[0]  # without a baseline


def test_the_summary_names_what_missed_and_what_could_not_be_measured():
    rows = [_row("a", 0.5, 1.0), _row("b", 1.5, 2.5)]
    line = summary_line("zennevallei", rows, {"c": "boom"})
    assert line.startswith("zennevallei: 1 of 2 interactions meet the target")
    assert "missed: b" in line and "could not be measured: c" in line
