"""The indicator catalogue: what each indicator column means and how it adds up.

A catalogue is a data file (CSV or XLSX) with one row per indicator and the columns
:data:`CATALOGUE_COLUMNS` (see ``data/demo/indicator_catalogue.csv``):

- ``kind``: ``extensive`` (counts, totals, areas: summed) or ``intensive`` (rates,
  averages, medians, scores: averaged with a weight);
- ``denominator``: for an intensive indicator, the indicator that weights it (e.g.
  ``MS_NBR_NON_ZERO_INC`` for an average income); empty means the sector area;
- ``direction``: ``need_if_higher``, ``need_if_lower`` or ``neutral`` – which way a
  value points to a neighbourhood that needs renovation most.

:func:`default_catalogue` describes the columns of uploaded tables: known Statbel,
Fluvius, Groenkaart/JaarBAK, land-use and heat-vulnerability columns from the
packaged ``wijk_core/known_indicators.csv`` (exact ids, or patterns like ``comp_*``
whose labels may use ``{name}``, the rest of the column name made readable, or
``{column}``); any other column as an intensive value weighted by area with a readable
label made from its name (:func:`readable_label`), for the user to adjust.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import numpy as np
import pandas as pd

from wijk_core.enums import AliasEnum
from wijk_core.readers.cells import is_missing
from wijk_core.readers.codes import find_column
from wijk_core.readers.errors import CatalogueError
from wijk_core.readers.files import DEFAULT_MAX_BYTES, Source
from wijk_core.readers.numbers import parse_numbers
from wijk_core.readers.text import read_table

__all__ = ["CATALOGUE_COLUMNS", "KNOWN_INDICATORS", "IndicatorKind", "NeedDirection",
           "default_catalogue", "known_entry", "known_indicators", "read_catalogue", "readable_label"]

CATALOGUE_COLUMNS = ("label_nl", "label_fr", "label_en", "unit", "kind", "denominator",
                     "direction", "source", "year", "synthetic")
KNOWN_INDICATORS = Path(__file__).resolve().parent.parent / "known_indicators.csv"
_REQUIRED = ("id", "label_nl", "kind")
_TRUE = {"true", "1", "yes", "y", "ja", "oui", "waar", "vrai"}
_AREA = {"", "area", "oppervlakte", "superficie"}


class IndicatorKind(AliasEnum):
    """How an indicator adds up over an area: summed (extensive) or averaged (intensive).

    The one indicator kind of the core: the catalogue reader checks it, the
    areal weighting (:mod:`wijk_core.areal.aggregate`) sums or averages by it.
    Accepts, case-insensitively, Dutch and French spellings (``extensief``,
    ``intensif``) and what a value measures: ``count``, ``sum``, ``total`` are
    extensive; ``rate``, ``ratio``, ``mean``, ``average`` and ``median`` intensive.

    A median is accepted as intensive on purpose: the aggregation treats it as a
    denominator- (or area-) weighted mean of the sectors' medians, which is an
    approximation of the median inside a perimeter – the same one the packaged
    catalogue already makes and documents for the median income
    (``known_indicators.csv``). Anything else names no kind (``ValueError``; the
    callers raise their own error code).
    """

    EXTENSIVE = "extensive"
    INTENSIVE = "intensive"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return _KIND_ALIASES


_KIND_ALIASES = {
    "extensief": "extensive", "extensif": "extensive", "count": "extensive", "sum": "extensive",
    "total": "extensive", "intensief": "intensive", "intensif": "intensive", "rate": "intensive",
    "ratio": "intensive", "mean": "intensive", "average": "intensive", "median": "intensive",
}


class NeedDirection(AliasEnum):
    """Which way a value points to more need for renovation.

    Accepts ``higher``/``hoger``/``plus``, ``lower``/``lager``/``moins`` and
    ``neutraal``/``neutre``; an empty cell (or ``none``) is neutral.
    """

    NEED_IF_HIGHER = "need_if_higher"
    NEED_IF_LOWER = "need_if_lower"
    NEUTRAL = "neutral"

    @classmethod
    def _normalise(cls, value: object) -> str | None:
        return str(value).strip().lower()  # None reads "none": neutral

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return _DIRECTION_ALIASES


_DIRECTION_ALIASES = {
    "": "neutral", "none": "neutral", "higher": "need_if_higher", "hoger": "need_if_higher",
    "plus": "need_if_higher", "lower": "need_if_lower", "lager": "need_if_lower",
    "moins": "need_if_lower", "neutraal": "neutral", "neutre": "neutral",
}


def read_catalogue(source: Source, filename: str | None = None, *,
                   indicators: pd.DataFrame | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> pd.DataFrame:
    """Read and check an indicator catalogue file.

    Parameters
    ----------
    source, filename
        Path, bytes or upload of a CSV/XLSX with at least ``id``, ``label_nl``, ``kind``.
    indicators
        The indicator table, when known: a denominator may also name one of its columns.
    max_bytes
        Largest accepted file.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``id`` with :data:`CATALOGUE_COLUMNS`: empty ``label_fr``/``label_en``
        filled with ``label_nl``; ``kind`` and ``direction`` in canonical form (empty
        direction = neutral); ``denominator`` NaN for extensive indicators and for "area";
        ``year`` Int64; ``synthetic`` bool.

    Raises
    ------
    CatalogueError
        ``errors.catalogue_columns_missing``, ``errors.catalogue_id_missing``,
        ``errors.catalogue_duplicate_ids``, ``errors.catalogue_label_missing``,
        ``errors.catalogue_kind_invalid``, ``errors.catalogue_direction_invalid``,
        ``errors.catalogue_denominator_unknown``.
    """
    raw = read_table(source, filename, max_bytes=max_bytes, key_names=("id",))
    name, frame = raw.name, raw.frame
    columns = {column: find_column(list(frame.columns), (column,))
               for column in ("id", *CATALOGUE_COLUMNS)}
    missing = [column for column in _REQUIRED if columns[column] is None]
    if missing:
        raise CatalogueError("errors.catalogue_columns_missing", filename=name, columns=", ".join(missing))
    text = pd.DataFrame({column: (frame[found].map(_text) if found is not None else "")
                         for column, found in columns.items()}, index=frame.index)
    text = text[(text != "").any(axis=1)]
    if (text["id"] == "").any():
        row = int(raw.row_numbers[text.index[text["id"] == ""][0]]) if raw.row_numbers is not None else 0
        raise CatalogueError("errors.catalogue_id_missing",
                             filename=name, row=row)
    repeated = text["id"][text["id"].duplicated()].unique().tolist()
    if repeated:
        raise CatalogueError("errors.catalogue_duplicate_ids", filename=name, ids=", ".join(repeated[:5]))
    catalogue = _check(text.set_index("id"), name, indicators)
    return catalogue


def _check(text: pd.DataFrame, name: str, indicators: pd.DataFrame | None) -> pd.DataFrame:
    ids = set(text.index)
    if indicators is not None:
        ids |= {str(column) for column in indicators.columns}
    rows = []
    for identifier, row in text.iterrows():
        if not row["label_nl"]:
            raise CatalogueError("errors.catalogue_label_missing",
                                 filename=name, id=identifier)
        try:
            kind = IndicatorKind(row["kind"])
        except ValueError:
            raise CatalogueError("errors.catalogue_kind_invalid", filename=name, id=identifier,
                                 kind=row["kind"]) from None
        try:
            direction = NeedDirection(row["direction"])
        except ValueError:
            raise CatalogueError("errors.catalogue_direction_invalid", filename=name,
                                 id=identifier, direction=row["direction"]) from None
        denominator = row["denominator"]
        if kind is IndicatorKind.EXTENSIVE or denominator.lower() in _AREA:
            denominator = np.nan
        elif denominator not in ids or denominator == identifier:
            raise CatalogueError("errors.catalogue_denominator_unknown", filename=name, id=identifier, denominator=denominator)
        rows.append({"id": identifier, "label_nl": row["label_nl"],
                     "label_fr": row["label_fr"] or row["label_nl"],
                     "label_en": row["label_en"] or row["label_nl"], "unit": row["unit"],
                     "kind": kind.value, "denominator": denominator,
                     "direction": direction.value, "source": row["source"],
                     "year": row["year"], "synthetic": row["synthetic"].lower() in _TRUE})
    catalogue = pd.DataFrame(rows, columns=["id", *CATALOGUE_COLUMNS]).set_index("id")
    return _typed(catalogue)


def _typed(catalogue: pd.DataFrame) -> pd.DataFrame:
    years, status = parse_numbers(catalogue["year"].astype(object))
    catalogue["year"] = pd.array([int(y) if s == 0 else pd.NA for y, s in zip(years, status)],
                                 dtype="Int64")
    catalogue["denominator"] = catalogue["denominator"].astype("str")
    catalogue["synthetic"] = catalogue["synthetic"].astype(bool)
    return catalogue


def _text(value: object) -> str:
    if is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def known_indicators(path: Path | None = None) -> pd.DataFrame:
    """The packaged descriptions of known indicator columns (ids may be glob patterns)."""
    known = pd.read_csv(path or KNOWN_INDICATORS, dtype=str, keep_default_na=False)
    return known.set_index("id")


def default_catalogue(indicators: pd.DataFrame, known: pd.DataFrame | None = None, *,
                      year: int | None = None, source: str | None = None) -> pd.DataFrame:
    """A catalogue entry for every column of ``indicators``.

    Parameters
    ----------
    indicators
        Indicator table (columns = indicator ids).
    known
        Descriptions of known columns, indexed by id or glob pattern, with the columns
        of ``known_indicators.csv``; default the packaged file.
    year
        Reference year to record (e.g. the year chosen from a long table).
    source
        Source to record for columns that are not known (e.g. the file name).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``id`` in the order of ``indicators.columns``, with
        :data:`CATALOGUE_COLUMNS`; ``synthetic`` False.

    Notes
    -----
    A known intensive indicator whose denominator is not a column of ``indicators`` is
    weighted by area instead (its denominator is left empty); unknown columns are
    ``intensive``, weighted by area, ``neutral``, labelled with the column name.
    """
    return _default_catalogue(indicators, known, year=year, source=source)[0]


def _default_catalogue(indicators: pd.DataFrame, known: pd.DataFrame | None = None, *,
                       year: int | None = None, source: str | None = None
                       ) -> tuple[pd.DataFrame, list[str]]:
    """As :func:`default_catalogue`, plus the ids whose known denominator was missing."""
    known = known_indicators() if known is None else known
    if "id" in known.columns:
        known = known.set_index("id")
    columns = [str(column) for column in indicators.columns]
    rows, fallbacks = [], []
    for column in columns:
        entry = _match(column, known)
        if entry is None:
            readable = readable_label(column)
            rows.append({"id": column, "label_nl": readable, "label_fr": readable, "label_en": readable,
                         "unit": "", "kind": "intensive", "denominator": np.nan,
                         "direction": "neutral", "source": source or "", "year": year,
                         "synthetic": False})
            continue
        denominator = entry.get("denominator", "") or np.nan
        if entry.get("kind") == "extensive":
            denominator = np.nan
        elif isinstance(denominator, str) and denominator not in columns:
            fallbacks.append(column)
            denominator = np.nan
        name = readable_label(column[len(entry.get("prefix", "")):], capital=False)
        labels = {key: str(entry.get(key, "") or readable_label(column)).replace("{name}", name)
                  .replace("{column}", column) for key in ("label_nl", "label_fr", "label_en")}
        rows.append({"id": column, **labels, "unit": entry.get("unit", ""),
                     "kind": IndicatorKind(entry.get("kind", "intensive")).value,
                     "denominator": denominator,
                     "direction": NeedDirection(entry.get("direction", "")).value,
                     "source": entry.get("source", "") or source or "", "year": year,
                     "synthetic": False})
    catalogue = pd.DataFrame(rows, columns=["id", *CATALOGUE_COLUMNS]).set_index("id")
    return _typed(catalogue), fallbacks


def known_entry(column: str, known: pd.DataFrame | None = None) -> dict | None:
    """What the packaged catalogue says of a column (its row, patterns filled in), or None when it does not know it.

    Parameters
    ----------
    column
        A column name of an uploaded table.
    known
        Descriptions of known columns as :func:`known_indicators` returns them; default the packaged file.

    Returns
    -------
    dict or None
        The columns of ``known_indicators.csv`` (labels with ``{name}``/``{column}``
        filled in), or None.
    """
    known = known_indicators() if known is None else known
    entry = _match(column, known)
    if entry is None:
        return None
    found = default_catalogue(pd.DataFrame(columns=[column]), known).loc[column]
    return {**{key: value for key, value in entry.items() if key != "prefix"},
            **{key: found[key] for key in ("label_nl", "label_fr", "label_en")}}


def _match(column: str, known: pd.DataFrame) -> dict | None:
    renamed = re.match(r"^(.+)_(\d+)$", column)  # area_valid_ha_4: renamed by join_indicators
    if renamed and column not in known.index:
        entry = _match(renamed.group(1), known)
        if entry is not None:
            suffix = f" ({renamed.group(2)})"
            return {**entry, **{key: str(entry.get(key, "") or renamed.group(1)) + suffix
                                for key in ("label_nl", "label_fr", "label_en")}}
    if column in known.index:
        return known.loc[column].to_dict()
    lower = {str(identifier).lower(): identifier for identifier in known.index}
    if column.lower() in lower:
        return known.loc[lower[column.lower()]].to_dict()
    for pattern in known.index:
        if any(char in str(pattern) for char in "*?[") and fnmatch.fnmatchcase(column, str(pattern)):
            return {**known.loc[pattern].to_dict(), "prefix": _prefix(column, str(pattern))}
    return None


def _prefix(column: str, pattern: str) -> str:
    """The start of ``column`` that a ``prefix*`` pattern names (``v1591_`` for ``v[0-9][0-9][0-9][0-9]_*``)."""
    head = pattern[:-1] if pattern.endswith("*") else ""
    for end in range(len(column) + 1):
        if head and fnmatch.fnmatchcase(column[:end], head):
            return column[:end]
    return ""


_WORDS = re.compile(r"[A-Z]{2,}\d+(?![a-z])"  # CO2, PM10
                    r"|[A-Z]{2,}(?=[A-Z][a-z]|\d|\b|_)"  # BAG in aantalWoningenBAG
                    r"|[A-Z]?[a-z]+|[A-Z]+|\d+(?:[.,]\d+)?|[^\W\d_]+")


def readable_label(column: str, *, capital: bool = True) -> str:
    """A column name as words a reader can read: ``ses_pre1945Housing`` → ``Ses pre 1945 housing``.

    Parameters
    ----------
    column
        A column name: words joined by underscores, hyphens, dots or camelCase.
    capital
        Whether the first letter is a capital (a label on its own) or left as it is
        (a name inside a longer label).

    Returns
    -------
    str
        The words separated by spaces, lower case except abbreviations written in
        capitals (``NIS``, ``CO2``); the name itself when it holds no word.
    """
    words = [word if word.isupper() and len(word) > 1 and not column.isupper() else word.lower()
             for word in _WORDS.findall(str(column))]
    if not words:
        return str(column)
    text = " ".join(words)
    return text[:1].upper() + text[1:] if capital else text
