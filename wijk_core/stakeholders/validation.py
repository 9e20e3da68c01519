"""Check every field of an inventory (or relation list) and say exactly what is wrong.

:func:`check_inventory` takes raw rows (from a file or the table editor, with the
canonical column keys) and returns the good rows, typed, and one
:class:`RowIssue` per problem: which row, which column, why (an i18n code with its
parameters). A row with an error is left out of ``valid``; a warning keeps the
row and names what was dropped. Nothing is written anywhere: the caller decides
whether to keep the good rows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from wijk_core.stakeholders.cells import CellError, as_number, as_text, is_missing, location_problem, parse_cell, parse_scale, parse_text
from wijk_core.stakeholders.model import COLUMNS, TRUST_RANGE, ColumnSpec, column_spec

__all__ = [
    "RELATION_COLUMNS",
    "InventoryCheck",
    "RelationCheck",
    "RowIssue",
    "check_inventory",
    "check_relations",
    "empty_inventory",
    "empty_relations",
    "name_key",
]

RELATION_COLUMNS = ("source", "target", "trust", "note")
"""Columns of a relation list: two stakeholder names, trust 1–5, a note."""

NOTE_MAX = 2000
"""Longest note on a relation, in characters."""

_DTYPES = {"text": object, "choice": object, "reference": object, "scale": "Int64",
           "yes_no": "boolean", "latitude": "Float64", "longitude": "Float64"}

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class RowIssue:
    """One problem in one row.

    Attributes
    ----------
    row
        The row as the user sees it: the spreadsheet row number for a file
        (header = row 1, so the first data row is 2), the table row (from 1) in
        the editor.
    column
        Canonical column key (``interest``, ``group``, …), None for the whole row.
    code
        i18n key of the reason, e.g. ``errors.stakeholders_scale_invalid``.
    params
        Placeholders of that message (``value``, ``low``, ``high``, …).
    severity
        ``error``: the row is left out. ``warning``: the row is kept, the value is not.
    header
        The column's heading as written in the file (defaults to the key).
    """

    row: int
    column: str | None
    code: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    severity: Severity = "error"
    header: str | None = None


@dataclass(frozen=True)
class InventoryCheck:
    """The outcome of :func:`check_inventory`.

    ``valid`` holds the good rows with typed columns (see :func:`empty_inventory`),
    indexed by their row number; ``issues`` every problem in row order; ``rows``
    the number of non-blank rows read.
    """

    valid: pd.DataFrame
    issues: tuple[RowIssue, ...]
    rows: int

    @property
    def bad_rows(self) -> tuple[int, ...]:
        """Row numbers left out because of an error."""
        return tuple(sorted({i.row for i in self.issues if i.severity == "error"}))

    @property
    def errors(self) -> tuple[RowIssue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")


@dataclass(frozen=True)
class RelationCheck:
    """The outcome of :func:`check_relations`: good relations, issues, rows read."""

    valid: pd.DataFrame
    issues: tuple[RowIssue, ...]
    rows: int

    @property
    def bad_rows(self) -> tuple[int, ...]:
        return tuple(sorted({i.row for i in self.issues if i.severity == "error"}))


def name_key(name: str) -> str:
    """The form under which two names are the same person: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def empty_inventory() -> pd.DataFrame:
    """An inventory without rows, with the typed columns of :data:`~.model.COLUMNS`.

    Text columns hold ``str`` (``""`` when empty), choice and reference columns a
    key or None, scales ``Int64``, ``knows_project`` ``boolean``, coordinates ``Float64``.
    """
    return pd.DataFrame({key: pd.Series(dtype=_DTYPES[column_spec(key).kind]) for key in COLUMNS})


def empty_relations() -> pd.DataFrame:
    """A relation list without rows: ``source``, ``target`` (names), ``trust`` (Int64), ``note``."""
    return pd.DataFrame({"source": pd.Series(dtype=object), "target": pd.Series(dtype=object),
                         "trust": pd.Series(dtype="Int64"), "note": pd.Series(dtype=object)})

# --------------------------------------------------------------------------- inventory


def _blank(row: Mapping[str, Any], columns: Iterable[str]) -> bool:
    return all(is_missing(row.get(column)) for column in columns)


