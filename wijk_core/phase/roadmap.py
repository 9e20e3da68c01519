"""The phase-1 roadmap: the guide's steps in order, each with a status read from the project's own data.

The guide's sequence: form the team and agree how it works; draw up the budget;
read public data on candidate neighbourhoods and score them in a framework with
pros and cons; make the stakeholder inventory; interview key actors; choose the
neighbourhood with the team and the local government; show the impact for a small
policy cost; and go through the checklist. :func:`project_facts` counts what the
project holds (one read of each domain's store); :func:`roadmap` turns the counts
into steps with a state, a message and the page where the step is done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy.orm import Session

from wijk_core.costs import store as cost_store
from wijk_core.costs.budget import summarise_budget
from wijk_core.phase import store as phase_store
from wijk_core.phase.model import AGREEMENTS, missing_expertise, readiness_questions
from wijk_core.selection import store as selection_store
from wijk_core.stakeholders import store as stakeholder_store

__all__ = ["KEY_ACTOR_INFLUENCE", "STEPS", "ProjectFacts", "RoadmapStep", "project_facts", "roadmap"]

KEY_ACTOR_INFLUENCE = 4
"""A stakeholder with this influence (1–5) or more is a key actor to interview."""

SET_NAME = "default"
"""The project's assessment framework (one per project, as the selection page saves it)."""

STEPS = ("team", "agreements", "budget", "candidates", "framework", "stakeholders", "interviews", "choice",
         "impact", "readiness")
"""The steps in the guide's order."""

PAGES = {"team": "fase1", "agreements": "fase1", "budget": "kosten", "candidates": "wijkselectie",
         "framework": "wijkselectie", "stakeholders": "actoren", "interviews": "actoren", "choice": "fase1",
         "impact": "fase1", "readiness": "fase1"}
"""The URL path of the page where each step is done."""

State = Literal["todo", "started", "done"]


@dataclass(frozen=True)
class ProjectFacts:
    """What a project holds, counted for the roadmap."""

    members: int = 0
    missing_expertise: tuple[str, ...] = ("technical", "social", "communicative")
    agreements_made: int = 0
    budget_lines: int = 0
    budget_income: float = 0.0
    budget_expenses: float = 0.0
    funding_gap: float = 0.0
    candidates: int = 0
    criteria: int = 0
    scores_needed: int = 0
    scores_given: int = 0
    stakeholders: int = 0
    without_position: int = 0
    key_actors: int = 0
    interviewed: int = 0
    chosen: str | None = None
    scenarios: int = 0
    municipal_budget: float = 0.0
    questions: int = 0
    questions_done: int = 0
    open_questions: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RoadmapStep:
    """One step: its key, state, the message key and parameters of its status, and its page."""

    key: str
    state: State
    message: str
    params: dict[str, object]
    page: str


def project_facts(session: Session, project_id: int) -> ProjectFacts:
    """Count what the project holds for every step of the roadmap.

    Parameters
    ----------
    session : Session
    project_id : int

    Returns
    -------
    ProjectFacts
    """
    team = phase_store.list_team(session, project_id)
    budget = summarise_budget(cost_store.get_budget(session, project_id))
    candidates = selection_store.list_candidates(session, project_id)
    criteria_set = selection_store.find_criteria_set(session, project_id, SET_NAME)
    criteria = list(criteria_set.criteria) if criteria_set is not None else []
    qualitative = {c.key for c in criteria if c.kind == "qualitative"}
    ids = {c.id for c in candidates}
    given = (sum(1 for s in selection_store.scores(session, criteria_set.id)
                 if s.key in qualitative and s.candidate_id in ids) if criteria_set is not None else 0)
    stakeholders = stakeholder_store.list_stakeholders(session, project_id)
    interviewed = {note.stakeholder_id for note in stakeholder_store.interview_notes(session, project_id)}
    key_actors = {s.id for s in stakeholders if (s.influence or 0) >= KEY_ACTOR_INFLUENCE}
    decision = phase_store.latest_decision(session, project_id)
    answers = phase_store.readiness(session, project_id)
    return ProjectFacts(
        members=len(team), missing_expertise=tuple(missing_expertise(team)),
        agreements_made=sum(1 for a in phase_store.agreements(session, project_id) if a.agreed),
        budget_lines=len(budget.lines), budget_income=budget.total_income, budget_expenses=budget.total_expenses,
        funding_gap=budget.funding_gap, candidates=len(candidates), criteria=len(criteria),
        scores_needed=len(qualitative) * len(candidates), scores_given=given,
        stakeholders=len(stakeholders), without_position=sum(1 for s in stakeholders if s.position is None),
        key_actors=len(key_actors | interviewed), interviewed=len(interviewed),
        chosen=decision.chosen if decision is not None else None,
        scenarios=len(cost_store.list_scenarios(session, project_id)),
        municipal_budget=float(budget.income.get("municipal", 0.0)),
        questions=len(readiness_questions()), questions_done=sum(1 for a in answers if a.status == "done"),
        open_questions=tuple(a.key for a in answers if a.status != "done"))


