"""Statistical sectors, their indicators and neighbourhoods, as one loaded data set.

:class:`SectorData` is what every analysis and page works on, whatever the source: the
embedded demo municipality (:func:`load_demo`) or, later, official Statbel files read
by the full reader. Conventions, the same for every source:

- ``sectors``: one row per sector, column ``cd_sector`` (9-character Statbel code)
  as key, sorted by it, geometry in EPSG:31370 (Belgian Lambert 72, metres);
- ``indicators``: indexed by ``cd_sector``, one column per catalogue id; a sector
  without a row has no published values;
- ``catalogue``: indexed by indicator ``id``; ``denominator`` is missing (NaN) for
  extensive indicators;
- ``wijken``: one row per neighbourhood, key column ``wijk_code``; ``sector_to_wijk``
  links ``cd_sector`` to ``wijk_code`` (columns as in the file).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from . import config

__all__ = ["CRS", "POPULATION_COLUMN", "SectorData", "load_demo", "sector_summary"]

CRS = "EPSG:31370"
POPULATION_COLUMN = "pop_total"
_DEMO_FILES = {
    "sectors": "sectors.geojson",
    "indicators": "indicators.csv",
    "catalogue": "indicator_catalogue.csv",
    "wijken": "wijken.geojson",
    "sector_to_wijk": "sector_to_wijk.csv",
}


@dataclass(frozen=True, eq=False)
class SectorData:
    """A loaded set of sectors, indicators, catalogue and neighbourhoods.

    Attributes
    ----------
    sectors
        Sector polygons in EPSG:31370 with key column ``cd_sector`` and the Statbel
        attributes (``tx_sector_descr_nl``/``_fr``, ``cd_munty_refnis``,
        ``tx_munty_descr_nl``/``_fr``, …).
    indicators
        Indicator values indexed by ``cd_sector``; columns are catalogue ids.
    catalogue
        Indicator metadata indexed by ``id``: labels nl/fr/en, unit, kind
        (``extensive``/``intensive``), denominator, direction, source, year, synthetic.
    wijken
        Predefined neighbourhoods in EPSG:31370, key column ``wijk_code``.
    sector_to_wijk
        Link table with columns ``cd_sector``, ``wijk_code``, ``wijk_naam``.
    synthetic
        True when the values are invented (the demo): the app must say so.
    label
        Short name of the data set, shown in the interface.
    """

    sectors: gpd.GeoDataFrame
    indicators: pd.DataFrame
    catalogue: pd.DataFrame
    wijken: gpd.GeoDataFrame
    sector_to_wijk: pd.DataFrame
    synthetic: bool
    label: str


def load_demo(data_dir: Path | None = None) -> SectorData:
    """Read the embedded, synthetic demo municipality.

    Parameters
    ----------
    data_dir
        Folder holding the five demo files; default ``config.data_dir() / "demo"``
        (``data/demo`` in the repository, or ``$WIJK_DATA_DIR/demo``).

    Returns
    -------
    SectorData
        The demo data set, ``synthetic=True``.

    Raises
    ------
    FileNotFoundError
        If a demo file is missing; regenerate them with
        ``python scripts/make_demo_data.py --out data/demo``.
    ValueError
        If the sector or wijk layer is not in EPSG:31370.
    """
    folder = Path(data_dir) if data_dir is not None else config.data_dir() / "demo"
    paths = {key: folder / name for key, name in _DEMO_FILES.items()}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        raise FileNotFoundError(
            f"demo data missing: {', '.join(missing)}; regenerate with "
            "'python scripts/make_demo_data.py --out data/demo'")
    sectors = _read_layer(paths["sectors"], "cd_sector")
    wijken = _read_layer(paths["wijken"], "wijk_code")
    indicators = pd.read_csv(paths["indicators"], dtype={"cd_sector": str}).set_index("cd_sector")
    catalogue = pd.read_csv(paths["catalogue"], dtype={"denominator": str, "year": "Int64"}
                            ).set_index("id")
    sector_to_wijk = pd.read_csv(paths["sector_to_wijk"], dtype=str)
    name = sectors["tx_munty_descr_nl"].iloc[0] if len(sectors) else "demo"
    return SectorData(sectors=sectors, indicators=indicators, catalogue=catalogue, wijken=wijken,
                      sector_to_wijk=sector_to_wijk, synthetic=True, label=f"{name} (demo)")


def sector_summary(data: SectorData) -> dict[str, object]:
    """Headline counts of a data set, as shown on the home page.

    Parameters
    ----------
    data
        A loaded data set.

    Returns
    -------
    dict
        ``label`` and ``synthetic`` (as in ``data``); ``municipality`` (Dutch
        name(s), comma-separated); counts ``sectors``, ``sectors_with_indicators``,
        ``municipalities``, ``wijken``, ``indicators``; ``population`` (sum of
        ``pop_total`` over the indicator rows, None when the column is absent);
        ``area_km2`` (sum of the sector areas).

    Notes
    -----
    Areas are computed from the geometry, so ``data.sectors`` must be in a projected
    CRS in metres (EPSG:31370): ``area_km2 = sum(area_m2) / 1e6``.
    """
    sectors = data.sectors
    if sectors.crs is None or not sectors.crs.is_projected:
        raise ValueError("sector areas need a projected CRS in metres (EPSG:31370), "
                         f"got {sectors.crs}; reproject with GeoDataFrame.to_crs(31370)")
    names = sectors.drop_duplicates("cd_munty_refnis")["tx_munty_descr_nl"]
    population = None
    if POPULATION_COLUMN in data.indicators.columns:
        population = int(data.indicators[POPULATION_COLUMN].sum())
    return {
        "label": data.label,
        "synthetic": data.synthetic,
        "municipality": ", ".join(sorted(str(name) for name in names)),
        "municipalities": int(sectors["cd_munty_refnis"].nunique()),
        "sectors": len(sectors),
        "sectors_with_indicators": int(sectors["cd_sector"].isin(data.indicators.index).sum()),
        "wijken": len(data.wijken),
        "indicators": len(data.catalogue),
        "population": population,
        "area_km2": float(sectors.geometry.area.sum() / 1e6),
    }


def _read_layer(path: Path, key: str) -> gpd.GeoDataFrame:
    """Read a polygon layer, insist on EPSG:31370 and sort it by its key column."""
    layer = gpd.read_file(path)
    if layer.crs is None or layer.crs.to_epsg() != 31370:
        raise ValueError(f"{path.name} must be in {CRS}, found {layer.crs}; "
                         "reproject it with GeoDataFrame.to_crs(31370)")
    layer[key] = layer[key].astype(str)
    return layer.sort_values(key).reset_index(drop=True)
