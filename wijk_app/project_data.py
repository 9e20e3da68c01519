"""A project's data as every page asks for it: sector data, candidates, profiles, its assessment.

Each function reads the store (and the core) once per question and keeps what is
costly in Streamlit's caches: the sector data per set of uploaded files, the demo
per process, the candidates' profiles per data set and candidate version.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import geopandas as gpd
import pandas as pd
import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.ideas import ideas_frame, ideas_per_candidate
from wijk_core.ideas import store as idea_store
from wijk_core.indicators import store as indicator_store
from wijk_core.indicators.catalogue import apply_entries
from wijk_core.readers.report import ValidationReport
from wijk_core.sectors import store as sector_store
from wijk_core.sectors.data import SectorData, load_demo, load_sources
from wijk_core.sectors.model import DATA_ROLES
from wijk_core.sectors.years import chosen_year
from wijk_core.selection import store as selection_store
from wijk_core.selection.assessment import ProjectAssessment, assess_project
from wijk_core.selection.candidates import CandidateProfiles, candidate_layer, profile_candidates
from wijk_core.selection.framework import CriterionChoice, criterion_choices
from wijk_core.selection.model import Candidate, CriteriaSet

from .cache import store
from .state import show_error, tr

SET_NAME = "default"
"""The name of the project's assessment framework (one per project)."""


@st.cache_resource(show_spinner=False)
def demo_data() -> SectorData:
    """The embedded demo municipality, read once per process and shared read-only."""
    return load_demo()


def _files_key(project_id: int) -> tuple:
    """The project's sources, oldest first (the order they are read in), with the year chosen for a long
    table: what the data depend on."""
    return tuple((f.id, f.role, f.sha256, f.filename, chosen_year(f.options))
                 for f in store().read(sector_store.data_sources, project_id))


@st.cache_resource(show_spinner=False, max_entries=8)
def _uploaded(key: tuple) -> tuple[SectorData, ValidationReport]:
    return load_sources([(role, store().read(sector_store.file_content, file_id), filename, {"year": year})
                         for file_id, role, _sha, filename, year in key])


def _loaded(project_id: int) -> tuple[SectorData, ValidationReport | None, str]:
    key = _files_key(project_id)
    if not any(role == "sectors" for _, role, *_ in key):
        return demo_data(), None, "demo"
    try:
        with st.spinner(tr("selection.loading")):
            data, report = _uploaded(key)
    except WijkError as err:  # a stored file that no longer reads: fall back, say why
        show_error(err)
        return demo_data(), None, "demo"
    return data, report, repr(key)


def project_data(project_id: int) -> tuple[SectorData, ValidationReport | None, str]:
    """The project's sector data: its uploaded files, else the demo, named as the project names its
    indicators (:mod:`wijk_core.indicators`). Returns (data, report, key)."""
    data, report, key = _loaded(project_id)
    entries = store().read(indicator_store.indicator_entries, project_id)
    if not entries:
        return data, report, key
    return replace(data, catalogue=apply_entries(data.catalogue, entries)), report, f"{key} {entries!r}"


def file_data(project_id: int) -> SectorData:
    """The project's sector data as its files (or the demo) describe it, without the project's own entries."""
    return _loaded(project_id)[0]


def candidates(project_id: int) -> list[Candidate]:
    """The project's saved candidates, in order."""
    return store().read(selection_store.list_candidates, project_id)


def layer_of(saved: list[Candidate]) -> gpd.GeoDataFrame:
    """The candidates as one layer (index: name)."""
    return candidate_layer({c.name: c.geometry for c in saved})


@st.cache_data(show_spinner=False, max_entries=32)
def _profiles(data_key: str, signature: tuple, _data: SectorData, _layer: gpd.GeoDataFrame
              ) -> CandidateProfiles:
    return profile_candidates(_data, _layer)


def profiles(data: SectorData, data_key: str, saved: list[Candidate]) -> CandidateProfiles:
    """Profiles of the saved candidates (computed once per data set and candidate version)."""
    signature = tuple((c.id, c.name, c.updated_at.isoformat()) for c in saved)
    with st.spinner(tr("selection.profiling")):
        return _profiles(data_key, signature, data, layer_of(saved))


def ideas(project_id: int) -> list:
    """The project's ideas as stored (every status: the core counts the visible ones)."""
    return store().read(idea_store.list_ideas, project_id)


def idea_counts(project_id: int, saved: list[Candidate]) -> pd.Series:
    """Visible ideas pinned by residents inside each candidate (the "active citizens" signal)."""
    return ideas_per_candidate(ideas_frame(ideas(project_id)), saved)


def criteria_set(project_id: int) -> CriteriaSet | None:
    """The project's assessment framework as saved, or None before the first criterion."""
    return store().read(selection_store.find_criteria_set, project_id, SET_NAME)


def framework_key(project_id: int, name: str) -> str:
    """Session key of a widget of the framework section (the export reads its missing-value policy)."""
    return f"fw{project_id}_{name}"


def quiet(func, *args, **kwargs):
    """Run a core call without its data warnings (the page shows coverage instead)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


def assessment(project_id: int, data: SectorData, data_key: str, saved_set: CriteriaSet,
               saved: list[Candidate], choices: list[CriterionChoice] | None = None, method: str | None = None,
               missing: str | None = None) -> ProjectAssessment:
    """The candidates ``saved`` assessed on the framework (:func:`~wijk_core.selection.assessment.assess_project`).

    ``choices`` and ``method`` default to the saved framework's, ``missing`` to the
    policy chosen in the framework section (``raise`` until one is chosen).
    """
    return quiet(assess_project, data, saved, ideas(project_id),
                 criterion_choices(saved_set.criteria) if choices is None else choices,
                 method or saved_set.method, store().read(selection_store.scores, saved_set.id),
                 missing=missing or st.session_state.get(framework_key(project_id, "missing"), "raise"),
                 profiles=profiles(data, data_key, saved))


def saved_assessment(project_id: int, data: SectorData, data_key: str,
                     saved: list[Candidate]) -> ProjectAssessment | None:
    """The framework as saved and its outcome for the candidates ``saved``, for the export; None
    without a framework or two candidates.

    The outcome inside is None while the framework cannot be ranked (no criteria,
    missing scores …).
    """
    saved_set = criteria_set(project_id)
    if saved_set is None or len(saved) < 2:
        return None
    return assessment(project_id, data, data_key, saved_set, saved)


__all__ = ["DATA_ROLES", "SET_NAME", "assessment", "candidates", "criteria_set", "demo_data", "file_data",
           "framework_key", "idea_counts", "ideas", "layer_of", "profiles", "project_data", "quiet", "saved_assessment"]
