"""Areal weighting: every catalogued sector indicator aggregated inside any perimeter.

A candidate neighbourhood rarely follows sector borders, so each sector ``i`` takes
part with ``s_i``, the share of its area inside the perimeter
(:func:`wijk_core.areal.overlay.sector_shares`), and each indicator according to its kind:

- **extensive** (counts, totals, areas):     X = Σ_i s_i · x_i
- **intensive** (rates, averages, scores):   X = Σ_i s_i·w_i·x_i / Σ_i s_i·w_i

where ``w_i`` is the sector's value of the indicator's *denominator* (the number of tax
returns for an average income, of dwellings for a share of dwellings) or, when the
catalogue names none, the sector's area ``a_i`` (``s_i·a_i`` is the area inside).

Assumption: every quantity is spread uniformly over its sector's area. A population
living in one corner of a sector is counted in proportion to the area the perimeter
takes, even if it misses that corner. Whole sectors (``s_i = 1``) are exact; sectors
the border cuts are an approximation, so :attr:`Profile.sectors` lists each share.

Missing values follow an explicit policy (``missing=``), and every result carries its
coverage: the share of the perimeter's weight (area inside, or denominator inside)
whose sectors had a value, with the number of sectors used and missing. The results
are :class:`~wijk_core.areal.profile.Profile` objects (:mod:`wijk_core.areal.profile`).
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import overload

import geopandas as gpd
import numpy as np
import pandas as pd

from wijk_core.areal.profile import MissingPolicy, Profile, Profiles
from wijk_core.errors import WijkError
from wijk_core.readers.catalogue import IndicatorKind
from wijk_core.readers.cells import is_empty
from wijk_core.areal.overlay import (PerimeterError, PerimeterInput, PerimeterLayer, SectorOverlap,
                        overlay_sectors, sector_shares, whole_sectors)

__all__ = [
    "IndicatorError",
    "IndicatorKind",  # re-exported from wijk_core.readers.catalogue
    "MissingPolicy",  # re-exported from wijk_core.areal.profile
    "MissingValuesWarning",
    "Profile",  # re-exported from wijk_core.areal.profile
    "Profiles",  # re-exported from wijk_core.areal.profile
    "aggregate",
    "municipality_profile",
    "sector_shares",  # re-exported from wijk_core.areal.overlay
    "side_by_side",
]

_POLICIES = ("skip", "zero", "propagate")


class IndicatorError(WijkError):
    """An indicator table or catalogue that cannot be aggregated as declared."""


class MissingValuesWarning(UserWarning):
    """Some sectors inside a perimeter have no value for an indicator."""


# --- validation -------------------------------------------------------------------------

@dataclass(frozen=True)
class _Catalogue:
    ids: list[Hashable]
    kinds: list[IndicatorKind]
    denominators: list[Hashable | None]

    @property
    def columns(self) -> list[Hashable]:
        """Indicator-table columns to read: every catalogued one and every denominator."""
        return list(dict.fromkeys([*self.ids, *(d for d in self.denominators if d is not None)]))


def _indicator_table(indicators: pd.DataFrame) -> pd.DataFrame:
    for column in ("cd_sector", "CD_SECTOR"):
        if column in indicators.columns and indicators.index.name not in ("cd_sector", "CD_SECTOR"):
            indicators = indicators.set_index(column)
            break
    if not indicators.index.is_unique:
        repeated = indicators.index[indicators.index.duplicated()].unique()
        examples = ", ".join(map(str, repeated[:5]))
        raise IndicatorError("errors.sector_codes_duplicated",
                             count=len(repeated), examples=examples)
    return indicators


def _parse_catalogue(catalogue: pd.DataFrame, indicators: pd.DataFrame) -> _Catalogue:
    if "id" in catalogue.columns and catalogue.index.name != "id":
        catalogue = catalogue.set_index("id")
    declared = (catalogue["denominator"] if "denominator" in catalogue.columns
                else pd.Series(None, index=catalogue.index, dtype=object))
    ids, kinds, denominators = [], [], []
    for indicator, kind_text, denominator in zip(catalogue.index, catalogue["kind"], declared):
        try:
            kind = IndicatorKind(kind_text)
        except ValueError:
            raise IndicatorError("errors.indicator_kind_unknown",
                                 indicator=indicator, kind=kind_text) from None
        if indicator not in indicators.columns:
            raise IndicatorError("errors.indicator_missing",
                                 indicator=indicator)
        if is_empty(denominator):
            denominator = None
        if kind is IndicatorKind.EXTENSIVE:
            denominator = None  # a sum needs no weight
        elif denominator is not None and denominator not in indicators.columns:
            raise IndicatorError("errors.denominator_missing", indicator=indicator, denominator=denominator)
        ids.append(indicator)
        kinds.append(kind)
        denominators.append(denominator)
    return _Catalogue(ids, kinds, denominators)


def _numeric_block(indicators: pd.DataFrame, columns: list[Hashable], codes: pd.Index
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Values of ``columns`` for the sectors ``codes`` (NaN where a row is missing), and has-row flags."""
    for column in columns:
        if not pd.api.types.is_numeric_dtype(indicators[column].dtype):
            converted = pd.to_numeric(indicators[column], errors="coerce")
            bad = indicators[column][converted.isna() & indicators[column].notna()]
            if len(bad):
                examples = ", ".join(map(repr, bad.unique()[:5]))
                raise IndicatorError("errors.indicator_not_numeric",
                                     indicator=column, count=len(bad), examples=examples)
    rows = indicators.index.get_indexer(codes)
    has_row = rows >= 0
    block = indicators[columns].take(np.where(has_row, rows, 0)).to_numpy(
        dtype=float, na_value=np.nan, copy=True)
    block[~has_row] = np.nan
    return block, has_row


