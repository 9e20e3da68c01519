"""The permission table, pair by pair; every store write mapped to an action; the README's table."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

from wijk_core.access import PERMISSIONS, AccessError, Action, Role, allowed, require
from wijk_core.store.guard import WRITERS

REPO = Path(__file__).resolve().parents[2]

# Every (role, action) pair, written out by hand: a change of the table must change this too.
TABLE = """
action               resident  facilitator  officer  administrator
ideas.read           yes       yes          yes      yes
ideas.post           yes       yes          yes      yes
ideas.vote           yes       yes          yes      yes
ideas.comment        yes       yes          yes      yes
ideas.report         yes       yes          yes      yes
ideas.moderate       no        yes          yes      yes
ideas.settings       no        yes          yes      yes
stakeholders.read    no        yes          yes      yes
stakeholders.write   no        yes          yes      yes
selection.read       no        yes          yes      yes
selection.write      no        no           yes      yes
data.read            no        yes          yes      yes
data.upload          no        no           yes      yes
costs.read           no        yes          yes      yes
costs.write          no        no           yes      yes
phase.read           no        yes          yes      yes
phase.write          no        no           yes      yes
project.create       no        no           yes      yes
project.rename       no        no           yes      yes
accounts.manage      no        no           no       yes
audit.read           no        no           no       yes
"""


def _pairs() -> list[tuple[str, str, bool]]:
    lines = [line.split() for line in TABLE.strip().splitlines()]
    roles = lines[0][1:]
    return [(role, row[0], row[1 + i] == "yes") for row in lines[1:] for i, role in enumerate(roles)]


PAIRS = _pairs()


def test_the_written_table_names_every_role_and_action_once():
    assert sorted({(role, action) for role, action, _ in PAIRS}) == sorted(
        (role.value, action.value) for role in Role for action in Action)
    assert len(PAIRS) == len(Role) * len(Action)


@pytest.mark.parametrize(("role", "action", "expected"), PAIRS, ids=[f"{r}-{a}" for r, a, _ in PAIRS])
def test_every_role_and_action(role, action, expected):
    assert allowed(role, action) is expected
    assert (Action(action) in PERMISSIONS[Role(role)]) is expected
    if expected:
        require(role, action)
    else:
        with pytest.raises(AccessError) as refused:
            require(role, action)
        assert refused.value.code == "errors.access_denied"
        assert refused.value.params == {"role": role, "action": action}


def test_no_role_is_a_resident():
    assert allowed(None, "ideas.post") and not allowed(None, "ideas.moderate")
    with pytest.raises(AccessError, match="resident"):
        require(None, Action.COSTS_WRITE)


@pytest.mark.parametrize(("spelling", "role"), [
    ("bewoner", Role.RESIDENT), ("Habitant", Role.RESIDENT), ("resident", Role.RESIDENT),
    ("begeleider", Role.FACILITATOR), ("animateur", Role.FACILITATOR), (" Facilitator ", Role.FACILITATOR),
    ("ambtenaar", Role.OFFICER), ("fonctionnaire", Role.OFFICER), ("OFFICER", Role.OFFICER),
    ("beheerder", Role.ADMINISTRATOR), ("administrateur", Role.ADMINISTRATOR), ("admin", Role.ADMINISTRATOR),
])
def test_roles_accept_dutch_french_and_english(spelling, role):
    assert Role(spelling) is role


@pytest.mark.parametrize("bad", ["god", "", "root", 3, None])
def test_an_unknown_role_is_refused_with_its_code(bad):
    with pytest.raises(AccessError) as refused:
        Role(bad)
    assert refused.value.code == "errors.access_role_unknown"
    assert "administrator" in refused.value.params["allowed"]


def test_actions_are_named_exactly_and_unknown_ones_refused():
    assert Action(" Costs.Write ") is Action.COSTS_WRITE
    with pytest.raises(AccessError) as refused:
        allowed("officer", "costs.delete_everything")
    assert refused.value.code == "errors.access_action_unknown"


def test_the_table_cannot_be_changed_at_run_time():
    with pytest.raises(TypeError):
        PERMISSIONS[Role.RESIDENT] = frozenset(Action)  # type: ignore[index]
    with pytest.raises(AttributeError):
        PERMISSIONS[Role.RESIDENT].add(Action.COSTS_WRITE)  # type: ignore[attr-defined]


# --- Every store write needs an action ----------------------------------------------------------

STORE_MODULES = sorted(f"wijk_core.{path.parent.name}.store" for path in (REPO / "wijk_core").glob("*/store.py")
                       if path.parent.name != "store") + ["wijk_core.store.projects"]

# The public functions that only read, module by module: every other public function writes.
READERS = {
    "wijk_core.access.store": {"find_account", "get_account", "list_accounts", "role_of", "roles_of",
                               "username_key", "audit_entries", "client_key"},
    "wijk_core.costs.store": {"get_parameters", "list_scenarios", "get_scenario", "get_budget"},
    "wijk_core.phase.store": {"list_team", "agreements", "readiness", "decisions", "latest_decision",
                              "get_impact_assumptions"},
    "wijk_core.ideas.store": {"get_idea", "list_ideas", "my_votes", "list_comments", "project_comments", "list_flags",
                              "get_settings", "moderation_log", "list_categories"},
    "wijk_core.sectors.store": {"list_files", "get_file", "file_content", "data_sources", "previous_sources"},
    "wijk_core.indicators.store": {"indicator_entries"},
    "wijk_core.selection.store": {"get_candidate", "list_candidates", "get_criteria_set", "find_criteria_set",
                                  "list_criteria_sets", "scores"},
    "wijk_core.stakeholders.store": {"list_stakeholders", "get_stakeholder", "inventory_rows", "list_relations",
                                     "relation_rows", "interview_notes"},
    "wijk_core.store.projects": {"clean_name", "name_key", "list_projects", "sort_key", "get_project",
                                 "existing_project_id", "find_project"},
}

# Writes that are no one's permission: anyone may try to sign in, and a write records itself.
UNGATED_WRITES = {"wijk_core.access.store.sign_in", "wijk_core.access.store.record"}


def _public_functions(module_name: str) -> set[str]:
    module = importlib.import_module(module_name)
    exported = set(getattr(module, "__all__", ())) | {
        name for name, value in vars(module).items()
        if inspect.isfunction(value) and value.__module__ == module_name}
    return {name for name in exported if not name.startswith("_") and inspect.isfunction(getattr(module, name))}


def test_the_walk_sees_every_domain_store():
    assert {"wijk_core.access.store", "wijk_core.costs.store", "wijk_core.ideas.store", "wijk_core.phase.store",
            "wijk_core.indicators.store", "wijk_core.sectors.store",
            "wijk_core.selection.store", "wijk_core.stakeholders.store", "wijk_core.store.projects"} == set(
        STORE_MODULES) == set(READERS)


# Which action each store write needs, written out by hand: the decorators must say the same.
EXPECTED_WRITES = {
    "wijk_core.store.projects.create_project": "project.create",
    "wijk_core.store.projects.ensure_project": "project.create",
    "wijk_core.store.projects.rename_project": "project.rename",
    "wijk_core.ideas.store.add_idea": "ideas.post",
    "wijk_core.ideas.store.vote": "ideas.vote",
    "wijk_core.ideas.store.add_comment": "ideas.comment",
    "wijk_core.ideas.store.report_idea": "ideas.report",
    "wijk_core.ideas.store.approve_idea": "ideas.moderate",
    "wijk_core.ideas.store.hide_idea": "ideas.moderate",
    "wijk_core.ideas.store.merge_ideas": "ideas.moderate",
    "wijk_core.ideas.store.hide_comment": "ideas.moderate",
    "wijk_core.ideas.store.show_comment": "ideas.moderate",
    "wijk_core.ideas.store.dismiss_flag": "ideas.moderate",
    "wijk_core.ideas.store.set_identification": "ideas.settings",
    "wijk_core.ideas.store.set_report_threshold": "ideas.settings",
    "wijk_core.ideas.store.add_category": "ideas.settings",
    "wijk_core.stakeholders.store.save_inventory": "stakeholders.write",
    "wijk_core.stakeholders.store.import_inventory": "stakeholders.write",
    "wijk_core.stakeholders.store.add_stakeholder": "stakeholders.write",
    "wijk_core.stakeholders.store.delete_stakeholder": "stakeholders.write",
    "wijk_core.stakeholders.store.erase_stakeholder": "stakeholders.write",
    "wijk_core.stakeholders.store.save_relations": "stakeholders.write",
    "wijk_core.stakeholders.store.save_notes": "stakeholders.write",
    "wijk_core.selection.store.create_candidate": "selection.write",
    "wijk_core.selection.store.rename_candidate": "selection.write",
    "wijk_core.selection.store.update_candidate_geometry": "selection.write",
    "wijk_core.selection.store.set_candidate_colour": "selection.write",
    "wijk_core.selection.store.delete_candidate": "selection.write",
    "wijk_core.selection.store.save_criteria_set": "selection.write",
    "wijk_core.selection.store.delete_criteria_set": "selection.write",
    "wijk_core.selection.store.set_score": "selection.write",
    "wijk_core.selection.store.delete_score": "selection.write",
    "wijk_core.sectors.store.add_file": "data.upload",
    "wijk_core.sectors.store.set_file_options": "data.upload",
    "wijk_core.sectors.store.set_source_year": "data.upload",
    "wijk_core.sectors.store.delete_file": "data.upload",
    "wijk_core.sectors.store.change_sources": "data.upload",
    "wijk_core.sectors.store.undo_data_change": "data.upload",
    "wijk_core.indicators.store.save_indicator_entries": "data.upload",
    "wijk_core.indicators.store.reset_indicator_entries": "data.upload",
    "wijk_core.costs.store.save_parameters": "costs.write",
    "wijk_core.costs.store.save_scenario": "costs.write",
    "wijk_core.costs.store.import_scenarios": "costs.write",
    "wijk_core.costs.store.delete_scenario": "costs.write",
    "wijk_core.costs.store.save_budget": "costs.write",
    "wijk_core.phase.store.save_team": "phase.write",
    "wijk_core.phase.store.save_agreements": "phase.write",
    "wijk_core.phase.store.save_readiness": "phase.write",
    "wijk_core.phase.store.record_decision": "phase.write",
    "wijk_core.phase.store.save_impact_assumptions": "phase.write",
    "wijk_core.access.store.add_account": "accounts.manage",
    "wijk_core.access.store.set_role": "accounts.manage",
    "wijk_core.access.store.remove_role": "accounts.manage",
    "wijk_core.access.store.disable_account": "accounts.manage",
    "wijk_core.access.store.enable_account": "accounts.manage",
    "wijk_core.access.store.set_password": "accounts.manage",
}


def _writers() -> dict[str, str]:
    for module_name in STORE_MODULES:
        importlib.import_module(module_name)
    return {name: spec.action for name, spec in WRITERS.items() if name.rsplit(".", 1)[0] in STORE_MODULES}


@pytest.mark.parametrize("module_name", STORE_MODULES)
def test_every_writing_store_function_declares_its_action(module_name):
    functions = _public_functions(module_name)
    readers = READERS[module_name]
    assert readers <= functions, f"listed as readers but not functions of {module_name}: {readers - functions}"
    writers = {f"{module_name}.{name}" for name in functions - readers}
    assert writers, module_name
    declared = _writers()
    undeclared = writers - set(declared) - UNGATED_WRITES
    assert not undeclared, f"store functions that write but declare no action: {sorted(undeclared)}"
    assert not {f"{module_name}.{name}" for name in readers} & set(declared)


def test_each_write_declares_the_action_written_down_here():
    assert _writers() == EXPECTED_WRITES
    for action in EXPECTED_WRITES.values():
        Action(action)


def test_a_resident_may_call_only_the_idea_map_writes():
    residents = {name for name, action in _writers().items() if allowed(Role.RESIDENT, action)}
    assert residents == {"wijk_core.ideas.store.add_idea", "wijk_core.ideas.store.vote",
                         "wijk_core.ideas.store.add_comment", "wijk_core.ideas.store.report_idea"}


# --- The README's table says the same as PERMISSIONS --------------------------------------------

def _readme_table() -> dict[str, dict[str, bool]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Accounts", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    header = next(line for line in section.splitlines() if line.startswith("| action"))
    roles = [cell.strip() for cell in header.strip("|").split("|")[1:]]
    table = {}
    for line in rows:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        action = re.fullmatch(r"`([a-z.]+)`", cells[0]).group(1)
        table[action] = {role: cell == "yes" for role, cell in zip(roles, cells[1:], strict=True)}
    return table


def test_the_readme_table_equals_the_permissions():
    readme = _readme_table()
    assert set(readme) == {action.value for action in Action}
    for action, by_role in readme.items():
        assert set(by_role) == {role.value for role in Role}
        for role, expected in by_role.items():
            assert allowed(role, action) is expected, f"README says {role} {action}: {expected}"
