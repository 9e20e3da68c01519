"""The validation report: issues, their messages, and comparing codes with the layer."""

from __future__ import annotations

import dataclasses
import re

import pytest
from real_data import REAL

from wijk_core.i18n import catalogue
from wijk_core.readers.report import (REPORT_CODES, Issue, Severity, ValidationReport, compare_codes,
                                  examples_of)



def test_issue_keeps_five_distinct_examples_and_the_default_severity():
    issue = Issue.of("report.unknown_codes", 7, ["a", "b", "a", "c", "d", "e", "f", "g"],
                     source="t.csv")
    assert issue.examples == ("a", "b", "c", "d", "e")
    assert issue.severity is Severity.WARNING
    assert issue.message_params() == {"count": 7, "examples": "a, b, c, d, e, …", "source": "t.csv"}
    assert issue.message().startswith("t.csv: 7 sector codes are not in the sector layer")


def test_extra_params_fill_the_message():
    issue = Issue.of("report.year_chosen", 3, [2021, 2022, 2023], year=2023)
    assert issue.severity is Severity.INFO
    assert issue.message() == "The table holds 3 years (2021, 2022, 2023); year 2023 is used."


def test_report_is_immutable_and_merges():
    first = ValidationReport((Issue.of("report.encoding", 1, ["cp1252"], encoding="cp1252"),))
    second = ValidationReport((Issue.of("report.no_matching_codes", 2, ["x", "y"]),))
    merged = first.merge(second, [Issue.of("report.duplicate_codes", 1, ["z"])])
    assert merged.codes() == ["report.encoding", "report.no_matching_codes", "report.duplicate_codes"]
    assert len(first) == 1 and first.ok and not merged.ok
    assert [i.code for i in merged.errors] == ["report.no_matching_codes"]
    assert merged.count("report.duplicate_codes") == 1 and merged.get("report.absent") is None
    assert merged.with_source("f.csv").get("report.encoding").source == "f.csv"
    frame = merged.to_frame()
    assert frame["severity"].tolist() == ["info", "error", "warning"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        merged.issues = ()


def test_every_report_code_has_count_and_known_placeholders():
    english = catalogue("en")
    for code, severity in REPORT_CODES.items():
        # a counted message is a plural group: code.one and code.other
        texts = [english[code]] if code in english else [english[f"{code}.one"], english[f"{code}.other"]]
        assert code.startswith("report.") and isinstance(severity, Severity)
        for text in texts:
            assert "{count}" in text or code in ("report.crs_converted", "report.encoding"), code
            assert set(re.findall(r"{(\w+)}", text)) <= {
                "count", "examples", "source", "year", "encoding", "rows", "layer", "file", "crs", "sectors",
                "table_codes", "from_sectors", "share_outside", "share_covered", "totals"}, code


def test_compare_codes():
    issues = compare_codes(["A", "B", "23003ZZZZ", "B"], ["A", "C", "D"], source="t.csv")
    assert [(i.code, i.count, i.examples) for i in issues] == [
        ("report.unknown_codes", 2, ("B", "23003ZZZZ")),
        ("report.unlocated_codes", 1, ("23003ZZZZ",)),
        ("report.sectors_without_data", 2, ("C", "D")),
    ]
    assert compare_codes(["X"], ["A"])[0].code == "report.no_matching_codes"
    assert compare_codes([], ["A"])[0].code == "report.sectors_without_data"
    assert examples_of(range(10), limit=3) == ("0", "1", "2")


def test_gent_2025_sectors_against_pre_2025_fluvius_codes():
    import csv
    import json

    geometry, table = REAL / "gent_sectors_2025codes_stadgent.geojson", \
        REAL / "gent_fluvius_energy_2018_2021_pre2025codes.csv"
    if not (geometry.is_file() and table.is_file()):
        pytest.skip(f"real test data not present in {REAL} (see shared/data/real/README.md)")
    layer = [f["properties"]["cd_sector"] for f in json.loads(geometry.read_text())["features"]]
    with open(table, newline="", encoding="utf-8") as handle:
        codes = [row["CD_SECTOR"] for row in csv.DictReader(handle)]
    counts = {i.code: i.count for i in compare_codes(codes, layer)}
    assert counts == {"report.unknown_codes": 109, "report.unlocated_codes": 1,
                      "report.sectors_without_data": 161}
