"""Total-cost studies in the store: parameters, scenarios and the budget of each project.

Functions take an open SQLAlchemy session (the caller commits), like every
domain's ``store.py``; use them as ``store.write(save_scenario, project_id, …)`` or
``with store.writing() as session: save_scenario(session, …)``.
Everything is checked by :mod:`wijk_core.costs` / :mod:`wijk_core.costs.budget`
*before* anything is written, so a refused save leaves the previous version as
it was; a scenario or budget is written in one transaction (all of it or
nothing). Everything returned is a frozen dataclass. Refusals are
:class:`StoreError` (or the :class:`~wijk_core.costs.CostError` of the input
check), with these codes of the store itself:

==================================== ====================================================
``errors.project_not_found``         (id) the project does not exist
``errors.costs_scenario_not_found``  (id) no such scenario
``errors.costs_scenario_name_taken`` (name) another scenario of the project has this name
==================================== ====================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from wijk_core.costs.budget import BudgetLine
from wijk_core.costs import Parameters, Scenario, scenario_from_dict
from wijk_core.costs.tables import BudgetLineRow, CostScenarioRow, CostSettingsRow
from wijk_core.store import projects
from wijk_core.store.base import checked_id as _id, flush_unique, upsert_into, utc_now
from wijk_core.store.errors import StoreError
from wijk_core.store.projects import ProjectRow
from wijk_core.store.projects import existing_project_id as _project_id
from wijk_core.store.guard import project_of, writes

__all__ = [
    "StoredScenario",
    "delete_scenario",
    "get_budget",
    "get_parameters",
    "get_scenario",
    "import_scenarios",
    "list_scenarios",
    "save_budget",
    "save_parameters",
    "save_scenario",
]

@dataclass(frozen=True)
class StoredScenario:
    """A saved scenario: its id and position in the project, and the checked :class:`Scenario`."""

    id: int
    project_id: int
    position: int
    scenario: Scenario
    created_at: datetime
    updated_at: datetime

    @property
    def name(self) -> str:
        return self.scenario.name


# --- Parameters ----------------------------------------------------------------------


def get_parameters(session: Session, project_id: int) -> Parameters | None:
    """The project's saved parameters, or None when it has none yet."""
    row = session.get(CostSettingsRow, _project_id(session, project_id))
    if row is None:
        return None
    return Parameters(row.period_years, row.discount_rate, row.energy_escalation, row.carbon_price,
                      row.carbon_price_growth)


@writes("costs.write")
def save_parameters(session: Session, project_id: int, parameters: Parameters) -> Parameters:
    """Insert or replace the project's parameters in one statement (safe for concurrent writers)."""
    if not isinstance(parameters, Parameters):
        raise TypeError(f"Expected Parameters, got {type(parameters).__name__}.")
    project = _project_id(session, project_id)
    values = {"project_id": project, **parameters.to_dict(), "updated_at": utc_now()}
    statement = upsert_into(session, CostSettingsRow).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["project_id"],
        set_={name: statement.excluded[name] for name in values if name != "project_id"})
    session.execute(statement)
    return parameters


# --- Scenarios -----------------------------------------------------------------------


def _checked(scenario: Scenario) -> Scenario:
    if not isinstance(scenario, Scenario):
        raise TypeError(f"Expected a Scenario, got {type(scenario).__name__}.")
    # A JSON round trip through the same reader as loading: what is saved can be read back.
    return scenario_from_dict(scenario.to_dict())


def _to_stored(row: CostScenarioRow) -> StoredScenario:
    scenario = scenario_from_dict({"name": row.name, "floor_area_m2": row.floor_area_m2,
                                   "description": row.description, "items": row.items,
                                   "externalities": row.externalities})
    return StoredScenario(id=row.id, project_id=row.project_id, position=row.position, scenario=scenario,
                          created_at=row.created_at, updated_at=row.updated_at)


def _flush_or_name_taken(session: Session, name: str) -> None:
    taken = StoreError("errors.costs_scenario_name_taken", name=name)
    flush_unique(session, taken, CostScenarioRow.name_key)


def _fill(row: CostScenarioRow, scenario: Scenario) -> None:
    data = scenario.to_dict()
    row.name, row.name_key = scenario.name, projects.name_key(scenario.name)
    row.floor_area_m2, row.description = scenario.floor_area_m2, scenario.description
    row.items, row.externalities = data["items"], data["externalities"]
    row.updated_at = utc_now()


def list_scenarios(session: Session, project_id: int) -> list[StoredScenario]:
    """The scenarios of a project in their order (position, then id)."""
    project = _project_id(session, project_id)
    rows = session.scalars(select(CostScenarioRow).where(CostScenarioRow.project_id == project)
                           .order_by(CostScenarioRow.position, CostScenarioRow.id)).all()
    return [_to_stored(row) for row in rows]


def get_scenario(session: Session, scenario_id: int) -> StoredScenario:
    """One scenario; ``errors.costs_scenario_not_found`` (id) if there is none."""
    return _to_stored(_row(session, scenario_id))


