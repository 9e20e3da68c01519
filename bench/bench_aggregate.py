"""Perimeter aggregation (wijk_core.aggregate) against tobler's area_interpolate.

For each case the same sectors, indicators and perimeters go through
``wijk_core.aggregate.aggregate`` and ``tobler.area_weighted.area_interpolate``
(``allocate_total=False``, i.e. weights ``a_ij / a_i``, the same areal weighting).
Prints, per case, the median time of ``ours`` (spatial index already built, and cold:
index built inside the call, as tobler always does), ``tobler`` and the speed ratio,
then how far the results agree:

- extensive, tobler as shipped: tobler stores intersection areas as float32, so it
  agrees to about 1e-7 only;
- extensive, tobler's formula with a float64 area table passed as ``table=``: must
  agree to 1e-9 relative (the script exits 1 otherwise);
- intensive: tobler averages by area only, with missing values counted as 0 but their
  area kept; it is compared with our area-weighted variant under ``missing="zero"``
  (same formula, must agree to 1e-9), and the difference from our
  denominator-weighted value (average income weighted by tax returns) is shown.

Real sectors come from ``../shared/data/real`` (or ``$WIJK_REAL_DATA``); without them
only the synthetic case runs. The synthetic case is ~20,800 sectors of 200 vertices
over Belgium's extent in EPSG:31370 and one municipality-sized (~50 km²) perimeter.

Run: ``python bench/bench_aggregate.py`` or ``python -m bench aggregate``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import coo_matrix

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from tobler.area_weighted import area_interpolate  # noqa: E402

from wijk_core.aggregate import MissingValuesWarning, aggregate  # noqa: E402
from wijk_core.perimeter import SLIVER_TOLERANCE, sector_shares  # noqa: E402

REAL = Path(os.environ.get("WIJK_REAL_DATA",
                           Path(__file__).resolve().parents[2] / "shared" / "data" / "real"))
CRS = "EPSG:31370"
REPEAT = 15
TOLERANCE = 1e-9
FAILURES: list[str] = []

warnings.filterwarnings("ignore", category=MissingValuesWarning)
warnings.filterwarnings("ignore", module="tobler")  # its NaN → 0 notices


def median_seconds(*runs: Callable[[], object], repeat: int = REPEAT) -> list[float]:
    """Median wall time of each run; the runs take turns, so a busy machine slows all alike."""
    for run in runs:
        run()  # warm-up: imports, caches
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, spent in zip(runs, times):
            started = time.perf_counter()
            run()
            spent.append(time.perf_counter() - started)
    return [statistics.median(spent) for spent in times]


def float64_table(source: gpd.GeoDataFrame, target: gpd.GeoDataFrame, sliver_rule: bool = False):
    """tobler's source × target intersection-area table, in float64 instead of float32.

    With ``sliver_rule``, areas are adjusted as wijk_core.aggregate documents: shares of
    a source's area below SLIVER_TOLERANCE are dropped, those within it of 1 set to 1.
    """
    ids_target, ids_source = source.sindex.query(target.geometry, predicate="intersects")
    areas = shapely.area(shapely.intersection(np.asarray(source.geometry.values[ids_source]),
                                              np.asarray(target.geometry.values[ids_target])))
    if sliver_rule:
        whole = source.area.to_numpy()[ids_source]
        share = areas / whole
        areas = np.where(share >= 1 - SLIVER_TOLERANCE, whole, np.where(share < SLIVER_TOLERANCE, 0.0, areas))
    return coo_matrix((areas, (ids_source, ids_target)), shape=(len(source), len(target))).tocsr()


def max_relative_difference(ours: np.ndarray, theirs: np.ndarray) -> float:
    ours, theirs = np.asarray(ours, float), np.asarray(theirs, float)
    both = ~(np.isnan(ours) & np.isnan(theirs))
    scale = np.maximum(np.abs(theirs[both]), 1e-300)
    return float(np.nanmax(np.abs(ours[both] - theirs[both]) / scale)) if both.any() else 0.0


def check(kind: str, name: str, ours: pd.DataFrame, exact: pd.DataFrame, same_rule: pd.DataFrame) -> None:
    """Agreement with tobler's formula on float64 areas, raw and with the sliver rule."""
    raw = max_relative_difference(ours, exact)
    ruled = max_relative_difference(ours, same_rule)
    # the sliver rule moves a perimeter's sum by less than TOLERANCE × its sectors' |values|
    print(f"  {kind} max relative difference vs tobler's formula on float64 areas: {raw:.1e}; "
          f"with the same sliver rule: {ruled:.1e} -> "
          f"{'agree' if ruled <= TOLERANCE else 'DISAGREE'} to {TOLERANCE:g}")
    if ruled > TOLERANCE:
        FAILURES.append(f"{name}: {kind}")


