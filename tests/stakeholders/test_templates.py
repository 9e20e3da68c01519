"""The data files: the seed's groups as a template, the interview questions, the Demoveld example."""

import io

import openpyxl
import pytest

from wijk_core.i18n import LANGUAGES
from wijk_core.sectors.data import load_demo
from wijk_core.stakeholders import (
    BELGIUM_BOUNDS,
    Group,
    Level,
    demo_example,
    interview_questions,
    read_inventory,
    template_inventory,
    template_workbook,
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_template_lists_every_group_of_the_seed(lang):
    template = template_inventory(lang)
    assert set(template["group"]) == {g.value for g in Group}
    assert set(template["level"]) == {lv.value for lv in Level}
    assert len(template) == 16 and template["name"].is_unique
    assert template[["interest", "influence", "position"]].isna().all().all()  # to be assessed


def test_the_template_names_the_seeds_kinds_of_actor():
    names = template_inventory("nl")["name"].tolist()
    for expected in ("Lokale verenigingen", "Technische diensten van de gemeente", "Nutsbedrijven en netbeheerder",
                     "Huidige en toekomstige investeerders"):
        assert expected in names


def test_the_template_workbook_is_an_importable_empty_inventory():
    content = template_workbook("fr")
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames[0] == "Acteurs"
    again = read_inventory(content, "modele.xlsx")
    assert again.inventory.issues == () and len(again.inventory.valid) == 16


def test_the_interview_questions_come_from_both_seeds():
    questions = interview_questions()
    keys = [q.key for q in questions]
    assert keys[:3] == ["expectations", "views", "conditions"]  # seed 003: verwachtingen, opvattingen, randvoorwaarden
    assert "next_person" in keys  # seed 000: snowball
    assert {q.seed[:3] for q in questions} == {"000", "003"}
    for question in questions:
        assert all(question.text(lang).endswith("?") for lang in LANGUAGES)
    assert questions[-1].text("fr") == "Qui devrions-nous encore interroger selon vous ?"


def test_the_demo_example_is_complete_fictitious_and_in_demoveld():
    example = demo_example()
    inventory = example.inventory
    assert len(inventory) == 17 and set(inventory["group"]) == {g.value for g in Group}
    assert inventory[["interest", "influence", "position", "level", "governance"]].notna().all().all()
    contacts = [c for c in inventory["contact"] if "@" in c]
    assert all(c.endswith(".example") for c in contacts)  # reserved domain: nobody is reachable
    located = inventory[inventory["latitude"].notna()]
    min_lon, min_lat, max_lon, max_lat = BELGIUM_BOUNDS
    assert len(located) == 12
    # every location lies inside the demo municipality Demoveld
    from shapely.geometry import Point
    import geopandas as gpd

    points = gpd.GeoSeries([Point(x, y) for x, y in zip(located["longitude"], located["latitude"])], crs=4326)
    demoveld = load_demo().sectors.to_crs(4326).union_all()
    assert points.within(demoveld).all()
    assert len(example.relations) == 18 and example.relations["trust"].between(1, 5).all()
    assert set(example.notes["name"]) <= set(inventory["name"])


def test_the_demo_answers_are_grouped_per_stakeholder():
    example = demo_example()
    answers = example.answers_by_name()
    assert sum(len(a) for a in answers.values()) == len(example.notes)
    first = example.notes.iloc[0]
    assert answers[first["name"]][first["question"]] == first["answer"]
    assert list(answers) == list(dict.fromkeys(example.notes["name"]))
