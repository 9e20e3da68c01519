"""The embedded demo municipality "Demoveld": synthetic sectors, indicators and wijken.

Everything this module makes is invented. Demoveld (NIS code ``99991``, a code no
Belgian municipality has) is drawn at an arbitrary rural spot in Flanders in
EPSG:31370; its borders follow no real road, stream or boundary, and its numbers are
drawn from simple models so that every page of the app has something plausible to
show on first run, with no download. ``data/README.md`` documents the provenance.

The generator is deterministic: one seeded ``numpy.random.Generator`` drives every
random draw, and the files are written by hand-rolled serialisers with fixed
rounding, so the same seed gives byte-identical files on every run.

Deliberate imperfections, as in Statbel's own files, so that validation reports have
something to show: two sectors without any indicator row (an industrial zone and a
forest), two sectors whose income cells are suppressed while the number of tax returns
is published, and one sector without a gas grid (zero gas connections, so gas use per
connection is undefined and left empty).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Polygon

__all__ = [
    "CATALOGUE_COLUMNS",
    "CRS",
    "FILES",
    "NIS5",
    "SEED",
    "DemoMunicipality",
    "generate",
    "write_demo",
]

SEED = 20240101
NIS5 = "99991"
MUNICIPALITY = ("Demoveld", "Demoveld")  # (nl, fr)
CRS = "EPSG:31370"
GRID_M = 0.01  # coordinates are snapped to a 1 cm grid
FILES = {
    "sectors": "sectors.geojson",
    "indicators": "indicators.csv",
    "catalogue": "indicator_catalogue.csv",
    "wijken": "wijken.geojson",
    "sector_to_wijk": "sector_to_wijk.csv",
}
CATALOGUE_COLUMNS = ["id", "label_nl", "label_fr", "label_en", "unit", "kind", "denominator",
                     "direction", "source", "year", "synthetic"]

_CENTRE = np.array([176_000.0, 192_000.0])  # Lambert 72, province of Antwerp
_SIZE = np.array([6_000.0, 5_000.0])  # bounding box of the outline, metres
# Sub-municipalities ("deelgemeenten"): letter, name nl, name fr, centre offset, radius, weight.
_VILLAGES = [
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
_STATION = (100, -400)  # old working-class quarter: low income, old and rented dwellings
_VILLAS = (-1150, 650)  # newer villa district: high income, few old dwellings
_INDUSTRY = (2100, 700)

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

_SOURCE_POP = "synthetic (Wijkwerf demo), after Statbel population by statistical sector"
_CATALOGUE_CSV = f"""\
id,label_nl,label_fr,label_en,unit,kind,denominator,direction,source,year,synthetic
area_ha,Oppervlakte,Superficie,Area,ha,extensive,,neutral,"synthetic (Wijkwerf demo), area of the synthetic sector polygon",2024,true
pop_total,Inwoners,Habitants,Inhabitants,count,extensive,,neutral,"{_SOURCE_POP}",2024,true
pop_65plus,Inwoners van 65 jaar en ouder,Habitants de 65 ans et plus,Inhabitants aged 65 and over,count,extensive,,neutral,"{_SOURCE_POP}",2024,true
households,Private huishoudens,Ménages privés,Private households,count,extensive,,neutral,"{_SOURCE_POP}",2024,true
dwellings,Woningen,Logements,Dwellings,count,extensive,,neutral,"synthetic (Wijkwerf demo), after Statbel building stock",2024,true
dwellings_pre1945,Woningen gebouwd vóór 1945,Logements construits avant 1945,Dwellings built before 1945,count,extensive,,need_if_higher,"synthetic (Wijkwerf demo), after Statbel building stock",2024,true
labour_force,Beroepsbevolking,Population active,Labour force,count,extensive,,neutral,"synthetic (Wijkwerf demo), after Steunpunt Werk",2023,true
jobseekers,Niet-werkende werkzoekenden,Demandeurs d'emploi inoccupés,Unemployed jobseekers,count,extensive,,need_if_higher,"synthetic (Wijkwerf demo), after VDAB",2023,true
MS_NBR_NON_ZERO_INC,Aangiften met een inkomen verschillend van nul,Déclarations avec un revenu non nul,Tax returns with non-zero income,count,extensive,,neutral,"synthetic (Wijkwerf demo), after Statbel TF_PSNL_INC_TAX_SECTOR",2022,true
MS_TOT_NET_TAXABLE_INC,Totaal netto belastbaar inkomen,Revenu net imposable total,Total net taxable income,EUR,extensive,,neutral,"synthetic (Wijkwerf demo), after Statbel TF_PSNL_INC_TAX_SECTOR",2022,true
v2506_gas_res_cons,Residentieel aardgasverbruik,Consommation résidentielle de gaz naturel,Residential natural gas use,kWh,extensive,,need_if_higher,"synthetic (Wijkwerf demo), after Fluvius consumption per statistical sector",2022,true
v2506_gas_res_n,Residentiële aardgasaansluitingen,Raccordements résidentiels au gaz naturel,Residential gas connections,count,extensive,,neutral,"synthetic (Wijkwerf demo), after Fluvius consumption per statistical sector",2022,true
v2506_elek_res_cons,Residentieel elektriciteitsverbruik,Consommation résidentielle d'électricité,Residential electricity use,kWh,extensive,,neutral,"synthetic (Wijkwerf demo), after Fluvius consumption per statistical sector",2022,true
v2506_elek_res_n,Residentiële elektriciteitsaansluitingen,Raccordements résidentiels à l'électricité,Residential electricity connections,count,extensive,,neutral,"synthetic (Wijkwerf demo), after Fluvius consumption per statistical sector",2022,true
green_ha,Groene oppervlakte,Superficie verte,Green area,ha,extensive,,need_if_lower,"synthetic (Wijkwerf demo), after Groenkaart Vlaanderen",2021,true
sealed_ha,Verharde oppervlakte,Superficie imperméabilisée,Sealed area,ha,extensive,,need_if_higher,"synthetic (Wijkwerf demo), after JaarBAK soil-sealing map",2024,true
pop_density_km2,Bevolkingsdichtheid,Densité de population,Population density,per km²,intensive,area_ha,neutral,"{_SOURCE_POP}",2024,true
share_65plus_pct,Aandeel 65-plussers,Part des 65 ans et plus,Share aged 65 and over,%,intensive,pop_total,need_if_higher,"{_SOURCE_POP}",2024,true
share_pre1945_pct,Aandeel woningen van vóór 1945,Part des logements d'avant 1945,Share of dwellings built before 1945,%,intensive,dwellings,need_if_higher,"synthetic (Wijkwerf demo), after Statbel building stock",2024,true
share_rented_pct,Aandeel huurwoningen,Part des logements loués,Share of rented dwellings,%,intensive,dwellings,need_if_higher,"synthetic (Wijkwerf demo), after Statbel census 2021",2021,true
unemployment_rate_pct,Werkloosheidsgraad,Taux de chômage,Unemployment rate,%,intensive,labour_force,need_if_higher,"synthetic (Wijkwerf demo), after Steunpunt Werk",2023,true
MS_AVG_TOT_NET_TAXABLE_INC,Gemiddeld netto belastbaar inkomen per aangifte,Revenu net imposable moyen par déclaration,Average net taxable income per tax return,EUR,intensive,MS_NBR_NON_ZERO_INC,need_if_lower,"synthetic (Wijkwerf demo), after Statbel TF_PSNL_INC_TAX_SECTOR",2022,true
MS_MEDIAN_NET_TAXABLE_INC,Mediaan netto belastbaar inkomen per aangifte,Revenu net imposable médian par déclaration,Median net taxable income per tax return,EUR,intensive,MS_NBR_NON_ZERO_INC,need_if_lower,"synthetic (Wijkwerf demo), after Statbel TF_PSNL_INC_TAX_SECTOR",2022,true
gas_per_connection_kwh,Gemiddeld aardgasverbruik per aansluiting,Consommation moyenne de gaz par raccordement,Average gas use per connection,kWh,intensive,v2506_gas_res_n,need_if_higher,"synthetic (Wijkwerf demo), after Fluvius consumption per statistical sector",2022,true
sealed_pct,Verhardingsgraad,Taux d'imperméabilisation,Share of sealed surface,%,intensive,area_ha,need_if_higher,"synthetic (Wijkwerf demo), after JaarBAK soil-sealing map",2024,true
green_pct,Aandeel groen,Part de surface verte,Share of green surface,%,intensive,area_ha,need_if_lower,"synthetic (Wijkwerf demo), after Groenkaart Vlaanderen",2021,true
heat_vulnerability,Hittekwetsbaarheid (score 0–10),Vulnérabilité à la chaleur (score 0–10),Heat vulnerability (score 0–10),score 0–10,intensive,pop_total,need_if_higher,"synthetic (Wijkwerf demo), after Departement Zorg heat-vulnerability map",2026,true
"""


@dataclass(frozen=True, eq=False)
class DemoMunicipality:
    """Everything the generator makes, before it is written to files.

    Attributes
    ----------
    outline
        The municipal territory (EPSG:31370): the dissolved sectors, one polygon
        without holes.
    sectors
        Sector polygons with Statbel-style attributes, one row per ``cd_sector``.
    indicators
        Wide indicator table, one row per inhabited sector, column ``cd_sector`` first.
    catalogue
        The indicator catalogue, one row per indicator column.
    wijken
        Neighbourhood polygons, each the dissolved union of its sectors.
    sector_to_wijk
        Link table ``cd_sector, wijk_code, wijk_naam``.
    uninhabited, suppressed, no_gas
        Sector codes of the deliberate imperfections: no indicator row; income cells
        suppressed; zero gas connections.
    """

    outline: Polygon
    sectors: gpd.GeoDataFrame
    indicators: pd.DataFrame
    catalogue: pd.DataFrame
    wijken: gpd.GeoDataFrame
    sector_to_wijk: pd.DataFrame
    uninhabited: tuple[str, ...]
    suppressed: tuple[str, ...]
    no_gas: tuple[str, ...]


def generate(seed: int = SEED) -> DemoMunicipality:
    """Generate the synthetic demo municipality.

    Parameters
    ----------
    seed
        Seed of the single ``numpy.random.Generator`` behind every random draw. The
        committed files in ``data/demo/`` are made with :data:`SEED`.

    Returns
    -------
    DemoMunicipality
        Sectors, indicators, catalogue and wijken, all in EPSG:31370.

    Raises
    ------
    RuntimeError
        If a self-check fails (an invalid polygon, a non-contiguous wijk): a sign that
        a changed seed or parameter produced an unusable layout.
    """
    rng = np.random.default_rng(seed)
    outline = _outline(rng)
    seeds = _seed_points(rng, outline)
    warp = _warp_function(rng)
    cells = _tessellate(seeds, outline, warp)
    outline = shapely.set_precision(shapely.union_all(cells), GRID_M)
    if outline.geom_type != "Polygon" or outline.interiors or \
            abs(shapely.area(cells).sum() / outline.area - 1) > 1e-9:
        raise RuntimeError("the sectors do not tile one territory without gaps or overlaps")
    sectors = _sector_attributes(rng, seeds, cells)
    uninhabited = _pick_uninhabited(sectors)
    forest = sectors["cd_sector"] == uninhabited[1]
    sectors.loc[forest, ["tx_sector_descr_nl", "tx_sector_descr_fr"]] = ["HEIDEBOS",
                                                                          "BOIS DE LA HEIDE"]
    indicators, suppressed, no_gas = _indicators(rng, sectors, uninhabited)
    catalogue = pd.read_csv(io.StringIO(_CATALOGUE_CSV), dtype=str, keep_default_na=False)
    if list(catalogue["id"]) != list(indicators.columns[1:]):
        raise RuntimeError("the catalogue ids differ from the indicator columns")
    wijken = _dissolve_wijken(sectors)
    sector_to_wijk = sectors[["cd_sector", "wijk_code", "wijk_naam"]].reset_index(drop=True)
    sectors = sectors.drop(columns=["wijk_code", "wijk_naam", "urbanity"])
    return DemoMunicipality(outline, sectors, indicators, catalogue, wijken, sector_to_wijk,
                            uninhabited, suppressed, no_gas)


def write_demo(out_dir: Path | str, seed: int = SEED) -> dict[str, Path]:
    """Generate the demo municipality and write its five files to ``out_dir``.

    Parameters
    ----------
    out_dir
        Target folder, created if missing. Existing demo files are overwritten.
    seed
        Generator seed, :data:`SEED` for the committed files.

    Returns
    -------
    dict of str to Path
        The written files, keyed as in :data:`FILES`.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    demo = generate(seed)
    texts = {
        "sectors": _geojson_text(demo.sectors, "sectors"),
        "indicators": _csv_text(demo.indicators),
        "catalogue": _CATALOGUE_CSV,
        "wijken": _geojson_text(demo.wijken, "wijken"),
        "sector_to_wijk": _csv_text(demo.sector_to_wijk),
    }
    paths = {}
    for key, text in texts.items():
        paths[key] = out / FILES[key]
        paths[key].write_bytes(text.encode("utf-8"))
    return paths


