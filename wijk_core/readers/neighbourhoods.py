"""Predefined neighbourhoods ("wijken", "quartiers") as candidate perimeters.

Two ways to get them, combinable:

- a **polygon layer** (Provincies in Cijfers' ``wijk_code``/``wijk_naam`` GeoPackage,
  Brussels' monitoring quartiers ``MDRC``/``NAME_DUT``/``NAME_FRE``): read as drawn,
  with the same format and CRS rules as sector layers. Such polygons may be simplified
  or cross sector borders, so ``exact`` is False;
- a **link table** ``cd_sector`` → ``wijk_code`` [→ ``wijk_naam``] with the sector
  layer: every wijk is the union (dissolve) of its sectors, so it nests exactly and
  aggregates exactly (``exact`` True). A polygon layer given as well only adds names.

Codes of pseudo-neighbourhoods such as Provincies in Cijfers' ``…ONB`` ("unknown")
have no sector in the layer and so no polygon: they are reported, not drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from wijk_core.readers.report import Issue, ValidationReport
from wijk_core.readers.codes import find_code_column, find_column, normalise_codes, valid_codes
from wijk_core.readers.errors import NeighbourhoodError
from wijk_core.readers.files import DEFAULT_MAX_BYTES, Source
from wijk_core.readers.indicators import sector_codes_of
from wijk_core.readers.polygons import LAMBERT72, read_polygons
from wijk_core.readers.text import read_table

__all__ = ["WIJK_COLUMNS", "Neighbourhoods", "read_neighbourhoods"]

WIJK_COLUMNS = ("wijk_code", "wijk_naam", "wijk_naam_fr", "cd_munty_refnis", "area_ha")
_CODE_NAMES = ("wijk_code", "wijkcode", "code_wijk", "wijk_id", "wijknr", "wijk_nr", "mdrc",
               "quartier_code", "code_quartier", "code", "id")
_NAME_NL = ("wijk_naam", "wijknaam", "naam_wijk", "name_dut", "name_nl", "naam",
            "quartier_name_nl", "name")
_NAME_FR = ("wijk_naam_fr", "nom_quartier", "name_fre", "name_fr", "quartier_name_fr", "nom")
_MUNICIPALITY = ("cd_munty_refnis", "nis5", "niscode", "gemeentecode")


@dataclass(frozen=True, eq=False)
class Neighbourhoods:
    """Neighbourhood polygons, their link to sectors and what was noticed on the way.

    Attributes
    ----------
    wijken
        One row per neighbourhood in EPSG:31370: :data:`WIJK_COLUMNS` + geometry, sorted
        by ``wijk_code``.
    sector_to_wijk
        ``cd_sector``, ``wijk_code``, ``wijk_naam``: one row per linked sector (empty for
        a polygon layer read without link table).
    report
        Repairs, duplicates, unknown sectors, neighbourhoods without polygon.
    exact
        True when the polygons are unions of whole sectors (built from a link table).
    source
        Name(s) of the file(s) read.
    """

    wijken: gpd.GeoDataFrame
    sector_to_wijk: pd.DataFrame
    report: ValidationReport
    exact: bool
    source: str


def read_neighbourhoods(source: Source | None = None, filename: str | None = None,
                        sectors: object | None = None, link_table: Source | None = None, *,
                        link_filename: str | None = None, code_column: str | None = None,
                        layer: str | None = None,
                        max_bytes: int = DEFAULT_MAX_BYTES) -> Neighbourhoods:
    """Read predefined neighbourhoods from a polygon layer and/or a sector link table.

    Parameters
    ----------
    source, filename
        Polygon layer (GeoPackage, GeoJSON, zipped Shapefile) and its file name.
    sectors
        The sector layer (GeoDataFrame with ``cd_sector`` in EPSG:31370, or a
        ``SectorLayer``); needed with ``link_table``.
    link_table, link_filename
        CSV/XLSX with a sector code column and a neighbourhood code column.
    code_column
        Neighbourhood code column to use (e.g. ``mdrc`` instead of ``wijk_code`` in the
        Brussels link table); default the first known name (``wijk_code``, ``MDRC``, …).
    layer
        Layer of a multi-layer polygon file.
    max_bytes
        Largest accepted file.

    Returns
    -------
    Neighbourhoods

    Raises
    ------
    NeighbourhoodError
        ``errors.neighbourhoods_nothing_given``, ``errors.link_table_needs_sectors``,
        ``errors.wijk_code_column_missing``.
    FileError, GeometryError, TableError
        As for sector layers and tables.
    """
    if source is None and link_table is None:
        raise NeighbourhoodError("errors.neighbourhoods_nothing_given", lename="")
    if link_table is not None and sectors is None:
        raise NeighbourhoodError("errors.link_table_needs_sectors", filename=link_filename or "")
    issues: list[Issue] = []
    polygons, names = None, []
    if source is not None:
        polygons, name = _read_layer(source, filename, code_column, layer, max_bytes, issues)
        names.append(name)
    if link_table is None:
        link = pd.DataFrame({"cd_sector": pd.Series(dtype=object), "wijk_code": pd.Series(dtype=object),
                             "wijk_naam": pd.Series(dtype=object)})
        return Neighbourhoods(wijken=polygons, sector_to_wijk=link,
                              report=ValidationReport(tuple(issues)), exact=False,
                              source=", ".join(names))
    link, link_name = _read_link(link_table, link_filename, code_column, max_bytes, issues)
    names.append(link_name)
    wijken, link = _dissolve(link, sectors, polygons, link_name, issues)
    return Neighbourhoods(wijken=wijken, sector_to_wijk=link, report=ValidationReport(tuple(issues)),
                          exact=True, source=", ".join(names))


def _read_layer(source: Source, filename: str | None, code_column: str | None, layer: str | None,
                max_bytes: int, issues: list[Issue]) -> tuple[gpd.GeoDataFrame, str]:
    read = read_polygons(source, filename, layer=layer, max_bytes=max_bytes)
    frame, name = read.frame, read.name
    issues.extend(read.issues)
    attributes = [c for c in frame.columns if c != frame.geometry.name and not str(c).startswith("_")]
    column = find_column(attributes, (code_column,) if code_column else _CODE_NAMES)
    if column is None:
        shown = ", ".join(map(str, attributes)) or "-"
        raise NeighbourhoodError("errors.wijk_code_column_missing",
                                 filename=name, columns=shown)
    codes = frame[column].map(_code)
    empty = frame["_empty"].to_numpy() | (codes == "").to_numpy()
    if empty.any():
        shown = [c or f"feature {n}" for c, n in zip(codes[empty], frame["_feature"][empty])]
        issues.append(Issue.of("report.geometry_empty", int(empty.sum()), shown, source=name))
    repaired = frame["_repaired"].to_numpy() & ~empty
    if repaired.any():
        issues.append(Issue.of("report.geometry_repaired", int(repaired.sum()), codes[repaired],
                               source=name))
    kept = frame[~empty]
    out = pd.DataFrame({"wijk_code": codes[~empty].to_numpy()})
    for target, candidates in (("wijk_naam", _NAME_NL), ("wijk_naam_fr", _NAME_FR),
                               ("cd_munty_refnis", _MUNICIPALITY)):
        found = find_column([c for c in attributes if c != column], candidates)
        out[target] = kept[found].map(_code).replace("", None).to_numpy() if found else None
    out["wijk_naam"] = out["wijk_naam"].fillna(out["wijk_code"])
    wijken = gpd.GeoDataFrame(out, geometry=kept.geometry.values, crs=LAMBERT72)
    repeated = wijken["wijk_code"][wijken["wijk_code"].duplicated(keep=False)]
    if not repeated.empty:
        issues.append(Issue.of("report.duplicate_wijken", repeated.nunique(), repeated, source=name))
        geometry = wijken.groupby("wijk_code", sort=False).geometry.agg(
            lambda parts: shapely.union_all(parts.values))
        wijken = wijken.drop_duplicates("wijk_code").set_index("wijk_code")
        wijken = wijken.set_geometry(geometry.reindex(wijken.index).values, crs=LAMBERT72).reset_index()
    return _finish(wijken), name


def _read_link(link_table: Source, filename: str | None, code_column: str | None, max_bytes: int,
               issues: list[Issue]) -> tuple[pd.DataFrame, str]:
    raw = read_table(link_table, filename, max_bytes=max_bytes)
    frame, name = raw.frame, raw.name
    issues.extend(raw.issues)
    sector_column = find_code_column(frame)
    others = [c for c in frame.columns if c != sector_column]
    wijk_column = find_column(others, (code_column,) if code_column else _CODE_NAMES)
    if sector_column is None or wijk_column is None:
        shown = ", ".join(map(str, frame.columns)) or "-"
        raise NeighbourhoodError("errors.wijk_code_column_missing", filename=name, columns=shown)
    name_column = find_column([c for c in others if c != wijk_column], _NAME_NL)
    name_fr_column = find_column([c for c in others if c not in (wijk_column, name_column)], _NAME_FR)
    codes = normalise_codes(frame[sector_column])
    link = pd.DataFrame({"cd_sector": codes.to_numpy(),
                         "wijk_code": frame[wijk_column].map(_code).to_numpy(),
                         "wijk_naam": (frame[name_column].map(_code).to_numpy() if name_column
                                       else ""),
                         "wijk_naam_fr": (frame[name_fr_column].map(_code).to_numpy()
                                          if name_fr_column else "")})
    bad = ~valid_codes(codes).to_numpy() | (link["wijk_code"] == "").to_numpy()
    if bad.any():
        shown = [f"row {r}: '{c}'" for r, c in zip(np.flatnonzero(bad) + 2, codes[bad])]
        issues.append(Issue.of("report.invalid_codes", int(bad.sum()), shown, source=name))
    link = link[~bad]
    repeated = link["cd_sector"][link["cd_sector"].duplicated(keep=False)]
    if not repeated.empty:
        issues.append(Issue.of("report.duplicate_codes", repeated.nunique(), repeated, source=name))
        link = link.drop_duplicates("cd_sector")
    link[["wijk_naam", "wijk_naam_fr"]] = link[["wijk_naam", "wijk_naam_fr"]].replace("", None)
    return link.reset_index(drop=True), name


def _dissolve(link: pd.DataFrame, sectors: object, polygons: gpd.GeoDataFrame | None, name: str,
              issues: list[Issue]) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    layer = getattr(sectors, "sectors", sectors)
    if not isinstance(layer, gpd.GeoDataFrame):
        raise NeighbourhoodError("errors.link_table_needs_sectors", filename=name)
    layer = layer.to_crs(LAMBERT72) if layer.crs is not None and layer.crs.to_epsg() != 31370 else layer
    codes = set(sector_codes_of(layer))
    unknown = link[~link["cd_sector"].isin(codes)]
    if not unknown.empty:
        issues.append(Issue.of("report.unknown_codes", len(unknown), unknown["cd_sector"], source=name))
    unlinked = sorted(codes - set(link["cd_sector"]))
    if unlinked:
        issues.append(Issue.of("report.sectors_without_wijk", len(unlinked), unlinked, source=name))
    linked = link[link["cd_sector"].isin(codes)]
    without = sorted(set(link["wijk_code"]) - set(linked["wijk_code"]))
    if without:
        issues.append(Issue.of("report.wijk_without_polygon", len(without), without, source=name))
    columns = ["cd_sector", layer.geometry.name]
    if "cd_munty_refnis" in layer.columns:
        columns.insert(1, "cd_munty_refnis")
    parts = layer[columns].merge(linked, on="cd_sector")
    if "cd_munty_refnis" not in parts.columns:
        parts["cd_munty_refnis"] = parts["cd_sector"].str[:5]
    grouped = parts.groupby("wijk_code")
    geometry = grouped[layer.geometry.name].agg(lambda g: shapely.union_all(g.values))
    wijken = gpd.GeoDataFrame({
        "wijk_code": geometry.index,
        "wijk_naam": grouped["wijk_naam"].first().reindex(geometry.index).to_numpy(),
        "wijk_naam_fr": grouped["wijk_naam_fr"].first().reindex(geometry.index).to_numpy(),
        "cd_munty_refnis": grouped["cd_munty_refnis"].agg(lambda m: m.mode().iloc[0]).to_numpy(),
    }, geometry=geometry.to_numpy(), crs=LAMBERT72)
    if polygons is not None:
        by_code = polygons.set_index("wijk_code")
        for column in ("wijk_naam", "wijk_naam_fr"):  # the layer's names first
            wijken[column] = wijken["wijk_code"].map(by_code[column]).fillna(wijken[column])
        not_linked = sorted(set(by_code.index) - set(wijken["wijk_code"]))
        if not_linked:
            issues.append(Issue.of("report.wijk_without_sectors", len(not_linked), not_linked,
                                   source=name))
    wijken["wijk_naam"] = wijken["wijk_naam"].fillna(wijken["wijk_code"])
    names = wijken.set_index("wijk_code")["wijk_naam"]
    linked = linked[["cd_sector", "wijk_code"]].assign(wijk_naam=linked["wijk_code"].map(names))
    return _finish(wijken), linked.sort_values("cd_sector").reset_index(drop=True)


def _finish(wijken: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    wijken = wijken.copy()
    wijken["area_ha"] = shapely.area(wijken.geometry.values) / 10_000
    ordered = wijken[[*WIJK_COLUMNS, wijken.geometry.name]]
    return ordered.sort_values("wijk_code").reset_index(drop=True)


def _code(value: object) -> str:
    """A code or name as text: integral numbers without ".0", missing as ""."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()
