"""An indicator table moved from one generation of sector geometry onto another, by area.

A table keyed by pre-2025 sector codes cannot be joined to 2025 geometry (see
:mod:`wijk_core.readers.generations`). With the geometry of both generations, each
sector ``j`` of the project (the *target*) gets, by the same areal weighting as a
candidate perimeter (:func:`wijk_core.areal.aggregate.aggregate`, each target sector
taken as a perimeter over the *source* sectors ``i``):

- extensive values:  x_j = Σ_i s_ij · x_i, with ``s_ij`` the share of source sector ``i``'s
  area inside target ``j``, so Σ_j x_j = Σ_i x_i · Σ_j s_ij, the source total exactly
  when the target sectors cover the source sectors (Σ_j s_ij = 1);
- intensive values:  x_j = Σ_i s_ij·d_i·x_i / Σ_i s_ij·d_i, weighted by the catalogue's
  denominator ``d`` (area when none).

:class:`Conversion` keeps what the validation report needs: how many sectors on each
side, each extensive total before and after, and the share of the source area that
falls outside the target sectors (where the total is lost, never moved elsewhere), and
each target sector's share of area on source data (a sector only partly covered is
named in the report).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from wijk_core.areal.aggregate import MissingValuesWarning, aggregate
from wijk_core.readers.catalogue import IndicatorKind
from wijk_core.readers.generations import Generation
from wijk_core.readers.report import Issue, Totals

__all__ = ["Conversion", "convert_to_sectors"]

_MIN_COVERAGE = 1e-6  # share of a target sector's weight on source data below which it has no value
_PARTLY = 0.99  # a target sector with less of its area on source data is named as partly covered
_CONVERTED = {(Generation.PRE_2025, Generation.GEN_2025): "report.table_converted_pre2025_to_2025",
              (Generation.GEN_2025, Generation.PRE_2025): "report.table_converted_2025_to_pre2025"}


@dataclass(frozen=True, eq=False)
class Conversion:
    """A table converted onto the target sectors, with its bookkeeping.

    Attributes
    ----------
    data
        One row per target sector (index ``cd_sector``, the target's codes, sorted),
        one float column per catalogued indicator; NaN where less than a millionth of
        the sector's weight lies on source sectors with a value (a border sliver).
    source_sectors
        Source sectors that have a row in the table and overlap a target sector.
    totals
        Per extensive indicator: ``source`` (Σ over the source sectors with a value),
        ``target`` (Σ of the converted values) and ``outside`` (the part of the source
        total on area outside every target sector).
    share_outside
        Share of the area of the source sectors with a row that lies outside every
        target sector (0 when the layers cover the same ground).
    codes_without_geometry
        Codes of the table that are not sectors of the source geometry.
    covered
        Per target sector (index as ``data``): the share of its area that lies on
        source sectors with a row (0..1).
    target_areas
        Per target sector (index as ``data``): its area, m².
    """

    data: pd.DataFrame
    source_sectors: int
    totals: pd.DataFrame
    share_outside: float
    codes_without_geometry: tuple[str, ...]
    covered: pd.Series
    target_areas: pd.Series

    @property
    def share_covered(self) -> float:
        """Share of the target sectors' area that lies on source sectors with a row (0..1)."""
        total = float(self.target_areas.sum())
        return float((self.covered * self.target_areas).sum() / total) if total > 0 else 0.0

    def partly_covered(self) -> pd.Series:
        """Target sectors with data on less than 99 % of their area (and more than a sliver), sorted."""
        covered = self.covered
        return covered[(covered >= _MIN_COVERAGE) & (covered < _PARTLY)].sort_index()

    def issues(self, source: str = "", generations: tuple[Generation, Generation] | None = None) -> list[Issue]:
        """The conversion as report issues.

        Parameters
        ----------
        source
            The table's file name.
        generations
            The generation of the source and of the target sector codes: names the
            conversion (``report.table_converted_pre2025_to_2025`` or ``…_2025_to_pre2025``;
            ``report.table_converted`` when a side is not known).

        Returns
        -------
        list of Issue
            The conversion (count: target sectors that received values; params
            ``from_sectors``, ``sectors`` (target sectors), ``share_covered`` and
            ``share_outside`` in %, ``totals``: each extensive total, source → target, as
            :class:`~wijk_core.readers.report.Totals`);
            ``report.sectors_partly_covered`` (examples: code and % covered) and
            ``report.codes_without_geometry`` (the table's codes the source geometry lacks,
            ``…ZZZZ`` left out: the reader reports those) when there are any.
        """
        code = _CONVERTED.get(generations or (Generation.UNKNOWN, Generation.UNKNOWN), "report.table_converted")
        totals = Totals(tuple((str(indicator), float(row["source"]), float(row["target"]))
                              for indicator, row in self.totals.iterrows()))
        issues = [Issue.of(code, int(self.data.notna().any(axis=1).sum()), source=source,
                           totals=totals, from_sectors=self.source_sectors, sectors=len(self.data),
                           share_covered=round(100 * self.share_covered, 2),
                           share_outside=round(100 * self.share_outside, 2))]
        partly = self.partly_covered()
        if len(partly):
            issues.append(Issue.of("report.sectors_partly_covered", len(partly),
                                   [f"{code} ({100 * share:.1f}%)" for code, share in partly.items()], source=source))
        without = [code for code in self.codes_without_geometry if not code.endswith("ZZZZ")]  # never sectors
        if without:
            issues.append(Issue.of("report.codes_without_geometry", len(without), without, source=source))
        return issues


def _codes_indexed(sectors: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if "cd_sector" in sectors.columns:
        sectors = sectors.set_index("cd_sector")
    sectors = sectors[[sectors.geometry.name]].copy()
    sectors.index = sectors.index.astype(str).rename("cd_sector")
    return sectors


def convert_to_sectors(source_sectors: gpd.GeoDataFrame, table: pd.DataFrame, catalogue: pd.DataFrame,
                       target_sectors: gpd.GeoDataFrame) -> Conversion:
    """Move ``table`` from ``source_sectors`` onto ``target_sectors`` by area.

    Parameters
    ----------
    source_sectors
        The geometry the table's codes belong to (``cd_sector`` column or index), in a
        projected CRS.
    table
        Indicator table indexed by ``cd_sector`` (or with that column) of the source
        generation; one numeric column per indicator.
    catalogue
        As :func:`~wijk_core.areal.aggregate.aggregate`: ``kind`` and ``denominator``
        per indicator (index or ``id`` column).
    target_sectors
        The project's sector geometry (``cd_sector`` column or index); reprojected to
        the source's CRS when it differs.

    Returns
    -------
    Conversion

    Raises
    ------
    CrsError, IndicatorError, SectorError
        As :func:`~wijk_core.areal.aggregate.aggregate`.
    """
    source = _codes_indexed(source_sectors)
    target = _codes_indexed(target_sectors)
    if target.crs is not None and source.crs is not None and target.crs != source.crs:
        target = target.to_crs(source.crs)
    if "cd_sector" in table.columns:
        table = table.set_index("cd_sector")
    table = table.copy()
    table.index = table.index.astype(str)
    with_row = source[source.index.isin(table.index)]
    perimeters = target.geometry.sort_index().rename_axis("target")
    with warnings.catch_warnings():  # the reader has reported the table's empty cells already
        warnings.simplefilter("ignore", MissingValuesWarning)
        profiles = aggregate(with_row, table, catalogue, perimeters, missing="skip")
    # A target sector that only touches data along a border (a sliver of rounding) has no value, not ~0.
    covered = profiles.table["coverage"].unstack("indicator").reindex(perimeters.index)
    values = profiles.table["value"].unstack("indicator").reindex(perimeters.index).where(covered >= _MIN_COVERAGE)
    ids = [indicator for indicator in (catalogue["id"] if "id" in catalogue.columns else catalogue.index)]
    data = values.reindex(columns=ids).rename_axis(index="cd_sector", columns=None).sort_index()
    used = profiles.sectors.loc[profiles.sectors["has_row"]]
    inside = used.groupby(level="cd_sector")["area_inside_m2"].sum()
    areas = with_row.geometry.area
    outside_area = (areas - inside.reindex(areas.index, fill_value=0.0)).clip(lower=0.0)
    share_outside = float(outside_area.sum() / areas.sum()) if areas.sum() > 0 else 0.0
    totals = _extensive_totals(table, catalogue, data, with_row.index, outside_area / areas)
    covered = profiles.areas["data_coverage"].reindex(perimeters.index).fillna(0.0).sort_index()
    covered = covered.rename_axis("cd_sector").rename("covered")
    return Conversion(data=data, source_sectors=int(inside.index.size), totals=totals,
                      share_outside=share_outside,
                      codes_without_geometry=tuple(sorted(set(table.index) - set(source.index))),
                      covered=covered, target_areas=perimeters.area.rename_axis("cd_sector").sort_index())


def _extensive_totals(table: pd.DataFrame, catalogue: pd.DataFrame, data: pd.DataFrame,
                      source_codes: pd.Index, outside_share: pd.Series) -> pd.DataFrame:
    kinds = catalogue.set_index("id")["kind"] if "id" in catalogue.columns else catalogue["kind"]
    rows = {}
    for indicator, kind in kinds.items():
        if IndicatorKind(kind) is not IndicatorKind.EXTENSIVE:
            continue
        values = pd.to_numeric(table.loc[table.index.isin(source_codes), indicator], errors="coerce")
        rows[indicator] = {"source": float(np.nansum(values)),
                           "target": float(np.nansum(data[indicator])),
                           "outside": float(np.nansum(values * outside_share.reindex(values.index)))}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["source", "target", "outside"])
