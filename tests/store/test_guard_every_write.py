"""Every store write, called with valid arguments, answers to the permission table and to nothing else.

For each function in :data:`wijk_core.store.guard.WRITERS` (every domain's store
imported), with the action written down by hand in ``tests/access/test_model.py``
(so a write whose decorator is removed is still called here, and fails), a table below builds valid arguments over a seeded project. The function
is then called through a store acting as each role:

- a role the table refuses gets ``errors.access_denied`` and no table of the
  database changes (row counts and contents of every table in ``Base.metadata``);
- a role it allows succeeds and leaves exactly one audit entry with its account,
  action and project (none for a resident); that write is rolled back afterwards
  so that every call starts from the same seed;
- an account with every permission in one project may not write in another
  (the ids of the other project's rows).

Runs on SQLite and PostgreSQL, one seeded database per backend for the module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from shapely import box
from sqlalchemy import func, select

import pg_server
from access.test_model import EXPECTED_WRITES  # the hand-written action of every write, not the decorators'
from wijk_core.access import AccessError, Actor, Role, allowed, audit_entries
from wijk_core.access import store as access_store
from wijk_core.costs import CostItem, Parameters, Scenario
from wijk_core.costs import store as cost_store
from wijk_core.costs.budget import BudgetLine
from wijk_core.ideas import IdeaPlace, new_participant_token, to_lambert
from wijk_core.ideas import store as idea_store
from wijk_core.ideas.model import Origin
from wijk_core.indicators import store as indicator_store
from wijk_core.phase.impact import ImpactAssumptions
from wijk_core.phase.model import Agreement, ReadinessAnswer, readiness_questions
from wijk_core.schema import metadata
from wijk_core.sectors import store as sector_store
from wijk_core.sectors.model import NewSource
from wijk_core.selection import store as selection_store
from wijk_core.selection.model import CriterionSpec
from wijk_core.stakeholders import store as stakeholder_store
from wijk_core.store import Store
from wijk_core.store import projects as project_store
from wijk_core.store.guard import WRITERS

REPO = Path(__file__).resolve().parents[2]
STORE_MODULES = sorted(f"wijk_core.{path.parent.name}.store" for path in (REPO / "wijk_core").glob("*/store.py")
                       if path.parent.name != "store") + ["wijk_core.store.projects"]
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
PASSWORD = "correct horse battery staple"
TOKEN = new_participant_token()
PLACE = IdeaPlace(4.35, 50.85, *to_lambert(4.35, 50.85))
WEST = box(104_000.0, 193_000.0, 104_500.0, 193_400.0)
EAST = box(104_500.0, 193_000.0, 105_250.5, 193_400.25)


def _scenario(name: str) -> Scenario:
    return Scenario(name, 1_200, [CostItem("Isolatie", "investment", 180_000, lifetime=40)])


@dataclass(frozen=True)
class Seed:
    """The ids of one project's rows, one or two of each kind, to build arguments from."""

    project: int
    idea: int
    other_idea: int
    comment: int
    flag: int
    candidate: int
    criteria_set: int
    file: int
    table: int
    scenario: int
    stakeholder: int
    other_stakeholder: int


@dataclass(frozen=True)
class World:
    store: Store
    first: Seed
    second: Seed
    target_account: int
    in_first: dict[Role, Any]
    everywhere: dict[Role, Any]


def _seed_project(store: Store, name: str) -> Seed:
    with store.writing() as session:
        project = project_store.create_project(session, name).id
        idea = idea_store.add_idea(session, project, TOKEN, PLACE, category="mobility", title="Bank").id
        other_idea = idea_store.add_idea(session, project, new_participant_token(), PLACE, category="mobility",
                                         title="Boom").id
        comment = idea_store.add_comment(session, idea, TOKEN, stance="for", text="Goed idee").id
        for _ in range(3):  # three reports from one address: a flag in the facilitator's queue
            idea_store.report_idea(session, other_idea, new_participant_token(), origin=Origin("203.0.113.7"))
        [flag] = [flag.id for flag in idea_store.list_flags(session, project)]
        candidate = selection_store.create_candidate(session, project, "Muide", WEST, origin="drawn").id
        criteria_set = selection_store.save_criteria_set(session, project, "Kader", "weighted_sum", [
            CriterionSpec("share_pre1945"), CriterionSpec("team_capacity", "qualitative")]).id
        selection_store.set_score(session, criteria_set, "team_capacity", candidate, 3, "sterk", "")
        file = sector_store.add_file(session, project, "sectors", "sectoren.gpkg", b"GPKG").id
        [_, table] = sector_store.change_sources(session, project,
                                                 [NewSource("indicators", "hitte.csv", b"c;h\n1;2")])
        indicator_store.save_indicator_entries(session, project, [
            {"indicator": "ses_income", "label_nl": "Laag inkomen", "kind": "intensive", "direction": "hoger"}])
        scenario = cost_store.save_scenario(session, project, _scenario("Basis")).id
        cost_store.save_budget(session, project, [BudgetLine("staff", "Begeleiding", 10_000)])
        people = stakeholder_store.save_inventory(session, project, [
            {"name": "Buurtcomité", "group": "residents"}, {"name": "OCMW", "group": "institutional"}])
        stakeholder_store.save_relations(session, project, [{"source": "Buurtcomité", "target": "OCMW", "trust": 3}])
        stakeholder_store.save_notes(session, people[0].id, {"concerns": "Parkeren"})
    return Seed(project, idea, other_idea, comment, flag, candidate, criteria_set, file, table.id, scenario,
                people[0].id, people[1].id)