def random_rectangles(sectors: gpd.GeoDataFrame, count: int, seed: int) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = sectors.total_bounds
    width = rng.uniform(0.05, 0.3, count) * (x1 - x0)
    height = rng.uniform(0.05, 0.3, count) * (y1 - y0)
    left = rng.uniform(x0, x1 - width)
    bottom = rng.uniform(y0, y1 - height)
    return gpd.GeoDataFrame(geometry=shapely.box(left, bottom, left + width, bottom + height), crs=CRS)


def compare(name: str, sectors: gpd.GeoDataFrame, indicators: pd.DataFrame,
            catalogue: pd.DataFrame, perimeters: gpd.GeoDataFrame) -> None:
    """Time and check one case; ``catalogue`` intensive rows may name a denominator."""
    perimeters = perimeters.reset_index(drop=True)
    extensive = list(catalogue.index[catalogue["kind"] == "extensive"])
    intensive = list(catalogue.index[catalogue["kind"] == "intensive"])
    # tobler wants the values on the polygons; it would turn NaN into 0 itself, but its
    # in-place assignment fails on pandas 3's read-only arrays, so fill them here
    # (sectors without a row included)
    source = sectors.join(indicators, on="cd_sector")
    source[list(indicators.columns)] = source[list(indicators.columns)].fillna(0.0)

    sectors.sindex  # noqa: B018 - build once: the warm timing reuses it
    warm, cold, tobler = median_seconds(
        lambda: aggregate(sectors, indicators, catalogue, perimeters),
        lambda: aggregate(sectors.copy(), indicators, catalogue, perimeters),
        lambda: area_interpolate(source, perimeters, extensive_variables=extensive,
                                 intensive_variables=intensive or None, allocate_total=False))
    whole = int((sector_shares(sectors, perimeters) == 1.0).sum())

    print(f"\n{name}: {len(sectors):,} sectors, {len(perimeters)} perimeters, "
          f"{len(extensive)} extensive + {len(intensive)} intensive indicators; "
          f"{whole} sector-perimeter pairs whole (no intersection computed); median of {REPEAT} runs")
    print(f"  ours    {warm * 1e3:9.2f} ms  (spatial index already built)")
    print(f"  ours    {cold * 1e3:9.2f} ms  (cold: index built in the call)")
    print(f"  tobler  {tobler * 1e3:9.2f} ms")
    print(f"  ratio   {tobler / warm:9.2f}     tobler / ours (warm);  {tobler / cold:.2f} (cold); > 1: ours is faster")

    ours = aggregate(sectors, indicators, catalogue, perimeters).wide().T
    tobler_args = dict(extensive_variables=extensive, intensive_variables=intensive or None,
                       allocate_total=False)
    shipped = area_interpolate(source, perimeters, **tobler_args)
    exact = area_interpolate(source, perimeters, **tobler_args, table=float64_table(source, perimeters))
    same_rule = area_interpolate(source, perimeters, **tobler_args,
                                 table=float64_table(source, perimeters, sliver_rule=True))
    shipped_gap = max_relative_difference(ours[extensive], shipped[extensive])
    print(f"  extensive max relative difference: {shipped_gap:.1e} vs tobler as shipped (float32 areas)")
    check("extensive", name, ours[extensive], exact[extensive], same_rule[extensive])
    if not intensive:
        return
    by_area = catalogue.assign(denominator="")
    ours_area = aggregate(sectors, indicators, by_area, perimeters, missing="zero").wide().T
    shipped_gap = max_relative_difference(ours_area[intensive], shipped[intensive])
    print(f"  intensive (ours weighted by area, missing='zero' like tobler) max relative difference: "
          f"{shipped_gap:.1e} vs tobler as shipped")
    check("intensive", name, ours_area[intensive], exact[intensive], same_rule[intensive])
    area_only = aggregate(sectors, indicators, by_area, perimeters).wide().T
    for indicator in [i for i in intensive if str(catalogue.at[i, "denominator"]).strip()]:
        gap = ((ours[indicator] - area_only[indicator]).abs() / area_only[indicator].abs()).dropna()
        print(f"  {indicator}: weighted by {catalogue.at[indicator, 'denominator']} vs by area only "
              f"(all tobler can do): median {gap.median():.1%}, max {gap.max():.1%} apart")


