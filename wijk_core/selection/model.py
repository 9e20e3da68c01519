"""The neighbourhood-selection model: candidates, criteria sets and the team's scores.

Plain frozen dataclasses and the closed sets of options, as
:mod:`wijk_core.selection.store` saves and returns them (the tables are in
:mod:`wijk_core.selection.tables`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from shapely.geometry.base import BaseGeometry

CandidateOrigin = Literal["drawn", "sectors", "neighbourhood", "upload"]
CriteriaMethod = Literal["weighted_sum", "topsis"]
CriterionKind = Literal["indicator", "qualitative"]
CriterionDirection = Literal["benefit", "cost"]

TEXT_MAX = 2000
"""Longest pro or con text, in characters."""


@dataclass(frozen=True)
class Candidate:
    """A candidate neighbourhood; ``geometry`` is a shapely (multi)polygon in EPSG:``srid`` (31370).

    ``sector_codes`` is empty unless the perimeter was assembled from sectors or
    a predefined neighbourhood; ``source_ref`` names that source (e.g. a wijk code).
    """

    id: int
    project_id: int
    name: str
    origin: CandidateOrigin
    geometry: BaseGeometry
    srid: int
    sector_codes: tuple[str, ...]
    source_ref: str | None
    colour: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class CriterionSpec:
    """One criterion of a set, as saved and as loaded.

    ``key`` is an indicator id or a qualitative criterion key, unique in the set;
    ``label`` names a custom qualitative criterion (checklist ones are translated by key).
    """

    key: str
    kind: CriterionKind = "indicator"
    direction: CriterionDirection = "benefit"
    weight: float = 1.0
    label: str | None = None


@dataclass(frozen=True)
class CriteriaSet:
    """A named assessment framework with its criteria in order."""

    id: int
    project_id: int
    name: str
    method: CriteriaMethod
    criteria: tuple[CriterionSpec, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class CriterionScore:
    """The team's score (1-5) of one candidate on one qualitative criterion, with pro and con."""

    set_id: int
    key: str
    candidate_id: int
    score: int
    pro: str
    con: str
    updated_at: datetime
