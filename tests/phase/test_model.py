"""The guide's rules on a team: the missing expertise and the advice on size; the readiness questions."""

from __future__ import annotations

import pytest

from wijk_core.phase.model import EXPERTISE, SIZE_LARGE, TeamMember, missing_expertise, readiness_questions, size_advice
from wijk_core.selection.framework import checklist


def _member(*expertise: str) -> TeamMember:
    return TeamMember(id=1, project_id=1, name="An", organisation="", role="other", expertise=expertise, position=0)


@pytest.mark.parametrize("team, missing", [
    ([], list(EXPERTISE)),
    ([_member("technical")], ["social", "communicative"]),
    ([_member("technical"), _member("communicative")], ["social"]),
    ([_member("social", "technical"), _member("communicative")], []),
])
def test_missing_expertise_in_the_guides_order(team, missing):
    assert missing_expertise(team) == missing


@pytest.mark.parametrize("size, advice", [(0, "empty"), (1, "alone"), (2, "fits"), (SIZE_LARGE - 1, "fits"),
                                          (SIZE_LARGE, "large"), (20, "large")])
def test_as_small_as_possible_as_large_as_needed(size, advice):
    assert size_advice([_member()] * size) == advice


def test_the_readiness_questions_are_the_checklist_catalogue():
    questions = readiness_questions()
    assert questions == checklist() and len(questions) == 9
    assert questions[0].key == "team_capacity" and questions[-1].key == "active_citizens"
