"""The years of long indicator tables: which one is loaded, and every year's values for trends.

A long table (one row per sector and year, e.g. Statbel's fiscal income 2019–2023) is
loaded for one year, by default its latest; the officer may choose another per table
(the choice is kept with the source, option ``"year"``). Its other years are read too,
so profiles can show each indicator's trend: :func:`table_years` gives, per long
table, the chosen year, all its years and every year's values under the indicator ids
the loaded data use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from wijk_core.readers.indicators import IndicatorTable

__all__ = ["TableYears", "chosen_year", "owned_columns", "table_years"]


@dataclass(frozen=True, eq=False)
class TableYears:
    """One long indicator table: the year loaded, its years and every year's values.

    Attributes
    ----------
    table
        Position of the table among the indicator tables read (from 0, reading order).
    source
        File name of the table.
    year
        The year loaded into :attr:`SectorData.indicators <wijk_core.sectors.data.SectorData>`.
    years
        Every year of the table, ascending.
    values
        Indexed by (``year``, ``cd_sector``), one float column per indicator id this
        table gives the loaded data (after the renames of clashing columns; a column
        another table already gave is left out).
    """

    table: int
    source: str
    year: int
    years: tuple[int, ...]
    values: pd.DataFrame

    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicator ids whose values change with the year."""
        return tuple(str(column) for column in self.values.columns)


def owned_columns(tables: Sequence[IndicatorTable], renames: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    """Per table, its columns that became indicators of the joined data: column → indicator id.

    As :func:`~wijk_core.readers.combine.join_indicators` joins them: a renamed column
    takes its new name; a column an earlier table already gave (read once) belongs to
    that earlier table.
    """
    seen: set[str] = set()
    owned = []
    for table, renamed in zip(tables, renames, strict=True):
        mapped = {str(column): str(renamed.get(column, column)) for column in table.data.columns}
        owned.append({column: name for column, name in mapped.items() if name not in seen})
        seen |= set(mapped.values())
    return owned


def table_years(tables: Sequence[IndicatorTable], renames: Sequence[Mapping[str, str]],
                read_year: Callable[[int, int], IndicatorTable]) -> tuple[TableYears, ...]:
    """Every long table's years and values, under the ids the joined data use.

    Parameters
    ----------
    tables
        The indicator tables as loaded (each for its chosen year).
    renames
        Per table, the columns :func:`~wijk_core.readers.combine.join_indicators` renamed.
    read_year
        ``read_year(position, year)`` reads table ``position`` again for ``year``.

    Returns
    -------
    tuple of TableYears
        One per table with a year column, in reading order.
    """
    found = []
    for position, (table, columns) in enumerate(zip(tables, owned_columns(tables, renames), strict=True)):
        if table.year is None or not table.years:
            continue
        frames = {}
        for year in table.years:
            data = table.data if year == table.year else read_year(position, year).data
            frames[year] = data.reindex(columns=list(columns)).rename(columns=columns).astype(float)
        values = pd.concat(frames, names=["year", "cd_sector"]) if frames else pd.DataFrame()
        found.append(TableYears(table=position, source=table.source, year=int(table.year),
                                years=tuple(int(y) for y in table.years), values=values))
    return tuple(found)


def chosen_year(options: Mapping[str, object] | None) -> int | None:
    """The year a source's stored options choose (None: the table's latest)."""
    year = (options or {}).get("year")
    return int(year) if isinstance(year, int) and not isinstance(year, bool) else None