# --- arithmetic -------------------------------------------------------------------------

def _group_sum(groups: np.ndarray, count: int, values: np.ndarray) -> np.ndarray:
    out = np.zeros((count, *values.shape[1:]), dtype=values.dtype)
    np.add.at(out, groups, values)  # in pair order: sums of integer-valued floats stay exact
    return out


def _aggregate_pairs(groups: np.ndarray, count: int, values: np.ndarray, weights: np.ndarray,
                     share: np.ndarray, extensive: np.ndarray, policy: MissingPolicy
                     ) -> dict[str, np.ndarray]:
    """Aggregate (pairs × indicators) blocks into (perimeters × indicators); trusts its input.

    ``groups`` is each (perimeter, sector) pair's perimeter position; ``weights`` each
    sector's full weight (area or denominator value), of which ``share · weight`` is inside.
    """
    weight_inside = share[:, None] * weights
    weight_known = ~np.isnan(weight_inside)
    present = ~np.isnan(values) & weight_known
    filled = np.where(present, values, 0.0)
    used_weight = np.where(present, weight_inside, 0.0)
    total_weight = _group_sum(groups, count, np.where(weight_known, weight_inside, 0.0))
    used_total = _group_sum(groups, count, used_weight)
    extensive_sum = _group_sum(groups, count, share[:, None] * filled)
    weighted_sum = _group_sum(groups, count, used_weight * filled)
    used = _group_sum(groups, count, present.astype(np.int64))
    missing = np.bincount(groups, minlength=count)[:, None] - used
    mean_weight = total_weight if policy == "zero" else used_total
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(total_weight > 0, used_total / total_weight, np.nan)
        intensive_mean = np.where(mean_weight > 0, weighted_sum / mean_weight, np.nan)
    value = np.where(extensive[None, :], extensive_sum, intensive_mean)
    if policy == "propagate":
        value = np.where(missing > 0, np.nan, value)
    value[(used + missing) == 0] = np.nan  # a perimeter on no sector has no value
    return {"value": value, "coverage": coverage, "sectors_used": used, "sectors_missing": missing}


def _compute(overlap: SectorOverlap, indicators: pd.DataFrame, parsed: _Catalogue,
             policy: MissingPolicy) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Results (each perimeters × indicators) and each pair's has-row flag."""
    block, has_row = _numeric_block(indicators, parsed.columns, overlap.codes)
    position = {column: i for i, column in enumerate(parsed.columns)}
    values = block[:, [position[i] for i in parsed.ids]]
    weights = np.column_stack(
        [block[:, position[d]] if d is not None else overlap.sector_area for d in parsed.denominators]
    ) if parsed.ids else np.empty((len(overlap.codes), 0))
    extensive = np.array([kind is IndicatorKind.EXTENSIVE for kind in parsed.kinds], dtype=bool)
    results = _aggregate_pairs(overlap.perimeter_pos, len(overlap.perimeter_area), values, weights,
                               overlap.share, extensive, policy)
    gaps = {name: int(n) for name, n in zip(parsed.ids, results["sectors_missing"].sum(axis=0)) if n}
    if gaps:
        listed = ", ".join(f"{name} ({n})" for name, n in list(gaps.items())[:5])
        more = f" and {len(gaps) - 5} more" if len(gaps) > 5 else ""
        warnings.warn(f"sectors without a value (policy {policy!r}), per indicator: {listed}{more}",
                      MissingValuesWarning, stacklevel=3)
    return results, has_row


