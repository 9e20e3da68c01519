"""The roadmap's steps follow the project's data: each status changes as the data arrives."""

from __future__ import annotations

from wijk_core.costs import store as cost_store
from wijk_core.costs.budget import BudgetLine
from wijk_core.phase import store as phase_store
from wijk_core.phase.model import AGREEMENTS, Agreement, ReadinessAnswer, readiness_questions
from wijk_core.phase.roadmap import STEPS, project_facts, roadmap
from wijk_core.phase.summary import roadmap_table, step_text
from wijk_core.stakeholders import store as stakeholder_store

from .helpers import choose, set_up


def _steps(store, project_id):
    return {step.key: step for step in roadmap(store.read(project_facts, project_id))}


def _texts(store, project_id, lang="en"):
    return {key: (step.state, step_text(step, lang)) for key, step in _steps(store, project_id).items()}


def test_a_new_project_has_every_step_to_do_in_the_guides_order(store, project):
    steps = roadmap(store.read(project_facts, project.id))
    assert [s.key for s in steps] == list(STEPS)
    assert {s.state for s in steps} == {"todo"}
    texts = _texts(store, project.id)
    assert texts["team"][1] == "0 members, expertise missing: 3 of 3"
    assert texts["budget"][1] == "No budget yet"
    assert texts["readiness"][1] == "0 of 9 questions answered"
    assert [s.page for s in steps][:3] == ["fase1", "fase1", "kosten"]


def test_each_status_changes_as_the_data_arrives(store, project, demo):
    pid = project.id
    store.write(phase_store.save_team, pid, [{"name": "An", "expertise": ["technical"]}])
    assert _texts(store, pid)["team"] == ("started", "1 member, expertise missing: 2 of 3")
    store.write(phase_store.save_team, pid, [{"name": "An", "expertise": ["technical", "social"]},
                                             {"name": "Bo", "expertise": ["communicative"]}])
    assert _texts(store, pid)["team"][0] == "done"

    store.write(phase_store.save_agreements, pid, [Agreement("workflow", True)])
    assert _texts(store, pid)["agreements"] == ("started", f"1 of {len(AGREEMENTS)} agreements made")

    store.write(cost_store.save_budget, pid, [BudgetLine("staff", "Coach", 130_000)])
    assert _texts(store, pid, "nl")["budget"] == ("started", "Budgettekort €\u00a0130.000")

    ids = set_up(store, pid, demo)  # three candidates, every score given, a budget with income
    texts = _texts(store, pid)
    assert texts["candidates"] == ("done", "3 candidates profiled")
    assert texts["framework"] == ("done", "6 of 6 team scores given (3 criteria)")
    assert texts["budget"][0] == "done" and texts["choice"] == ("started", "No neighbourhood chosen yet")

    stakeholders = store.write(stakeholder_store.save_inventory, pid, [
        {"name": "Schepen", "group": "institutional", "influence": 5, "position": 1},
        {"name": "Wijkcomité", "group": "residents", "influence": 4},
        {"name": "Bakker", "group": "economic", "influence": 2, "position": 0}])
    texts = _texts(store, pid)
    assert texts["stakeholders"] == ("started", "3 stakeholders, 1 without a position")
    assert texts["interviews"] == ("todo", "0 of 2 interviews held")
    store.write(stakeholder_store.save_notes, stakeholders[0].id, {"expectations": "Snel resultaat"})
    assert _texts(store, pid)["interviews"] == ("started", "1 of 2 interviews held")

    choose(store, pid, demo, ids)
    texts = _texts(store, pid)
    assert texts["choice"] == ("done", "Chosen: Stationskwartier")
    assert texts["impact"][0] == "done"

    store.write(phase_store.save_readiness, pid, [ReadinessAnswer(q.key, "ja", status="done")
                                                  for q in readiness_questions()])
    assert _texts(store, pid)["readiness"] == ("done", "9 of 9 questions answered")
    table = roadmap_table(roadmap(store.read(project_facts, pid)), "fr")
    assert list(table.columns) == ["N°", "Étape", "État", "Où en sommes-nous"] and len(table) == len(STEPS)
