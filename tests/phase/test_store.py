"""Phase 1 in the store: team, agreements, readiness, choices, impact assumptions; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from wijk_core.phase import store as phase_store
from wijk_core.phase.errors import PhaseError
from wijk_core.phase.impact import ImpactAssumptions
from wijk_core.phase.model import AGREEMENTS, Agreement, ReadinessAnswer
from wijk_core.selection import store as selection_store
from wijk_core.store import StoreError
from wijk_core.store import projects as project_store

from hostile import ALL, SCRIPT
from shapely import box


def test_the_team_is_replaced_as_a_whole(store, project):
    assert store.read(phase_store.list_team, project.id) == []
    team = store.write(phase_store.save_team, project.id, [
        {"name": " An  Peeters ", "organisation": "Stad", "role": "Initiator", "expertise": ["social", "technical"]},
        {"name": "", "organisation": "", "role": None, "expertise": []},  # a blank editor row
        {"name": SCRIPT, "organisation": "Energiehuis", "role": "communication", "expertise": "communicative"},
    ])
    assert [(m.name, m.role, m.expertise, m.position) for m in team] == [
        ("An Peeters", "initiator", ("technical", "social"), 0), (SCRIPT, "communication", ("communicative",), 1)]
    again = store.write(phase_store.save_team, project.id, [{"name": "Bart", "role": "other"}])
    assert [m.name for m in again] == ["Bart"] and again[0].expertise == ()


@pytest.mark.parametrize("row, code, params", [
    ({"name": "", "organisation": "Stad"}, "errors.phase_member_name_empty", {"row": 1}),
    ({"name": "An", "role": "boss"}, "errors.phase_option_invalid", {"name": "role", "value": "boss"}),
    ({"name": "An", "expertise": ["legal"]}, "errors.phase_option_invalid", {"name": "expertise"}),
])
def test_a_bad_member_is_refused_and_nothing_changes(store, project, row, code, params):
    store.write(phase_store.save_team, project.id, [{"name": "Bart"}])
    with pytest.raises(PhaseError) as refused:
        store.write(phase_store.save_team, project.id, [row])
    assert refused.value.code == code and params.items() <= refused.value.params.items()
    assert [m.name for m in store.read(phase_store.list_team, project.id)] == ["Bart"]


def test_agreements_default_to_not_agreed_and_keep_their_note(store, project):
    assert store.read(phase_store.agreements, project.id) == [Agreement(key) for key in AGREEMENTS]
    store.write(phase_store.save_agreements, project.id, [Agreement("meetings", True, "Elke dinsdag\n9 uur")])
    saved = store.write(phase_store.save_agreements, project.id, [Agreement("workflow", True, SCRIPT)])
    assert [(a.key, a.agreed, a.note) for a in saved if a.agreed] == [
        ("workflow", True, SCRIPT), ("meetings", True, "Elke dinsdag\n9 uur")]
    with pytest.raises(PhaseError):
        store.write(phase_store.save_agreements, project.id, [Agreement("coffee", True)])


def test_readiness_answers_every_question_in_order(store, project):
    answers = store.read(phase_store.readiness, project.id)
    assert len(answers) == 9 and {a.status for a in answers} == {"open"}
    for text in ALL:
        store.write(phase_store.save_readiness, project.id,
                    [ReadinessAnswer("known_needs", text, "An", "in_progress", "actoren")])
        found = next(a for a in store.read(phase_store.readiness, project.id) if a.key == "known_needs")
        assert found.answer == text.strip()
        assert (found.owner, found.status, found.evidence) == ("An", "in_progress", "actoren")
    with pytest.raises(PhaseError) as refused:
        store.write(phase_store.save_readiness, project.id, [ReadinessAnswer("known_needs", status="closed")])
    assert refused.value.params["name"] == "status"


def test_a_choice_keeps_names_and_snapshot_even_when_the_candidate_goes(store, project):
    a = store.write(selection_store.create_candidate, project.id, "Noord", box(104_000, 193_000, 104_500, 193_500), origin="drawn")
    b = store.write(selection_store.create_candidate, project.id, SCRIPT, box(105_000, 193_000, 105_500, 193_500), origin="drawn")
    assert store.read(phase_store.latest_decision, project.id) is None
    first = store.write(phase_store.record_decision, project.id, a.id, alternatives=[b.id], motivation="Draagvlak",
                        agreed_by="College", decided_on=date(2027, 1, 15), snapshot={"ranking": {"Noord": 1}})
    assert (first.chosen, first.alternatives, first.decided_on) == ("Noord", (SCRIPT,), date(2027, 1, 15))
    second = store.write(phase_store.record_decision, project.id, b.id, alternatives=[a.id])
    assert store.read(phase_store.latest_decision, project.id).id == second.id
    assert [d.id for d in store.read(phase_store.decisions, project.id)] == [second.id, first.id]
    store.write(selection_store.delete_candidate, a.id)
    kept = store.read(phase_store.decisions, project.id)[-1]
    assert (kept.candidate_id, kept.chosen, kept.snapshot) == (None, "Noord", {"ranking": {"Noord": 1}})


def test_a_choice_must_be_among_the_projects_candidates(store, project):
    a = store.write(selection_store.create_candidate, project.id, "Noord", box(104_000, 193_000, 104_500, 193_500), origin="drawn")
    other = store.write(project_store.create_project, "Elders")
    c = store.write(selection_store.create_candidate, other.id, "Zuid", box(104_000, 193_000, 104_500, 193_500), origin="drawn")
    with pytest.raises(StoreError) as refused:
        store.write(phase_store.record_decision, project.id, c.id)
    assert refused.value.code == "errors.candidate_not_found"
    with pytest.raises(PhaseError) as refused:
        store.write(phase_store.record_decision, project.id, a.id, alternatives=[a.id])
    assert refused.value.code == "errors.phase_choice_invalid"


def test_impact_assumptions_round_trip(store, project):
    assert store.read(phase_store.get_impact_assumptions, project.id) == ImpactAssumptions()
    wanted = ImpactAssumptions(dwellings=300, renovation_share=0.3, baseline="Zonder project",
                               sources={"dwellings": "Kadaster 2025"})
    store.write(phase_store.save_impact_assumptions, project.id, wanted)
    assert store.read(phase_store.get_impact_assumptions, project.id) == wanted