def _state(done: bool, started: bool) -> State:
    return "done" if done else "started" if started else "todo"


def roadmap(facts: ProjectFacts) -> list[RoadmapStep]:
    """The steps of :data:`STEPS`, each with its state and status message (``phase.step_status.<key>``).

    A step is ``done`` when the guide's aim is met (a team with the three kinds of
    expertise, every agreement made, a budget with income and expenses, two
    candidates or more, every qualitative score given, every stakeholder with a
    position, every key actor interviewed, a choice recorded, the impact computable,
    every question answered), ``started`` when there is something, else ``todo``.
    """
    f = facts
    rows: dict[str, tuple[State, str, dict[str, object]]] = {
        "team": (_state(f.members >= 2 and not f.missing_expertise, f.members > 0),
                 "team", {"count": f.members, "missing": len(f.missing_expertise)}),
        "agreements": (_state(f.agreements_made == len(AGREEMENTS), f.agreements_made > 0),
                       "agreements", {"count": f.agreements_made, "total": len(AGREEMENTS)}),
        "budget": (_state(f.budget_income > 0 and f.budget_expenses > 0, f.budget_lines > 0),
                   "budget" if f.budget_lines else "budget_empty", {"gap": f.funding_gap}),
        "candidates": (_state(f.candidates >= 2, f.candidates > 0), "candidates", {"count": f.candidates}),
        "framework": (_state(f.criteria > 0 and f.candidates >= 2 and f.scores_given >= f.scores_needed,
                             f.criteria > 0),
                      "framework" if f.scores_needed else "framework_criteria",
                      {"count": f.scores_given, "total": f.scores_needed, "criteria": f.criteria}),
        "stakeholders": (_state(f.stakeholders > 0 and f.without_position == 0, f.stakeholders > 0),
                         "stakeholders", {"count": f.stakeholders, "unplaced": f.without_position}),
        "interviews": (_state(f.key_actors > 0 and f.interviewed >= f.key_actors, f.interviewed > 0),
                       "interviews", {"count": f.interviewed, "total": f.key_actors}),
        "choice": (_state(f.chosen is not None, f.candidates >= 2),
                   "choice" if f.chosen is not None else "choice_open", {"name": f.chosen or ""}),
        "impact": (_state(f.chosen is not None and f.scenarios >= 2 and f.municipal_budget > 0,
                          f.scenarios > 0 or f.municipal_budget > 0),
                   "impact", {"scenarios": f.scenarios, "budget": f.municipal_budget}),
        "readiness": (_state(f.questions_done == f.questions, f.questions_done > 0),
                      "readiness", {"count": f.questions_done, "total": f.questions}),
    }
    return [RoadmapStep(key=key, state=rows[key][0], message=f"phase.step_status.{rows[key][1]}",
                        params=rows[key][2], page=PAGES[key]) for key in STEPS]
