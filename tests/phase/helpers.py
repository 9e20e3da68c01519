"""A project taken through phase 1 on the demo data: three candidates (one with a hostile name), a framework
with data and checklist criteria scored by the team, a budget and two cost scenarios."""

from __future__ import annotations

from wijk_core.costs import CostItem, Externality, Parameters, Scenario
from wijk_core.costs import store as cost_store
from wijk_core.costs.budget import BudgetLine
from wijk_core.ideas import ideas_frame
from wijk_core.phase import store as phase_store
from wijk_core.phase.snapshot import take_snapshot
from wijk_core.selection import store as selection_store
from wijk_core.selection.assessment import assess_project
from wijk_core.selection.candidates import from_neighbourhood
from wijk_core.selection.framework import criterion_choices
from wijk_core.selection.model import CriterionSpec

from hostile import SCRIPT

STATION, CENTRE, HOSTILE = "Stationskwartier", "Centrum", SCRIPT
NEIGHBOURHOODS = {CENTRE: "99991W01", STATION: "99991W02", HOSTILE: "99991W03"}
CRITERIA = (CriterionSpec("share_pre1945_pct", "indicator", "benefit", 2.0),
            CriterionSpec("political_anchor", "qualitative", "benefit", 1.0),
            CriterionSpec("active_citizens", "qualitative", "benefit", 1.0))
SCORES = {STATION: (5, 4), CENTRE: (2, 3), HOSTILE: (3, 2)}


def baseline() -> Scenario:
    """100 m² without the project: 22 €/m² energy a year, 36 kg CO2/m² a year."""
    return Scenario("Zonder project", 100, [CostItem("Ketel", "investment", 5_000, lifetime=20),
                                            CostItem("Gas", "energy", 2_200)],
                    [Externality("CO2", "co2", 3.6)])


def renovation() -> Scenario:
    """100 m² renovated: 400 €/m² invested (350 works + 50 extras), 8 €/m² energy, 6 kg CO2/m²."""
    return Scenario("Diepe renovatie", 100, [CostItem("Schil", "investment", 35_000, lifetime=40),
                                             CostItem("Btw", "initial_extras", 5_000),
                                             CostItem("Dak later", "renewal", 9_000, year=10),
                                             CostItem("Stroom", "energy", 800)],
                    [Externality("CO2", "co2", 0.6)])


def set_up(store, project_id: int, demo) -> dict[str, int]:
    """Candidates, framework and scores, budget and scenarios; returns candidate ids by name."""
    ids = {name: store.write(selection_store.create_candidate, project_id, name,
                             from_neighbourhood(demo, code).geometry, origin="neighbourhood").id
           for name, code in NEIGHBOURHOODS.items()}
    saved = store.write(selection_store.save_criteria_set, project_id, "default", "weighted_sum", CRITERIA)
    for name, (anchor, citizens) in SCORES.items():
        store.write(selection_store.set_score, saved.id, "political_anchor", ids[name], anchor,
                    pro=f"klimaatplan {name}", con=SCRIPT)
        store.write(selection_store.set_score, saved.id, "active_citizens", ids[name], citizens)
    store.write(cost_store.save_budget, project_id, [BudgetLine("municipal", "Stad", 50_000),
                                                      BudgetLine("subsidy", "Vlaanderen", 20_000),
                                                      BudgetLine("staff", "Wijkcoach", 200_000)])
    store.write(cost_store.save_parameters, project_id, Parameters(30, 0.02))
    for scenario in (baseline(), renovation()):
        store.write(cost_store.save_scenario, project_id, scenario)
    return ids


def assessed(store, project_id: int, demo, draws: int = 200):
    """The project's framework assessed as it stands in the store."""
    candidates = store.read(selection_store.list_candidates, project_id)
    saved = store.read(selection_store.find_criteria_set, project_id, "default")
    return assess_project(demo, candidates, ideas_frame([]), criterion_choices(saved.criteria), saved.method,
                          store.read(selection_store.scores, saved.id), draws=draws)


def choose(store, project_id: int, demo, ids: dict[str, int], chosen: str = STATION):
    """Record ``chosen`` with the snapshot of the framework as it stands."""
    snapshot = take_snapshot(assessed(store, project_id, demo), demo.catalogue, data_label=demo.label)
    return store.write(phase_store.record_decision, project_id, ids[chosen],
                       alternatives=[i for name, i in ids.items() if name != chosen],
                       motivation="Sterk draagvlak", agreed_by="College", snapshot=snapshot)
