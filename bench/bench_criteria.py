"""Hotspot scoring and Monte-Carlo robustness (wijk_core.criteria) against a naive loop.

A synthetic table of 20,800 sectors (about the number of statistical sectors in
Flanders + Brussels) × 8 criteria, mixed directions and weights, with some exactly
tied sectors as real data has. Prints the median time (and the best) of:

- ``hotspot_scores`` for the weighted sum and TOPSIS;
- ``first_place_probability`` with 1,000 Dirichlet weight draws (probability of
  ranking first, mean rank, 90 % rank interval for every sector);
- the **naive baseline**: a Python loop over weight draws that calls the public
  ``rank()`` once per draw and stacks its ranks. It is measured on fewer draws
  (``NAIVE_DRAWS``) and **extrapolated linearly** to 1,000 draws; the ratio printed
  is naive-extrapolated / vectorised, in the same run.

It also checks that the vectorised summary equals the loop's on the same draws
(exit status 1 otherwise).

Run: ``python bench/bench_criteria.py`` or ``python -m bench criteria``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from wijk_core.criteria import first_place_probability, hotspot_scores, rank  # noqa: E402
from wijk_core.criteria.robustness import _dirichlet_draws  # noqa: E402

SECTORS = 20_800
CRITERIA = 8
DRAWS = 1_000
NAIVE_DRAWS = 20
CONCENTRATION = 50.0
REPEAT = 5


def synthetic_sectors(seed: int = 0) -> tuple[pd.DataFrame, dict, dict]:
    rng = np.random.default_rng(seed)
    codes = [f"{11001 + i // 40:05d}{chr(65 + (i // 10) % 4)}{i % 10:02d}-" for i in range(SECTORS)]
    values = rng.lognormal(mean=0.0, sigma=1.0, size=(SECTORS, CRITERIA))
    values[:, :3] = rng.integers(1, 6, size=(SECTORS, 3))  # scores 1–5: many ties
    values[-500:] = values[:500]  # identical sectors tie exactly
    criteria = [f"indicator_{j}" for j in range(CRITERIA)]
    matrix = pd.DataFrame(values, index=codes, columns=criteria)
    weights = dict(zip(criteria, rng.integers(1, 6, size=CRITERIA).astype(float)))
    directions = dict(zip(criteria, ["max", "min"] * (CRITERIA // 2)))
    return matrix, weights, directions


def timed(run: Callable[[], object], repeat: int = REPEAT) -> tuple[float, float]:
    """Median and best wall time in seconds, after one warm-up run."""
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def naive_summary(matrix, weights, directions, method, draws, seed) -> pd.DataFrame:
    """The baseline: one public rank() per weight draw, summarised afterwards."""
    normalised = np.array(list(weights.values())) / sum(weights.values())
    weight_draws = _dirichlet_draws(normalised, CONCENTRATION, draws, seed)
    ranks = np.array([rank(matrix, dict(zip(matrix.columns, w)), directions, method)
                      .ranks.to_numpy() for w in weight_draws])
    winners = ranks == 1
    return pd.DataFrame({
        "p_first": (winners / winners.sum(axis=1, keepdims=True)).sum(axis=0) / draws,
        "mean_rank": ranks.mean(axis=0),
        "rank_low": np.quantile(ranks, 0.05, axis=0, method="lower").astype(np.int64),
        "rank_high": np.quantile(ranks, 0.95, axis=0, method="higher").astype(np.int64),
    }, index=matrix.index)


def main() -> int:
    matrix, weights, directions = synthetic_sectors()
    print(f"{SECTORS:,} synthetic sectors × {CRITERIA} criteria; "
          f"median (best) of {REPEAT} runs\n")
    failures = []
    for method in ("weighted_sum", "topsis"):
        hotspot, hotspot_best = timed(lambda: hotspot_scores(matrix, weights, directions, method))
        monte_carlo, monte_carlo_best = timed(lambda: first_place_probability(
            matrix, weights, directions, method, draws=DRAWS, concentration=CONCENTRATION))
        naive, naive_best = timed(lambda: naive_summary(matrix, weights, directions, method,
                                                        NAIVE_DRAWS, 0), repeat=2)
        naive_extrapolated = naive * DRAWS / NAIVE_DRAWS

        same = first_place_probability(matrix, weights, directions, method, draws=NAIVE_DRAWS,
                                       concentration=CONCENTRATION, seed=0)
        reference = naive_summary(matrix, weights, directions, method, NAIVE_DRAWS, 0)
        agree = (np.allclose(same["p_first"], reference["p_first"], atol=1e-12)
                 and np.allclose(same["mean_rank"], reference["mean_rank"])
                 and (same[["rank_low", "rank_high"]] == reference[["rank_low", "rank_high"]])
                 .all().all())
        if not agree:
            failures.append(method)

        print(f"{method}")
        print(f"  hotspot_scores, one weight set           {hotspot * 1e3:8.1f} ms "
              f"({hotspot_best * 1e3:.1f})")
        print(f"  first_place_probability, {DRAWS:,} draws     {monte_carlo * 1e3:8.1f} ms "
              f"({monte_carlo_best * 1e3:.1f})")
        print(f"  naive loop of rank(), measured on {NAIVE_DRAWS} draws {naive * 1e3:8.1f} ms "
              f"({naive_best * 1e3:.1f})")
        print(f"  naive loop EXTRAPOLATED to {DRAWS:,} draws     {naive_extrapolated:8.1f} s")
        ratio = naive_extrapolated / monte_carlo
        print(f"  ratio naive-extrapolated / vectorised    {ratio:8.0f} ×")
        print(f"  same summary as the loop on {NAIVE_DRAWS} draws     "
              f"{'yes' if agree else 'NO'}\n")
    if failures:
        print(f"vectorised and naive results disagree for: {', '.join(failures)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
