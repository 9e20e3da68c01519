"""Scenarios in and out: JSON scenario files, and item tables (the page's editor, CSV, XLSX).

A scenario file is JSON, either one scenario::

    {"name": "Diepe renovatie", "floor_area_m2": 11400,
     "items": [{"name": "Gevelisolatie", "category": "investment", "amount": 2500000,
                "lifetime": 40}, ...],
     "externalities": [{"name": "CO2", "kind": "co2", "quantity": 310}]}

or a study with parameters and several scenarios (the presets' format)::

    {"parameters": {"period_years": 30, "discount_rate": 0.02, "energy_escalation": 0.01},
     "scenarios": [{...}, {...}]}

Rates are fractions (0.02 = 2 %) or text with a percent sign (``"2 %"``). Numbers
may be JSON numbers or text in Belgian or English notation (``"2.500.000"``,
``"1.234,5"``); anything else is refused with the field and item named.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from wijk_core.costs.errors import CostError
from wijk_core.costs.model import CostItem, Externality, Parameters, Scenario
from wijk_core.readers.cells import is_empty

__all__ = [
    "EXTERNALITY_COLUMNS",
    "ITEM_COLUMNS",
    "externalities_frame",
    "externalities_from_frame",
    "items_frame",
    "items_from_frame",
    "parameters_from_dict",
    "read_item_table",
    "read_study",
    "scenario_from_dict",
    "study_to_dict",
]

ITEM_COLUMNS: tuple[str, ...] = ("name", "category", "amount", "year", "lifetime")
"""Columns of an item table, in order."""

EXTERNALITY_COLUMNS: tuple[str, ...] = ("name", "kind", "quantity", "unit_cost", "year")
"""Columns of an externality table, in order."""

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest scenario file or item table read, in bytes."""


