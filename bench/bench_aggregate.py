"""Perimeter aggregation (wijk_core.areal.aggregate) against tobler's area_interpolate.

For each case the same sectors, indicators and perimeters go through
``wijk_core.areal.aggregate.aggregate`` and ``tobler.area_weighted.area_interpolate``
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

Cases with a municipality-sized perimeter also say whether ours meets the target of
50 ms over the whole layer. They run on the national layer of ``bench/national.py``
(~20,800 sectors of ~200 vertices over Belgium in EPSG:31370, the demo's 27
indicators): a ~51 km² perimeter around Brussels and one in the Ardennes, and a
municipality of the layer dissolved from its ~200 sectors; and on all real sectors
(Zennevallei + Brussels + Gent, 1,064) with a ~51 km² perimeter over Brussels and
over Gent. Real sectors come from ``../shared/data/real`` (or ``$WIJK_REAL_DATA``);
without them only the national layer runs.

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

from national import national_indicators, national_sectors  # noqa: E402  (bench/, the script's folder)
from tobler.area_weighted import area_interpolate  # noqa: E402

from wijk_core.areal.aggregate import MissingValuesWarning, aggregate  # noqa: E402
from wijk_core.areal.overlay import SLIVER_TOLERANCE, sector_shares  # noqa: E402
from wijk_core.readers import read_sectors  # noqa: E402
from wijk_core.sectors.data import load_demo  # noqa: E402

REAL = Path(os.environ.get("WIJK_REAL_DATA",
                           Path(__file__).resolve().parents[2] / "shared" / "data" / "real"))
CRS = "EPSG:31370"
REPEAT = 15
TOLERANCE = 1e-9
TARGET = 0.050  # seconds for one municipality-sized perimeter over the whole layer
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

    With ``sliver_rule``, areas are adjusted as wijk_core.areal.aggregate documents: shares of
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


def verdict(seconds: float) -> str:
    return "met" if seconds <= TARGET else "MISSED"


def denominator(catalogue: pd.DataFrame, indicator: str) -> str:
    """The catalogue's denominator of an indicator, "" when it has none (empty or NaN)."""
    value = catalogue.at[indicator, "denominator"]
    return "" if pd.isna(value) else str(value).strip()


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
            catalogue: pd.DataFrame, perimeters: gpd.GeoDataFrame, target: bool = False) -> None:
    """Time and check one case; ``catalogue`` intensive rows may name a denominator.

    With ``target``, also say whether ours meets the 50 ms target, warm and cold.
    """
    perimeters = perimeters.reset_index(drop=True)
    extensive = list(catalogue.index[catalogue["kind"] == "extensive"])
    intensive = list(catalogue.index[catalogue["kind"] == "intensive"])
    # tobler wants the values on the polygons; it would turn NaN into 0 itself, but its
    # in-place assignment fails on pandas 3's read-only arrays, so fill them here
    # (sectors without a row included); as floats, since scipy warns about the integer
    # counts tobler puts on a sparse diagonal
    source = sectors.join(indicators, on="cd_sector")
    source[list(indicators.columns)] = source[list(indicators.columns)].astype(float).fillna(0.0)

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
    if target:
        print(f"  target <= {TARGET * 1e3:.0f} ms: {verdict(warm)} (warm index), {verdict(cold)} (cold)")

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
    weighted = [i for i in intensive if denominator(catalogue, i)]
    gaps = {i: ((ours[i] - area_only[i]).abs() / area_only[i].abs()).dropna() for i in weighted}
    if len(weighted) <= 3:
        for indicator, gap in gaps.items():
            print(f"  {indicator}: weighted by {denominator(catalogue, indicator)} vs by area only "
                  f"(all tobler can do): median {gap.median():.1%}, max {gap.max():.1%} apart")
    elif weighted:
        largest = max(gaps, key=lambda i: gaps[i].max() if len(gaps[i]) else 0.0)
        print(f"  {len(weighted)} intensive indicators weighted by their denominator vs by area only "
              f"(all tobler can do): median {pd.concat(gaps.values()).median():.1%} apart, "
              f"largest {gaps[largest].max():.1%} ({largest}, by {denominator(catalogue, largest)})")


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


def municipality_blob(centre: tuple[float, float], radius: float = 4_000.0,
                      vertices: int = 720) -> shapely.Polygon:
    """A wavy municipality-sized polygon (≈51 km² for the default radius), as an officer draws one."""
    theta = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    r = radius * (1 + 0.15 * np.sin(3 * theta) + 0.1 * np.cos(5 * theta + 1))
    return shapely.Polygon(np.column_stack([centre[0] + r * np.cos(theta), centre[1] + r * np.sin(theta)]))


def describe(polygon: shapely.Geometry) -> str:
    return f"{polygon.area / 1e6:.1f} km², {shapely.get_num_coordinates(polygon):,} vertices"


