"""The stakeholder tables the facilitator reads: headers in the reader's language, the right rows."""

from types import SimpleNamespace

import pandas as pd

from wijk_core.i18n import t
from wijk_core.stakeholders import check_inventory, demo_example, interview_questions
from wijk_core.stakeholders.summary import (issues_table, network_table, notes_table, quadrant_table,
                                            relations_frame, suggested_by, suggestion_row, suggestions_table)


def test_relations_frame_types_the_trust_and_keeps_its_columns_when_empty():
    frame = relations_frame([("A", "B", 4, "buren"), ("B", "C", None, "")])
    assert list(frame.columns) == ["source", "target", "trust", "note"]
    assert str(frame["trust"].dtype) == "Int64" and frame["trust"].isna().tolist() == [False, True]
    empty = relations_frame([])
    assert list(empty.columns) == ["source", "target", "trust", "note"] and empty.empty


def test_issues_table_names_row_column_problem_and_severity():
    issues = check_inventory(pd.DataFrame([{"name": "Anna", "group": "social", "influence": "7"}])).issues
    table = issues_table(issues, "fr")
    assert list(table.columns) == [t(f"stakeholders.col_{c}", "fr") for c in ("row", "column", "problem", "severity")]
    assert len(table) == len(issues) >= 1


def test_quadrant_and_network_tables_of_the_demo():
    example = demo_example()
    quadrants = quadrant_table(example.inventory, "nl")
    assert len(quadrants) == 4
    members = ", ".join(quadrants[t("stakeholders.col_members", "nl")])
    placed = example.inventory.dropna(subset=["interest", "influence"])["name"]
    assert all(name in members for name in placed)
    network = network_table(example.inventory, example.relations, "nl")
    assert network.iloc[0][t("stakeholders.col_name", "nl")] == "Schepen van Wonen en Klimaat"
    role = dict(zip(network[t("stakeholders.col_name", "nl")], network[t("stakeholders.col_role_in_network", "nl")]))
    assert role["Vastgoedfonds Demo NV"] == t("stakeholders.node_isolated", "nl")


def test_snowball_tables():
    example = demo_example()
    everyone = suggestions_table(example.inventory, "en")
    assert list(everyone.columns) == [t("stakeholders.col_suggested_by", "en"), t("stakeholders.col_name", "en")]
    assert len(everyone) == example.inventory["suggested_by"].notna().sum() > 0
    who = everyone.iloc[0, 0]
    theirs = suggested_by(example.inventory, who, "en")
    assert list(theirs.columns) == [t("stakeholders.suggested_list", "en", name=who)]
    assert set(theirs.iloc[:, 0]) <= set(everyone.iloc[:, 1])
    assert suggested_by(example.inventory, "niemand", "en").empty
    row = suggestion_row("Nieuw", "Club", "social", who)
    assert check_inventory(row, first_row=1, known_names=list(example.inventory["name"])).valid.iloc[0][
        "suggested_by"] == who


def test_notes_table_writes_each_question_out():
    inventory = pd.DataFrame({"id": [7], "name": ["Anna"]})
    question = interview_questions()[0]
    notes = [SimpleNamespace(stakeholder_id=7, question=question.key, answer="ja"),
             SimpleNamespace(stakeholder_id=8, question="eigen", answer="nee")]
    assert notes_table(inventory, notes, "fr").values.tolist() == [["Anna", question.text("fr"), "ja"],
                                                                  ["", "eigen", "nee"]]
    assert list(notes_table(inventory, [], "nl").columns) == ["name", "question", "answer"]
