"""The validation report: what a reader found wrong or noteworthy in an uploaded file.

Nothing a reader sets aside is dropped silently: every unknown code, duplicate,
suppressed cell, repaired polygon, … becomes an :class:`Issue` with a count and a few
examples, collected in a :class:`ValidationReport` that the app shows next to the data.

Each issue ``code`` is an i18n key under ``report.``; the interface fills its message
with :meth:`Issue.message_params` (always ``count``, ``examples`` and ``source``, plus
the issue's own ``params``). :data:`REPORT_CODES` lists every code with its severity;
the texts, English included, live only in the i18n catalogue.

Severities:

- ``info``: noted, the data is read as the user meant (a year chosen, an encoding);
- ``warning``: part of the data is set aside or repaired, results stay usable;
- ``error``: the file does not fit the rest (no code matches the sector layer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

import pandas as pd

from wijk_core.i18n import english

__all__ = [
    "EXAMPLES",
    "REPORT_CODES",
    "Issue",
    "Severity",
    "Totals",
    "ValidationReport",
    "compare_codes",
    "examples_of",
]

#: How many examples an issue keeps.
EXAMPLES = 5


class Severity(str, Enum):
    """How much an issue matters: noted, data set aside or repaired, or unusable."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


#: Every report code with its default severity; the messages live in the i18n catalogue.
REPORT_CODES: dict[str, Severity] = {
    "report.layer_chosen": Severity.INFO,
    "report.file_chosen": Severity.INFO,
    "report.crs_converted": Severity.INFO,
    "report.geometry_repaired": Severity.WARNING,
    "report.geometry_empty": Severity.WARNING,
    "report.duplicate_sectors": Severity.WARNING,
    "report.municipality_derived": Severity.INFO,
    "report.invalid_codes": Severity.WARNING,
    "report.encoding": Severity.INFO,
    "report.year_chosen": Severity.INFO,
    "report.text_columns": Severity.INFO,
    "report.duplicate_codes": Severity.WARNING,
    "report.non_numeric": Severity.WARNING,
    "report.suppressed_values": Severity.INFO,
    "report.unknown_codes": Severity.WARNING,
    "report.unlocated_codes": Severity.INFO,
    "report.no_matching_codes": Severity.ERROR,
    "report.sectors_without_data": Severity.WARNING,
    "report.codes_matched": Severity.INFO,
    "report.codes_older_than_layer": Severity.WARNING,
    "report.codes_newer_than_layer": Severity.WARNING,
    "report.code_generations_unclear": Severity.INFO,
    "report.table_converted": Severity.INFO,
    "report.table_converted_pre2025_to_2025": Severity.INFO,
    "report.table_converted_2025_to_pre2025": Severity.INFO,
    "report.sectors_partly_covered": Severity.WARNING,
    "report.codes_without_geometry": Severity.WARNING,
    "report.converted_by_area": Severity.WARNING,
    "report.other_geometry_unused": Severity.INFO,
    "report.column_renamed": Severity.WARNING,
    "report.column_duplicate": Severity.INFO,
    "report.catalogue_defaults": Severity.INFO,
    "report.catalogue_unused": Severity.INFO,
    "report.denominator_missing": Severity.WARNING,
    "report.duplicate_wijken": Severity.WARNING,
    "report.wijk_without_polygon": Severity.INFO,
    "report.wijk_without_sectors": Severity.WARNING,
    "report.sectors_without_wijk": Severity.WARNING,
}


def examples_of(values: Iterable[Any], limit: int = EXAMPLES) -> tuple[str, ...]:
    """The first ``limit`` distinct values as text, in order of appearance."""
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(str(value), None)
        if len(seen) >= limit:
            break
    return tuple(seen)