# --- geometry -----------------------------------------------------------------------

def _outline(rng: np.random.Generator) -> Polygon:
    """A smooth, star-shaped municipal border scaled to the bounding box ``_SIZE``."""
    theta = np.linspace(0.0, 2 * np.pi, 360, endpoint=False)
    radius = np.ones_like(theta)
    for k in range(2, 31):  # large lobes plus a stream-like wiggle along the border
        radius += rng.normal(0.0, 0.12 / k) * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    xy = np.c_[np.cos(theta) * radius, np.sin(theta) * radius]
    xy = (xy - (xy.max(0) + xy.min(0)) / 2) / (xy.max(0) - xy.min(0)) * _SIZE + _CENTRE
    return Polygon(np.round(xy, 2))


def _urbanity(xy: np.ndarray) -> np.ndarray:
    """0 (open country) … 1 (main village centre): Gaussian bumps around each village."""
    return np.max([weight * _bump(xy, offset, radius) for *_, offset, radius, weight in _VILLAGES],
                  axis=0)


def _bump(xy: np.ndarray, offset: tuple[float, float], radius: float) -> np.ndarray:
    """A Gaussian bump of height 1 at ``_CENTRE + offset``."""
    return np.exp(-np.sum((xy - _CENTRE - offset) ** 2, axis=1) / radius**2)


