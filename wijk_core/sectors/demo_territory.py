"""The demo municipality's territory: its outline, sectors, names and neighbourhoods.

The geometric half of :mod:`wijk_core.sectors.demo`: a made-up municipality of about
6 × 5 km in the province of Antwerp, cut into Voronoi cells around seed points that
crowd in the villages, warped so no border is straight, and given Statbel-style
codes, names and wijken. The figures living in those sectors are drawn by
:mod:`wijk_core.sectors.demo`.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Polygon

__all__ = ["CRS", "GRID_M", "INDUSTRY", "MUNICIPALITY", "NIS5", "STATION", "VILLAGES", "VILLAS", "bump",
           "dissolve_wijken", "draw_outline", "pick_uninhabited", "sector_attributes", "seed_points", "tessellate",
           "urbanity_at",
           "warp_function"]

NIS5 = "99991"
MUNICIPALITY = ("Demoveld", "Demoveld")  # (nl, fr)
CRS = "EPSG:31370"
GRID_M = 0.01  # coordinates are snapped to a 1 cm grid

_CENTRE = np.array([176_000.0, 192_000.0])  # Lambert 72, province of Antwerp
_SIZE = np.array([6_000.0, 5_000.0])  # bounding box of the outline, metres
# Sub-municipalities ("deelgemeenten"): letter, name nl, name fr, centre offset, radius, weight.
VILLAGES = [
    ("A", "DEMOVELD", "DEMOVELD", (-250, 300), 950.0, 1.0),
    ("B", "KAPELHOEK", "KAPELHOEK", (1800, -1000), 700.0, 0.85),
    ("C", "BROEKZIJDE", "BROEKZIJDE", (-1650, -1000), 650.0, 0.8),
]
# Wijken: code suffix, name nl, name fr, sub-municipality letter, anchor offset.
_WIJKEN = [
    ("W01", "Centrum", "Centre", "A", (-250, 300)),
    ("W02", "Stationskwartier", "Quartier de la Gare", "A", (150, -500)),
    ("W03", "Molenveld", "Molenveld", "A", (-1200, 650)),
    ("W04", "Vaartkant", "Bord du Canal", "A", (1500, 800)),
    ("W05", "Kapelhoek", "Kapelhoek", "B", (1800, -1000)),
    ("W06", "Broekzijde", "Broekzijde", "C", (-1650, -1000)),
    ("W07", "Buitengebied Noord", "Zone rurale nord", "A", (-300, 2000)),
    ("W08", "Buitengebied Zuid", "Zone rurale sud", "A", (300, -2000)),
]
STATION = (100, -400)  # old working-class quarter: low income, old and rented dwellings
VILLAS = (-1150, 650)  # newer villa district: high income, few old dwellings
INDUSTRY = (2100, 700)

_NAMES = [  # (nl, fr): Flemish toponyms keep their form, generic words are translated
    ("MARKTPLEIN", "PLACE DU MARCHÉ"), ("KERKSTRAAT", "KERKSTRAAT"), ("MOLENWIJK", "MOLENWIJK"),
    ("HOOGSTRAAT", "HOOGSTRAAT"), ("DRIES", "DRIES"), ("KOUTER", "KOUTER"),
    ("BROEKKANT", "BROEKKANT"), ("SCHANS", "SCHANS"), ("TUINWIJK", "CITÉ-JARDIN"),
    ("LINDENHOF", "LINDENHOF"), ("VELDEKEN", "VELDEKEN"), ("KASTEELWIJK", "QUARTIER DU CHÂTEAU"),
    ("SPORTPARK", "PARC DES SPORTS"), ("NIEUWE WIJK", "NOUVEAU QUARTIER"),
    ("BEEKSTRAAT", "BEEKSTRAAT"),
    ("PASTORIJ", "PRESBYTÈRE"), ("BLEKERIJ", "BLEKERIJ"), ("SCHOOLWIJK", "QUARTIER DE L'ÉCOLE"),
    ("ZAVELBERG", "ZAVELBERG"), ("BERKENHOF", "BERKENHOF"), ("HOF TEN BROEKE", "HOF TEN BROEKE"),
    ("BOSKANT", "BOSKANT"), ("KAPELLEKEN", "KAPELLEKEN"), ("MEERSEN", "MEERSEN"),
    ("VLASHOF", "VLASHOF"), ("EIKENLAAN", "EIKENLAAN"), ("PLATANENPLEIN", "PLATANENPLEIN"),
    ("RIETVELD", "RIETVELD"), ("LEEMPUT", "LEEMPUT"), ("GROENE WEIDE", "GROENE WEIDE"),
    ("DE VIJVERS", "LES ÉTANGS"), ("ROZENDAAL", "ROZENDAAL"), ("WEVERSWIJK", "WEVERSWIJK"),
    ("BRUGSTRAAT", "BRUGSTRAAT"), ("KLOOSTERHOF", "KLOOSTERHOF"), ("ZONNEWIJK", "ZONNEWIJK"),
    ("HEIDESTRAAT", "HEIDESTRAAT"), ("PASTOOR DE BIESTRAAT", "PASTOOR DE BIESTRAAT"),
    ("OUDE BAAN", "OUDE BAAN"), ("VOGELZANG", "VOGELZANG"), ("KERKHOFWEG", "KERKHOFWEG"),
    ("STEENOVEN", "STEENOVEN"), ("LAARSTRAAT", "LAARSTRAAT"), ("BOOMGAARD", "BOOMGAARD"),
]
_HAMLETS = ["HEIKANT", "ZWARTE HOEK", "BERGSKEN", "ELSHOUT", "HAZELDONK", "KIEVITSHOEK",
            "VOSSENHOL", "STEENBERG", "GOORKEN", "VEERLE-HOEVE", "HULSTHOEK", "LANGE VELDEN",
            "MOERKANT", "WOLFSBERG", "HOOGVELD", "DE LOZEN", "SCHRIEK", "BAMMEL"]


# --- geometry -----------------------------------------------------------------------

def draw_outline(rng: np.random.Generator) -> Polygon:
    """A smooth, star-shaped municipal border scaled to the bounding box ``_SIZE``."""
    theta = np.linspace(0.0, 2 * np.pi, 360, endpoint=False)
    radius = np.ones_like(theta)
    for k in range(2, 31):  # large lobes plus a stream-like wiggle along the border
        radius += rng.normal(0.0, 0.12 / k) * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    xy = np.c_[np.cos(theta) * radius, np.sin(theta) * radius]
    xy = (xy - (xy.max(0) + xy.min(0)) / 2) / (xy.max(0) - xy.min(0)) * _SIZE + _CENTRE
    return Polygon(np.round(xy, 2))


def urbanity_at(xy: np.ndarray) -> np.ndarray:
    """0 (open country) … 1 (main village centre): Gaussian bumps around each village."""
    return np.max([weight * bump(xy, offset, radius) for *_, offset, radius, weight in VILLAGES],
                  axis=0)


def bump(xy: np.ndarray, offset: tuple[float, float], radius: float) -> np.ndarray:
    """A Gaussian bump of height 1 at ``_CENTRE + offset``."""
    return np.exp(-np.sum((xy - _CENTRE - offset) ** 2, axis=1) / radius**2)


def seed_points(rng: np.random.Generator, outline: Polygon) -> np.ndarray:
    """Dart throwing with a spacing that shrinks near village centres (denser cores)."""
    minx, miny, maxx, maxy = outline.bounds
    points: list[np.ndarray] = []
    spacings: list[float] = []
    for _ in range(6000):
        candidate = rng.uniform((minx, miny), (maxx, maxy))
        if not shapely.contains_xy(outline, *candidate):
            continue
        spacing = 720.0 - 520.0 * urbanity_at(candidate[None, :])[0]
        if points:
            distance = np.hypot(*(np.array(points) - candidate).T)
            if np.any(distance < 0.5 * (spacing + np.array(spacings))):
                continue
        points.append(candidate)
        spacings.append(spacing)
    return np.array(points)


def warp_function(rng: np.random.Generator) -> Callable[[np.ndarray], np.ndarray]:
    """A smooth displacement of the plane (a few sine waves), gentle enough to be one-to-one.

    Voronoi edges are straight; real sector borders follow streets and streams. Warping
    the whole plane with a displacement whose gradient stays below 1 bends the edges
    while keeping the tessellation exact: shared vertices move identically.
    """
    waves = []
    for _ in range(4):
        angle = rng.uniform(0, np.pi)
        wavelength = rng.uniform(600.0, 1400.0)
        amplitude = rng.uniform(15.0, 30.0)
        direction = rng.uniform(0, 2 * np.pi)
        waves.append((np.array([np.cos(angle), np.sin(angle)]) * 2 * np.pi / wavelength,
                      amplitude * np.array([np.cos(direction), np.sin(direction)]),
                      rng.uniform(0, 2 * np.pi)))
    if sum(np.linalg.norm(k) * np.linalg.norm(a) for k, a, _ in waves) >= 0.8:
        raise RuntimeError("warp too strong: it could fold the plane")

    def warp(xy: np.ndarray) -> np.ndarray:
        shifted = xy.copy()
        for wavevector, amplitude, phase in waves:
            shifted += np.sin((xy - _CENTRE) @ wavevector + phase)[:, None] * amplitude
        return shifted

    return warp


def _warp(geometry, warp: Callable[[np.ndarray], np.ndarray]):
    return shapely.transform(shapely.segmentize(geometry, 30.0), warp)


def tessellate(seeds: np.ndarray, outline: Polygon, warp: Callable[[np.ndarray], np.ndarray]
                ) -> np.ndarray:
    """Voronoi cells of ``seeds`` clipped to ``outline``, warped and snapped to the grid."""
    diagram = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=outline.buffer(3000),
                                       ordered=True)
    cells = shapely.intersection(shapely.get_parts(diagram), outline)
    cells = shapely.set_precision(_warp(cells, warp), GRID_M)
    cells = shapely.orient_polygons(cells)
    if not (np.all(shapely.is_valid(cells)) and np.all(shapely.get_type_id(cells) == 3)):
        raise RuntimeError("the tessellation produced an invalid or multi-part sector")
    return cells


# --- attributes ---------------------------------------------------------------------

def sector_attributes(rng: np.random.Generator, seeds: np.ndarray, cells: np.ndarray
                       ) -> gpd.GeoDataFrame:
    """Assign wijk, sub-municipality, Statbel-style code and nl/fr name to every cell."""
    anchors = np.array([offset for *_, offset in _WIJKEN]) + _CENTRE
    nearest = np.argmin(np.hypot(*(seeds[:, None, :] - anchors[None, :, :]).transpose(2, 0, 1)),
                        axis=1)
    centroids = shapely.get_coordinates(shapely.centroid(cells))
    urbanity = urbanity_at(centroids)
    letters = np.array([_WIJKEN[i][3] for i in nearest])
    codes = np.empty(len(cells), dtype=object)
    names = np.empty((len(cells), 2), dtype=object)
    pool = list(_NAMES)
    rng.shuffle(pool)
    hamlets = list(_HAMLETS)
    rng.shuffle(hamlets)
    def nearest_to(offset: tuple[float, float]) -> int:
        return int(np.argmin(np.hypot(*(centroids - _CENTRE - offset).T)))

    special = {  # the sector nearest to each point gets a name that fits the story
        nearest_to(STATION): ("STATIONSWIJK", "QUARTIER DE LA GARE"),
        nearest_to(VILLAS): ("MOLENVELD", "MOLENVELD"),
        nearest_to(INDUSTRY): ("INDUSTRIEZONE DE VAART", "ZONING INDUSTRIEL DE VAART"),
    }
    for letter, village_nl, village_fr, offset, _, _ in VILLAGES:
        members = np.flatnonzero(letters == letter)
        order = members[np.argsort(np.hypot(*(centroids[members] - _CENTRE - offset).T))]
        number, rural_number = 0, 0
        for rank, i in enumerate(order):
            if rank == 0:
                codes[i] = f"{NIS5}{letter}00-"
                suffix = ("CENTRUM", "CENTRE") if letter == "A" else ("KERN", "CENTRE")
                names[i] = (f"{village_nl}-{suffix[0]}", f"{village_fr}-{suffix[1]}")
                continue
            if urbanity[i] < 0.03 and i not in special and rural_number < 10 and hamlets:
                codes[i] = f"{NIS5}{letter}{rural_number}9{'1' if rural_number % 3 else '-'}"
                rural_number += 1
                hamlet = hamlets.pop()
                scattered = rng.random() < 0.5
                names[i] = ((f"{hamlet}-VERSPREIDE BEWONING", f"{hamlet}-HABITAT DISPERSÉ")
                            if scattered else (hamlet, hamlet))
                continue
            number += 1 + (number % 10 == 8)  # numbers ending in 9 are for the open country
            codes[i] = f"{NIS5}{letter}{number:02d}{rng.choice(['-', '-', '1', '2', '3'])}"
            names[i] = special.get(int(i)) or pool.pop()
    village = {letter: (nl, fr) for letter, nl, fr, *_ in VILLAGES}
    frame = gpd.GeoDataFrame({
        "cd_sector": codes.astype(str),
        "tx_sector_descr_nl": names[:, 0].astype(str),
        "tx_sector_descr_fr": names[:, 1].astype(str),
        "cd_sub_munty": [f"{NIS5}{letter}" for letter in letters],
        "tx_sub_munty_nl": [village[letter][0] for letter in letters],
        "tx_sub_munty_fr": [village[letter][1] for letter in letters],
        "cd_munty_refnis": NIS5,
        "tx_munty_descr_nl": MUNICIPALITY[0],
        "tx_munty_descr_fr": MUNICIPALITY[1],
        "ms_area_ha": np.round(shapely.area(cells) / 1e4, 2),
        "wijk_code": [f"{NIS5}{_WIJKEN[i][0]}" for i in nearest],
        "wijk_naam": [_WIJKEN[i][1] for i in nearest],
        "urbanity": urbanity,
    }, geometry=cells, crs=CRS)
    if frame["cd_sector"].duplicated().any() or (frame["cd_sector"].str.len() != 9).any():
        raise RuntimeError("sector codes are not unique 9-character codes")
    return frame.sort_values("cd_sector").reset_index(drop=True)


def pick_uninhabited(sectors: gpd.GeoDataFrame) -> tuple[str, ...]:
    """The industrial zone and the most rural sector (a forest) get no indicator row."""
    is_industrial = sectors["tx_sector_descr_nl"].str.startswith("INDUSTRIEZONE")
    industrial = sectors.loc[is_industrial, "cd_sector"]
    remote = sectors.loc[~sectors["cd_sector"].isin(industrial), "urbanity"].idxmin()
    return (industrial.iloc[0], sectors.at[remote, "cd_sector"])


def dissolve_wijken(sectors: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One polygon per wijk: the exact union of its sectors, checked to be in one piece."""
    rows = []
    for code, nl, fr, letter, _ in _WIJKEN:
        members = sectors[sectors["wijk_code"] == f"{NIS5}{code}"]
        shape = shapely.set_precision(shapely.union_all(members.geometry.values), GRID_M)
        if shape.geom_type != "Polygon":
            raise RuntimeError(f"wijk {code} is not one contiguous polygon")
        rows.append({"wijk_code": f"{NIS5}{code}", "wijk_naam": nl, "wijk_naam_fr": fr,
                     "cd_sub_munty": f"{NIS5}{letter}", "cd_munty_refnis": NIS5,
                     "n_sectors": len(members), "geometry": shapely.orient_polygons(shape)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