# --- cases ---------------------------------------------------------------------------

INCOME = ["MS_NBR_NON_ZERO_INC", "MS_TOT_NET_TAXABLE_INC", "MS_AVG_TOT_NET_TAXABLE_INC"]


def zennevallei() -> None:
    sectors = gpd.read_file(REAL / "zennevallei_sectors_statbel_20240101.geojson").to_crs(CRS)
    income = pd.read_csv(REAL / "zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv",
                         dtype={"CD_SECTOR": str})
    wide = (income.pivot(index="CD_SECTOR", columns="CD_YEAR", values=INCOME)
            .xs(2022, axis=1, level="CD_YEAR").rename_axis("cd_sector"))
    catalogue = pd.DataFrame({"kind": ["extensive", "extensive", "intensive"],
                              "denominator": ["", "", "MS_NBR_NON_ZERO_INC"]}, index=INCOME)
    wijken = gpd.read_file(REAL / "zennevallei_wijken_pinc_ggw72024.gpkg")[["geometry"]]
    perimeters = pd.concat([wijken, random_rectangles(sectors, 12, seed=1)], ignore_index=True)
    compare("Zennevallei income 2022, 38 PinC wijken (simplified) + 12 rectangles",
            sectors, wide, catalogue, perimeters)
    compare("Zennevallei income 2022, one wijk", sectors, wide, catalogue, wijken.iloc[[0]])
    link = pd.read_csv(REAL / "zennevallei_sector_to_wijk_ggw72024.csv", dtype=str)
    dissolved = sectors.merge(link, on="cd_sector").dissolve("wijk_code")[["geometry"]]
    compare("Zennevallei income 2022, 38 wijken dissolved from their sectors (link table)",
            sectors, wide, catalogue, dissolved)


def brussels() -> None:
    sectors = gpd.read_file(REAL / "brussels_sectors_statbel_20220101.gpkg")
    area = sectors.set_index("cd_sector")[["ms_area_ha"]]
    sectors = sectors[["cd_sector", "geometry"]]
    catalogue = pd.DataFrame({"kind": ["extensive"], "denominator": [""]}, index=["ms_area_ha"])
    quartiers = gpd.read_file(REAL / "brussels_monitoring_quartiers_urbis.gpkg")[["geometry"]]
    wijken = gpd.read_file(REAL / "brussels_wijken_pinc_ggw72024.gpkg")[["geometry"]]
    perimeters = pd.concat([quartiers, wijken, random_rectangles(sectors, 20, seed=2)],
                           ignore_index=True)
    compare("Brussels sector area, 139 monitoring quartiers + 192 PinC wijken + 20 rectangles",
            sectors, area, catalogue, perimeters)
    link = pd.read_csv(REAL / "brussels_sector_to_wijk_and_quartier.csv", dtype=str)
    dissolved = sectors.merge(link, on="cd_sector").dissolve("mdrc")[["geometry"]]
    compare("Brussels sector area, 139 quartiers dissolved from their sectors (link table)",
            sectors, area, catalogue, dissolved)