def _described(parsed: _Catalogue, repeat: int) -> dict[str, np.ndarray]:
    return {"kind": np.tile(np.array([kind.value for kind in parsed.kinds], dtype=object), repeat),
            "denominator": np.tile(np.array([d if d is not None else "area" for d in parsed.denominators],
                                            dtype=object), repeat)}


def _single_profile(overlap: SectorOverlap, results: dict[str, np.ndarray], has_row: np.ndarray,
                    parsed: _Catalogue, policy: MissingPolicy) -> Profile:
    table = pd.DataFrame({**_described(parsed, 1), **{key: a[0] for key, a in results.items()}},
                         index=pd.Index(parsed.ids, name="indicator"))
    sectors = pd.DataFrame({"share": overlap.share, "area_m2": overlap.sector_area,
                            "area_inside_m2": overlap.area_inside, "has_row": has_row},
                           index=overlap.codes)
    return Profile(table, sectors, float(overlap.area_inside.sum()), float(overlap.perimeter_area[0]),
                   policy)


def _layer_profiles(overlap: SectorOverlap, results: dict[str, np.ndarray], has_row: np.ndarray,
                    parsed: _Catalogue, policy: MissingPolicy) -> Profiles:
    labels = overlap.labels.rename(overlap.labels.name or "perimeter")
    count, k = len(labels), len(parsed.ids)
    ids = np.array(parsed.ids, dtype=object)
    table = pd.DataFrame(
        {**_described(parsed, count), **{key: a.reshape(-1) for key, a in results.items()}},
        index=pd.MultiIndex.from_arrays([labels.to_numpy().repeat(k), np.tile(ids, count)],
                                        names=[labels.name, "indicator"]))
    sectors = pd.DataFrame(
        {"share": overlap.share, "area_m2": overlap.sector_area, "area_inside_m2": overlap.area_inside,
         "has_row": has_row},
        index=pd.MultiIndex.from_arrays([labels.to_numpy()[overlap.perimeter_pos], overlap.codes],
                                        names=[labels.name, "cd_sector"]))
    inside = _group_sum(overlap.perimeter_pos, count, overlap.area_inside)
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(overlap.perimeter_area > 0,
                            np.minimum(inside / overlap.perimeter_area, 1.0), np.nan)
    areas = pd.DataFrame({"area_inside_m2": inside, "perimeter_area_m2": overlap.perimeter_area,
                          "data_coverage": coverage}, index=labels)
    return Profiles(table, sectors, areas, policy)


# --- public -----------------------------------------------------------------------------

@overload
def aggregate(sectors: gpd.GeoDataFrame, indicators: pd.DataFrame, catalogue: pd.DataFrame,
              perimeter: PerimeterInput, *, missing: MissingPolicy = "skip") -> Profile: ...
@overload
def aggregate(sectors: gpd.GeoDataFrame, indicators: pd.DataFrame, catalogue: pd.DataFrame,
              perimeter: PerimeterLayer, *, missing: MissingPolicy = "skip") -> Profiles: ...
