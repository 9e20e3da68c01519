"""What every section of the phase-1 page (and the home page's roadmap) shares: the project's phase 1 as stored,
the selection's state, the roadmap view and the links to the pages where the steps are done."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.phase import store as phase_store
from wijk_core.phase.model import Decision
from wijk_core.phase.roadmap import RoadmapStep, project_facts, roadmap
from wijk_core.phase.summary import evidence_target, open_questions, step_text
from wijk_core.sectors.data import SectorData
from wijk_core.selection.assessment import ProjectAssessment, assess_project
from wijk_core.selection.candidates import CandidateProfiles
from wijk_core.selection.model import Candidate

from ..cache import store
from ..project_data import assessment, candidates, criteria_set, ideas, profiles, project_data, quiet
from ..state import flash, lang, md, show_error, tr

PAGE_FILES = {"start": ("pages/home.py", "nav.home"), "fase1": ("pages/phase.py", "nav.phase"),
              "wijkselectie": ("pages/selection.py", "nav.selection"), "kosten": ("pages/costs.py", "nav.costs"),
              "actoren": ("pages/stakeholders.py", "nav.stakeholders"),
              "moderatie": ("pages/moderation.py", "nav.moderation"), "ideeen": ("pages/ideas.py", "nav.ideas")}
"""URL path of a page → its file and its title key."""

STATE_ICONS = {"todo": ":material/radio_button_unchecked:", "started": ":material/pending:",
               "done": ":material/check_circle:"}


def steps(project_id: int) -> list[RoadmapStep]:
    """The roadmap of the project as it stands now."""
    return roadmap(store().read(project_facts, project_id))


def decision(project_id: int) -> Decision | None:
    """The current choice of neighbourhood, or None."""
    return store().read(phase_store.latest_decision, project_id)


def selection_state(project_id: int) -> tuple[SectorData, list[Candidate], CandidateProfiles | None,
                                              ProjectAssessment | None]:
    """The project's data, candidates, their profiles and the framework as it stands.

    The assessment is the saved framework's; without a saved framework, an assessment
    without criteria (it says why it cannot rank) so a choice still freezes the profiles.
    """
    data, _, key = project_data(project_id)
    saved = candidates(project_id)
    if not saved:
        return data, saved, None, None
    found = profiles(data, key, saved)
    saved_set = criteria_set(project_id)
    if saved_set is None:
        return data, saved, found, quiet(assess_project, data, saved, ideas(project_id), [], "weighted_sum", [],
                                         profiles=found)
    return data, saved, found, assessment(project_id, data, key, saved_set, saved)


def page_link(path: str, label: str | None = None) -> None:
    """A link to one of the app's pages by its URL path."""
    file, title = PAGE_FILES[path]
    st.page_link(file, label=label or tr(title), icon=":material/arrow_forward:")


def roadmap_view(project_id: int, *, links: bool = True) -> list[RoadmapStep]:
    """The steps in order, each with its state, its status in words and a link to its page."""
    found = steps(project_id)
    for number, step in enumerate(found, start=1):
        columns = st.columns([6, 2]) if links else [st.container()]
        columns[0].markdown(f"{STATE_ICONS[step.state]} **{number}. {md(tr(f'phase.step.{step.key}'))}** – "
                            f"{md(step_text(step, lang()))} · *{md(tr(f'phase.state.{step.state}'))}*")
        if links:
            file, title = PAGE_FILES[step.page]
            with columns[1]:
                st.page_link(file, label=tr("phase.roadmap.go", page=tr(title)), icon=":material/arrow_forward:")
    return found


def evidence_view(evidence: str) -> None:
    """An evidence link: the app's page, an http(s) address, or plain text."""
    kind, target = evidence_target(evidence)
    if kind == "page":
        page_link(target)
    elif kind == "url":
        st.markdown(f"[{md(target)}](<{target}>)")
    elif target:
        st.markdown(md(target))


def text_table(table: pd.DataFrame, key: str) -> None:
    """A table of already formatted text (the dossier prints the same strings)."""
    st.dataframe(table, hide_index=True, width="stretch", key=key)


def home_view(project_id: int) -> None:
    """The home page's phase-1 block: the roadmap with its links, then the checklist's open questions."""
    st.subheader(tr("phase.home.roadmap_title"))
    roadmap_view(project_id)
    still_open = open_questions(store().read(phase_store.readiness, project_id), lang())
    if still_open:
        st.markdown(f"**{md(tr('phase.home.open_questions'))}**")
        st.markdown("\n".join(f"- {md(label)}" for label in still_open))
    else:
        st.success(tr("phase.home.all_answered"))
    page_link("fase1", tr("phase.home.go_phase"))


def save(write: Callable[..., Any], *args: Any, message: str | Callable[[Any], str], **kwargs: Any) -> None:
    """Run a store write; on success keep ``message`` (or ``message(result)``) for the next run and rerun,
    else say what is wrong."""
    try:
        result = store().write(write, *args, **kwargs)
    except WijkError as err:
        show_error(err)
    else:
        flash("success", message(result) if callable(message) else message)
        st.rerun()
