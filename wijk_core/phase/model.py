"""Phase 1 of the method: the team, its agreements, the readiness checklist and the choice.

The guide (*fase 1: voorbereiding*) starts with "a strong neighbourhood-renovation
team": a group of initiators "as small as possible and as large as needed" with
enough **technical, social and communicative** expertise, who agree on their
workflow and (communication) tools. It ends with a checklist of questions the team
answers before it starts. This module holds those closed sets and the plain frozen
dataclasses :mod:`wijk_core.phase.store` saves and returns, and the two rules on a
team: :func:`missing_expertise` and :func:`size_advice`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from wijk_core.selection.framework import QualitativeCriterion, checklist

__all__ = ["AGREEMENTS", "EXPERTISE", "MEMBER_ROLES", "READINESS_STATUSES", "SIZE_LARGE", "Agreement",
           "Decision", "ReadinessAnswer", "SizeAdvice", "TeamMember", "missing_expertise",
           "readiness_questions", "size_advice"]

EXPERTISE: tuple[str, ...] = ("technical", "social", "communicative")
"""The three kinds of expertise the guide asks of the team, in its order."""

MEMBER_ROLES: tuple[str, ...] = ("initiator", "coordinator", "technical", "social", "communication",
                                 "partner", "other")
"""What a member does in the team."""

AGREEMENTS: tuple[str, ...] = ("workflow", "meetings", "communication_tools", "roles", "decisions")
"""The team's agreements: the guide asks to "talk the workflow through and fix the
(communication) tools"; meetings, roles and how decisions are taken make them concrete."""

READINESS_STATUSES: tuple[str, ...] = ("open", "in_progress", "done")
"""Where a readiness question stands."""

SIZE_LARGE = 7
"""From this many members the team is no longer "as small as possible": advise a core team."""

SizeAdvice = Literal["empty", "alone", "fits", "large"]


@dataclass(frozen=True)
class TeamMember:
    """A member of the neighbourhood-renovation team.

    ``expertise`` is a subset of :data:`EXPERTISE`, in that order; ``role`` one of
    :data:`MEMBER_ROLES`.
    """

    id: int
    project_id: int
    name: str
    organisation: str
    role: str
    expertise: tuple[str, ...]
    position: int


@dataclass(frozen=True)
class Agreement:
    """One of the team's agreements (:data:`AGREEMENTS`): agreed or not, and what was agreed."""

    key: str
    agreed: bool = False
    note: str = ""


@dataclass(frozen=True)
class ReadinessAnswer:
    """The team's answer to one question of the checklist, for the project as a whole.

    ``evidence`` is where the answer can be checked: a page of the app (its URL path,
    e.g. ``actoren``), a web address or a document's name; shown as text unless it is
    one of the app's pages or an ``http(s)`` address (see
    :func:`wijk_core.phase.summary.evidence_target`).
    """

    key: str
    answer: str = ""
    owner: str = ""
    status: str = "open"
    evidence: str = ""
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Decision:
    """The recorded choice of a neighbourhood.

    ``snapshot`` freezes the framework as it stood when the choice was recorded
    (criteria, weights, the decision matrix, the team's scores with pros and cons,
    the ranking and its robustness, the candidates' profiles): the reasons shown
    later are read from it, never from the data as it is now (see
    :mod:`wijk_core.phase.snapshot`).
    """

    id: int
    project_id: int
    candidate_id: int | None
    chosen: str
    alternatives: tuple[str, ...]
    motivation: str
    agreed_by: str
    decided_on: date | None
    snapshot: dict[str, Any] = field(default_factory=dict)
    recorded_at: datetime | None = None


def readiness_questions() -> tuple[QualitativeCriterion, ...]:
    """The checklist's questions: the same catalogue the team scores candidates on."""
    return checklist()


def missing_expertise(members: Iterable[TeamMember]) -> list[str]:
    """The kinds of :data:`EXPERTISE` no member brings, in the guide's order.

    Parameters
    ----------
    members
        The team (anything with an ``expertise`` sequence).

    Returns
    -------
    list of str
        Empty when the team has technical, social and communicative expertise.
    """
    present = {kind for member in members for kind in member.expertise}
    return [kind for kind in EXPERTISE if kind not in present]


def size_advice(members: Sequence[Any]) -> SizeAdvice:
    """The guide's advice on size: "as small as possible, as large as needed".

    Returns
    -------
    str
        ``empty`` (no team yet), ``alone`` (one person cannot carry partners and
        residents along), ``fits`` (2 to :data:`SIZE_LARGE` - 1 members) or ``large``
        (:data:`SIZE_LARGE` or more: keep a small core team, involve the others as partners).
    """
    count = len(members)
    if count == 0:
        return "empty"
    if count == 1:
        return "alone"
    return "fits" if count < SIZE_LARGE else "large"
