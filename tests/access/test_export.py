"""The audit log as CSV: every column, and text that a spreadsheet would run kept as text."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from hostile import QUOTES, SCRIPT

from wijk_core.access import AUDIT_COLUMNS, AuditEntry, audit_csv, audit_entries, record

AT = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
FORMULA = '=HYPERLINK("http://evil.example","klik")'


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_every_entry_is_a_row_under_the_header():
    entries = [AuditEntry(2, AT, 7, "anna", 1, "ideas.moderate", "idea 12", {"status": "hidden"}),
               AuditEntry(1, AT, None, "command line", None, "accounts.manage", "account jef", None)]
    rows = _rows(audit_csv(entries))
    assert rows[0] == list(AUDIT_COLUMNS)
    assert rows[1] == ["2026-12-04T09:30:00+00:00", "anna", "7", "1", "ideas.moderate", "idea 12",
                       '{"status": "hidden"}']
    assert rows[2] == ["2026-12-04T09:30:00+00:00", "command line", "", "", "accounts.manage", "account jef", ""]


def test_hostile_text_stays_text_and_formulas_are_defused(store, project, hostile_text):
    with store.writing() as session:
        record(session, FORMULA, "ideas.moderate", hostile_text, project.id, {"title": hostile_text})
        record(session, "anna", "ideas.moderate", "-2+3", project.id, {"title": FORMULA})
    rows = _rows(audit_csv(store.read(audit_entries)))
    assert rows[1][1] == "anna" and rows[1][5] == "'-2+3"
    assert json.loads(rows[1][6]) == {"title": FORMULA}  # the detail cell starts with "{": nothing to run
    assert rows[2][1] == "'" + FORMULA
    expected_target = "'" + hostile_text if hostile_text[0] in "=+-@" else hostile_text
    assert rows[2][5] == expected_target
    assert json.loads(rows[2][6]) == {"title": hostile_text}


def test_a_quote_in_a_cell_does_not_break_the_row():
    rows = _rows(audit_csv([AuditEntry(1, AT, None, QUOTES, None, "audit.read", SCRIPT, None)]))
    assert len(rows) == 2 and rows[1][1] == QUOTES and rows[1][5] == SCRIPT
