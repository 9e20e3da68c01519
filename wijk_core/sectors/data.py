"""Statistical sectors, their indicators and neighbourhoods, as one loaded data set.

:class:`SectorData` is what every analysis and page works on, whatever the source: the
embedded demo municipality (:func:`load_demo`) or the official Statbel sector file with
any indicator tables, catalogue and neighbourhoods (:func:`load_sector_data`, which
also returns the :class:`ValidationReport` of every file read). The readers live in
:mod:`wijk_core.readers`; their public names are re-exported here. Conventions, the
same for every source:

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

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from wijk_core import config
from wijk_core.readers import (DEFAULT_MAX_BYTES, CatalogueError, FileError, GeometryError, IndicatorTable,
                      NeighbourhoodError, Neighbourhoods, SectorLayer, Source, TableError,
                      default_catalogue, read_catalogue, read_indicators, read_neighbourhoods,
                      read_sectors)
from wijk_core.readers.combine import complete_catalogue, join_indicators
from wijk_core.readers.neighbourhoods import WIJK_COLUMNS
from wijk_core.readers.report import Issue, Severity, ValidationReport
from wijk_core.sectors.conversion import needs_conversion, on_project_sectors, table_codes
from wijk_core.sectors.years import TableYears, chosen_year, table_years

__all__ = [
    "CRS", "POPULATION_COLUMN", "CatalogueError", "FileError", "GeometryError", "IndicatorTable",
    "Issue", "NeighbourhoodError", "Neighbourhoods", "SectorData", "SectorLayer", "Severity",
    "TableError", "ValidationReport", "default_catalogue", "geometry_indicators", "load_demo", "load_sector_data",
    "load_sources",
    "read_catalogue", "read_indicators", "read_neighbourhoods", "read_sectors", "sector_summary",
]

NamedSource = Source | tuple[bytes, str]
"""A file as accepted by the readers, or ``(bytes, filename)`` for an upload."""

CRS = "EPSG:31370"
POPULATION_COLUMN = "pop_total"
_NOT_FIGURES = ("cd_", "tx_", "dt_")
_NUMBERING = re.compile(r"(?:^|_)(?:fid|gid|id|objectid|ogc_fid|code|nis|refnis)(?:$|_)|nr(?:$|_)", re.I)
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
    year_tables
        The long indicator tables (one row per sector and year): the year loaded and every
        year's values (:class:`~wijk_core.sectors.years.TableYears`), in reading order.
    """

    sectors: gpd.GeoDataFrame
    indicators: pd.DataFrame
    catalogue: pd.DataFrame
    wijken: gpd.GeoDataFrame
    sector_to_wijk: pd.DataFrame
    synthetic: bool
    label: str
    year_tables: tuple[TableYears, ...] = ()


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
    names = _municipality_names(sectors)
    population = None
    if POPULATION_COLUMN in data.indicators.columns:
        population = int(data.indicators[POPULATION_COLUMN].sum())
    return {
        "label": data.label,
        "synthetic": data.synthetic,
        "municipality": ", ".join(names),
        "municipalities": int(sectors["cd_munty_refnis"].nunique()),
        "sectors": len(sectors),
        "sectors_with_indicators": int(sectors["cd_sector"].isin(data.indicators.index).sum()),
        "wijken": len(data.wijken),
        "indicators": len(data.catalogue),
        "population": population,
        "area_km2": float(sectors.geometry.area.sum() / 1e6),
    }