def _accounts(store: Store, project_id: int | None) -> dict[Role, Any]:
    where = "all" if project_id is None else f"p{project_id}"
    accounts = {Role.RESIDENT: Actor.resident("192.0.2.9")}
    for role in (Role.FACILITATOR, Role.OFFICER, Role.ADMINISTRATOR):
        account = store.write(access_store.add_account, f"{role.value}-{where}", password=PASSWORD, role=role,
                              project_id=project_id)
        accounts[role] = Actor.for_account(account)
    return accounts


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    if request.param == "sqlite":
        url, drop = f"sqlite:///{tmp_path_factory.mktemp('guard') / 'guard.sqlite3'}", None
    else:
        server: pg_server.PostgresServer = request.getfixturevalue("postgres_server")
        url = server.create_schema()
        drop = server.drop_schema
    store = Store(url)
    try:
        first, second = _seed_project(store, "Muide-Meulestede"), _seed_project(store, "Brugse Poort")
        target = store.write(access_store.add_account, "target", password=PASSWORD).id
        store.write(access_store.set_role, target, "officer", second.project)
        yield World(store, first, second, target, _accounts(store, first.project), _accounts(store, None))
    finally:
        store.dispose()
        if drop is not None:
            drop(url)


# --- Valid arguments for every write: (args, kwargs) from a project's seed and the target account ----------------

Build = Callable[[Seed, int], tuple[tuple, dict]]


def _args(*args: Any, **kwargs: Any) -> tuple[tuple, dict]:
    return args, kwargs