def check_inventory(rows: pd.DataFrame, *, first_row: int = 2, known_names: Iterable[str] = (),
                    headers: Mapping[str, str] | None = None) -> InventoryCheck:
    """Validate every field of every row of an inventory.

    Parameters
    ----------
    rows : DataFrame
        Raw rows with canonical column keys (see :data:`~.model.COLUMNS`; missing
        columns count as empty, others are ignored except ``id``, which is kept).
        Cells may be text (as read from CSV) or typed values (from XLSX or the editor).
    first_row : int, default 2
        The number the user sees for the first row: 2 for a file with a header
        row, 1 for the table editor.
    known_names : iterable of str
        Names already in the inventory, which ``suggested_by`` may refer to.
    headers : mapping, optional
        Canonical key → heading as written in the file, repeated in the issues.

    Returns
    -------
    InventoryCheck
        ``valid``: the rows without errors, typed, indexed by row number;
        ``issues``: per row and column, the reason.

    Notes
    -----
    The rules, each reported with its own code:

    - ``name`` is required, at most 120 characters, unique ignoring case
      (the later row is refused, naming the first);
    - ``group`` is required and, like ``level``, ``governance`` and every
      ``ladder_*`` column, one of its closed set (keys, labels in nl/fr/en or aliases);
    - ``interest`` and ``influence`` are whole numbers 1–5, ``position`` −2…+2;
    - ``knows_project`` is yes/no (ja/nee, oui/non, 1/0, x);
    - ``latitude`` and ``longitude`` come together and lie in Belgium (a
      swapped pair is recognised and named);
    - ``suggested_by`` names another stakeholder of the file or of
      ``known_names``; a name that is not there is a warning and is dropped.
    """
    headers = dict(headers or {})
    known = {name_key(n): n for n in known_names}
    good: list[dict[str, Any]] = []
    issues: list[RowIssue] = []
    seen: dict[str, int] = {}
    read = 0
    has_id = "id" in rows.columns
    for position, (_, raw) in enumerate(rows.iterrows()):
        number = first_row + position
        cells = raw.to_dict()
        if _blank(cells, COLUMNS):
            continue
        read += 1
        parsed: dict[str, Any] = {}
        row_issues: list[RowIssue] = []
        for key in COLUMNS:
            spec = column_spec(key)
            try:
                parsed[key] = parse_cell(cells.get(key), spec)
            except CellError as err:
                row_issues.append(RowIssue(number, key, err.code, err.params, "error",
                                           headers.get(key, key)))
                parsed[key] = None
        location = location_problem(parsed.get("latitude"), parsed.get("longitude"))
        if location and not any(i.column in ("latitude", "longitude") for i in row_issues):
            column = "longitude" if parsed.get("longitude") is None else "latitude"
            row_issues.append(RowIssue(number, column, location[0], location[1], "error",
                                       headers.get(column, column)))
        name = parsed.get("name")
        if name:
            key = name_key(name)
            if key in seen:
                row_issues.append(RowIssue(number, "name", "errors.stakeholders_name_duplicate",
                                           {"name": name, "first_row": seen[key]}, "error",
                                           headers.get("name", "name")))
            else:
                seen[key] = number
            reference = parsed.get("suggested_by")
            if reference and name_key(reference) == key:
                row_issues.append(RowIssue(number, "suggested_by", "errors.stakeholders_suggested_self",
                                           {"name": name}, "error", headers.get("suggested_by", "suggested_by")))
        issues.extend(row_issues)
        if not any(i.severity == "error" for i in row_issues):
            if has_id:
                parsed["id"] = cells.get("id")
            parsed["_row"] = number
            good.append(parsed)
    # References are checked last: they may point at any row of the file.
    names = {name_key(row["name"]): row["name"] for row in good} | known
    for row in good:
        reference = row.get("suggested_by")
        if reference and name_key(reference) not in names:
            issues.append(RowIssue(row["_row"], "suggested_by", "errors.stakeholders_suggested_unknown",
                                   {"value": reference}, "warning", headers.get("suggested_by", "suggested_by")))
            row["suggested_by"] = None
        elif reference:
            row["suggested_by"] = names[name_key(reference)]
    return InventoryCheck(_typed(good, has_id), tuple(sorted(issues, key=_issue_order)), read)


