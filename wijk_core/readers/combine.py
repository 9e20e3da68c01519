"""Several indicator tables into one table, and a catalogue entry for each column.

Column clashes between tables: a column that a later table repeats with the same
values on their common sectors (``area_valid_ha`` in both Groenkaart and JaarBAK files
of the same year) is read once, completed with the sectors only the later table has,
and noted; with other values the later column is renamed
``<column>_<n>``, ``n`` being the table's position counted from 1, and reported. Both
keep their data: neither is dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijk_core.readers.report import Issue
from wijk_core.readers.catalogue import _default_catalogue
from wijk_core.readers.indicators import IndicatorTable

__all__ = ["complete_catalogue", "join_indicators"]


def join_indicators(tables: list[IndicatorTable]
                    ) -> tuple[pd.DataFrame, list[Issue], list[dict[str, str]]]:
    """Outer join of the tables' ``data`` on ``cd_sector``, with renamed clashing columns.

    Returns
    -------
    (DataFrame, list of Issue, list of dict)
        Float columns indexed by ``cd_sector`` (sorted); ``report.column_duplicate`` and
        ``report.column_renamed`` issues; for each table, its renamed columns (old → new).
    """
    joined = pd.DataFrame(index=pd.Index([], name="cd_sector", dtype=object))
    issues: list[Issue] = []
    renames: list[dict[str, str]] = []
    for position, table in enumerate(tables, start=1):
        data = table.data
        same, renamed = [], {}
        for column in data.columns:
            if column not in joined.columns:
                continue
            both = joined.index.intersection(data.index)
            if np.allclose(joined.loc[both, column].to_numpy(float),
                           data.loc[both, column].to_numpy(float), equal_nan=True):
                same.append(column)
            else:
                renamed[column] = f"{column}_{position}"
        if same:
            issues.append(Issue.of("report.column_duplicate", len(same), same, source=table.source))
        if renamed:
            issues.append(Issue.of("report.column_renamed", len(renamed),
                                   [f"{old} → {new}" for old, new in renamed.items()],
                                   source=table.source))
        repeated = data[same]
        data = data.drop(columns=same).rename(columns=renamed)
        renames.append(renamed)
        joined = joined.join(data, how="outer") if len(joined.columns) else data.copy()
        for column in same:  # sectors only the later table has keep their value
            joined[column] = joined[column].combine_first(repeated[column])
    return joined.rename_axis("cd_sector").sort_index().astype(float), issues, renames


def complete_catalogue(indicators: pd.DataFrame, tables: list[IndicatorTable],
                       given: pd.DataFrame | None = None,
                       renames: list[dict[str, str]] | None = None
                       ) -> tuple[pd.DataFrame, list[Issue]]:
    """A catalogue with exactly one entry per column of ``indicators``, in their order.

    Parameters
    ----------
    indicators
        The joined indicator table.
    tables
        The tables it came from (for the default year and source).
    given
        A catalogue read with :func:`read_catalogue`, or None.
    renames
        Per table, the columns :func:`join_indicators` renamed: a default entry of a
        column of that table weighted by a renamed column is weighted by the new name.

    Returns
    -------
    (DataFrame, list of Issue)
        The catalogue; ``report.catalogue_unused`` (entries without column),
        ``report.catalogue_defaults`` (columns described by default) and
        ``report.denominator_missing`` (weights not loaded: weighted by area instead).
    """
    year = max((t.year for t in tables if t.year is not None), default=None)
    defaults, fallbacks = _default_catalogue(indicators, year=year,
                                             source=", ".join(t.source for t in tables))
    for table, renamed in zip(tables, renames or []):
        for column in table.data.columns:
            own = renamed.get(column, column)
            weight = defaults.at[own, "denominator"] if own in defaults.index else None
            if isinstance(weight, str) and weight in renamed:
                defaults.at[own, "denominator"] = renamed[weight]
        _name_by_source(defaults, renamed, table.source)
    issues: list[Issue] = []
    if given is None:
        catalogue = defaults
    else:
        unused = [i for i in given.index if i not in indicators.columns]
        if unused:
            issues.append(Issue.of("report.catalogue_unused", len(unused), unused))
        missing = [c for c in indicators.columns if c not in given.index]
        if missing:
            issues.append(Issue.of("report.catalogue_defaults", len(missing), missing))
        catalogue = pd.concat([given.drop(index=unused), defaults.loc[missing]])
        catalogue = catalogue.reindex(list(indicators.columns)).rename_axis("id")
        fallbacks = [c for c in fallbacks if c in missing]
        lost = catalogue["denominator"].notna() & ~catalogue["denominator"].isin(indicators.columns)
        fallbacks += list(catalogue.index[lost])
        catalogue.loc[lost, "denominator"] = np.nan
    if fallbacks:
        issues.append(Issue.of("report.denominator_missing", len(fallbacks), fallbacks))
    return catalogue, issues


def _name_by_source(defaults: pd.DataFrame, renamed: dict[str, str], source: str) -> None:
    """A renamed column's label says which file it came from (``Area (soil_sealing.csv)``), not its number."""
    for new in renamed.values():
        if new not in defaults.index:
            continue
        number = f" ({new.rsplit('_', 1)[-1]})"
        for key in ("label_nl", "label_fr", "label_en"):
            label = str(defaults.at[new, key])
            if label.endswith(number) and source:
                defaults.at[new, key] = label[: -len(number)] + f" ({source})"
