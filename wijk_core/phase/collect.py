"""Phase 1 gathered from the project's store in one call per question: the impact, the dossier.

The page and the dossier ask the same questions, so both go through these
functions: :func:`project_impact` (the chosen neighbourhood's impact from its
profile, the costs page's scenarios and the budget page's municipal income) and
:func:`dossier_content` (everything the dossier prints). The costly selection
steps (profiles, assessment) are passed in by the caller, who keeps them cached.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

import geopandas as gpd
from sqlalchemy.orm import Session

from wijk_core.costs import compare
from wijk_core.costs import store as cost_store
from wijk_core.costs.budget import summarise_budget
from wijk_core.i18n import t
from wijk_core.ideas import store as idea_store
from wijk_core.ideas.summary import candidate_table
from wijk_core.phase import store as phase_store
from wijk_core.phase.dossier import DossierContent
from wijk_core.phase.impact import DWELLINGS_INDICATOR, Impact, compute_impact
from wijk_core.phase.model import Decision
from wijk_core.phase.roadmap import project_facts, roadmap
from wijk_core.phase.snapshot import take_snapshot
from wijk_core.readers.labels import indicator_label
from wijk_core.sectors.data import SectorData
from wijk_core.selection.assessment import ProjectAssessment
from wijk_core.selection.candidates import CandidateProfiles
from wijk_core.selection.council import council_sections
from wijk_core.stakeholders import inventory_frame
from wijk_core.stakeholders import store as stakeholder_store
from wijk_core.stakeholders.handout import handout_sections
from wijk_core.stakeholders.summary import notes_table, relations_frame

__all__ = ["dossier_content", "profile_dwellings", "project_impact", "record_choice"]


def profile_dwellings(decision: Decision | None, profiles: CandidateProfiles | None) -> float | None:
    """Dwellings inside the chosen candidate: its profile now, else the value frozen with the choice."""
    if decision is None:
        return None
    chosen = decision.chosen
    if profiles is not None and DWELLINGS_INDICATOR in profiles.values.index and chosen in profiles.values.columns:
        value = float(profiles.values.at[DWELLINGS_INDICATOR, chosen])
        if math.isfinite(value):
            return value
    frozen = decision.snapshot.get("profiles", {}).get(chosen, {}).get(DWELLINGS_INDICATOR)
    return float(frozen) if frozen is not None else None


def record_choice(session: Session, project_id: int, candidate_id: int, assessment: ProjectAssessment,
                  data: SectorData, *, alternatives: Sequence[int] = (), motivation: str = "", agreed_by: str = "",
                  decided_on: date | None = None) -> Decision:
    """Freeze the framework as it stands and record the choice with it (one user action).

    Parameters
    ----------
    session : Session
    project_id, candidate_id : int
    assessment : ProjectAssessment
        The framework as assessed now (:func:`~wijk_core.selection.assessment.assess_project`).
    data : SectorData
        The data the profiles came from (its catalogue labels the criteria, its label names it).
    alternatives, motivation, agreed_by, decided_on
        As :func:`wijk_core.phase.store.record_decision` takes them.

    Returns
    -------
    Decision
    """
    snapshot = take_snapshot(assessment, data.catalogue, data_label=data.label)
    return phase_store.record_decision(session, project_id, candidate_id, alternatives=alternatives,
                                       motivation=motivation, agreed_by=agreed_by, decided_on=decided_on,
                                       snapshot=snapshot)


def project_impact(session: Session, project_id: int, decision: Decision | None,
                   profiles: CandidateProfiles | None) -> Impact | None:
    """The impact of the chosen neighbourhood (None before a choice is recorded).

    Parameters
    ----------
    session : Session
    project_id : int
    decision : Decision or None
        The current choice (:func:`wijk_core.phase.store.latest_decision`).
    profiles : CandidateProfiles or None
        The candidates' profiles as they are now (their ``dwellings``).
    """
    if decision is None:
        return None
    scenarios = [stored.scenario for stored in cost_store.list_scenarios(session, project_id)]
    parameters = cost_store.get_parameters(session, project_id)
    comparison = compare(scenarios, parameters) if len(scenarios) >= 2 else None
    return compute_impact(decision.chosen, phase_store.get_impact_assumptions(session, project_id),
                          profile_dwellings=profile_dwellings(decision, profiles), comparison=comparison,
                          budget=summarise_budget(cost_store.get_budget(session, project_id)))


def dossier_content(session: Session, project_id: int, lang: str, *, project_name: str, data: SectorData,
                    layer: gpd.GeoDataFrame, profiles: CandidateProfiles | None,
                    assessment: ProjectAssessment | None, background: Any = None,
                    background_label: str | None = None) -> DossierContent:
    """Everything the phase-1 dossier prints, read from the store once.

    Parameters
    ----------
    session : Session
    project_id : int
    lang : str
        The reader's language (the labelled tables are made in it).
    project_name : str
    data, layer, profiles
        The project's sector data, its candidates as a layer (index: name) and their
        profiles (None without candidates).
    assessment : ProjectAssessment or None
        The framework as it stands (its outcome may be None).
    background, background_label
        Outlines under the stakeholder map.

    Returns
    -------
    DossierContent
    """
    decision = phase_store.latest_decision(session, project_id)
    scenarios = [stored.scenario for stored in cost_store.list_scenarios(session, project_id)]
    parameters = cost_store.get_parameters(session, project_id)
    selection = []
    if profiles is not None and len(layer):
        outcome = assessment.outcome if assessment is not None else None
        selection = council_sections(data, layer, profiles, lang=lang, assessment=outcome,
                                     scores=assessment.scores if assessment is not None else None,
                                     choices=list(assessment.choices) if assessment is not None else None,
                                     indicator=DWELLINGS_INDICATOR if DWELLINGS_INDICATOR in profiles.values.index
                                     else None)
    inventory = inventory_frame(stakeholder_store.inventory_rows(session, project_id))
    relations = relations_frame(stakeholder_store.relation_rows(session, project_id))
    stakeholders = (handout_sections(inventory, lang, relations=relations, background=background,
                                     background_label=background_label, charts=("grid", "ladder"))
                    if len(inventory) else [])
    notes = notes_table(inventory, stakeholder_store.interview_notes(session, project_id), lang) if len(
        inventory) else None
    if notes is not None:
        notes = notes.rename(columns={key: t(f"phase.col.interview_{key}", lang) for key in notes.columns})
    ideas = idea_store.list_ideas(session, project_id)
    counts = assessment.idea_counts if assessment is not None else None
    return DossierContent(
        project_name=project_name, steps=roadmap(project_facts(session, project_id)),
        team=phase_store.list_team(session, project_id), agreements=phase_store.agreements(session, project_id),
        answers=phase_store.readiness(session, project_id), decision=decision,
        impact=project_impact(session, project_id, decision, profiles),
        budget=summarise_budget(cost_store.get_budget(session, project_id)),
        comparison=compare(scenarios, parameters) if scenarios else None,
        selection_sections=selection, stakeholder_sections=stakeholders, interviews=notes,
        ideas=candidate_table(counts, lang) if counts is not None and len(counts) else None,
        idea_count=len(ideas), dwellings_label=indicator_label(data.catalogue, DWELLINGS_INDICATOR, lang),
        notes=[t("selection.data_demo_note", lang)] if data.synthetic else [])