def load_sector_data(sectors_file: NamedSource, indicator_files: Sequence[NamedSource] = (),
                     catalogue_file: NamedSource | None = None, wijken: NamedSource | None = None,
                     *, link_table: NamedSource | None = None, other_sectors: NamedSource | None = None,
                     year: int | Sequence[int | None] | None = None, label: str | None = None,
                     max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[SectorData, ValidationReport]:
    """Read official sector geometry, indicator tables, catalogue and neighbourhoods.

    Parameters
    ----------
    sectors_file
        Statbel sector geometry (path, upload, or ``(bytes, filename)``), see
        :func:`read_sectors`.
    indicator_files
        Indicator tables, see :func:`read_indicators`; joined on ``cd_sector``.
    catalogue_file
        Indicator catalogue (:func:`read_catalogue`); columns it does not describe get
        default entries (:func:`default_catalogue`), entries without column are left out.
    wijken
        Neighbourhood polygon layer; with ``link_table`` the neighbourhoods are built
        exactly from the sectors (:func:`read_neighbourhoods`).
    link_table
        Sector → neighbourhood link table (``cd_sector``, ``wijk_code``[, ``wijk_naam``]).
    other_sectors
        A second sector geometry, of the other generation of sector codes (before or after
        the 2025 reform): a table whose codes fit it much better than ``sectors_file`` is
        converted onto ``sectors_file``'s sectors by area and the report says how
        (:func:`wijk_core.sectors.conversion.on_project_sectors`).
    year
        Year to keep from long tables (default the latest of each), or one per table.
    label
        Name of the data set; default the municipality names.
    max_bytes
        Largest accepted file.

    Returns
    -------
    (SectorData, ValidationReport)
        The data set (``synthetic=False``) and every file's report, in reading order.

    Raises
    ------
    WijkError
        The first file that cannot be read (see the readers).

    Notes
    -----
    Column clashes between tables: a column that a later table repeats with the same
    values (e.g. ``area_valid_ha``) is read once; with other values the later column is
    renamed ``<column>_<n>`` (``n`` = the table's position, from 1) and reported.
    Indicators are the rows of known sectors only; rows of unknown codes stay in the
    readers' ``IndicatorTable.unknown`` and are reported. A long table's other years are
    read too, for :attr:`SectorData.year_tables` (trends).
    """
    source, name = _unpack(sectors_file)
    layer = read_sectors(source, name, max_bytes=max_bytes)
    reports = [layer.report]
    other = None
    if other_sectors is not None:
        source, name = _unpack(other_sectors)
        other = read_sectors(source, name, max_bytes=max_bytes)
        reports.append(other.report)
    years = list(year) if isinstance(year, Sequence) else [year] * len(indicator_files)
    conversions: list[str | None] = []

    def read(item: NamedSource, table_year: int | None) -> IndicatorTable:
        """One indicator table for one year, on the project's sectors (converted from the other generation)."""
        source, name = _unpack(item)
        table = read_indicators(_rewound(source), name, year=table_year, sectors=layer.sectors,
                                max_bytes=max_bytes)
        if other is None or not needs_conversion(table, layer, other):
            return table
        given = None
        if catalogue_file is not None:
            source, name = _unpack(catalogue_file)
            given = read_catalogue(_rewound(source), name, indicators=table_codes(table), max_bytes=max_bytes)
        conversions.append(name)
        return on_project_sectors(table, layer, other, given)

    tables = [read(item, table_year) for item, table_year in zip(indicator_files, years, strict=True)]
    reports += [table.report for table in tables]
    if other is not None and not conversions:
        reports.append([Issue.of("report.other_geometry_unused", len(other.sectors), source=other.source)])
    indicators, issues, renames = join_indicators(tables)
    found_years = table_years(tables, renames, lambda position, year: read(indicator_files[position], year))
    indicators = _with_geometry_indicators(indicators, layer.sectors)
    given = None
    if catalogue_file is not None:
        source, name = _unpack(catalogue_file)
        given = read_catalogue(source, name, indicators=indicators, max_bytes=max_bytes)
    catalogue, catalogue_issues = complete_catalogue(indicators, tables, given, renames)
    found = _neighbourhoods(layer, wijken, link_table, max_bytes)
    reports += [ValidationReport(tuple(issues + catalogue_issues)), found.report]
    data = SectorData(sectors=layer.sectors, indicators=indicators, catalogue=catalogue,
                      wijken=found.wijken, sector_to_wijk=found.sector_to_wijk, synthetic=False,
                      label=label or _label(layer.sectors), year_tables=found_years)
    return data, ValidationReport().merge(*reports)


def geometry_indicators(sectors: gpd.GeoDataFrame) -> pd.DataFrame:
    """The sector file's own figures: ``area_ha`` (from the polygon) and its other numeric columns.

    Parameters
    ----------
    sectors
        Sectors as read by :func:`read_sectors` (key column ``cd_sector``).

    Returns
    -------
    pandas.DataFrame
        Float columns indexed by ``cd_sector`` (e.g. ``area_ha``, ``ms_area_ha``,
        ``ms_perimeter_m`` of a Statbel file); codes (``cd_*``), texts (``tx_*``),
        dates (``dt_*``), numberings (``fid``, ``id``, ``…nr``, ``…_code``, such as Gent's
        ``wijknr_stad_gent``) and boolean columns are left out.
    """
    columns = [column for column in sectors.columns
               if column != sectors.geometry.name and not str(column).startswith(_NOT_FIGURES)
               and not _NUMBERING.search(str(column))
               and pd.api.types.is_numeric_dtype(sectors[column]) and not pd.api.types.is_bool_dtype(sectors[column])]
    return sectors.set_index("cd_sector")[columns].astype(float).rename_axis("cd_sector")


def _with_geometry_indicators(indicators: pd.DataFrame, sectors: gpd.GeoDataFrame) -> pd.DataFrame:
    """``indicators`` and, after them, the sector file's own figures it does not already hold.

    The rows stay those of the indicator tables (a sector without a row has no published
    values); from geometry alone, every sector has a row.
    """
    own = geometry_indicators(sectors)
    own = own.drop(columns=[column for column in own.columns if column in indicators.columns])
    if not len(own.columns):
        return indicators
    joined = indicators.join(own, how="left") if len(indicators.columns) else own
    return joined.rename_axis("cd_sector").sort_index()


def load_sources(files: Sequence[tuple[str, bytes, str] | tuple[str, bytes, str, Mapping[str, Any] | None]],
                 **options) -> tuple[SectorData, ValidationReport]:
    """Read a project's data sources, as stored: ``(role, bytes, filename[, options])`` per file, oldest first.

    The latest file of a single role (sectors, catalogue, neighbourhoods, link table,
    second geometry ``sectors_other``) counts; every indicator table is read, in order,
    for the year its stored options choose (``{"year": 2021}``; default its latest).
    ``options`` go to :func:`load_sector_data`.

    Raises
    ------
    ValueError
        Without a file of role ``sectors``.
    WijkError
        The first file that cannot be read.
    """
    by_role: dict[str, list[tuple[bytes, str]]] = {}
    table_years_chosen: list[int | None] = []
    for role, content, filename, *stored in files:
        by_role.setdefault(role, []).append((content, filename))
        if role == "indicators":
            table_years_chosen.append(chosen_year(stored[0] if stored else None))
    if not by_role.get("sectors"):
        raise ValueError("data sources need a sector geometry file (role 'sectors')")
    options.setdefault("year", table_years_chosen)
    return load_sector_data(
        by_role["sectors"][-1], by_role.get("indicators", []), (by_role.get("catalogue") or [None])[-1],
        (by_role.get("neighbourhoods") or [None])[-1], link_table=(by_role.get("link_table") or [None])[-1],
        other_sectors=(by_role.get("sectors_other") or [None])[-1], **options)


def _rewound(source: Source) -> Source:
    """A file object read once already, back at its start (paths and bytes as they are)."""
    seek = getattr(source, "seek", None)
    if callable(seek):
        seek(0)
    return source


def _unpack(item: NamedSource) -> tuple[Source, str | None]:
    if isinstance(item, tuple):
        data, name = item
        return data, name
    return item, None


def _neighbourhoods(layer: SectorLayer, wijken: NamedSource | None, link_table: NamedSource | None,
                    max_bytes: int) -> Neighbourhoods:
    if wijken is None and link_table is None:
        empty = gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in WIJK_COLUMNS},
                                 geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)
        link = pd.DataFrame({c: pd.Series(dtype=object) for c in ("cd_sector", "wijk_code", "wijk_naam")})
        return Neighbourhoods(wijken=empty, sector_to_wijk=link, report=ValidationReport(),
                              exact=False, source="")
    source, name = _unpack(wijken) if wijken is not None else (None, None)
    link_source, link_name = _unpack(link_table) if link_table is not None else (None, None)
    return read_neighbourhoods(source, name, sectors=layer, link_table=link_source,
                               link_filename=link_name, max_bytes=max_bytes)


def _municipality_names(sectors: gpd.GeoDataFrame) -> list[str]:
    first = sectors.drop_duplicates("cd_munty_refnis")
    names = first["tx_munty_descr_nl"].where(first["tx_munty_descr_nl"].notna(),
                                             first["cd_munty_refnis"])
    return sorted(str(name) for name in names)


def _label(sectors: gpd.GeoDataFrame) -> str:
    names = _municipality_names(sectors)
    return ", ".join(names) if len(names) <= 3 else f"{', '.join(names[:3])} (+{len(names) - 3})"


def _read_layer(path: Path, key: str) -> gpd.GeoDataFrame:
    """Read a polygon layer, insist on EPSG:31370 and sort it by its key column."""
    layer = gpd.read_file(path)
    if layer.crs is None or layer.crs.to_epsg() != 31370:
        raise ValueError(f"{path.name} must be in {CRS}, found {layer.crs}; "
                         "reproject it with GeoDataFrame.to_crs(31370)")
    layer[key] = layer[key].astype(str)
    return layer.sort_values(key).reset_index(drop=True)
