"""The result of the areal weighting: indicator profiles of one perimeter or of a layer.

:func:`wijk_core.areal.aggregate.aggregate` returns a :class:`Profile` for one
perimeter and :class:`Profiles` (a mapping label → :class:`Profile`, all values also
in one table) for a layer of perimeters.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

__all__ = ["MissingPolicy", "Profile", "Profiles"]

MissingPolicy = Literal["skip", "zero", "propagate"]
"""What a sector without a value does: left out, counted as 0, or making the result NaN."""


@dataclass(frozen=True, eq=False)
class Profile:
    """Every catalogued indicator aggregated inside one perimeter.

    Attributes
    ----------
    table
        One row per indicator (index: indicator id) with columns ``kind``,
        ``denominator`` (the weight: an indicator id, or ``"area"``), ``value``,
        ``coverage`` (share of the perimeter's weight – area inside or denominator
        inside – whose sectors had a value; NaN when that weight is 0),
        ``sectors_used`` and ``sectors_missing``.
    sectors
        One row per sector overlapping the perimeter (index: ``cd_sector``): ``share``
        (0..1], ``area_m2`` (sector area), ``area_inside_m2`` and ``has_row`` (the
        indicator table has a row for it).
    area_inside_m2
        Area of the perimeter that lies on sectors, m².
    perimeter_area_m2
        Area of the whole perimeter, m².
    missing
        The missing-value policy used.
    """

    table: pd.DataFrame
    sectors: pd.DataFrame
    area_inside_m2: float
    perimeter_area_m2: float
    missing: MissingPolicy = "skip"

    @property
    def data_coverage(self) -> float:
        """Share of the perimeter's area that lies on sectors (below 1 when it leaves the data)."""
        if self.perimeter_area_m2 <= 0:
            return float("nan")
        return min(self.area_inside_m2 / self.perimeter_area_m2, 1.0)

    @property
    def hectares_inside(self) -> float:
        """Area of the perimeter that lies on sectors, ha."""
        return self.area_inside_m2 / 10_000

    @property
    def shares(self) -> pd.Series:
        """Share of each overlapping sector's area inside the perimeter."""
        return self.sectors["share"]

    def __getitem__(self, indicator: Hashable) -> float:
        """The aggregated value of one indicator."""
        return float(self.table.at[indicator, "value"])


@dataclass(frozen=True, eq=False)
class Profiles(Mapping):
    """Profiles of a layer of perimeters computed in one pass: a mapping label → :class:`Profile`.

    Attributes
    ----------
    table
        As :attr:`Profile.table`, indexed by (perimeter label, indicator).
    sectors
        As :attr:`Profile.sectors`, indexed by (perimeter label, ``cd_sector``).
    areas
        Per perimeter label: ``area_inside_m2``, ``perimeter_area_m2``, ``data_coverage``.
    missing
        The missing-value policy used.
    """

    table: pd.DataFrame
    sectors: pd.DataFrame
    areas: pd.DataFrame
    missing: MissingPolicy = "skip"

    def __getitem__(self, label: Hashable) -> Profile:
        row = self.areas.loc[label]  # KeyError for an unknown label
        return Profile(_rows_of(self.table, label), _rows_of(self.sectors, label),
                       float(row["area_inside_m2"]), float(row["perimeter_area_m2"]), self.missing)

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self.areas.index)

    def __len__(self) -> int:
        return len(self.areas)

    def wide(self, column: str = "value") -> pd.DataFrame:
        """One column of :attr:`table` as indicators × perimeters."""
        return self.table[column].unstack(0).reindex(columns=self.areas.index)


def _rows_of(frame: pd.DataFrame, label: Hashable) -> pd.DataFrame:
    return frame[frame.index.get_level_values(0) == label].droplevel(0)
