"""Hotspot scoring and Monte-Carlo robustness (wijk_core.criteria) against a naive loop.

Two cases, each scored with the weighted sum and TOPSIS:

- **national layer**: every sector of ``bench/national.py`` (~20,800, the number of
  statistical sectors in Belgium) × 8 of the demo's indicators, with the catalogue's
  directions (3 "need if lower", 5 "need if higher") and missing values counted as the
  worst value, as the app's hotspot map does. The values are rows of the demo sectors
  drawn at random and varied per sector (see ``national_indicators``);
- **real sectors**: the 132 Zennevallei sectors × 8 real indicators (Statbel income
  2022, heat-vulnerability scores 2026, Fluvius gas use per connection 2021, Groenkaart
  tall green 2021), read from ``../shared/data/real`` (or ``$WIJK_REAL_DATA``) with the
  app's readers. Brussels and Gent have no real sector indicators, so the other 932
  real sectors cannot be scored.

Prints the median time (and the best) of:

- ``hotspot_scores`` (one weight set, every sector);
- ``first_place_probability`` with 1,000 Dirichlet weight draws (probability of
  ranking first, mean rank, 90 % rank interval for every sector), against the target
  of 1 s;
- the **naive baseline**: a Python loop over weight draws that calls the public
  ``rank()`` once per draw and stacks its ranks. On the national layer it is measured
  on fewer draws (``NAIVE_DRAWS``) and **extrapolated linearly** to 1,000 draws; on the
  real sectors it runs all 1,000. The ratio printed is naive / vectorised, in the same
  run.

It also checks that the vectorised summary equals the loop's on the same draws
(exit status 1 otherwise).

Run: ``python bench/bench_criteria.py`` or ``python -m bench criteria``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from national import national_indicators, national_sectors  # noqa: E402  (bench/, the script's folder)

from wijk_core.criteria import (MissingValuesWarning, first_place_probability,  # noqa: E402
                                hotspot_scores, rank)
from wijk_core.criteria.robustness import _dirichlet_draws  # noqa: E402
from wijk_core.selection.framework import default_direction  # noqa: E402
from wijk_core.readers import read_indicators, read_sectors  # noqa: E402
from wijk_core.sectors.data import load_demo  # noqa: E402

REAL = Path(os.environ.get("WIJK_REAL_DATA",
                           Path(__file__).resolve().parents[2] / "shared" / "data" / "real"))
DRAWS = 1_000
NAIVE_DRAWS = 20
CONCENTRATION = 50.0
MISSING = "worst"  # as the app's hotspot map: a gap never makes a sector look like a hotspot
REPEAT = 5
TARGET = 1.0  # seconds for 1,000 draws over every sector

warnings.filterwarnings("ignore", category=MissingValuesWarning)  # counted in each header

# criterion → weight; directions come from the demo catalogue
NATIONAL_WEIGHTS = {
    "share_pre1945_pct": 3.0, "gas_per_connection_kwh": 3.0, "MS_AVG_TOT_NET_TAXABLE_INC": 3.0,
    "share_rented_pct": 2.0, "unemployment_rate_pct": 2.0, "heat_vulnerability": 2.0,
    "green_pct": 2.0, "MS_MEDIAN_NET_TAXABLE_INC": 1.0,
}
# criterion → (weight, direction): higher income and more tall green mean less need
REAL_CRITERIA = {
    "MS_AVG_TOT_NET_TAXABLE_INC": (3.0, "cost"), "MS_MEDIAN_NET_TAXABLE_INC": (1.0, "cost"),
    "high_green_pct_of_valid": (2.0, "cost"), "gas_per_connection_kwh": (3.0, "benefit"),
    "ses_pre1945Housing": (3.0, "benefit"), "ses_rentalHousing": (2.0, "benefit"),
    "hkw_final": (2.0, "benefit"), "comp_trees50m": (1.0, "benefit"),
}


def national_matrix() -> tuple[pd.DataFrame, dict, dict, str]:
    started = time.perf_counter()
    sectors = national_sectors()
    built = time.perf_counter() - started
    catalogue = load_demo().catalogue
    matrix = national_indicators(sectors)[list(NATIONAL_WEIGHTS)].astype(float)
    directions = {c: default_direction(catalogue, c).value for c in matrix.columns}
    distinct = len(matrix.drop_duplicates())
    label = (f"national layer (bench/national.py, built in {built:.1f} s): {len(matrix):,} sectors × "
             f"{matrix.shape[1]} demo indicators, {distinct} distinct rows")
    return matrix, NATIONAL_WEIGHTS, directions, label


def real_matrix() -> tuple[pd.DataFrame, dict, dict, str]:
    codes = read_sectors(REAL / "zennevallei_sectors_statbel_20240101.geojson").sectors["cd_sector"]

    def read(name: str, year: int | None = None) -> pd.DataFrame:
        return read_indicators(REAL / name, year=year, sectors=codes).data.reindex(codes)

    income = read("zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv", 2022)
    heat = read("zennevallei_heat_vulnerability_2026.csv")
    energy = read("zennevallei_fluvius_energy_2018_2021.csv", 2021)
    green = read("zennevallei_groenkaart_green_2018_2021.csv", 2021)
    columns = pd.concat([income, heat, green], axis=1)
    # per-connection gas use is not published; weighted by connections it is this ratio
    columns["gas_per_connection_kwh"] = (energy["v2506_gas_res_cons"]
                                         / energy["v2506_gas_res_n"].where(energy["v2506_gas_res_n"] > 0))
    matrix = columns[list(REAL_CRITERIA)].astype(float).set_axis(pd.Index(codes, name="cd_sector"))
    weights = {c: weight for c, (weight, _) in REAL_CRITERIA.items()}
    directions = {c: direction for c, (_, direction) in REAL_CRITERIA.items()}
    label = (f"real Zennevallei sectors: {len(matrix)} sectors × {matrix.shape[1]} real indicators "
             "(income 2022, heat vulnerability 2026, gas per connection 2021, tall green 2021)")
    return matrix, weights, directions, label


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
    ranks = np.array([rank(matrix, dict(zip(matrix.columns, w)), directions, method,
                           missing=MISSING).ranks.to_numpy() for w in weight_draws])
    winners = ranks == 1
    return pd.DataFrame({
        "p_first": (winners / winners.sum(axis=1, keepdims=True)).sum(axis=0) / draws,
        "mean_rank": ranks.mean(axis=0),
        "rank_low": np.quantile(ranks, 0.05, axis=0, method="lower").astype(np.int64),
        "rank_high": np.quantile(ranks, 0.95, axis=0, method="higher").astype(np.int64),
    }, index=matrix.index)


def run_case(matrix: pd.DataFrame, weights: dict, directions: dict, label: str,
             naive_draws: int) -> list[str]:
    """Time and check one matrix with both methods; return the methods that disagree."""
    missing = int(matrix.isna().sum().sum())
    costs = sum(str(d) == "cost" for d in directions.values())
    print(f"{label}; {costs} cost + {len(directions) - costs} benefit criteria, {missing:,} missing "
          f"values counted as the worst; median (best) of {REPEAT} runs\n")
    failures = []
    for method in ("weighted_sum", "topsis"):
        hotspot, hotspot_best = timed(lambda: hotspot_scores(matrix, weights, directions, method,
                                                             missing=MISSING))
        monte_carlo, monte_carlo_best = timed(lambda: first_place_probability(
            matrix, weights, directions, method, draws=DRAWS, concentration=CONCENTRATION,
            missing=MISSING))
        naive, naive_best = timed(lambda: naive_summary(matrix, weights, directions, method,
                                                        naive_draws, 0), repeat=2)
        naive_total = naive * DRAWS / naive_draws

        same = first_place_probability(matrix, weights, directions, method, draws=naive_draws,
                                       concentration=CONCENTRATION, seed=0, missing=MISSING)
        reference = naive_summary(matrix, weights, directions, method, naive_draws, 0)
        agree = (np.allclose(same["p_first"], reference["p_first"], atol=1e-12)
                 and np.allclose(same["mean_rank"], reference["mean_rank"])
                 and (same[["rank_low", "rank_high"]] == reference[["rank_low", "rank_high"]])
                 .all().all())
        if not agree:
            failures.append(f"{label.split(':')[0]}, {method}")

        def line(what: str, value: str) -> None:
            print(f"  {what:<44}{value}")

        print(f"{method}")
        line("hotspot_scores, one weight set", f"{hotspot * 1e3:8.1f} ms ({hotspot_best * 1e3:.1f})")
        line(f"first_place_probability, {DRAWS:,} draws",
             f"{monte_carlo * 1e3:8.1f} ms ({monte_carlo_best * 1e3:.1f})  "
             f"target <= {TARGET:g} s: {'met' if monte_carlo <= TARGET else 'MISSED'}")
        if naive_draws == DRAWS:
            line(f"naive loop of rank(), {DRAWS:,} draws", f"{naive * 1e3:8.1f} ms ({naive_best * 1e3:.1f})")
            line("ratio naive / vectorised", f"{naive_total / monte_carlo:8.0f} ×")
        else:
            line(f"naive loop of rank(), measured on {naive_draws} draws",
                 f"{naive * 1e3:8.1f} ms ({naive_best * 1e3:.1f})")
            line(f"naive loop EXTRAPOLATED to {DRAWS:,} draws", f"{naive_total:8.1f} s")
            line("ratio naive-extrapolated / vectorised", f"{naive_total / monte_carlo:8.0f} ×")
        line(f"same summary as the loop on {naive_draws:,} draws", f"{'yes' if agree else 'NO':>8}")
        print()
    return failures


def main() -> int:
    failures = run_case(*national_matrix(), naive_draws=NAIVE_DRAWS)
    if REAL.is_dir():
        failures += run_case(*real_matrix(), naive_draws=DRAWS)
    else:
        print(f"(real data folder {REAL} not found: the real-sector case is skipped; "
              "set WIJK_REAL_DATA)\n")
    if failures:
        print(f"vectorised and naive results disagree for: {', '.join(failures)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
