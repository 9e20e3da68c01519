"""Reading a stakeholder list: a file with many kinds of bad rows is reported exactly, cell by cell."""

import io

import openpyxl
import pytest

from wijk_core.stakeholders import StakeholderError, describe_issue, read_inventory

HEADER = ["Naam", "Organisatie", "Groep", "Niveau", "Belang (1–5)", "Invloed (1–5)", "Positie (−2…+2)",
          "Kent het project", "Rol in het bestuur", "Participatie: diagnose", "Participatie: besluit",
          "Breedtegraad", "Lengtegraad", "Voorgesteld door", "Lievelingskleur"]
ROWS = [
    ["Schepen van Wonen", "Gemeente", "Institutionele actoren", "meso", 4, 5, 2, "ja", "Stuurgroep",
     "Co-beheer", "Co-beheer", 51.04118, 4.73568, None, "blauw"],
    ["OCMW", "OCMW", "sociaal", "Meso (gemeente)", 4, 3, 1, "ja", "werkgroep", "raadpleging", "overleg",
     None, None, "Schepen van Wonen", "rood"],
    ["Bewonersgroep", "", "bewoners", "micro", 7, 2, -1, "nee", "", "", "", None, None, "OCMW", ""],  # 1 scale
    ["Bakkerij", "", "economisch", "micro", 2, 1, "+3", "nee", "", "", "", None, None, "", ""],  # 2 position
    ["Vastgoedfonds", "", "Marsmannetjes", "macro", 2, 4, -2, "", "", "", "", None, None, "", ""],  # 3 group
    ["Jeugdhuis", "", "sociaal", "micro", 3, 1, 1, "", "geen", "", "meebeslissen", None, None, "", ""],  # 4 ladder
    [None, "Anoniem", "bewoners", "micro", 3, 1, 0, "", "", "", "", None, None, "", ""],  # 5 no name
    ["ocmw", "dubbel", "sociaal", "meso", 3, 3, 0, "", "", "", "", None, None, "", ""],  # 6 duplicate
    ["Huurders", "", "bewoners", "micro", 4, 1, 0, "misschien", "", "", "", 4.74, 51.03, "", ""],  # 7 + 8
    ["Energiehuis", "", "deskundigen", "mega", 4, 3, 2, "ja", "projectteam", "", "", None, None, "", ""],  # 9
]
EXPECTED = [  # (row, heading, code, params)
    (4, "Belang (1–5)", "errors.stakeholders_scale_invalid", {"value": "7", "low": 1, "high": 5}),
    (5, "Positie (−2…+2)", "errors.stakeholders_scale_invalid", {"value": "+3", "low": -2, "high": 2}),
    (6, "Groep", "errors.stakeholders_option_unknown",
     {"value": "Marsmannetjes", "allowed": "residents, social, institutional, expert, economic, capital"}),
    (7, "Participatie: besluit", "errors.stakeholders_option_unknown",
     {"value": "meebeslissen", "allowed": "information, consultation, concertation, negotiation, coproduction, "
                                          "comanagement"}),
    (8, "Naam", "errors.stakeholders_name_empty", {}),
    (9, "Naam", "errors.stakeholders_name_duplicate", {"name": "ocmw", "first_row": 3}),
    (10, "Kent het project", "errors.stakeholders_yes_no_invalid", {"value": "misschien"}),
    (10, "Breedtegraad", "errors.stakeholders_location_swapped", {"lat": "4.74", "lon": "51.03"}),
    (11, "Niveau", "errors.stakeholders_option_unknown", {"value": "mega", "allowed": "micro, meso, macro"}),
]