ARGUMENTS: dict[str, Build] = {
    "wijk_core.store.projects.create_project": lambda s, a: _args("Nieuw project"),
    "wijk_core.store.projects.ensure_project": lambda s, a: _args("Nog een project"),
    "wijk_core.store.projects.rename_project": lambda s, a: _args(s.project, "Gekaapt"),
    "wijk_core.ideas.store.add_idea": lambda s, a: _args(s.project, new_participant_token(), PLACE,
                                                         category="mobility", title="Fietsenstalling"),
    "wijk_core.ideas.store.vote": lambda s, a: _args(s.idea, new_participant_token(), 1),
    "wijk_core.ideas.store.add_comment": lambda s, a: _args(s.idea, new_participant_token(), stance="against",
                                                            text="Liever niet"),
    "wijk_core.ideas.store.report_idea": lambda s, a: _args(s.idea, new_participant_token(), "spam"),
    "wijk_core.ideas.store.approve_idea": lambda s, a: _args(s.idea),
    "wijk_core.ideas.store.hide_idea": lambda s, a: _args(s.idea, note="Off-topic"),
    "wijk_core.ideas.store.merge_ideas": lambda s, a: _args(s.other_idea, s.idea),
    "wijk_core.ideas.store.hide_comment": lambda s, a: _args(s.comment),
    "wijk_core.ideas.store.show_comment": lambda s, a: _args(s.comment),
    "wijk_core.ideas.store.set_report_threshold": lambda s, a: _args(s.project, 5),
    "wijk_core.ideas.store.add_category": lambda s, a: _args(s.project, "Speelpleinen", "#56B4E9"),
    "wijk_core.ideas.store.set_identification": lambda s, a: _args(s.project, "workshop"),
    "wijk_core.ideas.store.dismiss_flag": lambda s, a: _args(s.flag),
    "wijk_core.stakeholders.store.save_inventory": lambda s, a: _args(s.project, [
        {"id": s.stakeholder, "name": "Buurtcomité", "group": "residents"}, {"name": "School", "group": "social"}]),
    "wijk_core.stakeholders.store.import_inventory": lambda s, a: _args(s.project,
                                                                        [{"name": "Kerkfabriek", "group": "social"}]),
    "wijk_core.stakeholders.store.add_stakeholder": lambda s, a: _args(s.project, {"name": "Jeugdhuis",
                                                                                   "group": "social"}),
    "wijk_core.stakeholders.store.delete_stakeholder": lambda s, a: _args(s.other_stakeholder),
    "wijk_core.stakeholders.store.erase_stakeholder": lambda s, a: _args(s.stakeholder),
    "wijk_core.stakeholders.store.save_relations": lambda s, a: _args(s.project, [
        {"source": "OCMW", "target": "Buurtcomité", "trust": 5, "note": "Werken samen"}]),
    "wijk_core.stakeholders.store.save_notes": lambda s, a: _args(s.stakeholder, {"concerns": "Verkeer"}),
    "wijk_core.selection.store.create_candidate": lambda s, a: _args(s.project, "Dampoort", EAST, origin="drawn"),
    "wijk_core.selection.store.rename_candidate": lambda s, a: _args(s.candidate, "Meulestede"),
    "wijk_core.selection.store.update_candidate_geometry": lambda s, a: _args(s.candidate, EAST),
    "wijk_core.selection.store.set_candidate_colour": lambda s, a: _args(s.candidate, "#ff0000"),
    "wijk_core.selection.store.delete_candidate": lambda s, a: _args(s.candidate),
    "wijk_core.selection.store.save_criteria_set": lambda s, a: _args(s.project, "Ander kader", "topsis",
                                                                      [CriterionSpec("share_pre1945")]),
    "wijk_core.selection.store.delete_criteria_set": lambda s, a: _args(s.criteria_set),
    "wijk_core.selection.store.set_score": lambda s, a: _args(s.criteria_set, "team_capacity", s.candidate, 5),
    "wijk_core.selection.store.delete_score": lambda s, a: _args(s.criteria_set, "team_capacity", s.candidate),
    "wijk_core.sectors.store.add_file": lambda s, a: _args(s.project, "indicators", "bevolking.csv", b"a;b\n1;2"),
    "wijk_core.sectors.store.set_file_options": lambda s, a: _args(s.file, {"layer": "sectoren"}),
    "wijk_core.sectors.store.set_source_year": lambda s, a: _args(s.table, 2021),
    "wijk_core.sectors.store.delete_file": lambda s, a: _args(s.file),
    "wijk_core.sectors.store.change_sources": lambda s, a: _args(
        s.project, [NewSource("indicators", "groen.csv", b"c;g\n1;3")], remove=[s.file]),
    "wijk_core.sectors.store.undo_data_change": lambda s, a: _args(s.project),
    "wijk_core.indicators.store.save_indicator_entries": lambda s, a: _args(s.project, [
        {"indicator": "comp_age0To9", "label_nl": "Kinderen", "kind": "intensive", "direction": "need_if_higher"}]),
    "wijk_core.indicators.store.reset_indicator_entries": lambda s, a: _args(s.project),
    "wijk_core.costs.store.save_parameters": lambda s, a: _args(s.project, Parameters(40, 0.03)),
    "wijk_core.costs.store.save_scenario": lambda s, a: _args(s.project, _scenario("Diep")),
    "wijk_core.costs.store.import_scenarios": lambda s, a: _args(s.project, [_scenario("Licht")],
                                                                 parameters=Parameters(20)),
    "wijk_core.costs.store.delete_scenario": lambda s, a: _args(s.scenario),
    "wijk_core.costs.store.save_budget": lambda s, a: _args(s.project, [BudgetLine("subsidy", "Vlaanderen", 5_000)]),
    "wijk_core.phase.store.save_team": lambda s, a: _args(s.project, [{"name": "An Peeters", "role": "coordinator"}]),
    "wijk_core.phase.store.save_agreements": lambda s, a: _args(s.project,
                                                                [Agreement("meetings", True, "Elke maandag")]),
    "wijk_core.phase.store.save_readiness": lambda s, a: _args(s.project, [
        ReadinessAnswer(readiness_questions()[0].key, "Ja", status="done")]),
    "wijk_core.phase.store.record_decision": lambda s, a: _args(s.project, s.candidate, motivation="Meeste woningen"),
    "wijk_core.phase.store.save_impact_assumptions": lambda s, a: _args(s.project, ImpactAssumptions()),
    "wijk_core.access.store.add_account": lambda s, a: _args("nieuwkomer", password=PASSWORD, role="facilitator",
                                                             project_id=s.project),
    "wijk_core.access.store.set_role": lambda s, a: _args(a, "facilitator", s.project),
    "wijk_core.access.store.remove_role": lambda s, a: _args(a, s.project),
    "wijk_core.access.store.disable_account": lambda s, a: _args(a),
    "wijk_core.access.store.enable_account": lambda s, a: _args(a),
    "wijk_core.access.store.set_password": lambda s, a: _args(a, "another good passphrase"),
}
WRITES = sorted(ARGUMENTS)