def _issue_order(issue: RowIssue) -> tuple:
    column = COLUMNS.index(issue.column) if issue.column in COLUMNS else -1
    return (issue.row, column)


def _typed(rows: list[dict[str, Any]], with_id: bool) -> pd.DataFrame:
    index = pd.Index([row["_row"] for row in rows], dtype="int64", name="row")
    frame = pd.DataFrame({key: pd.Series([row[key] for row in rows], index=index,
                                         dtype=_DTYPES[column_spec(key).kind])
                          for key in COLUMNS}, index=index)
    if with_id:
        frame["id"] = pd.Series([_id_or_none(row.get("id")) for row in rows], index=index, dtype="Int64")
    return frame


def _id_or_none(value: Any) -> int | None:
    number = None if is_missing(value) else as_number(value)
    return int(number) if number is not None and number.is_integer() else None


# --------------------------------------------------------------------------- relations


def check_relations(rows: pd.DataFrame, names: Iterable[str], *, first_row: int = 2,
                    headers: Mapping[str, str] | None = None) -> RelationCheck:
    """Validate a list of relations between stakeholders.

    Parameters
    ----------
    rows : DataFrame
        Columns ``source``, ``target`` (stakeholder names), ``trust`` (1–5,
        optional) and ``note``.
    names : iterable of str
        The stakeholders that exist; names match ignoring case.
    first_row : int, default 2
        Number shown for the first row (see :func:`check_inventory`).
    headers : mapping, optional
        Canonical key → heading in the file.

    Returns
    -------
    RelationCheck
        The good relations (names spelt as in ``names``) and an issue per problem:
        empty or unknown name, a relation of a stakeholder with itself, the same
        pair twice (in either order), trust outside 1–5, a note over 2,000 characters.
    """
    headers = dict(headers or {})
    known = {name_key(n): n for n in names}
    trust_spec = ColumnSpec("trust", "scale", low=TRUST_RANGE[0], high=TRUST_RANGE[1])
    note_spec = ColumnSpec("note", "text", max_length=NOTE_MAX)
    good, issues, seen, read = [], [], {}, 0
    for position, (_, raw) in enumerate(rows.iterrows()):
        number = first_row + position
        cells = raw.to_dict()
        if _blank(cells, RELATION_COLUMNS):
            continue
        read += 1
        row_issues: list[RowIssue] = []

        def refuse(column: str, code: str, **params: Any) -> None:
            row_issues.append(RowIssue(number, column, code, params, "error", headers.get(column, column)))

        ends = {}
        for column in ("source", "target"):
            text = as_text(cells.get(column))
            if not text:
                refuse(column, "errors.stakeholders_relation_name_empty")
            elif name_key(text) not in known:
                refuse(column, "errors.stakeholders_relation_unknown", value=text)
            else:
                ends[column] = known[name_key(text)]
        trust = note = None
        try:
            trust = parse_scale(cells.get("trust"), trust_spec)
        except CellError as err:
            refuse("trust", err.code, **err.params)
        try:
            note = parse_text(cells.get("note"), note_spec)
        except CellError as err:
            refuse("note", err.code, **err.params)
        if len(ends) == 2:
            pair = tuple(sorted(name_key(n) for n in ends.values()))
            if pair[0] == pair[1]:
                refuse("target", "errors.stakeholders_relation_self", name=ends["source"])
            elif pair in seen:
                refuse("target", "errors.stakeholders_relation_duplicate",
                       source=ends["source"], target=ends["target"], first_row=seen[pair])
            else:
                seen[pair] = number
        issues.extend(row_issues)
        if not row_issues:
            good.append({"row": number, "source": ends["source"], "target": ends["target"],
                         "trust": trust, "note": note or ""})
    frame = empty_relations()
    if good:
        data = pd.DataFrame(good).set_index("row")
        frame = pd.DataFrame({"source": data["source"].astype(object), "target": data["target"].astype(object),
                              "trust": data["trust"].astype("Int64"), "note": data["note"].astype(object)})
    frame.index.name = "row"
    return RelationCheck(frame, tuple(issues), read)
