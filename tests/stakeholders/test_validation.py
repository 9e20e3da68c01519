"""Every field of every row is checked; each problem names its row, its column and why."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijk_core.stakeholders import (
    COLUMNS,
    RowIssue,
    check_inventory,
    check_relations,
    describe_issue,
    empty_inventory,
    issue_reason,
)

GOOD = {"name": "Wijkcomité Centrum", "organisation": "Wijkcomité", "group": "residents", "level": "micro",
        "interest": "4", "influence": "2", "position": "+1", "expertise": "Kent iedereen", "knows_project": "ja",
        "governance": "werkgroep", "ladder_diagnosis": "Raadpleging", "ladder_design": "coproductie",
        "contact": "wijkcomite@demoveld.example", "latitude": "51,04118", "longitude": "4.73568"}


def _check(*rows, **kwargs):
    return check_inventory(pd.DataFrame(list(rows), dtype=object), **kwargs)


def _problems(checked):
    return [(i.row, i.column, i.code, dict(i.params), i.severity) for i in checked.issues]


def test_a_good_row_is_typed():
    checked = _check(GOOD)
    assert checked.issues == () and checked.rows == 1
    row = checked.valid.iloc[0]
    assert checked.valid.index.tolist() == [2]  # the spreadsheet row under the header
    assert (row["group"], row["level"], row["governance"]) == ("residents", "micro", "working_group")
    assert (row["interest"], row["influence"], row["position"]) == (4, 2, 1)
    assert row["knows_project"] is True or bool(row["knows_project"]) is True
    assert (row["ladder_diagnosis"], row["ladder_design"], row["ladder_decision"]) == (
        "consultation", "coproduction", None)
    assert row["latitude"] == pytest.approx(51.04118) and row["longitude"] == pytest.approx(4.73568)
    assert list(checked.valid.columns) == list(COLUMNS)
    assert checked.valid.dtypes.equals(empty_inventory().dtypes)


@pytest.mark.parametrize(("column", "value", "code", "params"), [
    ("interest", "7", "errors.stakeholders_scale_invalid", {"value": "7", "low": 1, "high": 5}),
    ("interest", "0", "errors.stakeholders_scale_invalid", {"value": "0", "low": 1, "high": 5}),
    ("influence", "3,5", "errors.stakeholders_scale_invalid", {"value": "3,5", "low": 1, "high": 5}),
    ("influence", "veel", "errors.stakeholders_scale_invalid", {"value": "veel", "low": 1, "high": 5}),
    ("position", "+3", "errors.stakeholders_scale_invalid", {"value": "+3", "low": -2, "high": 2}),
    ("position", True, "errors.stakeholders_scale_invalid", {"value": "True", "low": -2, "high": 2}),
    ("group", "Marsmannetjes", "errors.stakeholders_option_unknown",
     {"value": "Marsmannetjes", "allowed": "residents, social, institutional, expert, economic, capital"}),
    ("group", "", "errors.stakeholders_group_empty", {}),
    ("level", "mega", "errors.stakeholders_option_unknown", {"value": "mega", "allowed": "micro, meso, macro"}),
    ("governance", "koning", "errors.stakeholders_option_unknown",
     {"value": "koning", "allowed": "steering_committee, project_team, technical_committee, working_group, "
                                    "partner, citizen_group, monitoring, none"}),
    ("ladder_decision", "meebeslissen", "errors.stakeholders_option_unknown",
     {"value": "meebeslissen", "allowed": "information, consultation, concertation, negotiation, coproduction, "
                                          "comanagement"}),
    ("knows_project", "misschien", "errors.stakeholders_yes_no_invalid", {"value": "misschien"}),
    ("name", "  ", "errors.stakeholders_name_empty", {}),
    ("name", "x" * 121, "errors.stakeholders_text_too_long", {"max": 120, "length": 121}),
    ("latitude", "noord", "errors.stakeholders_coordinate_invalid", {"value": "noord", "low": -90, "high": 90}),
])
def test_each_bad_cell_is_reported_with_its_reason(column, value, code, params):
    checked = _check({**GOOD, column: value}, first_row=5)
    assert _problems(checked) == [(5, column, code, params, "error")]
    assert checked.valid.empty and checked.bad_rows == (5,)


@pytest.mark.parametrize(("value", "expected"), [
    ("−2", -2), ("-1", -1), ("0", 0), ("+2", 2), ("2,0", 2), (1.0, 1), (-2, -2), ("", None)])
def test_positions_as_people_type_them(value, expected):
    checked = _check({**GOOD, "position": value})
    assert checked.issues == ()
    got = checked.valid["position"].iloc[0]
    assert (pd.isna(got) if expected is None else got == expected)


@pytest.mark.parametrize(("value", "expected"), [("ja", True), ("Nee", False), ("oui", True), ("non", False),
                                                 ("x", True), ("0", False), (True, True), ("", None)])
def test_knows_the_project_yes_no(value, expected):
    got = _check({**GOOD, "knows_project": value}).valid["knows_project"].iloc[0]
    assert (pd.isna(got) if expected is None else bool(got) is expected)


def test_locations_come_in_pairs_inside_belgium():
    incomplete = _check({**GOOD, "longitude": ""})
    swapped = _check({**GOOD, "latitude": "4.73568", "longitude": "51.04118"})
    abroad = _check({**GOOD, "latitude": "48.85", "longitude": "2.35"})
    nowhere = _check({**GOOD, "latitude": "", "longitude": ""})
    assert _problems(incomplete) == [(2, "longitude", "errors.stakeholders_location_incomplete", {}, "error")]
    assert _problems(swapped) == [(2, "latitude", "errors.stakeholders_location_swapped",
                                   {"lat": "4.73568", "lon": "51.0412"}, "error")]
    assert _problems(abroad) == [(2, "latitude", "errors.stakeholders_location_outside",
                                  {"lat": "48.85", "lon": "2.35"}, "error")]
    assert nowhere.issues == () and pd.isna(nowhere.valid["latitude"].iloc[0])


def test_names_are_unique_ignoring_case_and_blank_rows_keep_the_numbering():
    checked = _check({**GOOD, "name": "OCMW"}, {}, {**GOOD, "name": " ocmw "}, {**GOOD, "name": "Jeugdhuis"})
    assert _problems(checked) == [(4, "name", "errors.stakeholders_name_duplicate",
                                   {"name": "ocmw", "first_row": 2}, "error")]
    assert checked.valid.index.tolist() == [2, 5] and checked.rows == 3


def test_suggested_by_names_someone_of_the_file_or_the_project():
    checked = _check({**GOOD, "name": "A", "suggested_by": "b"}, {**GOOD, "name": "B", "suggested_by": "Schepen"},
                     {**GOOD, "name": "C", "suggested_by": "Niemand"}, {**GOOD, "name": "D", "suggested_by": "d"},
                     known_names=["Schepen"])
    assert _problems(checked) == [
        (4, "suggested_by", "errors.stakeholders_suggested_unknown", {"value": "Niemand"}, "warning"),
        (5, "suggested_by", "errors.stakeholders_suggested_self", {"name": "D"}, "error"),
    ]
    assert checked.valid["suggested_by"].tolist() == ["B", "Schepen", None]  # spelt as the stakeholder is


def test_text_is_cleaned_and_a_formula_guard_is_removed():
    checked = _check({**GOOD, "name": "  '=1+1\t ", "organisation": "a\x00b  c", "expertise": "regel 1\r\nregel 2"})
    row = checked.valid.iloc[0]
    assert (row["name"], row["organisation"], row["expertise"]) == ("=1+1", "ab c", "regel 1\nregel 2")


def test_hostile_text_is_kept_as_written():
    hostile = "<script>alert(1)</script>"
    assert _check({**GOOD, "name": hostile}).valid["name"].iloc[0] == hostile


@given(st.integers(min_value=-10, max_value=10))
def test_interest_is_accepted_exactly_from_one_to_five(value):
    checked = _check({**GOOD, "interest": value})
    assert (checked.issues == ()) == (1 <= value <= 5)


def test_relations_are_checked_against_the_names():
    rows = pd.DataFrame([
        {"source": "a", "target": "B", "trust": "4", "note": "ok"},
        {"source": "B", "target": "A", "trust": "2", "note": ""},
        {"source": "A", "target": "a", "trust": "", "note": ""},
        {"source": "A", "target": "Zorro", "trust": "9", "note": ""},
        {"source": "", "target": "C", "trust": "", "note": ""},
    ], dtype=object)
    checked = check_relations(rows, ["A", "B", "C"])
    assert [(i.row, i.column, i.code, dict(i.params)) for i in checked.issues] == [
        (3, "target", "errors.stakeholders_relation_duplicate", {"source": "B", "target": "A", "first_row": 2}),
        (4, "target", "errors.stakeholders_relation_self", {"name": "A"}),
        (5, "target", "errors.stakeholders_relation_unknown", {"value": "Zorro"}),
        (5, "trust", "errors.stakeholders_scale_invalid", {"value": "9", "low": 1, "high": 5}),
        (6, "source", "errors.stakeholders_relation_name_empty", {}),
    ]
    assert checked.valid.to_dict("records") == [{"source": "A", "target": "B", "trust": 4, "note": "ok"}]


def test_issues_read_as_sentences_in_the_users_language():
    issue = RowIssue(4, "influence", "errors.stakeholders_scale_invalid", {"value": "7", "low": 1, "high": 5},
                     header="Invloed")
    assert describe_issue(issue, "nl") == "Rij 4, kolom ‘Invloed’: ‘7’ is geen geheel getal van 1 tot 5."
    assert describe_issue(issue, "fr") == (
        "Ligne 4, colonne « Invloed » : « 7 » n’est pas un nombre entier de 1 à 5.")
    unnamed = RowIssue(3, "level", "errors.stakeholders_option_unknown", {"value": "mega", "allowed": "micro"})
    assert describe_issue(unnamed, "en") == (
        "Row 3, column ‘Level’: ‘mega’ is not a valid choice. Choose from: Micro (neighbourhood), "
        "Meso (municipality), Macro (region and beyond).")
    assert issue_reason(unnamed, "nl").endswith("Micro (wijk), Meso (gemeente), Macro (regio en ruimer).")