def _function(name: str) -> Callable:
    module, function = name.rsplit(".", 1)
    return getattr(importlib.import_module(module), function)


def _in_a_project(name: str) -> bool:
    """Whether the write's project comes from its arguments (else it is outside any: accounts, new projects)."""
    return EXPECTED_WRITES[name] not in ("accounts.manage", "project.create")


def test_every_write_of_every_store_has_arguments_here():
    for module in STORE_MODULES:
        importlib.import_module(module)
    assert set(ARGUMENTS) == set(EXPECTED_WRITES) == set(WRITERS)


# --- The whole database, to prove a refusal wrote nothing --------------------------------------------------------


def _snapshot(store: Store) -> dict[str, tuple[int, list[str]]]:
    """Every table of the schema: its row count and its rows (as text, sorted)."""
    with store.reading() as session:
        return {table.name: (session.scalar(select(func.count()).select_from(table)),
                             sorted(repr(tuple(row)) for row in session.execute(select(table))))
                for table in metadata.sorted_tables}


def _counts(snapshot: dict[str, tuple[int, list[str]]]) -> dict[str, int]:
    return {table: count for table, (count, _) in snapshot.items()}


class _RollBack(Exception):
    """Raised at the end of an allowed write to undo it, so every call starts from the same seed."""


def _refused(world: World, actor: Any, name: str, seed: Seed) -> AccessError:
    args, kwargs = ARGUMENTS[name](seed, world.target_account)
    before = _snapshot(world.store)
    with pytest.raises(AccessError) as refused:
        world.store.acting_as(actor).write(_function(name), *args, **kwargs)
    after = _snapshot(world.store)
    assert _counts(after) == _counts(before), f"{name} changed row counts"
    assert after == before, f"{name} changed rows"
    return refused.value


def _allowed(world: World, actor: Any, name: str, seed: Seed) -> None:
    args, kwargs = ARGUMENTS[name](seed, world.target_account)
    before = _snapshot(world.store)
    with pytest.raises(_RollBack), world.store.acting_as(actor).writing() as session:
        assert audit_entries(session) == []
        _function(name)(session, *args, **kwargs)
        entries = audit_entries(session)
        if actor.kind == "resident":
            assert entries == []
        else:
            [entry] = entries
            expected_project = seed.project if _in_a_project(name) else None
            assert (entry.account_id, entry.actor, entry.action, entry.project_id) == (
                actor.account_id, actor.label, EXPECTED_WRITES[name], expected_project)
            assert entry.target.startswith(name.rsplit(".", 1)[1].replace("_", " "))
        raise _RollBack
    assert _snapshot(world.store) == before


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
@pytest.mark.parametrize("name", WRITES, ids=[name.rsplit(".", 1)[1] for name in WRITES])
def test_each_role_may_write_exactly_what_the_table_allows(world, name, role):
    action = EXPECTED_WRITES[name]
    actor = (world.in_first if _in_a_project(name) else world.everywhere)[role]
    if allowed(role, action):
        _allowed(world, actor, name, world.first)
    else:
        refusal = _refused(world, actor, name, world.first)
        assert refusal.code == "errors.access_denied"
        assert refusal.params == {"role": role.value, "action": action}


# The idea map's writes are anyone's in every project; every other write needs a role there.
GATED_IN_A_PROJECT = [name for name in WRITES if _in_a_project(name) and not allowed(Role.RESIDENT, EXPECTED_WRITES[name])]


@pytest.mark.parametrize("name", GATED_IN_A_PROJECT, ids=[name.rsplit(".", 1)[1] for name in GATED_IN_A_PROJECT])
def test_every_permission_in_one_project_is_none_in_another(world, name):
    administrator_of_first = world.in_first[Role.ADMINISTRATOR]
    refusal = _refused(world, administrator_of_first, name, world.second)
    assert refusal.code == "errors.access_denied"
    assert refusal.params["role"] == "resident"


def test_a_numpy_id_is_checked_in_its_own_project_and_text_is_refused(world):
    officer_everywhere = world.everywhere[Role.OFFICER]
    with world.store.writing() as session:  # the officer is only a facilitator in the second project
        access_store.set_role(session, officer_everywhere.account_id, "facilitator", world.second.project)
    try:
        refusal = _refused(world, officer_everywhere, "wijk_core.selection.store.rename_candidate",
                           Seed(**{**vars(world.second), "candidate": np.int64(world.second.candidate)}))
        assert refusal.params == {"role": "facilitator", "action": "selection.write"}
        with pytest.raises(TypeError):
            world.store.acting_as(officer_everywhere).write(selection_store.rename_candidate,
                                                            str(world.second.candidate), "Tekst")
    finally:
        with world.store.writing() as session:
            access_store.remove_role(session, officer_everywhere.account_id, world.second.project)
