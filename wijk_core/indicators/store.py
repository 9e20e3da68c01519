"""The project's indicator entries in the database: read, save (add or change), reset.

Functions take an open session (the caller commits), like every domain's ``store.py``:
``store.write(save_indicator_entries, project_id, entries)``,
``store.read(indicator_entries, project_id)``. Changing how the project names its
data is a data action (``data.upload``). Refusals are :class:`StoreError`:

===================================== ============================================================
``errors.project_not_found``          (id) the project does not exist
``errors.indicator_id_invalid``       an entry without indicator id, or one too long
``errors.indicator_label_missing``    (id) an entry without Dutch name
``errors.criteria_option_invalid``    (name, value, allowed) an unknown kind or direction
``errors.text_too_long``              (max) a name or unit over its limit
===================================== ============================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wijk_core.indicators.catalogue import IndicatorEntry
from wijk_core.indicators.tables import INDICATOR_ID_MAX, UNIT_MAX, IndicatorLabelRow
from wijk_core.readers.catalogue import IndicatorKind, NeedDirection
from wijk_core.selection.checks import short_text
from wijk_core.store.base import LABEL_MAX, printable, utc_now
from wijk_core.store.errors import StoreError
from wijk_core.store.guard import writes
from wijk_core.store.projects import existing_project_id as _project_id

__all__ = ["indicator_entries", "reset_indicator_entries", "save_indicator_entries"]


def _to_entry(row: IndicatorLabelRow) -> IndicatorEntry:
    return IndicatorEntry(indicator=row.indicator, label_nl=row.label_nl, label_fr=row.label_fr,
                          label_en=row.label_en, unit=row.unit, kind=row.kind, denominator=row.denominator,
                          direction=row.direction)


def indicator_entries(session: Session, project_id: int) -> list[IndicatorEntry]:
    """The project's entries, by indicator id."""
    query = select(IndicatorLabelRow).where(IndicatorLabelRow.project_id == _project_id(session, project_id))
    return [_to_entry(row) for row in session.scalars(query.order_by(IndicatorLabelRow.indicator)).all()]


def _choice(name: str, value: Any, allowed: type[IndicatorKind] | type[NeedDirection]) -> str:
    try:
        return allowed(value).value
    except ValueError:
        raise StoreError("errors.criteria_option_invalid", name=name, value=str(value),
                         allowed=", ".join(member.value for member in allowed)) from None


def _checked(entry: IndicatorEntry | Mapping[str, Any]) -> IndicatorEntry:
    values = dict(entry.values(), indicator=entry.indicator) if isinstance(entry, IndicatorEntry) else dict(entry)
    indicator = str(values.get("indicator") or "")  # kept exactly: it names a column of a file
    if not indicator.strip() or len(indicator) > INDICATOR_ID_MAX or printable(indicator) != indicator:
        raise StoreError("errors.indicator_id_invalid")

    def line(key: str, limit: int = LABEL_MAX) -> str:
        value = values.get(key)
        return short_text("" if value is None else str(value), limit) or ""

    label_nl = line("label_nl")
    if not label_nl:
        raise StoreError("errors.indicator_label_missing", id=indicator)
    kind = _choice("kind", values.get("kind"), IndicatorKind)
    return IndicatorEntry(indicator=indicator, label_nl=label_nl, label_fr=line("label_fr") or label_nl,
                          label_en=line("label_en") or label_nl, unit=line("unit", UNIT_MAX), kind=kind,
                          denominator=line("denominator", INDICATOR_ID_MAX) if kind == "intensive" else "",
                          direction=_choice("direction", values.get("direction") or "", NeedDirection))


@writes("data.upload")
def save_indicator_entries(session: Session, project_id: int,
                           entries: Iterable[IndicatorEntry | Mapping[str, Any]]) -> list[IndicatorEntry]:
    """Add or change entries of the project; the project's other entries stay as they are.

    Parameters
    ----------
    session : Session
    project_id : int
    entries : iterable of IndicatorEntry or mapping
        One per indicator (a later entry of the same indicator wins). Names and unit are
        one line each; an empty French or English name takes the Dutch one; kind and
        direction accept the catalogue's spellings (``intensief``, ``hoger`` …); an
        extensive indicator has no weight.

    Returns
    -------
    list of IndicatorEntry
        All the project's entries after the change, by indicator id.

    Raises
    ------
    StoreError
        See the module's table; nothing is written when one entry is refused.
    """
    project_id = _project_id(session, project_id)
    checked = {entry.indicator: entry for entry in map(_checked, entries)}
    for entry in checked.values():
        row = session.get(IndicatorLabelRow, (project_id, entry.indicator))
        if row is None:
            row = IndicatorLabelRow(project_id=project_id, indicator=entry.indicator)
            session.add(row)
        for key, value in entry.values().items():
            setattr(row, key, value)
        row.updated_at = utc_now()
    session.flush()
    return indicator_entries(session, project_id)


@writes("data.upload")
def reset_indicator_entries(session: Session, project_id: int, indicators: Iterable[str] | None = None) -> int:
    """Remove the project's entries (all, or those of ``indicators``): the files' catalogue applies again.

    Returns
    -------
    int
        How many entries were removed.
    """
    project_id = _project_id(session, project_id)
    query = delete(IndicatorLabelRow).where(IndicatorLabelRow.project_id == project_id)
    if indicators is not None:
        query = query.where(IndicatorLabelRow.indicator.in_([str(i) for i in indicators]))
    removed = session.execute(query).rowcount
    session.flush()
    return int(removed or 0)
