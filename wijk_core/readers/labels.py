"""What the indicator catalogue tells a reader: an indicator's label, its unit, its colours.

:mod:`wijk_core.readers.catalogue` reads the catalogue; this module answers the
questions every view of an indicator asks of it (a table header, a map legend,
a tooltip), so that the answer is the same on the map, in the profiles and in the
framework:

- :func:`indicator_label`: the label in the reader's language, else the Dutch one,
  else the indicator id;
- :func:`indicator_unit`: the unit in the reader's language (:func:`unit_label`), or ``""``;
- :func:`colour_ramp`: which colour ramp a map of the indicator uses and whether it
  runs backwards (the catalogue's ``direction``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from wijk_core.i18n import t

__all__ = ["UNIT_KEYS", "ColourRamp", "colour_ramp", "indicator_label", "indicator_unit", "unit_label"]

UNIT_KEYS = {"count": "count", "aantal": "count", "nombre": "count", "number": "count",
             "eur": "eur", "euro": "eur", "€": "eur", "ha": "ha", "%": "percent", "percent": "percent",
             "kwh": "kwh", "m²": "m2", "m2": "m2", "m": "m", "per km²": "per_km2", "per km2": "per_km2",
             "score 0–10": "score_0_10", "score 0-10": "score_0_10"}
"""Units the interface translates (any spelling, lower case → key under ``units.`` in i18n)."""


def _cell(catalogue: pd.DataFrame, indicator: str, column: str) -> object:
    if column in catalogue.columns and indicator in catalogue.index:
        return catalogue.at[indicator, column]
    return None


def indicator_label(catalogue: pd.DataFrame, indicator: str, lang: str) -> str:
    """The label of an indicator in ``lang``, else in Dutch, else its id.

    Parameters
    ----------
    catalogue
        The indicator catalogue (index: indicator id; ``label_nl``, ``label_fr``,
        ``label_en`` …).
    indicator
        The indicator id.
    lang
        The reader's language code (``nl``, ``fr``, ``en``).

    Returns
    -------
    str
        The first non-empty label found; the id when the catalogue has none.
    """
    for column in (f"label_{lang}", "label_nl"):
        value = _cell(catalogue, indicator, column)
        if isinstance(value, str) and value:
            return value
    return indicator


def unit_label(unit: object, lang: str) -> str:
    """A unit as the reader's language writes it: ``count`` → ``aantal`` in Dutch.

    Parameters
    ----------
    unit
        The catalogue's unit; a unit the interface does not know is returned as written.
    lang
        The reader's language code.

    Returns
    -------
    str
        The translated unit, the unit as given, or ``""`` for none.
    """
    if not isinstance(unit, str):
        return ""
    key = UNIT_KEYS.get(unit.strip().lower())
    return t(f"units.{key}", lang) if key else unit


def indicator_unit(catalogue: pd.DataFrame, indicator: str, lang: str | None = None) -> str:
    """The unit of an indicator, in ``lang`` when given (``""`` when the catalogue gives none)."""
    value = _cell(catalogue, indicator, "unit")
    if not isinstance(value, str):
        return ""
    return unit_label(value, lang) if lang else value


@dataclass(frozen=True)
class ColourRamp:
    """How a map colours an indicator.

    Attributes
    ----------
    ramp
        ``"need"`` (light to dark as the need grows) or ``"neutral"`` (for an
        indicator that says nothing about need, such as an area).
    reverse
        True when a *lower* value means more need (``need_if_lower``): the ramp
        then runs from dark to light.
    """

    ramp: Literal["need", "neutral"]
    reverse: bool


def colour_ramp(catalogue: pd.DataFrame, indicator: str) -> ColourRamp:
    """The colour ramp of an indicator, from the catalogue's ``direction``.

    ``neutral`` gets the neutral ramp; ``need_if_higher``, ``need_if_lower`` and an
    indicator without direction get the need ramp, reversed for ``need_if_lower``.
    """
    value = _cell(catalogue, indicator, "direction")
    direction = "" if value is None else str(value)
    return ColourRamp(ramp="neutral" if direction == "neutral" else "need",
                      reverse=direction == "need_if_lower")
