"""Reading one cell of a stakeholder list: text, whole numbers on a scale, choices, yes/no, coordinates.

Each parser returns the typed value (None for an empty cell) or raises
:class:`CellError` with the i18n code and parameters that say why. Used by
:mod:`.validation`; the rules are documented on
:func:`~wijk_core.stakeholders.validation.check_inventory`.
"""

from __future__ import annotations

import math
import numbers
import unicodedata
from typing import Any


from wijk_core.readers.cells import is_empty as is_missing  # a cell of only white space is empty too
from wijk_core.stakeholders.errors import StakeholderError
from wijk_core.stakeholders.model import ColumnSpec, normalise_text
from wijk_core.writers.xlsx import FORMULA_PREFIXES

__all__ = ["BELGIUM_BOUNDS", "CellError", "as_number", "as_text", "is_missing", "location_problem", "parse_cell",
           "parse_scale", "parse_text"]

BELGIUM_BOUNDS = (2.5, 49.45, 6.45, 51.55)
"""(min lon, min lat, max lon, max lat): a stakeholder's location must lie in Belgium."""

YES_WORDS = {"ja", "j", "yes", "y", "oui", "o", "true", "waar", "vrai", "1", "x"}
NO_WORDS = {"nee", "n", "no", "non", "false", "onwaar", "faux", "0"}
EMPTY_CODES = {"name": "errors.stakeholders_name_empty", "group": "errors.stakeholders_group_empty"}
"""The reason given for a required cell left empty."""


def as_text(value: Any, *, multiline: bool = False) -> str:
    """Cell text without control characters; a quote that guarded a formula is removed."""
    if is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Tabs and newlines survive here: single-line text folds them into spaces below.
    text = "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch) != "Cc")
    text = text.strip() if multiline else " ".join(text.split())
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        text = text[1:]  # written by our own export so a spreadsheet keeps it as text
    return text


def as_number(value: Any) -> float | None:
    """A finite number from a cell (``4``, ``"4"``, ``"+1"``, ``"−2"``, ``"51,03"``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        number = float(value)
    else:
        text = as_text(value).replace("\u2212", "-").replace(" ", "").replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None
    return number if math.isfinite(number) else None


class CellError(Exception):
    """Why one cell is refused: an i18n ``code`` and the ``params`` of its message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def parse_scale(value: Any, spec: ColumnSpec) -> int | None:
    """A whole number within ``spec.low``–``spec.high`` (``"+1"``, ``"−2"``, ``"4,0"`` accepted)."""
    if is_missing(value):
        return None
    number = as_number(value)
    if number is None or not number.is_integer() or not spec.low <= number <= spec.high:
        raise CellError("errors.stakeholders_scale_invalid", value=as_text(value) or str(value),
                        low=spec.low, high=spec.high)
    return int(number)


def parse_choice(value: Any, spec: ColumnSpec) -> str | None:
    """The key of the closed set's member named by the cell (key, label in nl/fr/en, alias)."""
    if is_missing(value):
        return None
    try:
        return spec.choices(value).value
    except StakeholderError as err:
        raise CellError(err.code, **err.params) from None


def parse_yes_no(value: Any) -> bool | None:
    """Yes or no in Dutch, French or English (ja/nee, oui/non, yes/no, 1/0, x)."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return value
    text = normalise_text(as_text(value))
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise CellError("errors.stakeholders_yes_no_invalid", value=as_text(value))


def parse_coordinate(value: Any, spec: ColumnSpec) -> float | None:
    """A latitude (±90) or longitude (±180) in degrees; a decimal comma is accepted."""
    if is_missing(value):
        return None
    number = as_number(value)
    limit = 90 if spec.kind == "latitude" else 180
    if number is None or abs(number) > limit:
        raise CellError("errors.stakeholders_coordinate_invalid", value=as_text(value),
                        low=-limit, high=limit)
    return number


def parse_text(value: Any, spec: ColumnSpec) -> str:
    """Cleaned text within ``spec.max_length``; a required column may not be empty."""
    text = as_text(value, multiline=spec.key == "expertise")
    if spec.max_length is not None and len(text) > spec.max_length:
        raise CellError("errors.stakeholders_text_too_long", max=spec.max_length, length=len(text))
    if spec.required and not text:
        raise CellError(EMPTY_CODES[spec.key])
    return text


def parse_cell(value: Any, spec: ColumnSpec) -> Any:
    """The typed value of one cell of the column ``spec`` (None or ``""`` when empty)."""
    if spec.kind in ("text", "reference"):
        text = parse_text(value, spec)
        return text if spec.kind == "text" else (text or None)
    if spec.kind == "choice":
        parsed = parse_choice(value, spec)
        if spec.required and parsed is None:
            raise CellError(EMPTY_CODES[spec.key])
        return parsed
    if spec.kind == "scale":
        return parse_scale(value, spec)
    if spec.kind == "yes_no":
        return parse_yes_no(value)
    return parse_coordinate(value, spec)


def location_problem(latitude: float | None, longitude: float | None) -> tuple[str, dict] | None:
    """(code, params) when a location is half given or outside Belgium (naming a swapped pair), else None."""
    if (latitude is None) != (longitude is None):
        return "errors.stakeholders_location_incomplete", {}
    if latitude is None:
        return None
    min_lon, min_lat, max_lon, max_lat = BELGIUM_BOUNDS
    if min_lat <= latitude <= max_lat and min_lon <= longitude <= max_lon:
        return None
    params = {"lat": f"{latitude:g}", "lon": f"{longitude:g}"}
    if min_lat <= longitude <= max_lat and min_lon <= latitude <= max_lon:
        return "errors.stakeholders_location_swapped", params
    return "errors.stakeholders_location_outside", params