def _mapping(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CostError("errors.costs_file_invalid",
                        detail=f"{what}: {type(value).__name__}")
    return value


def parameters_from_dict(data: Mapping[str, Any] | None) -> Parameters:
    """Parameters from a JSON object; absent keys take the defaults of :class:`Parameters`."""
    if data is None:
        return Parameters()
    data = _mapping(data, "parameters")
    known = {key: data[key] for key in Parameters.__dataclass_fields__ if key in data}
    return Parameters(**known)


def scenario_from_dict(data: Mapping[str, Any]) -> Scenario:
    """A scenario from a JSON object (see the module docstring).

    Raises
    ------
    CostError
        Any refusal of :class:`Scenario`, :class:`CostItem` or :class:`Externality`;
        ``errors.costs_file_invalid`` (detail) when it is not shaped like a scenario.
    """
    data = _mapping(data, "scenario")
    for key in ("items", "externalities"):
        value = data.get(key)
        if value is not None and not isinstance(value, list):
            raise CostError("errors.costs_file_invalid", detail=key)
        for entry in value or ():
            _mapping(entry, key)
    return Scenario(name=data.get("name"), floor_area_m2=data.get("floor_area_m2"),
                    items=tuple(data.get("items") or ()),
                    externalities=tuple(data.get("externalities") or ()),
                    description=data.get("description") or "")


def read_study(source: str | Path | bytes | Mapping[str, Any]) -> tuple[Parameters | None, list[Scenario]]:
    """Read a scenario file: one scenario, or parameters with several.

    Parameters
    ----------
    source : path, bytes or already-parsed JSON object

    Returns
    -------
    (Parameters or None, list of Scenario)
        The parameters are None when the file has none.

    Raises
    ------
    CostError
        ``errors.costs_file_invalid`` (detail) for text that is not JSON or not
        shaped like a study, ``errors.costs_file_too_large`` (max_mb),
        ``errors.costs_no_scenarios`` for a study without scenarios, and any
        refusal of the scenarios themselves.
    """
    if isinstance(source, Mapping):
        data: Any = source
    else:
        try:
            raw = Path(source).read_bytes() if isinstance(source, (str, Path)) else bytes(source)
        except OSError as exc:
            raise CostError("errors.costs_file_invalid",
                            detail=str(exc.strerror or type(exc).__name__)) from None
        if len(raw) > MAX_FILE_BYTES:
            raise CostError("errors.costs_file_too_large",
                            max_mb=MAX_FILE_BYTES // (1024 * 1024))
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise CostError("errors.costs_file_invalid",
                            detail="UTF-8") from None
        except json.JSONDecodeError as exc:
            raise CostError("errors.costs_file_invalid",
                            detail=f"JSON, line {exc.lineno}") from None
    data = _mapping(data, "file")
    if "scenarios" in data:
        scenarios = data["scenarios"]
        if not isinstance(scenarios, list):
            raise CostError("errors.costs_file_invalid", detail="scenarios")
        parameters = parameters_from_dict(data["parameters"]) if "parameters" in data else None
        found = [scenario_from_dict(entry) for entry in scenarios]
    elif "items" in data or "name" in data:
        parameters = parameters_from_dict(data["parameters"]) if "parameters" in data else None
        found = [scenario_from_dict(data)]
    else:
        raise CostError("errors.costs_file_invalid",
                        detail="scenarios / items")
    if not found:
        raise CostError("errors.costs_no_scenarios")
    return parameters, found


def study_to_dict(parameters: Parameters, scenarios: Iterable[Scenario]) -> dict[str, Any]:
    """The JSON object :func:`read_study` reads back."""
    return {"parameters": parameters.to_dict(), "scenarios": [s.to_dict() for s in scenarios]}


def _records(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    """Non-blank rows as (row number from 1, {column: value}); unknown columns are ignored."""
    rows = []
    for number, (_, row) in enumerate(frame.iterrows(), start=1):
        record = {column: row.get(column) for column in columns}
        if all(is_empty(value) for value in record.values()):
            continue  # an empty row the editor added
        rows.append((number, {key: (None if is_empty(value) else value) for key, value in record.items()}))
    return rows


def _named(number: int, record: dict[str, Any]) -> dict[str, Any]:
    if record["name"] is None:
        raise CostError("errors.costs_row_name_empty", row=number)
    return record


def items_from_frame(frame: pd.DataFrame) -> tuple[CostItem, ...]:
    """Cost items from a table with the columns of :data:`ITEM_COLUMNS`.

    Rows whose every cell is empty are skipped (new rows of an editor).

    Raises
    ------
    CostError
        ``errors.costs_row_name_empty`` (row) and every refusal of :class:`CostItem`.
    """
    return tuple(CostItem(**_named(number, record)) for number, record in _records(frame, ITEM_COLUMNS))


def externalities_from_frame(frame: pd.DataFrame) -> tuple[Externality, ...]:
    """Externalities from a table with the columns of :data:`EXTERNALITY_COLUMNS`."""
    return tuple(Externality(**_named(number, record))
                 for number, record in _records(frame, EXTERNALITY_COLUMNS))


def items_frame(items: Iterable[CostItem]) -> pd.DataFrame:
    """The items as a table with typed columns (the editor's input)."""
    frame = pd.DataFrame([item.to_dict() for item in items], columns=list(ITEM_COLUMNS))
    return frame.astype({"name": "string", "category": "string", "amount": "float64",
                         "year": "Int64", "lifetime": "Int64"})


def externalities_frame(externalities: Iterable[Externality]) -> pd.DataFrame:
    """The externalities as a table with typed columns."""
    frame = pd.DataFrame([item.to_dict() for item in externalities], columns=list(EXTERNALITY_COLUMNS))
    return frame.astype({"name": "string", "kind": "string", "quantity": "float64",
                         "unit_cost": "float64", "year": "Int64"})


def read_item_table(content: bytes, filename: str, header_aliases: Mapping[str, str] | None = None
                    ) -> tuple[CostItem, ...]:
    """Cost items from an uploaded CSV (``,`` or ``;``) or XLSX table.

    Parameters
    ----------
    content : bytes
    filename : str
        Its extension picks the reader (``.xlsx`` or anything else as CSV).
    header_aliases : mapping, optional
        Header text (e.g. a translated column label) → column key; headers are
        matched ignoring case and surrounding spaces.

    Raises
    ------
    CostError
        ``errors.costs_file_invalid`` (detail) when unreadable or without a
        ``name`` or ``amount`` column; every refusal of :class:`CostItem`.
    """
    if len(content) > MAX_FILE_BYTES:
        raise CostError("errors.costs_file_too_large",
                        max_mb=MAX_FILE_BYTES // (1024 * 1024))
    try:
        if filename.lower().endswith(".xlsx"):
            frame = pd.read_excel(io.BytesIO(content), dtype=object)
        else:
            text = content.decode("utf-8-sig")
            separator = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
            frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, IndexError):
        raise CostError("errors.costs_file_invalid", detail="UTF-8") from None
    except Exception as exc:  # pandas and openpyxl raise many kinds
        raise CostError("errors.costs_file_invalid",
                        detail=type(exc).__name__) from None
    aliases = {key.strip().casefold(): value for key, value in (header_aliases or {}).items()}
    aliases.update({key: key for key in ITEM_COLUMNS})
    frame.columns = [aliases.get(str(column).strip().casefold(), str(column)) for column in frame.columns]
    missing = [column for column in ("name", "amount") if column not in frame.columns]
    if missing:
        raise CostError("errors.costs_file_invalid",
                        detail=", ".join(missing))
    for column in ITEM_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    return items_from_frame(frame)
