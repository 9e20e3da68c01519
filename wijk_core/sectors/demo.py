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

The territory (outline, sectors, names, wijken) is drawn by
:mod:`wijk_core.sectors.demo_territory`; this module draws the figures living in it,
checks the whole and writes the files.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Polygon

from wijk_core.sectors.demo_territory import (CRS, GRID_M, NIS5, STATION, VILLAGES, VILLAS, bump, dissolve_wijken,
                                              draw_outline, pick_uninhabited, sector_attributes,
                                              seed_points, tessellate, warp_function)

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
FILES = {
    "sectors": "sectors.geojson",
    "indicators": "indicators.csv",
    "catalogue": "indicator_catalogue.csv",
    "wijken": "wijken.geojson",
    "sector_to_wijk": "sector_to_wijk.csv",
}
CATALOGUE_COLUMNS = ["id", "label_nl", "label_fr", "label_en", "unit", "kind", "denominator",
                     "direction", "source", "year", "synthetic"]

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
    outline = draw_outline(rng)
    seeds = seed_points(rng, outline)
    warp = warp_function(rng)
    cells = tessellate(seeds, outline, warp)
    outline = shapely.set_precision(shapely.union_all(cells), GRID_M)
    if outline.geom_type != "Polygon" or outline.interiors or \
            abs(shapely.area(cells).sum() / outline.area - 1) > 1e-9:
        raise RuntimeError("the sectors do not tile one territory without gaps or overlaps")
    sectors = sector_attributes(rng, seeds, cells)
    uninhabited = pick_uninhabited(sectors)
    forest = sectors["cd_sector"] == uninhabited[1]
    sectors.loc[forest, ["tx_sector_descr_nl", "tx_sector_descr_fr"]] = ["HEIDEBOS",
                                                                          "BOIS DE LA HEIDE"]
    indicators, suppressed, no_gas = _indicators(rng, sectors, uninhabited)
    catalogue = pd.read_csv(io.StringIO(_CATALOGUE_CSV), dtype=str, keep_default_na=False)
    if list(catalogue["id"]) != list(indicators.columns[1:]):
        raise RuntimeError("the catalogue ids differ from the indicator columns")
    wijken = dissolve_wijken(sectors)
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


def _indicators(rng: np.random.Generator, sectors: gpd.GeoDataFrame, uninhabited: tuple[str, ...]
                ) -> tuple[pd.DataFrame, tuple[str, ...], tuple[str, ...]]:
    """Spatially coherent synthetic indicators; intensive values derived from the counts."""
    inhabited = sectors[~sectors["cd_sector"].isin(uninhabited)].reset_index(drop=True)
    n = len(inhabited)
    xy = shapely.get_coordinates(shapely.centroid(inhabited.geometry.values))
    u = inhabited["urbanity"].to_numpy()
    station = bump(xy, STATION, 650.0)
    villas = bump(xy, VILLAS, 800.0)
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
    old_share = np.clip(0.10 + 0.32 * bump(xy, VILLAGES[0][3], 500)
                        + 0.25 * bump(xy, VILLAGES[1][3], 350)
                        + 0.25 * bump(xy, VILLAGES[2][3], 330) + 0.25 * station + 0.08 * (1 - u)
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