def drawn_perimeter(sectors: gpd.GeoDataFrame, indicators: pd.DataFrame, catalogue: pd.DataFrame,
                    polygon: shapely.Geometry) -> None:
    """Time a bare polygon, as the app passes a drawn perimeter, against the 50 ms target."""
    sectors.sindex  # noqa: B018 - the app builds it once per layer
    single, = median_seconds(lambda: aggregate(sectors, indicators, catalogue, polygon))
    profile = aggregate(sectors, indicators, catalogue, polygon)
    whole = int((profile.shares == 1.0).sum())
    print(f"  ours, bare polygon (warm index): {single * 1e3:.2f} ms for {len(profile.shares)} sectors "
          f"({whole} whole, {profile.data_coverage:.0%} of the perimeter on sectors) - "
          f"target <= {TARGET * 1e3:.0f} ms: {verdict(single)}")


# Centres in EPSG:31370: Brussels' Grand-Place, where the national layer's sectors are
# smallest; the Ardennes near Libramont, where they are largest; Gent's centre.
BRUSSELS = (148_700.0, 171_000.0)
ARDENNES = (216_600.0, 88_100.0)
GENT = (104_500.0, 193_500.0)


def national() -> None:
    started = time.perf_counter()
    sectors = national_sectors()
    built = time.perf_counter() - started
    indicators = national_indicators(sectors)
    catalogue = load_demo().catalogue
    vertices = shapely.get_num_coordinates(sectors.geometry.values)
    print(f"\nnational layer (bench/national.py): {len(sectors):,} sectors, {vertices.mean():.0f} "
          f"vertices each on average ({vertices.sum():,} in all), built in {built:.1f} s; "
          f"{len(catalogue)} demo indicators")
    index_build, = median_seconds(lambda: sectors.copy().sindex, repeat=5)
    print(f"  spatial index build alone (on a fresh copy): {index_build * 1e3:.1f} ms")

    for place, centre in (("around Brussels (small urban sectors)", BRUSSELS),
                          ("in the Ardennes (large rural sectors)", ARDENNES)):
        blob = municipality_blob(centre)
        compare(f"national layer, municipality-sized perimeter {place}: {describe(blob)}",
                sectors, indicators, catalogue, gpd.GeoDataFrame(geometry=[blob], crs=CRS),
                target=True)
        drawn_perimeter(sectors, indicators, catalogue, blob)

    # a municipality of the layer (~200 sectors sharing cd_munty_refnis) as the union of its sectors
    code = sectors.loc[sectors.intersects(shapely.Point(BRUSSELS)), "cd_munty_refnis"].iloc[0]
    members = sectors["cd_munty_refnis"] == code
    municipality = shapely.union_all(sectors.geometry[members].values)
    compare(f"national layer, municipality {code} dissolved from its {members.sum()} sectors: "
            f"{describe(municipality)}", sectors, indicators, catalogue,
            gpd.GeoDataFrame(geometry=[municipality], crs=CRS), target=True)
    drawn_perimeter(sectors, indicators, catalogue, municipality)
    # every member is whole, so the extensive values are its sectors' exact sums
    extensive = list(catalogue.index[catalogue["kind"] == "extensive"])
    profile = aggregate(sectors, indicators, catalogue, municipality)
    sums = indicators.loc[sectors.loc[members, "cd_sector"], extensive].sum()
    gap = max_relative_difference(profile.table.loc[extensive, "value"], sums)
    print(f"  extensive values vs the exact sums of the {members.sum()} member sectors: max relative "
          f"difference {gap:.1e} -> {'agree' if gap <= TOLERANCE else 'DISAGREE'} to {TOLERANCE:g}")
    if gap > TOLERANCE:
        FAILURES.append(f"municipality {code}: sums of its sectors")


def all_real() -> None:
    """The three real sector layers as one (they do not overlap), read as the app reads uploads."""
    files = ("zennevallei_sectors_statbel_20240101.geojson", "brussels_sectors_statbel_20220101.gpkg",
             "gent_sectors_2025codes_stadgent.geojson")
    sectors = gpd.GeoDataFrame(pd.concat(
        [read_sectors(REAL / name).sectors[["cd_sector", "area_ha", "geometry"]] for name in files],
        ignore_index=True), crs=CRS)
    area = sectors.set_index("cd_sector")[["area_ha"]]  # area_ha: computed from the geometry
    sectors = sectors[["cd_sector", "geometry"]]
    catalogue = pd.DataFrame({"kind": ["extensive"], "denominator": [""]}, index=["area_ha"])
    vertices = shapely.get_num_coordinates(sectors.geometry.values)
    print(f"\nall real sectors (Zennevallei 2024 + Brussels 2022 + Gent 2025): {len(sectors):,} "
          f"sectors, {vertices.mean():.0f} vertices each on average")
    for place, centre in (("over central Brussels", BRUSSELS), ("over Gent", GENT)):
        blob = municipality_blob(centre)
        compare(f"all real sectors, municipality-sized perimeter {place}: {describe(blob)}",
                sectors, area, catalogue, gpd.GeoDataFrame(geometry=[blob], crs=CRS), target=True)
        drawn_perimeter(sectors, area, catalogue, blob)


def main() -> int:
    print("Perimeter aggregation: wijk_core.areal.aggregate vs tobler.area_weighted.area_interpolate")
    if REAL.is_dir():
        zennevallei()
        brussels()
        all_real()
    else:
        print(f"\n(real data folder {REAL} not found: real-sector cases skipped; set WIJK_REAL_DATA)")
    national()
    if FAILURES:
        print(f"\nDISAGREEMENT: {', '.join(FAILURES)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
