"""The region's and Belgium's value of an indicator, from a kept national Statbel table.

When a project's table comes from Statbel's national file (:mod:`wijk_core.sectors.official`),
the whole country's rows are on disk, so a profile can show, beside the municipality, the
same indicator over the municipality's region and over Belgium. The values are aggregated
as :func:`wijk_core.areal.aggregate.municipality_profile` aggregates whole sectors:

    extensive   X = Σ x_i                     over the sectors with a known value
    intensive   X = Σ d_i·x_i / Σ d_i          over the sectors where x_i and d_i are known

with ``d_i`` the indicator's denominator in the catalogue. An intensive indicator without a
denominator is weighted by sector area in a profile; the national table has no areas, so it
gets no reference value here rather than a different one.

Region of a sector: by the first digits of its code (Statbel's province numbering: 21 Brussels,
23 and 24 Flemish Brabant, 25 Walloon Brabant, 1·3·4·7 Flanders, 5·6·8·9 Wallonia), which a
sector keeps through municipal mergers since these never cross a region's border.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from wijk_core.readers import read_indicators
from wijk_core.readers.catalogue import IndicatorKind
from wijk_core.readers.cells import is_empty
from wijk_core.readers.files import DEFAULT_MAX_BYTES
from wijk_core.sectors.download import OFFICIAL_FILES
from wijk_core.sectors.municipalities import region_of

__all__ = ["BELGIUM", "national_references", "region_of_code", "reference_values"]

BELGIUM = "belgium"
"""Column of the country's value in :func:`reference_values`."""


def region_of_code(code: str) -> str | None:
    """Statbel region (``02000``, ``03000``, ``04000``) of a municipality or sector code, by its digits."""
    text = str(code).strip()
    if len(text) < 2 or not text[:2].isdigit():
        return None
    if text[:2] == "21":
        return "04000"
    if text[:2] in ("23", "24"):
        return "02000"
    if text[:2] == "25":
        return "03000"
    return {"1": "02000", "3": "02000", "4": "02000", "7": "02000",
            "5": "03000", "6": "03000", "8": "03000", "9": "03000"}.get(text[0])


def reference_values(table: pd.DataFrame, catalogue: pd.DataFrame, region: str) -> pd.DataFrame:
    """Each catalogued indicator of ``table`` over the sectors of ``region`` and over all sectors.

    Parameters
    ----------
    table
        Indicator values indexed by sector code (a whole national table).
    catalogue
        The project's catalogue (``kind``, ``denominator``), indexed by indicator id.
    region
        Statbel region code of the municipality (``02000``, ``03000``, ``04000``).

    Returns
    -------
    pandas.DataFrame
        Indexed by indicator (those of the catalogue in ``table`` that can be aggregated
        without areas), columns ``region`` and :data:`BELGIUM`.
    """
    if "id" in catalogue.columns and catalogue.index.name != "id":
        catalogue = catalogue.set_index("id")
    regions = pd.Series([region_of_code(code) for code in table.index], index=table.index)
    numbers = table.apply(pd.to_numeric, errors="coerce")
    rows = {}
    for indicator, entry in catalogue.iterrows():
        if indicator not in numbers.columns:
            continue
        kind = IndicatorKind(entry["kind"])
        denominator = entry.get("denominator")
        if kind is IndicatorKind.INTENSIVE and (is_empty(denominator) or denominator not in numbers.columns):
            continue  # weighted by area in a profile: no areas in a table
        weights = None if kind is IndicatorKind.EXTENSIVE else numbers[denominator]
        rows[indicator] = {"region": _aggregate(numbers[indicator], weights, regions == region),
                           BELGIUM: _aggregate(numbers[indicator], weights, regions.notna())}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["region", BELGIUM])


def _aggregate(values: pd.Series, weights: pd.Series | None, inside: pd.Series) -> float:
    x = values[inside.to_numpy()]
    if weights is None:
        known = x.notna()
        return float(x[known].sum()) if known.any() else np.nan
    d = weights[inside.to_numpy()]
    known = x.notna() & d.notna()
    total = float(d[known].sum())
    return float((x[known] * d[known]).sum() / total) if total else np.nan


def national_references(folder: str | os.PathLike, official: Sequence[Mapping], catalogue: pd.DataFrame
                        ) -> pd.DataFrame | None:
    """Region and Belgium values for the project's tables that came from kept national files.

    Parameters
    ----------
    folder
        Where the national files are kept (:func:`wijk_core.config.official_dir`).
    official
        The ``options`` of the project's official table sources (``official`` key, ``nis5``,
        optionally ``year``, as stored by :func:`~wijk_core.sectors.official.fetch_official`).
    catalogue
        The project's catalogue.

    Returns
    -------
    pandas.DataFrame or None
        As :func:`reference_values` for every such table whose national file is kept; None
        when there is none.
    """
    parts = []
    for options in official:
        key = options.get("official")
        if key not in OFFICIAL_FILES or OFFICIAL_FILES[key].kind != "table":
            continue
        path = Path(folder) / OFFICIAL_FILES[key].filename
        region = region_of(str(options.get("nis5", "")))
        if not path.is_file() or region is None:
            continue
        found = read_indicators(path, year=options.get("year"),
                                max_bytes=max(path.stat().st_size, DEFAULT_MAX_BYTES))
        parts.append(reference_values(found.data, catalogue, region))
    if not parts:
        return None
    merged = pd.concat(parts)
    return merged[~merged.index.duplicated(keep="last")]
