"""Total-cost studies in the store: parameters, scenarios, budget; on SQLite and PostgreSQL.

Every test runs on both databases (the ``store`` / ``database_url`` fixtures).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from wijk_core.costs.budget import BudgetLine
from wijk_core.costs import CostError, CostItem, Externality, Parameters, Scenario, load_preset
from wijk_core.store import StoreError
from wijk_core.costs.store import (
    StoredScenario,
    delete_scenario,
    get_budget,
    get_parameters,
    get_scenario,
    import_scenarios,
    list_scenarios,
    save_budget,
    save_parameters,
    save_scenario,
)
from wijk_core.store import projects as project_store

HOSTILE = "<img src=x onerror=alert(1)> '; DROP TABLE cost_scenarios; --"


def _deep(name="Diepe renovatie") -> Scenario:
    return Scenario(name, 12_000, [CostItem("Isolatie", "investment", 4_300_000, lifetime=40),
                                   CostItem("Stroom", "energy", 96_000)],
                    [Externality("CO2", "co2", 70), Externality("Geluid", "noise", 1, 9_000)],
                    description="Gevel, dak en warmtepompen.")


def test_parameters_are_saved_and_replaced(store, project):
    assert store.read(get_parameters, project.id) is None
    store.write(save_parameters, project.id, Parameters(30, 0.02, 0.01, 120))
    assert store.read(get_parameters, project.id) == Parameters(30, 0.02, 0.01, 120)
    store.write(save_parameters, project.id, Parameters(40, 0.04))
    assert store.read(get_parameters, project.id) == Parameters(40, 0.04)
    with pytest.raises(StoreError) as caught:
        store.write(save_parameters, 999, Parameters())
    assert caught.value.code == "errors.project_not_found"


def test_a_scenario_round_trips(store, project):
    saved = store.write(save_scenario, project.id, _deep())
    assert isinstance(saved, StoredScenario) and saved.position == 0
    assert saved.scenario == _deep()
    again = store.read(get_scenario, saved.id)
    assert again.scenario == _deep() and again.updated_at == saved.updated_at
    assert again.updated_at.tzinfo is not None
    second = store.write(save_scenario, project.id, Scenario("Minimaal", 12_000))  # empty while entered
    assert [s.name for s in store.read(list_scenarios, project.id)] == ["Diepe renovatie", "Minimaal"]
    assert second.position == 1 and second.scenario.items == ()


def test_replacing_a_scenario_by_id_and_renaming_it(store, project):
    saved = store.write(save_scenario, project.id, _deep())
    changed = Scenario("Diepe renovatie (variant)", 11_000, [CostItem("Isolatie", "investment", 1)])
    replaced = store.write(save_scenario, project.id, changed, scenario_id=saved.id)
    assert replaced.id == saved.id and replaced.scenario == changed and replaced.updated_at >= saved.updated_at
    assert [s.scenario for s in store.read(list_scenarios, project.id)] == [changed]


def test_names_are_unique_per_project_ignoring_case(store, project):
    store.write(save_scenario, project.id, _deep())
    with pytest.raises(StoreError) as caught:
        store.write(save_scenario, project.id, _deep("DIEPE RENOVATIE"))
    assert (caught.value.code, caught.value.params) == ("errors.costs_scenario_name_taken",
                                                        {"name": "DIEPE RENOVATIE"})
    other = store.write(project_store.create_project, "Brugse Poort")
    store.write(save_scenario, other.id, _deep())  # another project may use the name
    second = store.write(save_scenario, project.id, _deep("Tweede"))
    with pytest.raises(StoreError):  # renaming onto a taken name is refused, nothing changes
        store.write(save_scenario, project.id, _deep("diepe renovatie"), scenario_id=second.id)
    assert [s.name for s in store.read(list_scenarios, project.id)] == ["Diepe renovatie", "Tweede"]


def test_unknown_and_foreign_scenarios(store, project):
    with pytest.raises(StoreError) as caught:
        store.read(get_scenario, 12345)
    assert (caught.value.code, caught.value.params) == ("errors.costs_scenario_not_found", {"id": 12345})
    other = store.write(project_store.create_project, "Elders")
    foreign = store.write(save_scenario, other.id, _deep())
    with pytest.raises(StoreError) as caught:
        store.write(save_scenario, project.id, _deep(), scenario_id=foreign.id)
    assert caught.value.code == "errors.costs_scenario_not_found"
    store.write(delete_scenario, foreign.id)
    assert store.read(list_scenarios, other.id) == []
    with pytest.raises(StoreError):
        store.write(delete_scenario, foreign.id)
    with pytest.raises(TypeError):
        store.read(get_scenario, "1")


def test_importing_a_preset_adds_replaces_and_saves_the_parameters(store, project):
    store.write(save_scenario, project.id, _deep("Eigen scenario"))
    store.write(save_scenario, project.id, Scenario("Diepe renovatie", 1, [CostItem("Oud", "investment", 1)]))
    preset = load_preset("neighbourhood_scenarios")
    loaded = store.write(import_scenarios, project.id, preset.scenarios, parameters=preset.parameters)
    assert [s.name for s in loaded] == ["Eigen scenario", "Diepe renovatie", "Minimale herstelling",
                                        "Diepe renovatie + warmtenet"]
    assert loaded[1].scenario == preset.scenarios[1]  # same name: replaced in place
    assert store.read(get_parameters, project.id) == preset.parameters
    replaced = store.write(import_scenarios, project.id, preset.scenarios[:1], replace_all=True)
    assert [s.scenario for s in replaced] == [preset.scenarios[0]]


def test_an_import_is_all_or_nothing(store, project):
    before = store.write(save_scenario, project.id, _deep())
    with pytest.raises(StoreError) as caught:
        store.write(import_scenarios, project.id, [_deep("Nieuw"), _deep("NIEUW")], replace_all=True,
               parameters=Parameters(50))
    assert caught.value.code == "errors.costs_scenario_name_taken"
    assert [s.id for s in store.read(list_scenarios, project.id)] == [before.id]
    assert store.read(get_parameters, project.id) is None


def test_stored_json_is_checked_when_read(store, project, database_url):
    saved = store.write(save_scenario, project.id, _deep())
    with store.engine.begin() as connection:  # someone edits the JSON by hand
        connection.execute(text("UPDATE cost_scenarios SET items = :items WHERE id = :id"),
                           {"items": '[{"name": "Dak", "category": "investment", "amount": "veel"}]',
                            "id": saved.id})
    with pytest.raises(CostError) as caught:
        store.read(list_scenarios, project.id)
    assert caught.value.code == "errors.costs_number_invalid"


def test_user_text_is_stored_as_typed(store, project):
    scenario = Scenario(HOSTILE, 10, [CostItem(HOSTILE, "investment", 1)], description=HOSTILE + "\nregel 2")
    saved = store.write(save_scenario, project.id, scenario)
    assert store.read(get_scenario, saved.id).scenario == scenario
    assert store.read(get_scenario, saved.id).scenario.description == HOSTILE + "\nregel 2"


def test_the_budget_is_replaced_as_a_whole(store, project):
    assert store.read(get_budget, project.id) == ()
    first = [BudgetLine("subsidy", "Vlaanderen", 60_000), BudgetLine("staff", HOSTILE, 95_000)]
    assert store.write(save_budget, project.id, first) == tuple(first)
    assert store.read(get_budget, project.id) == tuple(first)
    second = [BudgetLine("municipal", "", 10_000)]
    store.write(save_budget, project.id, second)
    assert store.read(get_budget, project.id) == tuple(second)
    with pytest.raises(TypeError):  # refused before anything is deleted
        store.write(save_budget, project.id, [BudgetLine("staff", "", 1), {"category": "staff"}])
    assert store.read(get_budget, project.id) == tuple(second)
    store.write(save_budget, project.id, [])
    assert store.read(get_budget, project.id) == ()


def test_concurrent_budget_saves_never_mix(store, project):
    budgets = [[BudgetLine("staff", f"writer {w} line {i}", 1_000 * w + i) for i in range(20)]
               for w in range(1, 5)]
    start = threading.Barrier(len(budgets))

    def write(lines):
        start.wait(timeout=30)
        store.write(save_budget, project.id, lines)

    with ThreadPoolExecutor(len(budgets)) as pool:
        list(pool.map(write, budgets))
    assert list(store.read(get_budget, project.id)) in budgets
