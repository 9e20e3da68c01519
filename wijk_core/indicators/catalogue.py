"""The officer's own description of the project's indicators: names, units, kinds, directions.

The packaged catalogue (``wijk_core/known_indicators.csv``, read by
:func:`wijk_core.readers.catalogue.default_catalogue`) names every column of the
official sources; an officer may still say it better for the council, or describe a
column of their own. What they change is kept per project as
:class:`IndicatorEntry` rows (:mod:`wijk_core.indicators.store`) and laid over
the catalogue the files give (:func:`apply_entries`), so the same names show on the
map, in the profiles, the criteria and the council report.

The whole catalogue goes out as a CSV file (:func:`catalogue_csv`) that
:func:`read_catalogue_entries` reads back to the same entries.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace

import numpy as np
import pandas as pd

from wijk_core.readers.catalogue import CATALOGUE_COLUMNS, IndicatorKind, NeedDirection, read_catalogue
from wijk_core.readers.files import DEFAULT_MAX_BYTES, Source
from wijk_core.writers.xlsx import FORMULA_PREFIXES, csv_text

__all__ = ["DIRECTIONS", "EDITABLE", "KINDS", "IndicatorEntry", "apply_entries", "catalogue_csv", "changed_entries",
           "entries_of", "read_catalogue_entries"]

EDITABLE = ("label_nl", "label_fr", "label_en", "unit", "kind", "denominator", "direction")
"""The columns of a catalogue entry an officer may change."""
KINDS = tuple(kind.value for kind in IndicatorKind)
"""The kinds an entry may take."""
DIRECTIONS = tuple(direction.value for direction in NeedDirection)
"""The directions an entry may take."""


@dataclass(frozen=True)
class IndicatorEntry:
    """How the project names, measures and reads one indicator.

    Attributes
    ----------
    indicator
        The indicator id (the column name in the uploaded table).
    label_nl, label_fr, label_en
        The name in each language.
    unit
        As the catalogue writes it (``count``, ``EUR``, ``%`` … are translated where shown).
    kind
        ``extensive`` (summed over an area) or ``intensive`` (averaged with a weight).
    denominator
        For an intensive indicator, the indicator that weights it; ``""`` weights by area.
    direction
        ``need_if_higher``, ``need_if_lower`` or ``neutral``.
    """

    indicator: str
    label_nl: str
    label_fr: str
    label_en: str
    unit: str
    kind: str
    denominator: str
    direction: str

    def values(self) -> dict[str, str]:
        """The editable values, by catalogue column."""
        return {key: value for key, value in asdict(self).items() if key != "indicator"}


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def entries_of(catalogue: pd.DataFrame, indicators: Iterable[str] | None = None) -> list[IndicatorEntry]:
    """The catalogue's rows (or those of ``indicators``) as entries, in catalogue order."""
    wanted = list(catalogue.index) if indicators is None else [i for i in catalogue.index if i in set(indicators)]
    return [IndicatorEntry(str(indicator), *(_text(catalogue.at[indicator, key]) for key in EDITABLE))
            for indicator in wanted]


def changed_entries(edited: pd.DataFrame, base: pd.DataFrame) -> list[IndicatorEntry]:
    """The entries of ``edited`` that say something else than ``base`` (new indicators included)."""
    before = {entry.indicator: entry for entry in entries_of(base)}
    return [entry for entry in entries_of(edited) if before.get(entry.indicator) != entry]


def apply_entries(catalogue: pd.DataFrame, entries: Iterable[IndicatorEntry]) -> pd.DataFrame:
    """The catalogue with the project's entries laid over it.

    Parameters
    ----------
    catalogue
        Indexed by indicator id, with :data:`~wijk_core.readers.catalogue.CATALOGUE_COLUMNS`.
    entries
        The project's entries; those of an indicator the catalogue does not hold are left out.

    Returns
    -------
    pandas.DataFrame
        A copy. An empty label keeps the catalogue's; the weight of an extensive
        indicator, and a weight that is not an indicator of the catalogue, is the area (NaN).
    """
    result = catalogue.copy()
    for entry in entries:
        if entry.indicator not in result.index:
            continue
        values = entry.values()
        values["kind"] = _canonical(IndicatorKind, entry.kind, result.at[entry.indicator, "kind"])
        values["direction"] = _canonical(NeedDirection, entry.direction, result.at[entry.indicator, "direction"])
        for key, value in values.items():
            if key.startswith("label_") and not value:
                continue
            result.at[entry.indicator, key] = value
        denominator = entry.denominator
        usable = (values["kind"] == IndicatorKind.INTENSIVE.value and denominator in result.index
                  and denominator != entry.indicator)
        result.at[entry.indicator, "denominator"] = denominator if usable else np.nan
    return result


def _canonical(kind: type[IndicatorKind] | type[NeedDirection], value: str, current: object) -> str:
    """A kind or direction in canonical form (``hoger`` → ``need_if_higher``); the current one if invalid."""
    try:
        return kind(value).value
    except ValueError:
        return str(current)


def catalogue_csv(catalogue: pd.DataFrame) -> bytes:
    """The catalogue as the catalogue file: UTF-8 CSV, one row per indicator, ``id`` first.

    Columns: ``id`` and :data:`~wijk_core.readers.catalogue.CATALOGUE_COLUMNS`. Text a
    spreadsheet would run as a formula gets a leading apostrophe, which
    :func:`read_catalogue_entries` removes again.
    """
    table = pd.DataFrame({"id": [str(i) for i in catalogue.index]})
    for column in CATALOGUE_COLUMNS:
        values = catalogue[column] if column in catalogue.columns else pd.Series([""] * len(catalogue))
        if column == "synthetic":
            table[column] = ["true" if bool(v) and _text(v) else "false" for v in values]
        elif column == "year":
            table[column] = [_text(v) if _text(v) == "" else str(int(v)) for v in values]
        else:
            table[column] = [_text(v) for v in values]
    buffer = io.StringIO()
    table.map(csv_text).to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


_FREE_TEXT = ("label_nl", "label_fr", "label_en", "unit")


def _unguarded(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text


def read_catalogue_entries(source: Source, filename: str | None = None, *,
                           indicators: Iterable[str] = (), max_bytes: int = DEFAULT_MAX_BYTES
                           ) -> list[IndicatorEntry]:
    """Read a catalogue file (ours or the officer's) as entries.

    Parameters
    ----------
    source, filename
        A CSV or XLSX with at least ``id``, ``label_nl``, ``kind`` (see
        :func:`~wijk_core.readers.catalogue.read_catalogue`).
    indicators
        The project's indicator ids: a weight may name one of them.
    max_bytes
        Largest accepted file.

    Returns
    -------
    list of IndicatorEntry
        One per row, in file order; an apostrophe our export put before formula-like text is removed.

    Raises
    ------
    wijk_core.readers.errors.CatalogueError
        As :func:`~wijk_core.readers.catalogue.read_catalogue`.
    """
    columns = pd.DataFrame(columns=[str(i) for i in indicators])
    catalogue = read_catalogue(source, filename, indicators=columns, max_bytes=max_bytes)
    return [replace(entry, **{key: _unguarded(getattr(entry, key)) for key in _FREE_TEXT})
            for entry in entries_of(catalogue)]

