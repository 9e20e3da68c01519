"""Each candidate's value per year of the long indicator tables, beside the municipality's.

A long table is loaded for one year (:class:`~wijk_core.sectors.years.TableYears`); its
other years give trends. Every (indicator, year) is aggregated exactly as the loaded
year is, by :func:`wijk_core.areal.aggregate.aggregate` in one pass: extensive
indicators summed by area share, intensive ones weighted by their denominator of the
same year (when the denominator is a long table's indicator with that year; otherwise
the denominator as loaded) or by area.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from wijk_core.areal.aggregate import MissingValuesWarning, aggregate, municipality_profile
from wijk_core.areal.profile import MissingPolicy
from wijk_core.readers.cells import is_empty
from wijk_core.sectors.data import SectorData
from wijk_core.selection.candidates import MUNICIPALITY

__all__ = ["CandidateTrends", "candidate_trends", "trend_indicators"]

_KEY = "\x1f{}"
"""Column of one (indicator, year) in the table handed to the aggregation: no file header holds
a unit separator."""


@dataclass(frozen=True, eq=False)
class CandidateTrends:
    """Per indicator of a long table and per year: each candidate's value and the municipality's.

    Attributes
    ----------
    values
        Indexed by (``indicator``, ``year``); one column per candidate, then
        :data:`~wijk_core.selection.candidates.MUNICIPALITY`.
    coverage
        Same shape: share of each value's weight that had data.
    """

    values: pd.DataFrame
    coverage: pd.DataFrame

    @property
    def indicators(self) -> list[str]:
        """Indicators with a trend, in the order of the data's tables."""
        return list(dict.fromkeys(self.values.index.get_level_values("indicator")))

    def of(self, indicator: str) -> pd.DataFrame:
        """One indicator's values: years × (candidates…, municipality)."""
        return self.values.xs(indicator, level="indicator")


def trend_indicators(data: SectorData) -> dict[str, tuple[int, ...]]:
    """Catalogued indicators of long tables with more than one year, and their years."""
    found: dict[str, tuple[int, ...]] = {}
    for table in data.year_tables:
        if len(table.years) < 2:
            continue
        for indicator in table.indicators:
            if indicator in data.catalogue.index:
                found.setdefault(indicator, table.years)
    return found


def candidate_trends(data: SectorData, layer: gpd.GeoDataFrame, *, missing: MissingPolicy = "skip"
                     ) -> CandidateTrends:
    """Aggregate every year of every long-table indicator in each candidate and the municipality.

    Parameters
    ----------
    data
        The loaded data; :attr:`SectorData.year_tables` gives the years and values.
    layer
        The candidates (index: name) in the sectors' CRS, as for
        :func:`~wijk_core.selection.candidates.profile_candidates`.
    missing
        As :func:`~wijk_core.areal.aggregate.aggregate`.

    Returns
    -------
    CandidateTrends
        Empty (no rows) when the data have no long table of two years or more.

    Notes
    -----
    With ``s_i`` the share of sector ``i`` inside the candidate and ``x_i(t)`` its value
    in year ``t``: extensive ``X(t) = Σ s_i·x_i(t)``; intensive
    ``X(t) = Σ s_i·d_i(t)·x_i(t) / Σ s_i·d_i(t)``, ``d_i(t)`` the denominator in year
    ``t`` when its table has that year, else as loaded, else the sector's area. The
    loaded year's values therefore equal the candidates' profiles.
    """
    table, catalogue, keys = _yearly_table(data)
    names = list(layer.index)
    if not keys:
        empty = pd.DataFrame(columns=[*names, MUNICIPALITY], dtype=float,
                             index=pd.MultiIndex.from_tuples([], names=["indicator", "year"]))
        return CandidateTrends(values=empty, coverage=empty.copy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingValuesWarning)  # coverage says it per value
        reference = municipality_profile(data.sectors, table, catalogue, missing=missing)
        values = coverage = pd.DataFrame(index=catalogue.index)
        if len(layer):
            found = aggregate(data.sectors, table, catalogue, layer, missing=missing)
            values, coverage = found.wide("value"), found.wide("coverage")
    values = values.assign(**{MUNICIPALITY: reference.table["value"]})
    coverage = coverage.assign(**{MUNICIPALITY: reference.table["coverage"]})
    index = pd.MultiIndex.from_tuples(list(keys), names=["indicator", "year"])
    return CandidateTrends(values=_by_key(values, keys, index), coverage=_by_key(coverage, keys, index))


def _by_key(frame: pd.DataFrame, keys: dict[tuple[str, int], str], index: pd.MultiIndex) -> pd.DataFrame:
    out = frame.reindex(list(keys.values())).astype(float)
    out.index = index
    out.columns.name = None
    return out


def _yearly_table(data: SectorData) -> tuple[pd.DataFrame, pd.DataFrame, dict[tuple[str, int], str]]:
    """The indicators with one column per (indicator, year), their catalogue and the column of each pair."""
    years = trend_indicators(data)
    keys: dict[tuple[str, int], str] = {}
    columns: dict[str, pd.Series] = {}
    for table in data.year_tables:
        for indicator in table.indicators:
            if indicator not in years:  # a single year, or not catalogued
                continue
            for year in table.years:
                key = _KEY.format(len(keys))
                keys[(indicator, year)] = key
                columns[key] = table.values.loc[year, indicator]
    rows, used = [], set()
    for (indicator, year), key in keys.items():
        kind, denominator = data.catalogue.at[indicator, "kind"], data.catalogue.at[indicator, "denominator"]
        if not is_empty(denominator):
            denominator = keys.get((denominator, year), denominator)
            used.add(denominator)
        rows.append({"id": key, "kind": kind, "denominator": np.nan if is_empty(denominator) else denominator})
    loaded = [column for column in used if column not in columns and column in data.indicators.columns]
    frame = pd.concat([data.indicators[loaded], pd.DataFrame(columns)], axis=1) if keys else pd.DataFrame()
    catalogue = pd.DataFrame(rows, columns=["id", "kind", "denominator"]).set_index("id")
    return frame.rename_axis("cd_sector"), catalogue, keys
