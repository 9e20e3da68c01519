"""The assessment framework as the officer fills it in: criteria, team scores, outcome.

A framework mixes two kinds of criteria:

- **indicator** criteria: a catalogued indicator aggregated inside each candidate
  (:mod:`wijk_core.areal.aggregate`); its default direction follows the catalogue
  (``need_if_higher``: a higher value means more renovation need, which makes the
  candidate a better choice, so *benefit*; ``need_if_lower``: *cost*);
- **qualitative** criteria: the questions of the phase-1 checklist (team capacity,
  political anchor, active citizens, coupling opportunities, …), scored by the team
  from 1 (weak) to 5 (strong) per candidate, always *benefit*.

:func:`decision_matrix` turns profiles and scores into the matrix that
:mod:`wijk_core.criteria` ranks, and :func:`assess` returns the ranking with its
robustness in one object.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from wijk_core.criteria import (Direction, Ranking, first_place_probability, hotspot_scores,
                                leave_one_out, rank)
from wijk_core.errors import WijkError
from wijk_core.i18n import t
from wijk_core.readers.labels import indicator_label

__all__ = ["IDEAS_COUNT", "IDEAS_PER_1000", "Assessment", "CriterionChoice", "QualitativeCriterion",
           "assess", "checklist", "criterion_choices", "criterion_labels", "decision_matrix",
           "default_direction", "sector_hotspots", "with_idea_counts"]

IDEAS_COUNT = "ideas_count"
IDEAS_PER_1000 = "ideas_per_1000"

_CHECKLIST = Path(__file__).resolve().parent.parent / "data" / "checklist.csv"
SCORE_MIN, SCORE_MAX = 1, 5


class FrameworkError(WijkError):
    """A framework that cannot be assessed as filled in."""


@dataclass(frozen=True)
class QualitativeCriterion:
    """One question of the phase-1 checklist, scored 1–5 by the team per candidate."""

    key: str
    labels: dict[str, str]
    questions: dict[str, str]

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["nl"]

    def question(self, lang: str) -> str:
        return self.questions.get(lang) or self.questions["nl"]


@lru_cache(maxsize=1)
def checklist() -> tuple[QualitativeCriterion, ...]:
    """The qualitative criteria from the seed's phase-1 checklist (``data/checklist.csv``)."""
    with _CHECKLIST.open(encoding="utf-8", newline="") as handle:
        return tuple(
            QualitativeCriterion(
                key=row["key"],
                labels={lang: row[f"label_{lang}"] for lang in ("nl", "fr", "en")},
                questions={lang: row[f"question_{lang}"] for lang in ("nl", "fr", "en")},
            )
            for row in csv.DictReader(handle)
        )


@dataclass(frozen=True)
class CriterionChoice:
    """A criterion switched on in the framework."""

    key: str
    kind: Literal["indicator", "qualitative"]
    direction: Direction
    weight: float


def criterion_choices(specs: Iterable[Any], kind: Literal["indicator", "qualitative"] | None = None
                      ) -> list[CriterionChoice]:
    """The criteria of a saved framework as choices, in their saved order.

    Parameters
    ----------
    specs
        Saved criteria (``key``, ``kind``, ``direction`` as text, ``weight``), e.g. the
        ``criteria`` of a stored criteria set.
    kind
        Keep only the criteria of this kind (the hotspot map uses the indicators only);
        None keeps all.
    """
    return [CriterionChoice(s.key, s.kind, Direction(s.direction), s.weight)
            for s in specs if kind is None or s.kind == kind]


def criterion_labels(catalogue: pd.DataFrame, lang: str) -> dict[str, str]:
    """Every criterion the framework offers, key → label in ``lang``.

    The checklist's questions by their label, the catalogued indicators by their
    catalogue label (:func:`wijk_core.readers.labels.indicator_label`) and the two
    idea counts by their message. A checklist key wins over an indicator of the same id.
    """
    labels = {key: indicator_label(catalogue, key, lang) for key in catalogue.index}
    labels.update({key: t(f"selection.{key}", lang) for key in (IDEAS_PER_1000, IDEAS_COUNT)})
    labels.update({c.key: c.label(lang) for c in checklist()})
    return labels


def default_direction(catalogue: pd.DataFrame, indicator: str) -> Direction:
    """The catalogue's preferred direction as a criterion direction (neutral → benefit)."""
    known = "direction" in catalogue and indicator in catalogue.index
    preferred = str(catalogue.at[indicator, "direction"]) if known else ""
    return Direction.COST if preferred == "need_if_lower" else Direction.BENEFIT


