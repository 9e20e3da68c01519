"""What the page and the dossier show: evidence links that can only be pages or web addresses, the choice's facts."""

from __future__ import annotations

from datetime import date

import pytest

from wijk_core.phase.model import Decision, ReadinessAnswer, TeamMember
from wijk_core.phase.summary import choice_facts, evidence_target, readiness_table, team_table

from hostile import ALL


@pytest.mark.parametrize("evidence, expected", [
    ("actoren", ("page", "actoren")), ("/Kosten", ("page", "kosten")), (" fase1 ", ("page", "fase1")),
    ("https://www.provincies.incijfers.be/", ("url", "https://www.provincies.incijfers.be/")),
    ("javascript:alert(1)", ("text", "javascript:alert(1)")),
    ("https://x.be/a b", ("text", "https://x.be/a b")),
    ('https://x.be/"onmouseover=alert(1)', ("text", 'https://x.be/"onmouseover=alert(1)')),
    ("Collegebesluit 2027-01-15.pdf", ("text", "Collegebesluit 2027-01-15.pdf")), ("", ("text", "")),
])
def test_evidence_is_a_link_only_to_a_page_or_a_web_address(evidence, expected):
    assert evidence_target(evidence) == expected


@pytest.mark.parametrize("text", ALL)
def test_hostile_evidence_stays_text(text):
    assert evidence_target(text)[0] == "text"


def test_the_choice_facts_in_each_language():
    decision = Decision(id=1, project_id=1, candidate_id=2, chosen="Station", alternatives=("Noord", "Zuid"),
                        motivation="", agreed_by="College", decided_on=date(2027, 1, 15))
    assert list(choice_facts(decision, "nl").iloc[:, 1]) == ["Station", "Noord, Zuid", "College", "15 januari 2027",
                                                           "–"]
    assert choice_facts(decision, "fr").iloc[3, 1] == "15 janvier 2027"


def test_tables_are_labelled_in_the_readers_language():
    member = TeamMember(1, 1, "An", "Stad", "other", ("technical", "communicative"), 0)
    assert team_table([member], "fr").iloc[0].tolist() == ["An", "Stad", "Autre", "technique, communicationnelle"]
    table = readiness_table([ReadinessAnswer("known_needs", status="in_progress")], "en")
    assert table.iloc[0, :2].tolist() == ["Needs known", "In progress"]
