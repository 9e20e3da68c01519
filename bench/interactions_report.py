"""The pure parts of ``bench_interactions.py``: percentiles, the table, the target verdicts.

Kept apart from the browser driving so they can be unit-tested (``tests/bench``) without
Chromium, a server or any timing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Targets of issue 16: at Zennevallei scale every interaction p50 <= 1 s and p95 <= 2 s,
# an unchanged rerun <= 0.2 s; at national scale p95 <= 3 s.
TARGETS: dict[str, dict[str, float]] = {
    "zennevallei": {"p50": 1.0, "p95": 2.0},
    "national": {"p95": 3.0},
}
UNCHANGED_RERUN = "rerun (nothing changed)"
UNCHANGED_TARGET_S = 0.2


@dataclass(frozen=True)
class Sample:
    """One interaction, timed once.

    ``idle_s``: from the action to Streamlit's script state idle after it; ``visible_s``:
    to the locator specific to the effect being visible; ``cpu_s``: the server process's
    CPU time spent meanwhile.
    """

    name: str
    idle_s: float
    visible_s: float
    cpu_s: float

    @property
    def done_s(self) -> float:
        """The later of idle and visible: when the user has the result and may act again."""
        return max(self.idle_s, self.visible_s)


def percentile(values: Iterable[float], share: float) -> float:
    """Linear-interpolated percentile (``share`` in 0..1) of the finite values; NaN if none."""
    ordered = sorted(v for v in values if not math.isnan(v))
    if not ordered:
        return float("nan")
    position = share * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Row:
    name: str
    count: int
    idle_p50: float
    idle_p95: float
    visible_p50: float
    visible_p95: float
    cpu_p50: float
    done_p50: float
    done_p95: float


def summarise(samples: Sequence[Sample]) -> list[Row]:
    """One row per interaction name, in the order the names first occur."""
    names = list(dict.fromkeys(s.name for s in samples))
    rows = []
    for name in names:
        mine = [s for s in samples if s.name == name]

        def p(attr: str, share: float, mine=mine) -> float:
            return percentile((getattr(s, attr) for s in mine), share)

        rows.append(Row(name, len(mine), p("idle_s", .5), p("idle_s", .95), p("visible_s", .5), p("visible_s", .95),
                        p("cpu_s", .5), p("done_s", .5), p("done_s", .95)))
    return rows


def verdict(scale: str, row: Row) -> tuple[bool | None, str]:
    """Whether the row meets the scale's target, judged on the later of idle and visible.

    Returns (met, description); met is None when the scale has no target or nothing was measured.
    """
    if row.count == 0 or math.isnan(row.done_p50):
        return None, "not measured"
    if row.name == UNCHANGED_RERUN and scale == "zennevallei":
        return row.done_p50 <= UNCHANGED_TARGET_S, f"p50 <= {UNCHANGED_TARGET_S:g} s"
    target = TARGETS.get(scale)
    if not target:
        return None, "no target"
    checks = [(row.done_p50 <= target["p50"], f"p50 <= {target['p50']:g} s")] if "p50" in target else []
    checks.append((row.done_p95 <= target["p95"], f"p95 <= {target['p95']:g} s"))
    return all(ok for ok, _ in checks), " and ".join(text for _, text in checks)


def ratio(current: float, baseline: float) -> float:
    """current / baseline, NaN when either is missing or the baseline is zero."""
    if math.isnan(current) or math.isnan(baseline) or baseline <= 0:
        return float("nan")
    return current / baseline


def _s(value: float) -> str:
    return "    -" if math.isnan(value) else f"{value:5.2f}"


def _x(value: float) -> str:
    return "    -" if math.isnan(value) else f"{value:4.2f}×"


def table(scale: str, rows: Sequence[Row], baseline: Mapping[str, Row] | None = None,
          failed: Mapping[str, str] | None = None) -> str:
    """The printed table: per interaction p50/p95 to idle and to visible, server CPU, the ratio to
    the baseline (current / baseline of the p50 to done) and the verdict."""
    head = (f"  {'interaction':<34} {'n':>2}  {'idle p50':>8} {'p95':>5}  {'visible p50':>11} {'p95':>5}"
            f"  {'cpu p50':>7}")
    head += f"  {'base p50':>8} {'ratio':>6}" if baseline is not None else ""
    lines = [head + "  target"]
    for row in rows:
        met, text = verdict(scale, row)
        line = (f"  {row.name:<34} {row.count:>2}  {_s(row.idle_p50):>8} {_s(row.idle_p95):>5}  "
                f"{_s(row.visible_p50):>11} {_s(row.visible_p95):>5}  {_s(row.cpu_p50):>7}")
        if baseline is not None:
            base = baseline.get(row.name)
            base_done = base.done_p50 if base else float("nan")
            line += f"  {_s(base_done):>8} {_x(ratio(row.done_p50, base_done)):>6}"
        label = "n/a" if met is None else "met" if met else "MISSED"
        lines.append(f"{line}  {label} ({text})")
    for name, error in (failed or {}).items():
        lines.append(f"  {name:<34}  FAILED: {error}")
    return "\n".join(lines)


def summary_line(scale: str, rows: Sequence[Row], failed: Mapping[str, str] | None = None) -> str:
    verdicts = [verdict(scale, row)[0] for row in rows]
    met = sum(v is True for v in verdicts)
    missed = [row.name for row, v in zip(rows, verdicts) if v is False]
    text = f"{scale}: {met} of {sum(v is not None for v in verdicts)} interactions meet the target"
    if missed:
        text += f"; missed: {', '.join(missed)}"
    if failed:
        text += f"; could not be measured: {', '.join(failed)}"
    return text
