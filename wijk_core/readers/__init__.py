"""Readers for the files a municipal officer uploads, each with a validation report.

| function | reads | returns |
|---|---|---|
| :func:`read_sectors` | Statbel sector geometry (GeoJSON, GPKG, zipped SHP, .zip) | :class:`SectorLayer` |
| :func:`read_indicators` | indicator tables (``TF_*`` txt, CSV, XLSX; wide or long) | :class:`IndicatorTable` |
| :func:`read_catalogue` | indicator catalogue CSV/XLSX | DataFrame indexed by ``id`` |
| :func:`default_catalogue` | — (describes uploaded columns) | DataFrame indexed by ``id`` |
| :func:`read_neighbourhoods` | wijk polygons and/or a sector → wijk link table | :class:`Neighbourhoods` |

Every reader takes a path, bytes (with ``filename``) or an upload object, refuses
files larger than ``max_bytes`` (default 200 MB), raises a
:class:`~wijk_core.errors.WijkError` subclass for what the user must fix, and reports
everything it repaired or set aside in a :class:`~wijk_core.readers.report.ValidationReport`.

Error codes (i18n keys): ``errors.path_not_found``, ``errors.file_empty``,
``errors.file_too_large``, ``errors.zip_corrupt``, ``errors.zip_no_geodata``,
``errors.zip_no_table``, ``errors.not_geodata``, ``errors.geodata_unreadable``,
``errors.shapefile_incomplete``, ``errors.no_crs``, ``errors.crs_degrees_in_metric``,
``errors.crs_metres_in_degrees``, ``errors.crs_unsupported``, ``errors.outside_belgium``,
``errors.no_polygon_layer``, ``errors.layer_not_found``, ``errors.no_features``,
``errors.sector_code_column_missing``, ``errors.xls_unsupported``, ``errors.not_a_table``,
``errors.table_unreadable``, ``errors.table_empty``, ``errors.year_not_available``,
``errors.no_indicator_columns``, ``errors.catalogue_*``, ``errors.wijk_code_column_missing``,
``errors.link_table_needs_sectors``, ``errors.neighbourhoods_nothing_given``.
"""

from wijk_core.readers.catalogue import (CATALOGUE_COLUMNS, IndicatorKind, NeedDirection, default_catalogue,
                        known_indicators, read_catalogue)
from wijk_core.readers.codes import SECTOR_CODE, find_code_column, normalise_codes, valid_codes
from wijk_core.readers.errors import CatalogueError, FileError, GeometryError, NeighbourhoodError, TableError
from wijk_core.readers.files import DEFAULT_MAX_BYTES, Source
from wijk_core.readers.geometry import SECTOR_COLUMNS, SectorLayer, read_sectors
from wijk_core.readers.indicators import IndicatorTable, read_indicators
from wijk_core.readers.neighbourhoods import WIJK_COLUMNS, Neighbourhoods, read_neighbourhoods
from wijk_core.readers.numbers import SUPPRESSED, parse_numbers
from wijk_core.readers.polygons import BELGIUM_BOUNDS, read_polygons

__all__ = [
    "BELGIUM_BOUNDS",
    "CATALOGUE_COLUMNS",
    "DEFAULT_MAX_BYTES",
    "SECTOR_CODE",
    "SECTOR_COLUMNS",
    "SUPPRESSED",
    "WIJK_COLUMNS",
    "CatalogueError",
    "FileError",
    "GeometryError",
    "IndicatorKind",
    "IndicatorTable",
    "NeedDirection",
    "NeighbourhoodError",
    "Neighbourhoods",
    "SectorLayer",
    "Source",
    "TableError",
    "default_catalogue",
    "find_code_column",
    "known_indicators",
    "normalise_codes",
    "parse_numbers",
    "read_catalogue",
    "read_indicators",
    "read_neighbourhoods",
    "read_polygons",
    "read_sectors",
    "valid_codes",
]
