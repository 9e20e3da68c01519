"""The statistical-sector layer: Statbel's geometry file (or a city's) in one schema.

Whatever the source schema (Statbel's official lower-case columns, upper-case exports,
Stad Gent's ``nis9_code``/``sectornaam``), :func:`read_sectors` returns the normalised
columns :data:`SECTOR_COLUMNS` + ``geometry`` in EPSG:31370, followed by the file's
other attributes, one row per sector sorted by ``cd_sector``.

Decisions:

- features whose code is not a 9-character sector code, and features without a polygon,
  are set aside in :attr:`SectorLayer.rejected` (column ``reason``) and reported;
- a code that occurs in several features is **dissolved**: the polygons are merged into
  one sector (keeping the attributes of the first feature). A sector split over two
  features is the usual cause, and keeping only the first part would lose area;
- the municipality code (NIS5) is taken from the first five characters of the sector
  code when the file has no municipality column (exact for pre-2025 codes and for
  municipalities not merged in 2025);
- ``area_ha`` is computed from the polygon in EPSG:31370.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from wijk_core.readers.report import Issue, ValidationReport
from wijk_core.readers.codes import find_code_column, find_column, normalise_codes, valid_codes
from wijk_core.readers.errors import GeometryError
from wijk_core.readers.files import DEFAULT_MAX_BYTES, Source
from wijk_core.readers.polygons import LAMBERT72, read_polygons

__all__ = ["SECTOR_COLUMNS", "SectorLayer", "read_sectors"]

SECTOR_COLUMNS = ("cd_sector", "tx_sector_descr_nl", "tx_sector_descr_fr", "cd_munty_refnis",
                  "tx_munty_descr_nl", "tx_munty_descr_fr", "area_ha")

_NAME_COLUMNS = {
    "tx_sector_descr_nl": ("tx_sector_descr_nl", "sectornaam", "sector_naam", "naam_sector",
                           "sectorname", "sector_name", "sector_name_nl", "tx_sector_descr",
                           "t_sec_nl", "name_nl", "naam"),
    "tx_sector_descr_fr": ("tx_sector_descr_fr", "nom_secteur", "secteur_nom", "sector_name_fr",
                           "t_sec_fr", "name_fr", "nom"),
    "cd_munty_refnis": ("cd_munty_refnis", "cd_refnis", "nis5", "nis_5", "niscode", "nis_code",
                        "gemeentecode", "code_commune", "cd_munty", "refnis", "c_nis5"),
    "tx_munty_descr_nl": ("tx_munty_descr_nl", "gemeentenaam", "gemeente", "naam_gemeente",
                          "municipality", "municipality_nl", "tx_munty_descr", "t_mun_nl"),
    "tx_munty_descr_fr": ("tx_munty_descr_fr", "nom_commune", "commune", "municipality_fr",
                          "t_mun_fr"),
}
# Statbel's Shapefiles truncate names to 10 characters: CS01012024, T_SEC_NL, CNIS5_2024.
_MUNICIPALITY_CODE = re.compile(r"^cnis5_\d{4}$", re.IGNORECASE)
_PRIVATE = ("_feature", "_empty", "_repaired")


@dataclass(frozen=True, eq=False)
class SectorLayer:
    """A sector layer as read, with what was set aside and why.

    Attributes
    ----------
    sectors
        One row per sector in EPSG:31370: :data:`SECTOR_COLUMNS`, ``geometry``, then the
        file's other attributes; sorted by ``cd_sector``.
    report
        What was repaired, merged, converted or set aside.
    rejected
        Features set aside (attributes as in the file, ``cd_sector`` as read, ``reason``:
        ``invalid_code`` or ``no_geometry``).
    source
        File name.
    layer
        Layer read from the file.
    source_crs
        CRS declared by the file.
    code_column
        Name of the file's column that held the sector code.
    """

    sectors: gpd.GeoDataFrame
    report: ValidationReport
    rejected: gpd.GeoDataFrame
    source: str
    layer: str | None
    source_crs: str
    code_column: str


def read_sectors(source: Source, filename: str | None = None, *, layer: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> SectorLayer:
    """Read a statistical-sector geometry file into the normalised sector schema.

    Parameters
    ----------
    source
        Path, bytes or binary upload: GeoJSON, GeoPackage, zipped Shapefile, or a .zip of
        one of them (Statbel's ``sh_statbel_statistical_sectors_*`` files as published).
    filename
        File name; needed when ``source`` is bytes.
    layer
        Layer of a multi-layer GeoPackage; default the first polygon layer.
    max_bytes
        Largest accepted file (default 200 MB).

    Returns
    -------
    SectorLayer
        ``sectors`` in EPSG:31370 with ``cd_sector``, names nl/fr, municipality code and
        names, ``area_ha`` and geometry; the report; the features set aside.

    Raises
    ------
    FileError
        The file cannot be opened (empty, oversize, corrupt zip, not geodata).
    GeometryError
        CRS missing or contradicted by the coordinates, outside Belgium, no polygon
        layer, or no column of sector codes (``errors.sector_code_column_missing``).
    """
    read = read_polygons(source, filename, layer=layer, max_bytes=max_bytes)
    frame, name = read.frame, read.name
    attributes = frame.drop(columns=[frame.geometry.name, *_PRIVATE])
    code_column = find_code_column(attributes)
    if code_column is None:
        columns = ", ".join(map(str, attributes.columns)) or "-"
        raise GeometryError("errors.sector_code_column_missing", filename=name, columns=columns)
    codes = normalise_codes(frame[code_column]).to_numpy()
    issues = list(read.issues)
    valid = valid_codes(pd.Series(codes)).to_numpy()
    empty = frame["_empty"].to_numpy()
    reasons = pd.Series("", index=frame.index, dtype=object)
    reasons[~valid] = "invalid_code"
    reasons[valid & empty] = "no_geometry"
    if (~valid).any():
        shown = [c or f"feature {n}" for c, n in zip(codes[~valid], frame["_feature"][~valid])]
        issues.append(Issue.of("report.invalid_codes", int((~valid).sum()), shown, source=name))
    if (valid & empty).any():
        issues.append(Issue.of("report.geometry_empty", int((valid & empty).sum()),
                               codes[valid & empty], source=name))
    repaired = frame["_repaired"].to_numpy() & valid & ~empty
    if repaired.any():
        issues.append(Issue.of("report.geometry_repaired", int(repaired.sum()), codes[repaired],
                               source=name))
    rejected = frame[reasons != ""].drop(columns=list(_PRIVATE)).assign(
        cd_sector=codes[reasons.to_numpy() != ""], reason=reasons[reasons != ""])
    kept = frame[reasons == ""].copy()
    kept["cd_sector"] = codes[reasons.to_numpy() == ""]
    if kept.empty:
        raise GeometryError("errors.no_features", filename=name)
    sectors = _normalise(kept, code_column, name, issues)
    return SectorLayer(sectors=sectors, report=ValidationReport(tuple(issues)),
                       rejected=gpd.GeoDataFrame(rejected, geometry=frame.geometry.name,
                                                 crs=LAMBERT72),
                       source=name, layer=read.layer, source_crs=read.source_crs,
                       code_column=str(code_column))


def _normalise(kept: gpd.GeoDataFrame, code_column: str, name: str,
               issues: list[Issue]) -> gpd.GeoDataFrame:
    kept = _dissolve_duplicates(kept, name, issues)
    geometry = kept.geometry.name
    columns = [c for c in kept.columns if c not in (geometry, *_PRIVATE, "cd_sector", code_column)]
    out = pd.DataFrame({"cd_sector": kept["cd_sector"].to_numpy()})
    used = {str(code_column).lower(), "cd_sector"}
    for target, names in _NAME_COLUMNS.items():
        found = find_column(columns, names)
        if found is None and target == "cd_munty_refnis":
            found = next((c for c in columns if _MUNICIPALITY_CODE.match(str(c))), None)
        values = kept[found].to_numpy() if found is not None else [None] * len(kept)
        out[target] = pd.Series(values, dtype=object).map(_text)
        if found is not None:
            used.add(str(found).lower())
    municipality = out["cd_munty_refnis"].map(_nis5)
    derived = municipality.isna()
    if derived.any():
        municipality[derived] = out.loc[derived, "cd_sector"].str[:5]
        issues.append(Issue.of("report.municipality_derived", int(derived.sum()),
                               out.loc[derived, "cd_sector"], source=name))
    out["cd_munty_refnis"] = municipality.astype(object)
    out["area_ha"] = shapely.area(kept.geometry.values) / 10_000
    extra = [c for c in columns if str(c).lower() not in used and str(c).lower() not in SECTOR_COLUMNS]
    for column in extra:
        out[column] = kept[column].to_numpy()
    out = gpd.GeoDataFrame(out, geometry=kept.geometry.values, crs=LAMBERT72)
    out = out[[*SECTOR_COLUMNS, "geometry", *extra]]
    return out.sort_values("cd_sector").reset_index(drop=True)


def _dissolve_duplicates(kept: gpd.GeoDataFrame, name: str, issues: list[Issue]) -> gpd.GeoDataFrame:
    repeated = kept["cd_sector"].duplicated(keep=False)
    if not repeated.any():
        return kept
    codes = kept.loc[repeated, "cd_sector"]
    issues.append(Issue.of("report.duplicate_sectors", codes.nunique(), codes, source=name))
    merged = kept.loc[repeated].groupby("cd_sector", sort=False).geometry.agg(
        lambda parts: shapely.union_all(parts.values))
    first = kept.drop_duplicates("cd_sector", keep="first").copy()
    to_set = first["cd_sector"].isin(merged.index)
    first.loc[to_set, first.geometry.name] = merged.loc[first.loc[to_set, "cd_sector"]].to_numpy()
    return first


def _text(value: object) -> object:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _nis5(value: object) -> object:
    """A NIS5 code as 5-character text ("21001"), or None."""
    if value is None:
        return None
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        return None
    return text.zfill(5)