@dataclass(frozen=True)
class Totals:
    """Totals before and after a change, per indicator: a message parameter whose numbers the interface localises.

    Attributes
    ----------
    rows
        ``(indicator, before, after)`` per indicator.
    """

    rows: tuple[tuple[str, float, float], ...]

    def text(self, number: Callable[[float], str] | None = None) -> str:
        """``indicator: before → after; …`` with ``number`` writing each number (default 10 significant digits)."""
        write = number or (lambda value: f"{value:.10g}")
        return "; ".join(f"{name}: {write(before)} → {write(after)}" for name, before, after in self.rows) or "–"

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Issue:
    """One thing a reader noticed, counted, with a few examples.

    Attributes
    ----------
    code
        i18n key under ``report.`` (see :data:`REPORT_CODES`).
    count
        How many rows, values, codes or features it concerns.
    examples
        Up to :data:`EXAMPLES` of them, as text.
    severity
        ``info``, ``warning`` or ``error``.
    source
        Name of the file it is about ("" when not file-specific).
    params
        Extra placeholders of the message (``year``, ``encoding``, ``rows``, …).
    """

    code: str
    count: int
    examples: tuple[str, ...] = ()
    severity: Severity = Severity.WARNING
    source: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, code: str, count: int, examples: Iterable[Any] = (), *, source: str = "",
           severity: Severity | None = None, **params: Any) -> Issue:
        """An issue with the default severity of ``code`` and examples cut to five."""
        if severity is None:
            severity = REPORT_CODES.get(code, Severity.WARNING)
        return cls(code=code, count=int(count), examples=examples_of(examples),
                   severity=Severity(severity), source=source, params=dict(params))

    def message_params(self, number: Callable[[float], str] | None = None) -> dict[str, Any]:
        """Placeholders for the translated message: ``count``, ``examples``, ``source``, params.

        ``number`` writes the numbers of :class:`Totals` parameters (the reader's language).
        """
        shown = ", ".join(self.examples)
        if self.count > len(self.examples) and self.examples:
            shown += ", …"
        params = {key: value.text(number) if isinstance(value, Totals) else value for key, value in self.params.items()}
        return {**params, "count": self.count, "examples": shown, "source": self.source}

    def message(self) -> str:
        """The English message (for logs, the command line and tests), from the ``en`` catalogue."""
        text = english(self.code, **self.message_params())
        return f"{self.source}: {text}" if self.source else text


@dataclass(frozen=True)
class ValidationReport:
    """All issues found while reading files, in the order they were found.

    ``issues`` is a tuple so the report stays immutable; combine reports with
    :meth:`merge`.
    """

    issues: tuple[Issue, ...] = ()

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    @property
    def ok(self) -> bool:
        """True when no issue has severity ``error``."""
        return not any(issue.severity is Severity.ERROR for issue in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    def codes(self) -> list[str]:
        """The issue codes, in order."""
        return [issue.code for issue in self.issues]

    def get(self, code: str, source: str | None = None) -> Issue | None:
        """The first issue with ``code`` (and ``source``, when given), or None."""
        for issue in self.issues:
            if issue.code == code and (source is None or issue.source == source):
                return issue
        return None

    def count(self, code: str) -> int:
        """Sum of the counts of all issues with ``code`` (0 when there is none)."""
        return sum(issue.count for issue in self.issues if issue.code == code)

    def merge(self, *others: ValidationReport | Iterable[Issue]) -> ValidationReport:
        """A new report with the issues of ``self`` followed by those of ``others``."""
        issues = list(self.issues)
        for other in others:
            issues.extend(other.issues if isinstance(other, ValidationReport) else other)
        return ValidationReport(tuple(issues))

    def with_source(self, source: str) -> ValidationReport:
        """The same report with ``source`` set on every issue that has none."""
        return ValidationReport(tuple(i if i.source else replace(i, source=source)
                                      for i in self.issues))

    def to_frame(self) -> pd.DataFrame:
        """One row per issue: source, severity, code, count, examples, message (English)."""
        rows = [{"source": i.source, "severity": i.severity.value, "code": i.code,
                 "count": i.count, "examples": ", ".join(i.examples), "message": i.message()}
                for i in self.issues]
        return pd.DataFrame(rows, columns=["source", "severity", "code", "count", "examples",
                                           "message"])


def compare_codes(table_codes: Iterable[str], layer_codes: Iterable[str], *,
                  source: str = "") -> list[Issue]:
    """Issues about the sector codes of a table against those of the sector layer.

    Parameters
    ----------
    table_codes
        Valid sector codes of the table (duplicates allowed, counted once).
    layer_codes
        Codes of the sector layer.
    source
        File name of the table, for the issues.

    Returns
    -------
    list of Issue
        ``report.unknown_codes`` (codes not in the layer; ``report.no_matching_codes``
        instead when none matches), ``report.unlocated_codes`` (the unknown ones ending in
        ``ZZZZ``) and ``report.sectors_without_data`` (layer codes absent from the table).
    """
    table = list(dict.fromkeys(str(code) for code in table_codes))
    layer = list(dict.fromkeys(str(code) for code in layer_codes))
    layer_set, table_set = set(layer), set(table)
    unknown = [code for code in table if code not in layer_set]
    missing = sorted(code for code in layer if code not in table_set)
    issues: list[Issue] = []
    if table and len(unknown) == len(table):
        issues.append(Issue.of("report.no_matching_codes", len(unknown), unknown, source=source))
    elif unknown:
        issues.append(Issue.of("report.unknown_codes", len(unknown), unknown, source=source))
    unlocated = [code for code in unknown if code.endswith("ZZZZ")]
    if unlocated:
        issues.append(Issue.of("report.unlocated_codes", len(unlocated), unlocated, source=source))
    if missing:
        issues.append(Issue.of("report.sectors_without_data", len(missing), missing, source=source))
    return issues