def _seed_points(rng: np.random.Generator, outline: Polygon) -> np.ndarray:
    """Dart throwing with a spacing that shrinks near village centres (denser cores)."""
    minx, miny, maxx, maxy = outline.bounds
    points: list[np.ndarray] = []
    spacings: list[float] = []
    for _ in range(6000):
        candidate = rng.uniform((minx, miny), (maxx, maxy))
        if not shapely.contains_xy(outline, *candidate):
            continue
        spacing = 720.0 - 520.0 * _urbanity(candidate[None, :])[0]
        if points:
            distance = np.hypot(*(np.array(points) - candidate).T)
            if np.any(distance < 0.5 * (spacing + np.array(spacings))):
                continue
        points.append(candidate)
        spacings.append(spacing)
    return np.array(points)


def _warp_function(rng: np.random.Generator) -> Callable[[np.ndarray], np.ndarray]:
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


def _tessellate(seeds: np.ndarray, outline: Polygon, warp: Callable[[np.ndarray], np.ndarray]
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

def _sector_attributes(rng: np.random.Generator, seeds: np.ndarray, cells: np.ndarray
                       ) -> gpd.GeoDataFrame:
    """Assign wijk, sub-municipality, Statbel-style code and nl/fr name to every cell."""
    anchors = np.array([offset for *_, offset in _WIJKEN]) + _CENTRE
    nearest = np.argmin(np.hypot(*(seeds[:, None, :] - anchors[None, :, :]).transpose(2, 0, 1)),
                        axis=1)
    centroids = shapely.get_coordinates(shapely.centroid(cells))
    urbanity = _urbanity(centroids)
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
        nearest_to(_STATION): ("STATIONSWIJK", "QUARTIER DE LA GARE"),
        nearest_to(_VILLAS): ("MOLENVELD", "MOLENVELD"),
        nearest_to(_INDUSTRY): ("INDUSTRIEZONE DE VAART", "ZONING INDUSTRIEL DE VAART"),
    }
    for letter, village_nl, village_fr, offset, _, _ in _VILLAGES:
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
    village = {letter: (nl, fr) for letter, nl, fr, *_ in _VILLAGES}
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


