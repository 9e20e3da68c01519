"""Sector codes: their form and the column that holds them."""

from __future__ import annotations

import pandas as pd
import pytest

from wijk_core.readers import find_code_column, normalise_codes, valid_codes


@pytest.mark.parametrize(("code", "valid"), [
    ("23003A001", True), ("44021A00-", True), ("21004A12-", True), ("23003ZZZZ", True),
    ("44021A87M", True), ("2300A001", False), ("23003A0011", False), ("23003-001", False),
    ("", False), ("Totaal", False),
])
def test_code_form(code, valid):
    assert valid_codes(normalise_codes([code])).tolist() == [valid]


def test_normalising_strips_and_upper_cases():
    assert normalise_codes([" 23003a001 ", None, float("nan")]).tolist() == ["23003A001", "", ""]


def test_known_names_first_then_content():
    frame = pd.DataFrame({"sectorcode": ["A00-", "A01-"], "nis9_code": ["44021A00-", "44021A01-"],
                          "other": ["44021A00-", "44021A01-"]})
    assert find_code_column(frame) == "nis9_code"
    assert find_code_column(frame[["sectorcode", "other"]]) == "other"
    assert find_code_column(pd.DataFrame({"CS01012022": ["21001A00-"]})) == "CS01012022"
    assert find_code_column(pd.DataFrame({"n": [21001], "x": ["a"]})) is None
