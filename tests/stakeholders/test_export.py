"""Export to XLSX and CSV: readable again, in any language, and text never becomes a formula."""

import csv
import io

import openpyxl
import pandas as pd
import pytest

from wijk_core.i18n import LANGUAGES, t
from wijk_core.stakeholders import (
    COLUMNS,
    check_inventory,
    demo_example,
    display_inventory,
    inventory_csv,
    inventory_xlsx,
    read_inventory,
)

FORMULAS = ["=HYPERLINK(\"http://x.example\",\"klik\")", "+32 470 00 00 00", "-min", "@SUM(A1)", "=1+1"]


@pytest.fixture(scope="module")
def example():
    return demo_example()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_xlsx_round_trips_in_every_language(example, lang):
    content = inventory_xlsx(example.inventory, lang, relations=example.relations)
    again = read_inventory(content, "export.xlsx")
    assert again.inventory.issues == () and again.ignored_columns == ()
    pd.testing.assert_frame_equal(again.inventory.valid.reset_index(drop=True), example.inventory)
    assert again.relations.issues == ()
    pd.testing.assert_frame_equal(again.relations.valid.reset_index(drop=True), example.relations)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_csv_round_trips_in_every_language(example, lang):
    again = read_inventory(inventory_csv(example.inventory, lang), "export.csv")
    assert again.inventory.issues == ()
    pd.testing.assert_frame_equal(again.inventory.valid.reset_index(drop=True), example.inventory)


def test_the_export_speaks_the_users_language(example):
    table = display_inventory(example.inventory, "fr")
    assert list(table.columns) == [t(f"stakeholders.col_{key}", "fr") for key in COLUMNS]
    first = table.iloc[0]
    assert first[t("stakeholders.col_group", "fr")] == "Acteurs institutionnels"
    assert first[t("stakeholders.col_knows_project", "fr")] == "oui"
    assert first[t("stakeholders.col_ladder_design", "fr")] == "Cogestion"
    text = inventory_csv(example.inventory, "nl").decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Naam;Organisatie;Groep;Niveau;Belang (1–5)")


def _with_text(names):
    raw = pd.DataFrame([{"name": n, "group": "residents", "expertise": n, "position": -1} for n in names])
    checked = check_inventory(raw)
    assert checked.issues == ()
    return checked.valid.reset_index(drop=True)


def test_user_text_never_becomes_a_formula_in_xlsx():
    inventory = _with_text(FORMULAS)
    book = openpyxl.load_workbook(io.BytesIO(inventory_xlsx(inventory, "nl")))
    sheet = book[t("stakeholders.sheet_inventory", "nl")]
    names = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(FORMULAS))]
    assert [c.value for c in names] == FORMULAS
    assert all(c.data_type == "s" and c.quotePrefix for c in names)
    position = sheet.cell(row=2, column=COLUMNS.index("position") + 1)
    assert position.value == -1 and position.data_type == "n"  # numbers stay numbers
    assert read_inventory(inventory_xlsx(inventory, "nl"), "x.xlsx").inventory.valid["name"].tolist() == FORMULAS


def test_user_text_never_becomes_a_formula_in_csv():
    inventory = _with_text(FORMULAS)
    content = inventory_csv(inventory, "nl")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["'" + f for f in FORMULAS]
    assert [row[COLUMNS.index("position")] for row in rows[1:]] == ["-1"] * len(FORMULAS)
    assert read_inventory(content, "x.csv").inventory.valid["name"].tolist() == FORMULAS


def test_the_workbook_has_choice_lists_and_the_interview_notes(example):
    notes = pd.DataFrame([{"name": "OCMW Demoveld", "question": "Wat verwacht u?", "answer": "=veel"}])
    book = openpyxl.load_workbook(io.BytesIO(inventory_xlsx(example.inventory, "nl", notes=notes)))
    assert book.sheetnames == ["Actoren", "Relaties", "Interviews", "Keuzelijsten"]
    validations = book["Actoren"].data_validations.dataValidation
    assert len(validations) == 9  # group, level, governance, five ladder columns, knows the project
    group_list = next(v for v in validations if "C2" in str(v.sqref))
    assert group_list.formula1 == "'Keuzelijsten'!$A$2:$A$7"
    assert [c.value for c in book["Keuzelijsten"]["A"]][1:7] == [
        t(f"stakeholders.group_{g}", "nl") for g in ("residents", "social", "institutional", "expert", "economic",
                                                      "capital")]
    interview = book["Interviews"]
    assert [c.value for c in interview[2]] == ["OCMW Demoveld", "Wat verwacht u?", "=veel"]
    assert interview.cell(row=2, column=3).data_type == "s"