def _pick_uninhabited(sectors: gpd.GeoDataFrame) -> tuple[str, ...]:
    """The industrial zone and the most rural sector (a forest) get no indicator row."""
    is_industrial = sectors["tx_sector_descr_nl"].str.startswith("INDUSTRIEZONE")
    industrial = sectors.loc[is_industrial, "cd_sector"]
    remote = sectors.loc[~sectors["cd_sector"].isin(industrial), "urbanity"].idxmin()
    return (industrial.iloc[0], sectors.at[remote, "cd_sector"])


def _indicators(rng: np.random.Generator, sectors: gpd.GeoDataFrame, uninhabited: tuple[str, ...]
                ) -> tuple[pd.DataFrame, tuple[str, ...], tuple[str, ...]]:
    """Spatially coherent synthetic indicators; intensive values derived from the counts."""
    inhabited = sectors[~sectors["cd_sector"].isin(uninhabited)].reset_index(drop=True)
    n = len(inhabited)
    xy = shapely.get_coordinates(shapely.centroid(inhabited.geometry.values))
    u = inhabited["urbanity"].to_numpy()
    station = _bump(xy, _STATION, 650.0)
    villas = _bump(xy, _VILLAS, 800.0)
    area_ha = np.round(shapely.area(inhabited.geometry.values) / 1e4, 2)

    def noise(scale: float) -> np.ndarray:
        return rng.normal(0.0, scale, n)

    density = (110 + 4300 * u**1.3) * np.exp(noise(0.18))
    pop = np.maximum(np.round(density * area_ha / 100), 40).astype(int)
    rural = np.argsort(u)  # the two most rural inhabited sectors: a few farms only
    suppressed_at = rural[:2]
    pop[suppressed_at] = rng.integers(14, 24, 2)
    share65 = np.clip(0.20 + 0.05 * (1 - u) - 0.06 * villas + 0.03 * station + noise(0.025),
                      0.08, 0.36)
    pop65 = np.round(pop * share65).astype(int)
    household_size = np.clip(2.45 - 0.45 * u + 0.25 * villas - 0.2 * station + noise(0.08),
                             1.6, 2.9)
    households = np.maximum(np.round(pop / household_size), 1).astype(int)
    dwellings = households + np.round(households * rng.uniform(0.02, 0.07, n)).astype(int)
    old_share = np.clip(0.10 + 0.32 * _bump(xy, _VILLAGES[0][3], 500)
                        + 0.25 * _bump(xy, _VILLAGES[1][3], 350)
                        + 0.25 * _bump(xy, _VILLAGES[2][3], 330) + 0.25 * station + 0.08 * (1 - u)
                        - 0.10 * villas + noise(0.04), 0.02, 0.75)
    dwellings_pre1945 = np.round(dwellings * old_share).astype(int)
    rented = np.clip(0.12 + 0.28 * u + 0.25 * station - 0.12 * villas + noise(0.04), 0.03, 0.75)
    activity = np.clip(0.47 - 0.5 * (share65 - 0.2) + noise(0.01), 0.3, 0.55)
    labour_force = np.round(pop * activity).astype(int)
    unemployment = np.clip(0.035 + 0.09 * station + 0.015 * u - 0.02 * villas + noise(0.008),
                           0.012, 0.2)
    jobseekers = np.round(labour_force * unemployment).astype(int)

    returns_per_head = np.clip(0.50 + 0.05 * u + 0.03 * station + noise(0.015), 0.4, 0.62)
    declarations = np.round(pop * returns_per_head).astype(int)
    median = 27_500 + 9_500 * villas - 7_500 * station + 1_200 * (1 - u) + noise(900)
    average_raw = median * np.clip(1.25 + 0.12 * villas - 0.04 * station + noise(0.025), 1.05, 1.5)
    total_income = np.round(average_raw * declarations, 2)
    average = np.round(total_income / declarations)

    elek_n = dwellings - np.round(dwellings * rng.uniform(0.0, 0.02, n)).astype(int)
    elek_cons = np.round(elek_n * (3_350 + 500 * (household_size - 2.3) + noise(220)), 2)
    gas_share = np.clip(0.30 + 0.65 * np.sqrt(u) + noise(0.05), 0.15, 0.97)
    gas_share[rural[2]] = 0.0  # no gas grid: zero connections, so no average either
    gas_n = np.round(elek_n * gas_share).astype(int)
    gas_use = (15_000 + 7_500 * old_share + 3_500 * (1 - u) - 2_000 * station + 1_500 * villas
               + noise(900))
    gas_cons = np.round(gas_n * gas_use, 2)
    sealed_pct = np.clip(4 + 52 * u**1.2 + 6 * station + noise(2.5), 1.5, 80)
    sealed_ha = np.round(area_ha * sealed_pct / 100, 2)
    green_of_unsealed = np.clip(0.42 + 0.35 * u + 0.1 * villas + noise(0.05), 0.25, 0.92)
    green_ha = np.round((area_ha - sealed_ha) * green_of_unsealed, 2)

    def z(values: np.ndarray) -> np.ndarray:
        return (values - values.mean()) / values.std()

    heat_raw = (0.5 * z(sealed_pct) + 0.25 * z(share65) - 0.35 * z(median)
                - 0.2 * z(green_ha / area_ha))
    heat = np.clip(np.round(4.5 + 1.3 * heat_raw + noise(0.3), 1), 0.5, 10.0)

    def pct(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.round(100 * part / whole, 1)

    table = pd.DataFrame({
        "cd_sector": inhabited["cd_sector"].to_numpy(),
        "area_ha": area_ha, "pop_total": pop, "pop_65plus": pop65, "households": households,
        "dwellings": dwellings, "dwellings_pre1945": dwellings_pre1945,
        "labour_force": labour_force, "jobseekers": jobseekers,
        "MS_NBR_NON_ZERO_INC": declarations, "MS_TOT_NET_TAXABLE_INC": total_income,
        "v2506_gas_res_cons": gas_cons, "v2506_gas_res_n": gas_n,
        "v2506_elek_res_cons": elek_cons, "v2506_elek_res_n": elek_n,
        "green_ha": green_ha, "sealed_ha": sealed_ha,
        "pop_density_km2": np.round(pop / area_ha * 100, 1),
        "share_65plus_pct": pct(pop65, pop),
        "share_pre1945_pct": pct(dwellings_pre1945, dwellings),
        "share_rented_pct": np.round(100 * rented, 1),
        "unemployment_rate_pct": pct(jobseekers, labour_force),
        "MS_AVG_TOT_NET_TAXABLE_INC": pd.array(average.astype(int), dtype="Int64"),
        "MS_MEDIAN_NET_TAXABLE_INC": pd.array(np.round(median).astype(int), dtype="Int64"),
        "gas_per_connection_kwh": pd.array(np.round(gas_cons / np.maximum(gas_n, 1)).astype(int),
                                           dtype="Int64"),
        "sealed_pct": pct(sealed_ha, area_ha),
        "green_pct": pct(green_ha, area_ha),
        "heat_vulnerability": heat,
    })
    table.loc[gas_n == 0, "gas_per_connection_kwh"] = pd.NA
    income_columns = ["MS_TOT_NET_TAXABLE_INC", "MS_AVG_TOT_NET_TAXABLE_INC",
                      "MS_MEDIAN_NET_TAXABLE_INC"]
    table.loc[suppressed_at, income_columns] = np.nan  # too few returns to publish, as Statbel does
    table = table.sort_values("cd_sector").reset_index(drop=True)
    suppressed = tuple(sorted(inhabited["cd_sector"].iloc[suppressed_at]))
    no_gas = tuple(inhabited["cd_sector"].iloc[[rural[2]]])
    return table, suppressed, no_gas


def _dissolve_wijken(sectors: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
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


# --- serialisation ------------------------------------------------------------------

def _ring(coords: np.ndarray) -> list[list[float]]:
    return [[round(float(x), 2), round(float(y), 2)] for x, y in coords]


def _geometry_json(geometry: Polygon) -> dict:
    rings = [geometry.exterior, *geometry.interiors]
    return {"type": "Polygon", "coordinates": [_ring(np.asarray(r.coords)) for r in rings]}


def _geojson_text(frame: gpd.GeoDataFrame, name: str) -> str:
    """GeoJSON with a declared EPSG:31370 CRS, 1 cm coordinates, one feature per line.

    Written by hand rather than through GDAL so that the bytes depend only on the data,
    not on the GDAL version: the committed files are compared byte for byte in tests.
    """
    header = ('{\n"type": "FeatureCollection",\n'
              f'"name": "{name}",\n'
              '"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::31370"}},\n'
              '"features": [\n')
    features = []
    for record, geometry in zip(frame.drop(columns=frame.geometry.name).to_dict("records"),
                                frame.geometry.values):
        properties = {key: (value.item() if isinstance(value, np.generic) else value)
                      for key, value in record.items()}
        features.append(json.dumps({"type": "Feature", "properties": properties,
                                    "geometry": _geometry_json(geometry)},
                                   ensure_ascii=False, separators=(",", ":")))
    return header + ",\n".join(features) + "\n]\n}\n"


def _csv_text(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")