@writes("costs.write")
def save_scenario(session: Session, project_id: int, scenario: Scenario, *,
                  scenario_id: int | None = None) -> StoredScenario:
    """Create a scenario, or replace the one with ``scenario_id`` (its name may change).

    Parameters
    ----------
    session : Session
    project_id : int
    scenario : Scenario
        Checked again (JSON round trip) before anything is written.
    scenario_id : int, optional
        The scenario to replace; it must belong to the project.

    Returns
    -------
    StoredScenario

    Raises
    ------
    StoreError
        ``errors.project_not_found``, ``errors.costs_scenario_not_found`` (id),
        ``errors.costs_scenario_name_taken`` (name).
    """
    project = _project_id(session, project_id)
    checked = _checked(scenario)
    if scenario_id is None:
        position = session.scalar(select(func.coalesce(func.max(CostScenarioRow.position), -1))
                                  .where(CostScenarioRow.project_id == project)) + 1
        row = CostScenarioRow(project_id=project, position=position, created_at=utc_now())
        _fill(row, checked)
        session.add(row)
    else:
        row = _row(session, scenario_id)
        if row.project_id != project:
            raise StoreError("errors.costs_scenario_not_found", id=scenario_id)
        _fill(row, checked)
    _flush_or_name_taken(session, checked.name)
    return _to_stored(row)


@writes("costs.write")
def import_scenarios(session: Session, project_id: int, scenarios: Sequence[Scenario], *,
                     parameters: Parameters | None = None, replace_all: bool = False) -> list[StoredScenario]:
    """Save several scenarios at once (a preset or an uploaded study), all or nothing.

    A scenario whose name (ignoring case) is already in the project replaces it;
    the others are added at the end. With ``replace_all`` the project's other
    scenarios are deleted. ``parameters``, when given, are saved too.

    Returns
    -------
    list of StoredScenario
        Every scenario of the project afterwards, in order.
    """
    project = _project_id(session, project_id)
    checked = [_checked(scenario) for scenario in scenarios]
    keys = [projects.name_key(s.name) for s in checked]
    duplicate = next((s.name for i, s in enumerate(checked) if keys[i] in keys[:i]), None)
    if duplicate is not None:
        raise StoreError("errors.costs_scenario_name_taken", name=duplicate)
    existing = {row.name_key: row for row in session.scalars(
        select(CostScenarioRow).where(CostScenarioRow.project_id == project).with_for_update())}
    if replace_all:
        for key, row in list(existing.items()):
            if key not in keys:
                session.delete(row)
                del existing[key]
        session.flush()
    position = max((row.position for row in existing.values()), default=-1) + 1
    for key, scenario in zip(keys, checked, strict=True):
        row = existing.get(key)
        if row is None:
            row = CostScenarioRow(project_id=project, position=position, created_at=utc_now())
            position += 1
            session.add(row)
        _fill(row, scenario)
        _flush_or_name_taken(session, scenario.name)
    if parameters is not None:
        save_parameters(session, project, parameters)
    return list_scenarios(session, project)


@writes("costs.write", project=project_of(CostScenarioRow, "scenario_id"))
def delete_scenario(session: Session, scenario_id: int) -> None:
    """Delete one scenario; ``errors.costs_scenario_not_found`` (id) if there is none."""
    session.delete(_row(session, scenario_id))
    session.flush()


def _row(session: Session, scenario_id: int) -> CostScenarioRow:
    checked = _id(scenario_id, "scenario")
    row = session.get(CostScenarioRow, checked) if 0 < checked < 2**31 else None
    if row is None:
        raise StoreError("errors.costs_scenario_not_found", id=checked)
    return row


# --- Budget --------------------------------------------------------------------------


def get_budget(session: Session, project_id: int) -> tuple[BudgetLine, ...]:
    """The budget lines of a project, in their order (empty when none were saved)."""
    project = _project_id(session, project_id)
    rows = session.scalars(select(BudgetLineRow).where(BudgetLineRow.project_id == project)
                           .order_by(BudgetLineRow.position)).all()
    return tuple(BudgetLine(row.category, row.label, row.amount) for row in rows)


@writes("costs.write")
def save_budget(session: Session, project_id: int, lines: Iterable[BudgetLine]) -> tuple[BudgetLine, ...]:
    """Replace the whole budget of a project by ``lines`` (checked first, written in one go)."""
    project = _project_id(session, project_id)
    checked = []
    for line in lines:
        if not isinstance(line, BudgetLine):
            raise TypeError(f"Expected BudgetLine, got {type(line).__name__}.")
        checked.append(BudgetLine(line.category, line.label, line.amount))
    # Lock the project row: two concurrent saves of one budget take turns.
    session.scalars(select(ProjectRow.id).where(ProjectRow.id == project)
                    .with_for_update()).all()
    session.execute(delete(BudgetLineRow).where(BudgetLineRow.project_id == project))
    session.add_all(BudgetLineRow(project_id=project, position=position, category=line.category,
                                  label=line.label, amount=line.amount)
                    for position, line in enumerate(checked))
    session.flush()
    return tuple(checked)