def aggregate(sectors, indicators, catalogue, perimeter, *, missing="skip"):
    """Aggregate every catalogued indicator inside a perimeter by areal weighting.

    Parameters
    ----------
    sectors
        As :func:`~wijk_core.areal.overlay.overlay_sectors`: polygons in a projected
        CRS, codes in a ``cd_sector`` column or the index.
    indicators
        Wide indicator table indexed by ``cd_sector`` (or with a ``cd_sector`` column),
        one numeric column per indicator. Sectors without a row count as missing.
    catalogue
        Indexed by indicator id (or with an ``id`` column); columns ``kind``
        (``extensive`` | ``intensive``) and ``denominator`` (id of the weighting
        indicator of an intensive one; empty to weight by area).
    perimeter
        A Polygon/MultiPolygon in the sectors' CRS or a
        :class:`~wijk_core.areal.overlay.DrawnPerimeter`; or a GeoDataFrame/GeoSeries of
        perimeters (same CRS, unique index), all laid over the sectors in one
        spatial-index query and one vectorised intersection.
    missing
        What a sector without a value does: ``"skip"`` leaves it out of that indicator
        (sums and weighted means over the sectors that have one; see ``coverage``),
        ``"zero"`` counts it as 0 (its weight stays in an intensive mean's
        denominator), ``"propagate"`` makes the result NaN.

    Returns
    -------
    Profile or Profiles
        One :class:`Profile`; for a layer, :class:`Profiles` (a mapping from the
        layer's index labels to profiles, all values also in one table).

    Raises
    ------
    CrsError
        As :func:`~wijk_core.areal.overlay.overlay_sectors` (no CRS, degrees, two CRSs).
    PerimeterError
        An empty perimeter, a point or a line; ``errors.perimeter_outside_data`` when
        no perimeter overlaps any sector (in a layer, a single perimeter outside the
        data gets a profile with ``data_coverage`` 0 and NaN values instead).
    IndicatorError
        An unknown kind; a catalogued indicator or denominator that is not a column of
        the indicator table; non-numeric values; repeated codes in the indicator table.
    SectorError
        Repeated codes among the overlapping sectors.

    Warns
    -----
    MissingValuesWarning
        When sectors inside lack values, naming the indicators.

    Notes
    -----
    With ``s_i`` the share of sector ``i``'s area inside the perimeter, ``a_i`` its
    area, ``x_i`` its value and ``d_i`` the denominator's value (``d_i = a_i`` if none)::

        extensive   X = Σ s_i·x_i                      coverage by area inside
        intensive   X = Σ s_i·d_i·x_i / Σ s_i·d_i
        coverage    Σ_{x_i known} s_i·d_i / Σ_{d_i known} s_i·d_i

    under ``"skip"``; ``"zero"`` divides by the weight of every sector with a known
    ``d_i``. Every value is assumed uniformly spread over its sector's area.
    """
    if missing not in _POLICIES:
        raise ValueError(f"missing must be one of {_POLICIES}, not {missing!r}")
    overlap = overlay_sectors(sectors, perimeter)
    indicators = _indicator_table(indicators)
    parsed = _parse_catalogue(catalogue, indicators)
    if len(overlap.share) == 0:
        raise PerimeterError("errors.perimeter_outside_data")
    results, has_row = _compute(overlap, indicators, parsed, missing)
    if overlap.labels is None:
        return _single_profile(overlap, results, has_row, parsed, missing)
    return _layer_profiles(overlap, results, has_row, parsed, missing)


def municipality_profile(sectors: gpd.GeoDataFrame, indicators: pd.DataFrame,
                         catalogue: pd.DataFrame, *, missing: MissingPolicy = "skip") -> Profile:
    """The same aggregation over all ``sectors``: the reference beside each candidate.

    Parameters
    ----------
    sectors, indicators, catalogue, missing
        As :func:`aggregate`; pass the sectors of one municipality (or region) for
        its reference values.

    Returns
    -------
    Profile
        Every sector with share 1 (no geometry is cut): extensive values are the
        column sums over the sectors (rows of the indicator table without a sector
        polygon are not counted), intensive values their weighted means.

    Raises
    ------
    CrsError, IndicatorError, SectorError
        As :func:`aggregate`.
    """
    if missing not in _POLICIES:
        raise ValueError(f"missing must be one of {_POLICIES}, not {missing!r}")
    overlap = whole_sectors(sectors)
    indicators = _indicator_table(indicators)
    parsed = _parse_catalogue(catalogue, indicators)
    results, has_row = _compute(overlap, indicators, parsed, missing)
    return _single_profile(overlap, results, has_row, parsed, missing)


def side_by_side(profiles: Mapping[Hashable, Profile], column: str = "value") -> pd.DataFrame:
    """One column of several profiles next to each other (indicators × profiles).

    Parameters
    ----------
    profiles
        Profiles by label, e.g. ``{**aggregate(..., layer), "municipality":
        municipality_profile(...)}``.
    column
        A column of :attr:`Profile.table`: ``value``, ``coverage``, ``sectors_used``…

    Returns
    -------
    pandas.DataFrame
        Indexed by indicator, one column per profile label.
    """
    return pd.DataFrame({label: profile.table[column] for label, profile in profiles.items()})
