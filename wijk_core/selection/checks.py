"""The checks neighbourhood-selection data passes before it is stored.

Used by :mod:`wijk_core.selection.store`; each returns the cleaned value or
raises :class:`StoreError` with an i18n code (listed in that module).
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from numbers import Real
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from wijk_core.selection.model import TEXT_MAX, CriterionDirection, CriterionKind, CriterionSpec
from wijk_core.selection.tables import SCORE_MAX, SCORE_MIN
from wijk_core.store import projects
from wijk_core.store.base import LABEL_MAX, LAMBERT72_SRID, SHORT_TEXT_MAX, checked_option, printable
from wijk_core.store.errors import StoreError

_COLOUR = re.compile(r"#(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})")


def entity_name(name: str | None, entity: str, empty_code: str, too_long_code: str) -> str:
    """A name cleaned like a project name, refused with the codes of ``entity``."""
    try:
        return projects.clean_name(name)
    except StoreError as err:
        if err.code == "errors.project_name_empty":
            raise StoreError(empty_code) from None
        raise StoreError(too_long_code,
                         **err.params) from None


def short_text(text: str | None, limit: int) -> str | None:
    """One line of text, spaces collapsed, at most ``limit`` characters (``errors.text_too_long``); None if blank."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise TypeError(f"Expected text, got {type(text).__name__}.")
    cleaned = " ".join(printable(text).split())
    if len(cleaned) > limit:
        raise StoreError("errors.text_too_long", max=limit)
    return cleaned or None


def geometry_wkb(geometry: BaseGeometry) -> bytes:
    """Check a perimeter and encode it; refusals say what is wrong and how to fix it."""
    if not isinstance(geometry, BaseGeometry):
        raise TypeError(f"A candidate geometry is a shapely geometry, got {type(geometry).__name__}.")

    def refuse(detail: str) -> StoreError:
        return StoreError("errors.candidate_geometry_invalid", detail=detail)

    if geometry.is_empty:
        raise refuse("the geometry is empty")
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise refuse(f"a {geometry.geom_type} is not a perimeter; draw or upload a polygon")
    if not all(math.isfinite(value) for value in geometry.bounds):
        raise refuse("the coordinates are not finite numbers")
    if not geometry.is_valid:
        raise refuse(f"{shapely.is_valid_reason(geometry)}; repair it with shapely.make_valid")
    minx, miny, maxx, maxy = geometry.bounds
    if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
        raise refuse("the coordinates look like longitude/latitude; "
                     f"reproject to EPSG:{LAMBERT72_SRID}")
    return shapely.to_wkb(geometry)


def sector_codes_list(sector_codes: Iterable[str] | None) -> list[str] | None:
    """Stripped, unique, in the given order; None when there are none."""
    if sector_codes is None:
        return None
    if isinstance(sector_codes, str | bytes | Mapping) or not isinstance(sector_codes, Iterable):
        raise TypeError(f"Sector codes are a list of strings, got {type(sector_codes).__name__}.")
    codes: dict[str, None] = {}
    for code in sector_codes:
        if not isinstance(code, str):
            raise TypeError(f"A sector code is a string, got {code!r}.")
        if code.strip():
            codes[code.strip()] = None
    return list(codes) or None


def colour_value(colour: str | None) -> str | None:
    """A map colour, lower-case ``#rgb``/``#rrggbb``/``#rrggbbaa``; None if blank (``errors.colour_invalid``)."""
    if colour is None or (isinstance(colour, str) and not colour.strip()):
        return None
    value = colour.strip().lower() if isinstance(colour, str) else colour
    if not isinstance(value, str) or not _COLOUR.fullmatch(value):
        raise StoreError("errors.colour_invalid",
                         value=str(colour))
    return value


def clean_criteria(criteria: Sequence[CriterionSpec]) -> list[CriterionSpec]:
    """Criteria checked and tidied: keys present and unique, options known, weights finite and >= 0.

    Parameters
    ----------
    criteria : sequence of CriterionSpec
        Or any object with ``key``, ``kind``, ``direction``, ``weight`` (and optionally ``label``).

    Returns
    -------
    list of CriterionSpec

    Raises
    ------
    StoreError
        ``errors.criterion_key_empty``, ``errors.criterion_duplicate``, ``errors.weight_invalid``,
        ``errors.weight_negative``, ``errors.criteria_option_invalid`` or ``errors.text_too_long``.
    TypeError
        If ``criteria`` is not a sequence of criteria.
    """
    if isinstance(criteria, str) or not isinstance(criteria, Sequence):
        raise TypeError(f"Criteria are a list of CriterionSpec, got {type(criteria).__name__}.")
    cleaned: list[CriterionSpec] = []
    for spec in criteria:
        # Duck-typed, so wijk_core.selection.framework.CriterionChoice can be saved as it is.
        if not all(hasattr(spec, name) for name in ("key", "kind", "direction", "weight")):
            raise TypeError(f"A criterion is a CriterionSpec, got {type(spec).__name__}.")
        key = " ".join(printable(spec.key).split()) if isinstance(spec.key, str) else None
        if not key:
            raise StoreError("errors.criterion_key_empty")
        cleaned.append(CriterionSpec(
            key=short_text(key, SHORT_TEXT_MAX),
            kind=checked_option("kind", spec.kind, CriterionKind),
            direction=checked_option("direction", spec.direction, CriterionDirection),
            weight=spec.weight,
            label=short_text(getattr(spec, "label", None), LABEL_MAX)))
    seen: set[str] = set()
    for spec in cleaned:
        if spec.key in seen:
            raise StoreError("errors.criterion_duplicate", key=spec.key)
        seen.add(spec.key)
    invalid = ", ".join(s.key for s in cleaned if not finite_number(s.weight))
    if invalid:
        raise StoreError("errors.weight_invalid", criteria=invalid)
    negative = ", ".join(s.key for s in cleaned if s.weight < 0)
    if negative:
        raise StoreError("errors.weight_negative", criteria=negative)
    return [CriterionSpec(s.key, s.kind, s.direction, float(s.weight), s.label) for s in cleaned]


def finite_number(value: Any) -> bool:
    """Whether ``value`` is a real, finite number (bools are not)."""
    return not isinstance(value, bool) and isinstance(value, Real) and math.isfinite(value)


def score_value(score: int) -> int:
    """A team score as int, a whole number from 1 to 5 (``errors.score_out_of_range``)."""
    if not isinstance(score, bool):
        try:
            value = operator.index(score)
        except TypeError:
            value = None
        if value is not None and SCORE_MIN <= value <= SCORE_MAX:
            return value
    raise StoreError("errors.score_out_of_range",
                     value=str(score), low=SCORE_MIN, high=SCORE_MAX)


def long_text(text: str | None) -> str:
    """Pro or con: newlines kept, other control characters (NUL) removed, at most 2,000 characters."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise TypeError(f"A pro or con is text, got {type(text).__name__}.")
    cleaned = printable(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(cleaned) > TEXT_MAX:
        raise StoreError("errors.text_too_long",
                         max=TEXT_MAX)
    return cleaned
