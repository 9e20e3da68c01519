"""The frozen justification of a choice: the framework, data and scores as they stood.

:func:`take_snapshot` turns a :class:`~wijk_core.selection.assessment.ProjectAssessment`
into plain JSON (criteria with their weights and labels in every language, the
decision matrix, the team's scores with pros and cons, ranking, chance of ranking
first, leave-one-out and the candidates' profiles). :func:`reasons` reads the
reasons of the choice from that snapshot only, so editing a weight, a score or a
perimeter after the choice never rewrites why it was made.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from wijk_core.i18n import LANGUAGES
from wijk_core.selection.assessment import ProjectAssessment
from wijk_core.selection.framework import criterion_labels

__all__ = ["SNAPSHOT_VERSION", "Reasons", "reasons", "snapshot_label", "take_snapshot"]

SNAPSHOT_VERSION = 1
STRENGTHS = 3
"""How many criteria the reasons name as the chosen candidate's strongest."""


def _plain(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _frame(frame: pd.DataFrame) -> dict[str, dict[str, float | None]]:
    """Row → column → number (None for missing), keys as text."""
    return {str(row): {str(column): _plain(value) for column, value in values.items()}
            for row, values in frame.iterrows()}


def take_snapshot(assessment: ProjectAssessment, catalogue: pd.DataFrame, *, data_label: str = "") -> dict[str, Any]:
    """Freeze an assessment as JSON-ready data.

    Parameters
    ----------
    assessment
        :func:`~wijk_core.selection.assessment.assess_project` of the project as it stands.
    catalogue
        The indicator catalogue, for the criteria's labels in every language.
    data_label
        Which data the profiles came from (shown with the choice).

    Returns
    -------
    dict
        Plain lists, dicts, text and numbers (missing values as None), safe to store
        as JSON. ``ranked`` is False (and ``problem`` the i18n code) when the framework
        could not rank the candidates.
    """
    labels = {lang: criterion_labels(catalogue, lang) for lang in LANGUAGES}
    candidates = [str(name) for name in assessment.profiles.candidates]
    snapshot: dict[str, Any] = {
        "version": SNAPSHOT_VERSION,
        "data": data_label,
        "method": assessment.method,
        "missing": assessment.missing,
        "candidates": candidates,
        "criteria": [{"key": c.key, "kind": c.kind, "direction": str(getattr(c.direction, "value", c.direction)),
                      "weight": float(c.weight),
                      "labels": {lang: labels[lang].get(c.key, c.key) for lang in LANGUAGES}}
                     for c in assessment.choices],
        "scores": [{"criterion": str(r.criterion), "candidate": str(r.candidate), "score": _plain(r.score),
                    "pro": str(r.pro or ""), "con": str(r.con or "")}
                   for r in assessment.scores.itertuples(index=False)],
        "idea_counts": {str(k): _plain(v) for k, v in assessment.idea_counts.items()},
        "profiles": _frame(assessment.profiles.values[[c for c in assessment.profiles.values.columns
                                                      if str(c) in candidates]].T),
        "ranked": assessment.outcome is not None,
        "problem": assessment.problem.code if assessment.problem is not None else None,
    }
    if assessment.outcome is not None:
        outcome = assessment.outcome
        ranking = outcome.ranking
        snapshot.update({
            "matrix": _frame(outcome.matrix),
            "weights": {str(k): _plain(v) for k, v in ranking.weights.items()},
            "ranking": {str(name): {"rank": int(ranking.ranks[name]), "score": _plain(ranking.scores[name]),
                                    "p_first": _plain(outcome.robustness["p_first"].get(name))}
                        for name in ranking.scores.index},
            "contributions": _frame(ranking.contributions),
            "changed_winners": [[str(dropped), str(winner)] for dropped, winner in assessment.changed_winners],
        })
    return snapshot


def snapshot_label(snapshot: dict[str, Any], key: str, lang: str) -> str:
    """A criterion's label in ``lang`` as it was when the snapshot was taken (else the key)."""
    for criterion in snapshot.get("criteria", ()):
        if criterion["key"] == key:
            return criterion["labels"].get(lang) or criterion["labels"].get("nl") or key
    return key


@dataclass(frozen=True)
class Reasons:
    """Why the chosen candidate, read from a snapshot.

    Attributes
    ----------
    chosen
        The candidate.
    rank, total, p_first, of
        Its rank, total score and share of weight draws in which it ranks first, out of
        ``of`` candidates; None when the framework was not ranked.
    strengths
        ``(criterion key, contribution)`` of its largest contributions, largest first.
    pros, cons
        ``(criterion key, text)`` the team wrote for it.
    changed_winners
        ``(criterion key, new winner)`` for each criterion whose absence changes the winner.
    """

    chosen: str
    rank: int | None
    total: float | None
    p_first: float | None
    of: int
    strengths: tuple[tuple[str, float], ...]
    pros: tuple[tuple[str, str], ...]
    cons: tuple[tuple[str, str], ...]
    changed_winners: tuple[tuple[str, str], ...]


def reasons(snapshot: dict[str, Any], chosen: str) -> Reasons:
    """The reasons for ``chosen``, from the snapshot alone.

    Parameters
    ----------
    snapshot
        :func:`take_snapshot` output, as stored with the choice.
    chosen
        The chosen candidate's name (as in the snapshot).

    Returns
    -------
    Reasons
    """
    placed = snapshot.get("ranking", {}).get(chosen, {})
    contributions = snapshot.get("contributions", {}).get(chosen, {})
    strongest = sorted(((key, value) for key, value in contributions.items() if value is not None and value > 0),
                       key=lambda item: -item[1])[:STRENGTHS]
    own = [row for row in snapshot.get("scores", ()) if row["candidate"] == chosen]
    return Reasons(
        chosen=chosen, rank=placed.get("rank"), total=placed.get("score"), p_first=placed.get("p_first"),
        of=len(snapshot.get("candidates", ())), strengths=tuple(strongest),
        pros=tuple((row["criterion"], row["pro"]) for row in own if row["pro"]),
        cons=tuple((row["criterion"], row["con"]) for row in own if row["con"]),
        changed_winners=tuple((dropped, winner) for dropped, winner in snapshot.get("changed_winners", ())))
