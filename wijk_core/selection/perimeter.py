"""The figures of a perimeter before it is saved: what the officer reads beside the map.

:func:`perimeter_figures` lays one drawn shape over the sectors with the profiles' own
aggregation (:func:`wijk_core.areal.aggregate.aggregate`) and puts a few key indicators
beside the municipality's values (:func:`wijk_core.areal.aggregate.municipality_profile`);
:func:`key_indicators` picks those indicators; :func:`figures_table` writes them out.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from shapely.geometry.base import BaseGeometry

from wijk_core.areal.aggregate import MissingValuesWarning, aggregate, municipality_profile
from wijk_core.areal.overlay import PerimeterError
from wijk_core.i18n import format_number, t, with_unit
from wijk_core.readers.labels import indicator_label, indicator_unit
from wijk_core.sectors.data import SectorData
from wijk_core.selection.summary import value_decimals

__all__ = ["PerimeterFigures", "figures_table", "key_catalogue", "key_indicators", "perimeter_figures",
           "reference_values"]


@dataclass(frozen=True)
class PerimeterFigures:
    """One perimeter against the data.

    Attributes
    ----------
    hectares
        Area of the whole perimeter, ha.
    share_on_data
        Share of that area on sectors that have a row in the indicator table (0..1; NaN for no area).
    sector_codes
        The sectors the perimeter overlaps, sorted.
    values
        Indexed by indicator: ``perimeter`` (aggregated inside it) and ``municipality``
        (over the whole data set); NaN where no sector inside has a value.
    """

    hectares: float
    share_on_data: float
    sector_codes: tuple[str, ...]
    values: pd.DataFrame


def key_indicators(catalogue: pd.DataFrame, available: Sequence[str], shown: str | None = None,
                   count: int = 5) -> list[str]:
    """The indicators worth a glance: the one on the map, then those that say something about need.

    Need indicators (catalogue ``direction`` ``need_if_higher`` / ``need_if_lower``) come in
    catalogue order, rates and means (``intensive``) before counts; the rest of the catalogue
    fills up to ``count``. Only indicators in ``available`` (and in the catalogue) are picked.
    """
    offered = [i for i in available if i in catalogue.index]

    def column(name: str, indicator: str) -> str:
        return str(catalogue.at[indicator, name]) if name in catalogue.columns else ""

    def need(indicator: str) -> bool:
        return column("direction", indicator).startswith("need")

    ranked = ([i for i in offered if need(i) and column("kind", i) == "intensive"]
              + [i for i in offered if need(i)] + offered)
    chosen = [shown] if shown in offered else []
    for indicator in ranked:
        if len(chosen) >= count:
            break
        if indicator not in chosen:
            chosen.append(indicator)
    return chosen


def key_catalogue(catalogue: pd.DataFrame, indicators: Sequence[str]) -> pd.DataFrame:
    """The catalogue rows of ``indicators`` only: the aggregation then computes just those
    (an intensive one's denominator is read from the indicator table, catalogued or not)."""
    return catalogue.loc[list(indicators)]


def reference_values(data: SectorData, indicators: Sequence[str]) -> pd.Series:
    """The municipality's (whole data set's) value of each indicator, as the profiles compute it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingValuesWarning)
        reference = municipality_profile(data.sectors, data.indicators, key_catalogue(data.catalogue, indicators))
    return reference.table["value"].astype(float)


def perimeter_figures(data: SectorData, geometry: BaseGeometry, indicators: Sequence[str],
                      reference: pd.Series | None = None) -> PerimeterFigures:
    """Area, share on data, sectors touched and key indicators of one perimeter.

    Parameters
    ----------
    data
        The project's sector data.
    geometry
        The perimeter in the sectors' CRS (EPSG:31370), e.g. a drawn candidate's.
    indicators
        Catalogued indicators to aggregate (:func:`key_indicators`).
    reference
        The municipality's values (:func:`reference_values`), computed when not given.

    Returns
    -------
    PerimeterFigures
        A perimeter that overlaps no sector gets no sectors, a share of 0 and NaN values.
    """
    if reference is None:
        reference = reference_values(data, indicators)
    hectares = geometry.area / 10_000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingValuesWarning)  # a NaN value says it
        try:
            profile = aggregate(data.sectors, data.indicators, key_catalogue(data.catalogue, indicators), geometry)
        except PerimeterError as err:
            if err.code != "errors.perimeter_outside_data":
                raise
            profile = None
    if profile is None:
        inside = pd.Series(float("nan"), index=list(indicators))
        return PerimeterFigures(hectares, 0.0 if hectares > 0 else float("nan"), (),
                                _values(inside, reference, indicators))
    sectors = profile.sectors
    on_data = float(sectors.loc[sectors["has_row"].astype(bool), "area_inside_m2"].sum())
    share = min(on_data / profile.perimeter_area_m2, 1.0) if profile.perimeter_area_m2 > 0 else float("nan")
    return PerimeterFigures(hectares, share, tuple(sorted(str(code) for code in sectors.index)),
                            _values(profile.table["value"], reference, indicators))


def _values(inside: pd.Series, reference: pd.Series, indicators: Sequence[str]) -> pd.DataFrame:
    order = list(indicators)
    return pd.DataFrame({"perimeter": inside.reindex(order).astype(float),
                         "municipality": reference.reindex(order).astype(float)})


def figures_table(figures: PerimeterFigures, catalogue: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The key indicators written out: label, the perimeter's value and the municipality's, with units.

    Values of 100 and more are written without decimals, smaller ones with one (as the profiles).
    """
    def written(value: float, indicator: str) -> str:
        return with_unit(format_number(value, lang, value_decimals(value)), indicator_unit(catalogue, indicator, lang),
                         lang)

    values = figures.values
    return pd.DataFrame({
        t("selection.col_indicator", lang): [indicator_label(catalogue, i, lang) for i in values.index],
        t("perimeter.col_perimeter", lang): [written(v, i) for i, v in values["perimeter"].items()],
        t("selection.municipality", lang): [written(v, i) for i, v in values["municipality"].items()],
    })
