"""The checks a stakeholder row passes before it is stored, and the inventory's stored keys.

Used by :mod:`wijk_core.stakeholders.store`. The store repeats only what keeps
the database consistent; the inventory's own validation is
:mod:`wijk_core.stakeholders.validation`.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from typing import Any

from wijk_core.stakeholders.tables import (
    CONTACT_MAX,
    GOVERNANCE_ROLES,
    LADDER_STEPS,
    ORGANISATION_MAX,
    PHASES,
    STAKEHOLDER_GROUPS,
    STAKEHOLDER_LEVELS,
    STAKEHOLDER_NAME_MAX,
)
from wijk_core.store import projects
from wijk_core.store.errors import StoreError

LADDER_FIELDS = tuple(f"ladder_{phase}" for phase in PHASES)
FIELDS = ("name", "organisation", "group", "level", "interest", "influence", "position", "expertise",
          "knows_project", "governance", *LADDER_FIELDS, "contact", "latitude", "longitude", "suggested_by")
"""The keys of a stakeholder row, as the core inventory names its columns."""

_CHOICES = {"group": STAKEHOLDER_GROUPS, "level": STAKEHOLDER_LEVELS, "governance": GOVERNANCE_ROLES,
            **{key: LADDER_STEPS for key in LADDER_FIELDS}}
_SCALES = {"interest": (1, 5), "influence": (1, 5), "position": (-2, 2), "trust": (1, 5)}
_TEXTS = {"organisation": ORGANISATION_MAX, "contact": CONTACT_MAX, "expertise": 20_000}
QUESTION_KEY = re.compile(r"[a-z][a-z0-9_]*")
"""What an interview question key looks like."""
ANSWER_MAX = 10_000
"""Longest interview answer, in characters."""


def refuse(code: str, **params: Any) -> StoreError:
    """The :class:`StoreError` of a refused stakeholder value."""
    return StoreError(code, **params)


def missing(value: Any) -> bool:
    """Whether an inventory cell is empty (None, NaN, ``<NA>``)."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "nan")


def text_value(value: Any, limit: int, *, single_line: bool = True) -> str:
    """A text cell cleaned (no control characters, one line unless ``single_line=False``), at most ``limit`` long."""
    if missing(value):
        return ""
    text = str(value)
    text = "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32 and ord(ch) != 127)  # PostgreSQL refuses NUL
    text = " ".join(text.split()) if single_line else text.strip()
    if len(text) > limit:
        raise refuse("errors.stakeholders_text_too_long",
                      max=limit, length=len(text))
    return text


def name_value(value: Any) -> str:
    """A stakeholder name, required (``errors.stakeholders_name_empty``)."""
    name = text_value(value, STAKEHOLDER_NAME_MAX)
    if not name:
        raise refuse("errors.stakeholders_name_empty")
    return name


def invalid(column: str, value: Any) -> StoreError:
    """The refusal of a value outside its closed set or scale (``errors.stakeholders_value_invalid``)."""
    return refuse("errors.stakeholders_value_invalid",
                   column=column, value=str(value))


def choice(column: str, value: Any) -> str | None:
    """A closed-set cell (group, level, governance, ladder step) or None."""
    if missing(value):
        return None
    if isinstance(value, str) and value in _CHOICES[column]:
        return value
    raise invalid(column, value)


def scale(column: str, value: Any) -> int | None:
    """A whole-number score within its column's scale (interest, influence, position, trust) or None."""
    if missing(value):
        return None
    low, high = _SCALES[column]
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not float(value).is_integer() \
            or not low <= value <= high:
        raise invalid(column, value)
    return int(value)


def coordinate(column: str, value: Any) -> float | None:
    """A latitude or longitude in degrees, or None."""
    if missing(value):
        return None
    limit = 90 if column == "latitude" else 180
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise invalid(column, value) from None
    if not math.isfinite(number) or abs(number) > limit:
        raise invalid(column, value)
    return number


def row_values(row: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of a stakeholder row, checked (``suggested_by`` is resolved later)."""
    values: dict[str, Any] = {"name": name_value(row.get("name"))}
    for column, limit in _TEXTS.items():
        values[column] = text_value(row.get(column), limit, single_line=column != "expertise")
    for column in _CHOICES:
        values[column] = choice(column, row.get(column))
    if values["group"] is None:
        raise invalid("group", row.get("group"))
    for column in ("interest", "influence", "position"):
        values[column] = scale(column, row.get(column))
    known = row.get("knows_project")
    values["knows_project"] = None if missing(known) else bool(known)
    values["latitude"] = coordinate("latitude", row.get("latitude"))
    values["longitude"] = coordinate("longitude", row.get("longitude"))
    if (values["latitude"] is None) != (values["longitude"] is None):
        raise invalid("latitude" if values["latitude"] is None else "longitude", "–")
    return values


def unique_names(rows: list[dict[str, Any]]) -> None:
    """Refuse two rows whose names are equal ignoring case (``errors.stakeholders_name_taken``)."""
    seen: set[str] = set()
    for row in rows:
        key = projects.name_key(row["name"])
        if key in seen:
            raise refuse("errors.stakeholders_name_taken", name=row["name"])
        seen.add(key)


ERASED = "[…]"
"""What stands where an erased stakeholder's name stood in someone else's text."""


def without_name(text: str, name: str) -> str:
    """``text`` with every whole-word mention of ``name`` (ignoring case) replaced by :data:`ERASED`.

    Parameters
    ----------
    text : str
        Free text of another row (an interview answer, a relation's note).
    name : str
        The erased stakeholder's name; its inner spaces match any run of white space.

    Returns
    -------
    str
    """
    words = [re.escape(word) for word in name.split()]
    if not text or not words:
        return text
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
    return pattern.sub(ERASED, text)