def synthetic_grid(nx: int = 160, ny: int = 130, points_per_edge: int = 50,
                   seed: int = 31370) -> gpd.GeoDataFrame:
    """nx × ny wavy cells over Belgium's extent, 4 × ``points_per_edge`` vertices each.

    Neighbours share every vertex of their common edge, so the cells tile the extent.
    """
    rng = np.random.default_rng(seed)
    xs, ys = np.linspace(20_000, 300_000, nx + 1), np.linspace(20_000, 250_000, ny + 1)
    t = np.linspace(0.0, 1.0, points_per_edge + 1)
    wave = np.sin(np.pi * 3 * t)
    wave[[0, -1]] = 0.0  # corners exactly on the grid
    # horizontal edge (i, j) runs from (xs[i], ys[j]) to (xs[i+1], ys[j]) with a y wiggle
    amp_h = rng.uniform(-60, 60, (nx, ny + 1))
    hx = xs[:-1, None, None] + (xs[1:] - xs[:-1])[:, None, None] * t
    h = np.stack([np.broadcast_to(hx, (nx, ny + 1, t.size)),
                  ys[None, :, None] + amp_h[:, :, None] * wave], axis=-1)
    # vertical edge (i, j) runs from (xs[i], ys[j]) to (xs[i], ys[j+1]) with an x wiggle
    amp_v = rng.uniform(-60, 60, (nx + 1, ny))
    vy = ys[None, :-1, None] + (ys[1:] - ys[:-1])[None, :, None] * t
    v = np.stack([xs[:, None, None] + amp_v[:, :, None] * wave,
                  np.broadcast_to(vy, (nx + 1, ny, t.size))], axis=-1)
    rings = np.concatenate([
        h[:, :-1, :-1],                  # bottom, left to right
        v[1:, :, :-1],                   # right, bottom to top
        h[:, 1:, ::-1][:, :, :-1],       # top, right to left
        v[:-1, :, ::-1][:, :, :-1],      # left, top to bottom
        h[:, :-1, :1],                   # close the ring
    ], axis=2).reshape(nx * ny, -1, 2)
    cells = shapely.polygons(rings)
    codes = [f"S{i:08d}" for i in range(nx * ny)]
    return gpd.GeoDataFrame({"cd_sector": codes}, geometry=cells, crs=CRS)


def municipality_blob(centre=(150_000.0, 170_000.0), radius=4_000.0, vertices=720) -> shapely.Polygon:
    theta = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    r = radius * (1 + 0.15 * np.sin(3 * theta) + 0.1 * np.cos(5 * theta + 1))
    return shapely.Polygon(np.column_stack([centre[0] + r * np.cos(theta), centre[1] + r * np.sin(theta)]))


def synthetic() -> None:
    started = time.perf_counter()
    sectors = synthetic_grid()
    built = time.perf_counter() - started
    assert sectors.is_valid.all()
    rng = np.random.default_rng(7)
    n = len(sectors)
    extensive = {f"count_{k:02d}": rng.integers(0, 2_000, n).astype(float) for k in range(12)}
    intensive = {f"rate_{k:02d}": rng.uniform(0, 100, n) for k in range(8)}
    indicators = pd.DataFrame({**extensive, **intensive}, index=pd.Index(sectors["cd_sector"]))
    indicators.iloc[rng.choice(n, n // 50, replace=False), 3] = np.nan  # some suppressed cells
    catalogue = pd.DataFrame({
        "kind": ["extensive"] * 12 + ["intensive"] * 8,
        "denominator": [""] * 12 + ["count_00", "count_01", "count_02", "count_03"] + [""] * 4,
    }, index=list(indicators.columns))
    blob = municipality_blob()
    vertices = int(shapely.get_num_coordinates(sectors.geometry.values).mean())
    print(f"\nsynthetic layer: {n:,} sectors, {vertices} vertices each (built in {built:.1f} s); "
          f"perimeter {blob.area / 1e6:.1f} km², {len(blob.exterior.coords) - 1} vertices")
    index_build, = median_seconds(lambda: sectors.copy().sindex, repeat=5)
    print(f"  spatial index build alone: {index_build * 1e3:.1f} ms")
    compare("synthetic Belgium-wide layer, one municipality-sized perimeter", sectors, indicators,
            catalogue, gpd.GeoDataFrame(geometry=[blob], crs=CRS))
    sectors.sindex  # noqa: B018
    single, = median_seconds(lambda: aggregate(sectors, indicators, catalogue, blob))
    profile = aggregate(sectors, indicators, catalogue, blob)
    whole = int((profile.shares == 1.0).sum())
    print(f"  ours, bare polygon (warm index): {single * 1e3:.2f} ms for {len(profile.shares)} sectors "
          f"({whole} whole) - target <= 50 ms: {'met' if single <= 0.050 else 'MISSED'}")


def main() -> int:
    print("Perimeter aggregation: wijk_core.aggregate vs tobler.area_weighted.area_interpolate")
    if REAL.is_dir():
        zennevallei()
        brussels()
    else:
        print(f"\n(real data folder {REAL} not found: real-sector cases skipped; set WIJK_REAL_DATA)")
    synthetic()
    if FAILURES:
        print(f"\nDISAGREEMENT: {', '.join(FAILURES)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
