"""A national-size sector layer for benchmarks and the national browser story.

About 20,800 polygons tiled over Belgium in EPSG:31370, shaped like statistical
sectors: small in the cities, large in the countryside, every border shared exactly
by its two neighbours (a valid coverage, as Statbel's), and irregular borders of
about 200 vertices per sector on average.

How: Voronoi cells of seeds denser around a few city centres, clipped to a rough
outline of Belgium; their unique border lines are densified to one vertex every
``spacing`` metres and bent by a smooth multi-scale displacement field (a sum of
sines whose slopes add up to less than 1, so the field never folds a border onto
another), then polygonised again. Shared borders are therefore identical vertex for
vertex, as in real data, and simplification has real wiggles to remove.

Optionally the 50 sectors of the demo municipality replace the cells they overlap,
so the selection story can run on a national-size layer.

Every sector carries the demo's indicators (rows of demo sectors drawn at random),
described by the demo's catalogue.

Run ``python bench/national.py OUT_DIR [--with-demo]`` to write the files.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

CRS = "EPSG:31370"
DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"

# A rough outline of Belgium (lon, lat): enough to give the layer the country's shape.
OUTLINE_LONLAT = [
    (2.55, 51.09), (3.37, 51.37), (3.90, 51.21), (4.25, 51.38), (4.77, 51.50), (5.10, 51.43),
    (5.24, 51.27), (5.85, 51.16), (5.68, 50.76), (6.02, 50.75), (6.40, 50.32), (6.13, 50.13),
    (5.75, 49.55), (5.47, 49.50), (4.87, 49.80), (4.85, 50.15), (4.15, 49.98), (4.03, 50.34),
    (3.66, 50.40), (3.25, 50.70), (2.85, 50.72), (2.60, 50.85), (2.55, 51.09),
]
# City centres (lon, lat, share of seeds, spread in metres): sectors are small there.
CITIES = [
    (4.35, 50.85, 0.10, 6_000), (4.40, 51.22, 0.06, 6_000), (3.72, 51.05, 0.04, 5_000),
    (5.57, 50.63, 0.04, 6_000), (4.44, 50.41, 0.03, 6_000), (3.22, 51.21, 0.02, 4_000),
    (4.70, 50.88, 0.02, 4_000), (4.87, 50.47, 0.02, 4_000), (3.95, 50.45, 0.02, 4_000),
    (5.34, 50.93, 0.02, 4_000), (4.48, 51.03, 0.02, 4_000), (3.27, 50.83, 0.01, 3_000),
]
# Displacement octaves (wavelength m, amplitude m): sum of 2*pi*A/lambda < 0.5 per axis.
OCTAVES = [(2_000, 30.0), (500, 8.0), (150, 3.0), (60, 1.2)]


def outline() -> shapely.Polygon:
    to_lambert = pyproj.Transformer.from_crs(4326, 31370, always_xy=True)
    lon, lat = zip(*OUTLINE_LONLAT, strict=True)
    x, y = to_lambert.transform(lon, lat)
    return shapely.Polygon(np.column_stack([x, y]))


def _seeds(count: int, country: shapely.Polygon, rng: np.random.Generator) -> np.ndarray:
    to_lambert = pyproj.Transformer.from_crs(4326, 31370, always_xy=True)
    parts = []
    for lon, lat, share, spread in CITIES:
        cx, cy = to_lambert.transform(lon, lat)
        parts.append(rng.normal((cx, cy), spread, (int(count * share), 2)))
    clustered = np.concatenate(parts)
    minx, miny, maxx, maxy = country.bounds
    needed = count - len(clustered)
    uniform = np.empty((0, 2))
    while len(uniform) < needed:
        candidates = rng.uniform((minx, miny), (maxx, maxy), (needed * 2, 2))
        inside = shapely.contains_xy(country, candidates[:, 0], candidates[:, 1])
        uniform = np.concatenate([uniform, candidates[inside]])
    points = np.concatenate([clustered, uniform[:needed]])
    inside = shapely.contains_xy(country, points[:, 0], points[:, 1])
    return points[inside]


def _displace(coords: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = coords.copy()
    for axis in (0, 1):
        for wavelength, amplitude in OCTAVES:
            for _ in range(2):  # two directions per octave, half the amplitude each
                angle = rng.uniform(0, np.pi)
                k = 2 * np.pi / wavelength
                phase = rng.uniform(0, 2 * np.pi)
                out[:, axis] += (amplitude / 2) * np.sin(
                    k * (coords[:, 0] * np.cos(angle) + coords[:, 1] * np.sin(angle)) + phase)
    return out


def national_sectors(count: int = 20_800, spacing: float = 23.0, seed: int = 31370) -> gpd.GeoDataFrame:
    """About ``count`` sector polygons over Belgium (EPSG:31370), as a valid coverage."""
    rng = np.random.default_rng(seed)
    country = outline()
    seeds = shapely.multipoints(_seeds(count, country, rng))
    cells = shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=country))
    cells = shapely.intersection(cells, country)
    cells = cells[~shapely.is_empty(cells)]
    borders = shapely.line_merge(shapely.union_all(shapely.boundary(cells)))
    lines = shapely.get_parts(borders)
    lines = shapely.segmentize(lines, spacing)
    coords, index = shapely.get_coordinates(lines, return_index=True)
    # the field is a function of position, so a node shared by several lines moves alike
    moved = np.round(_displace(coords, rng), 2)
    bent = shapely.linestrings(moved, indices=index)
    polygons = shapely.get_parts(shapely.polygonize(bent))
    polygons = polygons[shapely.area(polygons) > 1.0]
    order = np.lexsort((shapely.get_x(shapely.centroid(polygons)),
                        -shapely.get_y(shapely.centroid(polygons)) // 5_000))
    polygons = polygons[order]
    codes = _codes(len(polygons))
    return gpd.GeoDataFrame({
        "cd_sector": codes,
        "tx_sector_descr_nl": [f"SECTOR {i + 1}" for i in range(len(polygons))],
        "tx_sector_descr_fr": [f"SECTEUR {i + 1}" for i in range(len(polygons))],
        "cd_munty_refnis": [code[:5] for code in codes],
    }, geometry=polygons, crs=CRS)


def _codes(n: int) -> list[str]:
    """Sector codes shaped like Statbel's (NIS code + sub-municipality letter + 3 digits)."""
    return [f"{10_000 + i // 200:05d}{'ABCDEFGH'[(i // 25) % 8]}{i % 25:02d}{i % 10}" for i in range(n)]


