"""The audit log as CSV, every text cell through the one formula guard.

A target or detail can hold text a resident typed (an idea's title); a spreadsheet
opening the export must show it, never run it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from wijk_core.access.audit import AuditEntry
from wijk_core.writers.xlsx import csv_text

__all__ = ["AUDIT_COLUMNS", "audit_csv"]

AUDIT_COLUMNS = ("at", "actor", "account_id", "project_id", "action", "target", "detail")
"""The columns of the export, in order."""


def audit_csv(entries: Iterable[AuditEntry]) -> str:
    """The audit entries as CSV text (comma-separated, a header row, times in ISO 8601 UTC).

    Parameters
    ----------
    entries : iterable of AuditEntry
        E.g. :func:`wijk_core.access.audit.audit_entries`.

    Returns
    -------
    str
        Text cells that start like a formula (``=``, ``+``, ``-``, ``@`` …) get a
        leading apostrophe (:func:`wijk_core.writers.xlsx.csv_text`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(AUDIT_COLUMNS)
    for entry in entries:
        detail = json.dumps(entry.detail, ensure_ascii=False, sort_keys=True) if entry.detail is not None else ""
        writer.writerow([entry.at.isoformat(), csv_text(entry.actor),
                         "" if entry.account_id is None else entry.account_id,
                         "" if entry.project_id is None else entry.project_id,
                         csv_text(entry.action), csv_text(entry.target), csv_text(detail)])
    return buffer.getvalue()