def _xlsx(header, rows, relations=None, title="Actoren", blank_rows_above=0) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for _ in range(blank_rows_above):
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if relations:
        extra = book.create_sheet("Relaties")
        for row in relations:
            extra.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(header, rows, sep=";", encoding="utf-8-sig") -> bytes:
    def cell(value):
        return "" if value is None else str(value)
    lines = [sep.join(header)] + [sep.join(cell(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _found(result):
    return [(i.row, i.header, i.code, dict(i.params)) for i in result.inventory.issues]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_file_with_many_kinds_of_bad_rows_is_reported_exactly(kind):
    content = _xlsx(HEADER, ROWS) if kind == "xlsx" else _csv(HEADER, ROWS)

    result = read_inventory(content, f"actoren.{kind}")

    assert _found(result) == EXPECTED
    assert result.inventory.rows == 10
    assert result.inventory.bad_rows == (4, 5, 6, 7, 8, 9, 10, 11)
    assert result.inventory.valid["name"].tolist() == ["Schepen van Wonen", "OCMW"]
    assert result.inventory.valid.loc[3, "suggested_by"] == "Schepen van Wonen"
    assert result.ignored_columns == ("Lievelingskleur",)


def test_the_report_reads_in_the_users_language():
    result = read_inventory(_xlsx(HEADER, ROWS), "actoren.xlsx")
    sentences = [describe_issue(i, "nl") for i in result.inventory.issues]
    assert sentences[0] == "Rij 4, kolom ‘Belang (1–5)’: ‘7’ is geen geheel getal van 1 tot 5."
    assert sentences[4] == "Rij 8, kolom ‘Naam’: Elke actor heeft een naam nodig."
    assert sentences[5] == "Rij 9, kolom ‘Naam’: ‘ocmw’ staat al in rij 3: elke naam één keer."
    assert sentences[7] == ("Rij 10, kolom ‘Breedtegraad’: De plaats (4.74, 51.03) ligt niet in België. "
                            "Zijn breedte- en lengtegraad omgewisseld?")
    french = describe_issue(result.inventory.issues[2], "fr")
    assert french.startswith("Ligne 6, colonne « Groep » : « Marsmannetjes » n’est pas un choix valable. "
                             "Choisissez parmi : Habitants et usagers, Acteurs sociaux et associations")


def test_headings_in_french_or_english_and_comma_separated_csv():
    header = ["Name", "Group", "Interest (1–5)", "Influence (1–5)", "Niveau", "Confiance"]
    rows = [["Youth centre", "Social actors and associations", "3", "1", "Micro (quartier)", "4"]]
    result = read_inventory(_csv(header, rows, sep=","), "list.csv")
    valid = result.inventory.valid
    assert result.inventory.issues == () and result.ignored_columns == ("Confiance",)
    assert (valid["group"].iloc[0], valid["level"].iloc[0], valid["interest"].iloc[0]) == ("social", "micro", 3)


def test_a_header_below_blank_rows_keeps_the_row_numbers_of_the_sheet():
    result = read_inventory(_xlsx(["Naam", "Groep", "Belang"], [["A", "bewoners", 1], ["B", "bewoners", 6]],
                                  blank_rows_above=2), "a.xlsx")
    assert [(i.row, i.header) for i in result.inventory.issues] == [(5, "Belang")]


def test_a_relations_sheet_is_read_and_checked():
    relations = [["Actor 1", "Actor 2", "Vertrouwen (1–5)", "Opmerking"],
                 ["Schepen van Wonen", "OCMW", 4, "werken samen"],
                 ["OCMW", "Bewonersgroep", 3, ""],  # Bewonersgroep is a bad row, not imported
                 ["OCMW", "Bestaande actor", 6, ""]]
    result = read_inventory(_xlsx(HEADER, ROWS, relations=relations), "a.xlsx", known_names=["Bestaande actor"])
    assert [(i.row, i.column, i.code) for i in result.relations.issues] == [
        (3, "target", "errors.stakeholders_relation_unknown"), (4, "trust", "errors.stakeholders_scale_invalid")]
    assert result.relations.valid.to_dict("records") == [
        {"source": "Schepen van Wonen", "target": "OCMW", "trust": 4, "note": "werken samen"}]


@pytest.mark.parametrize(("content", "filename", "code", "params"), [
    ("Naam;Groep\nCafé;bewoners\n".encode("cp1252"), "lijst.csv", "errors.stakeholders_file_encoding",
     {"filename": "lijst.csv"}),
    (b"PK\x03\x04 not really a workbook", "lijst.xlsx", "errors.stakeholders_file_unreadable",
     {"filename": "lijst.xlsx", "detail": "BadZipFile"}),
    (b"{}", "lijst.json", "errors.stakeholders_file_type", {"filename": "lijst.json"}),
    ("Wie;Wat\nA;B\n".encode(), "lijst.csv", "errors.stakeholders_file_no_name", {"columns": "Wie, Wat"}),
    ("Naam;Groep\n;\n".encode(), "lijst.csv", "errors.stakeholders_file_empty", {"filename": "lijst.csv"}),
    (b"", "lijst.csv", "errors.stakeholders_file_no_name", {"columns": "–"}),
])
def test_files_that_cannot_be_read_say_why(content, filename, code, params):
    with pytest.raises(StakeholderError) as caught:
        read_inventory(content, filename)
    assert (caught.value.code, caught.value.params) == (code, params)


def test_files_over_the_limit_are_refused():
    with pytest.raises(StakeholderError) as caught:
        read_inventory(b"Naam\n" + b"x\n" * 600_000, "groot.csv", max_mb=1)
    assert (caught.value.code, caught.value.params) == ("errors.stakeholders_file_too_large", {"max_mb": 1})