def decision_matrix(profile_values: pd.DataFrame, scores: pd.DataFrame,
                    choices: list[CriterionChoice]) -> pd.DataFrame:
    """Build the candidates × criteria matrix.

    Parameters
    ----------
    profile_values
        Aggregated indicator values, indicators × candidates (as
        ``Profiles.wide()`` returns them; extra columns such as the municipality are
        ignored when they are not candidates of ``scores``' columns… pass candidates only).
    scores
        Team scores, qualitative criterion key × candidate, 1–5 (NaN where not scored).
    choices
        The criteria switched on, in display order.

    Raises
    ------
    FrameworkError
        ``errors.framework_no_criteria`` when nothing is switched on;
        ``errors.framework_unknown_indicator`` for an indicator without values;
        ``errors.score_out_of_range`` for a score outside 1–5.
    """
    if not choices:
        raise FrameworkError("errors.framework_no_criteria")
    candidates = list(profile_values.columns)
    columns: dict[str, pd.Series] = {}
    for choice in choices:
        if choice.kind == "indicator":
            if choice.key not in profile_values.index:
                raise FrameworkError("errors.framework_unknown_indicator",
                                     indicator=choice.key)
            columns[choice.key] = profile_values.loc[choice.key, candidates].astype(float)
        else:
            row = (scores.loc[choice.key] if choice.key in scores.index
                   else pd.Series(dtype=float)).reindex(candidates).astype(float)
            bad = row[(row < SCORE_MIN) | (row > SCORE_MAX)]
            if not bad.empty:
                raise FrameworkError("errors.score_out_of_range",
                                     low=SCORE_MIN, high=SCORE_MAX)
            columns[choice.key] = row
    return pd.DataFrame(columns, index=candidates)


def with_idea_counts(profile_values: pd.DataFrame, counts: pd.Series,
                     population: str = "pop_total") -> pd.DataFrame:
    """Add the residents' ideas per candidate as two data criteria.

    ``ideas_count`` is the number of visible ideas pinned inside each candidate;
    ``ideas_per_1000`` divides it by the candidate's aggregated population (when the
    data have a population indicator), so a large neighbourhood is not favoured just
    for its size. Both feed the "active citizens" side of the framework.

    Parameters
    ----------
    profile_values
        Indicators × candidates (extra columns, such as the municipality, get NaN).
    counts
        Ideas per candidate name (:func:`wijk_core.ideas.ideas_per_candidate`).
    population
        Indicator holding the inhabitants.
    """
    values = profile_values.copy()
    ideas = counts.reindex(values.columns).astype(float)
    values.loc[IDEAS_COUNT] = ideas
    if population in values.index:
        inhabitants = values.loc[population].astype(float)
        values.loc[IDEAS_PER_1000] = (ideas / inhabitants * 1000).where(inhabitants > 0)
    return values


@dataclass(frozen=True)
class Assessment:
    """The outcome of a framework: ranking, why, and how robust."""

    matrix: pd.DataFrame
    ranking: Ranking
    robustness: pd.DataFrame
    leave_one_out: pd.DataFrame


def assess(matrix: pd.DataFrame, choices: list[CriterionChoice],
           method: Literal["weighted_sum", "topsis"] = "weighted_sum", *,
           missing: Literal["raise", "worst", "mean"] = "raise", draws: int = 1000,
           seed: int = 0) -> Assessment:
    """Rank the candidates and test the ranking's robustness.

    ``missing`` decides what an unscored qualitative criterion or an indicator
    without value counts as (see :func:`wijk_core.criteria.rank`).
    """
    weights = {c.key: c.weight for c in choices}
    directions = {c.key: c.direction for c in choices}
    ranking = rank(matrix, weights, directions, method, missing=missing)
    robustness = first_place_probability(matrix, weights, directions, method, draws=draws,
                                         seed=seed, missing=missing)
    dropped = leave_one_out(matrix, weights, directions, method, missing=missing)
    return Assessment(matrix=matrix, ranking=ranking, robustness=robustness,
                      leave_one_out=dropped)


def sector_hotspots(indicators: pd.DataFrame, choices: list[CriterionChoice],
                    method: Literal["weighted_sum", "topsis"] = "weighted_sum") -> pd.Series:
    """Score every sector on the framework's indicator criteria (qualitative ones left out).

    Sectors missing a value count as the worst value for that criterion, so a gap
    never makes a sector look like a hotspot.
    """
    chosen = [c for c in choices if c.kind == "indicator" and c.key in indicators.columns]
    if not chosen:
        raise FrameworkError("errors.framework_no_indicator_criteria")
    matrix = indicators[[c.key for c in chosen]].astype(float)
    matrix = matrix[matrix.notna().any(axis=1)]
    return hotspot_scores(matrix, {c.key: c.weight for c in chosen},
                          {c.key: c.direction for c in chosen}, method, missing="worst")