def national_indicators(sectors: gpd.GeoDataFrame, seed: int = 7) -> pd.DataFrame:
    """The demo's indicators for every sector (wide, one row per ``cd_sector``).

    Demo sectors keep their own rows; every other sector gets the row of a demo sector
    drawn at random, so each indicator keeps a plausible distribution and the demo's
    catalogue (labels, units, denominators) describes the whole layer.
    """
    demo = pd.read_csv(DEMO / "indicators.csv", dtype={"cd_sector": str}).set_index("cd_sector")
    rng = np.random.default_rng(seed)
    codes = pd.Index(sectors["cd_sector"], name="cd_sector")
    drawn = demo.iloc[rng.integers(0, len(demo), len(codes))].set_axis(codes)
    # no two sectors alike: counts scaled per sector, rates nudged (ties are rare in real data)
    catalogue = pd.read_csv(DEMO / "indicator_catalogue.csv").set_index("id")
    for column in drawn.columns:
        kind = catalogue["kind"].get(column, "extensive")
        factor = rng.uniform(0.85, 1.15, len(drawn)) if kind == "extensive" else rng.normal(1.0, 0.04, len(drawn))
        scaled = drawn[column].to_numpy(dtype=float) * factor
        drawn[column] = np.round(scaled, 0 if kind == "extensive" and (demo[column] % 1 == 0).all() else 2)
    own = codes.intersection(demo.index)
    drawn.loc[own] = demo.loc[own]
    if "area_ha" in drawn:
        drawn["area_ha"] = np.round(sectors.set_index("cd_sector").area / 10_000, 2).reindex(codes)
    return drawn


def with_demo(sectors: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The layer with the demo municipality's 50 sectors in place of the cells they touch."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from wijk_core.sectors.data import load_demo

    demo = load_demo().sectors
    town = shapely.union_all(demo.geometry.values)
    kept = sectors.copy()
    touching = kept.intersects(town)
    kept.loc[touching, "geometry"] = kept.geometry[touching].difference(town)
    kept = kept[kept.geometry.area > 100.0]  # slivers left by the cut
    return gpd.GeoDataFrame(pd.concat([demo[list(sectors.columns.intersection(demo.columns))], kept],
                                      ignore_index=True), crs=CRS)


def write(out: Path, demo: bool = False, count: int = 20_800) -> gpd.GeoDataFrame:
    """Write a national data set to ``out``: ``sectors.gpkg``, ``indicators.csv``,
    ``indicator_catalogue.csv`` (the demo's), and with ``demo`` the demo's wijken and
    link table."""
    out.mkdir(parents=True, exist_ok=True)
    sectors = national_sectors(count)
    if demo:
        sectors = with_demo(sectors)
        for name in ("wijken.geojson", "sector_to_wijk.csv"):
            (out / name).write_bytes((DEMO / name).read_bytes())
    sectors.to_file(out / "sectors.gpkg", driver="GPKG")
    national_indicators(sectors).to_csv(out / "indicators.csv")
    (out / "indicator_catalogue.csv").write_bytes((DEMO / "indicator_catalogue.csv").read_bytes())
    return sectors


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    started = time.perf_counter()
    layer = write(Path(sys.argv[1]), demo="--with-demo" in sys.argv)
    vertices = shapely.get_num_coordinates(layer.geometry.values)
    print(f"{len(layer):,} sectors, {vertices.sum():,} vertices ({vertices.mean():.0f} per sector, "
          f"median {np.median(vertices):.0f}) in {time.perf_counter() - started:.1f} s")
