"""The project's assessment in one call: a case worked by hand, and the demo against the steps it replaces."""

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from shapely import box

from wijk_core.criteria import Direction, MissingValuesWarning
from wijk_core.errors import WijkError
from wijk_core.i18n import t
from wijk_core.ideas import ideas_frame, ideas_per_candidate
from wijk_core.sectors.data import SectorData, load_demo
from wijk_core.selection.assessment import ProjectAssessment, assess_project, ranking_table, score_table
from wijk_core.selection.candidates import (candidate_layer, from_neighbourhood, from_sectors,
                                            profile_candidates)
from wijk_core.selection.council import SCORE_COLUMNS
from wijk_core.selection.framework import CriterionChoice, assess, decision_matrix, with_idea_counts

from .helpers import tiny

IDEAS = CriterionChoice("ideas_per_1000", "indicator", Direction.BENEFIT, 2.0)
ANCHOR = CriterionChoice("political_anchor", "qualitative", Direction.BENEFIT, 1.0)


def _idea(number: int, x: float, y: float, status: str = "visible") -> SimpleNamespace:
    return SimpleNamespace(id=number, project_id=1, category="green", title=f"idee {number}", text="", pseudonym="",
                           lon=4.0, lat=50.0, x=x, y=y, status=status, merged_into=None,
                           created_at=pd.Timestamp("2026-01-01", tz="UTC"),
                           updated_at=pd.Timestamp("2026-01-01", tz="UTC"), support=0, votes=0, votes_for=0,
                           votes_against=0, comments=0, reports=0, open_reports=0)


def _score(key: str, candidate_id: int, score: int, pro: str = "", con: str = "") -> SimpleNamespace:
    return SimpleNamespace(set_id=1, key=key, candidate_id=candidate_id, score=score, pro=pro, con=con)


@pytest.fixture(scope="module")
def small() -> tuple[SectorData, list]:
    data = tiny()
    west = SimpleNamespace(id=1, name="West", geometry=box(0, 0, 100, 100))
    east = SimpleNamespace(id=2, name="Oost", geometry=box(100, 0, 200, 100))
    return data, [west, east]


def test_a_case_worked_by_hand(small):
    """West: 3 ideas for 100 inhabitants (30 per 1,000), score 2; East: 1 idea for 300 (3.3 per 1,000), score 4.

    Min–max per criterion: West 1 and 0, East 0 and 1; weights 2:1 give West 2/3, East 1/3.
    """
    data, candidates = small
    ideas = [_idea(1, 10, 10), _idea(2, 50, 50), _idea(3, 90, 90), _idea(4, 150, 50),
             _idea(5, 160, 50, status="hidden"), _idea(6, 500, 500)]
    scores = [_score("political_anchor", 1, 2, pro="klein"), _score("political_anchor", 2, 4),
              _score("political_anchor", 99, 5)]  # a deleted candidate's score is left out
    found = assess_project(data, candidates, ideas, [IDEAS, ANCHOR], "weighted_sum", scores, draws=50)
    assert isinstance(found, ProjectAssessment) and found.problem is None
    assert found.idea_counts.to_dict() == {"West": 3, "Oost": 1}
    assert found.profiles.values.loc["pop_total", "West"] == pytest.approx(100)
    assert found.profiles.values.loc["pop_total", "Oost"] == pytest.approx(300)
    assert found.outcome.matrix.loc["West", "ideas_per_1000"] == pytest.approx(30)
    assert found.outcome.matrix.loc["Oost", "ideas_per_1000"] == pytest.approx(1000 / 300)
    assert found.outcome.ranking.scores.to_dict() == pytest.approx({"West": 2 / 3, "Oost": 1 / 3})
    assert found.scaled.to_dict() == {"ideas_per_1000": {"West": 1.0, "Oost": 0.0},
                                      "political_anchor": {"West": 0.0, "Oost": 1.0}}
    assert found.winner[0] == "West"
    assert found.changed_winners == [("ideas_per_1000", "Oost")]
    assert list(found.scores.columns) == list(SCORE_COLUMNS)
    assert found.scores.values.tolist() == [["political_anchor", "West", 2, "klein", ""],
                                            ["political_anchor", "Oost", 4, "", ""]]


def test_profiles_given_are_used_as_they_are(small):
    data, candidates = small
    profiles = profile_candidates(data, candidate_layer({c.name: c.geometry for c in candidates}))
    found = assess_project(data, candidates, [], [ANCHOR], "weighted_sum",
                           [_score("political_anchor", 1, 2), _score("political_anchor", 2, 4)],
                           profiles=profiles, draws=20)
    assert found.profiles is profiles
    assert found.winner[0] == "Oost"


def test_a_framework_that_cannot_be_ranked_says_why_without_raising(small):
    data, candidates = small
    unscored = assess_project(data, candidates, [], [ANCHOR], "weighted_sum", [_score("political_anchor", 1, 3)])
    assert unscored.outcome is None and unscored.scaled is None
    assert isinstance(unscored.problem, WijkError)
    assert unscored.scores.values.tolist() == [["political_anchor", "West", 3, "", ""]]
    with pytest.raises(ValueError, match="problem"):
        unscored.winner
    nothing = assess_project(data, candidates, [], [], "topsis", [])
    assert nothing.problem.code == "errors.framework_no_criteria"
    zero = assess_project(data, candidates, [], [CriterionChoice("share_old_pct", "indicator",
                                                                 Direction.BENEFIT, 0.0)], "weighted_sum", [])
    assert zero.problem.code == "errors.weights_all_zero"
    with pytest.warns(MissingValuesWarning, match="political_anchor"):
        worst = assess_project(data, candidates, [], [ANCHOR], "weighted_sum", [_score("political_anchor", 1, 3)],
                               missing="worst", draws=20)
    assert worst.problem is None and worst.winner[0] == "West"


def test_score_table_without_scores_keeps_its_columns(small):
    _, candidates = small
    assert list(score_table([], candidates).columns) == list(SCORE_COLUMNS)


def test_ranking_table_is_in_the_readers_language(small):
    data, candidates = small
    found = assess_project(data, candidates, [_idea(1, 10, 10)], [IDEAS], "weighted_sum", [], draws=20)
    table = ranking_table(found.outcome, "fr")
    assert list(table.columns) == [t(f"selection.col_{c}", "fr") for c in ("rank", "candidate", "total", "p_first")]
    assert table[t("selection.col_candidate", "fr")].tolist() == ["West", "Oost"]
    assert table[t("selection.col_total", "fr")].tolist() == ["1,000", "0,000"]


# ----------------------------------------------------------------- the demo, against the steps it replaces

def _old_pipeline(data, saved, ideas, choices, method, stored, missing, *, pivot: bool):
    """The steps as the framework section (``pivot=False``) and the export (``pivot=True``) ran them."""
    names = {c.id: c.name for c in saved}
    found = profile_candidates(data, candidate_layer({c.name: c.geometry for c in saved}))
    counts = ideas_per_candidate(ideas_frame(ideas), saved)
    values = with_idea_counts(found.values[list(names.values())], counts)
    if pivot:
        rows = [(s.key, names[s.candidate_id], s.score, s.pro, s.con) for s in stored if s.candidate_id in names]
        frame = pd.DataFrame(rows, columns=["criterion", "candidate", "score", "pro", "con"])
        wide = frame.pivot(index="criterion", columns="candidate", values="score") if rows else pd.DataFrame()
    else:
        wide = pd.DataFrame(index=[c.key for c in choices if c.kind == "qualitative"],
                            columns=list(names.values()), dtype=float)
        for s in stored:
            if s.key in wide.index and s.candidate_id in names:
                wide.loc[s.key, names[s.candidate_id]] = s.score
    matrix = decision_matrix(values, wide, choices)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return assess(matrix, choices, method, missing=missing)


@pytest.mark.parametrize("method,missing", [("weighted_sum", "raise"), ("topsis", "worst"),
                                            ("weighted_sum", "mean")])
def test_the_demo_gives_the_numbers_of_the_steps_it_replaces(method, missing):
    demo = load_demo()
    saved = [SimpleNamespace(id=10, name="Centrum", geometry=from_neighbourhood(demo, "99991W01").geometry),
             SimpleNamespace(id=11, name="Stationskwartier",
                             geometry=from_neighbourhood(demo, "99991W02").geometry),
             SimpleNamespace(id=12, name="Noord", geometry=from_sectors(demo.sectors,
                                                                          demo.sectors["cd_sector"][:4]).geometry)]
    points = [saved[0].geometry.representative_point(), saved[1].geometry.representative_point()]
    ideas = [_idea(n, points[n % 2].x, points[n % 2].y) for n in range(5)]
    choices = [CriterionChoice("share_pre1945_pct", "indicator", Direction.BENEFIT, 3.0),
               CriterionChoice("MS_MEDIAN_NET_TAXABLE_INC", "indicator", Direction.COST, 1.0),
               CriterionChoice("ideas_per_1000", "indicator", Direction.BENEFIT, 1.0),
               CriterionChoice("political_anchor", "qualitative", Direction.BENEFIT, 1.0),
               CriterionChoice("active_citizens", "qualitative", Direction.BENEFIT, 2.0)]
    stored = [_score("political_anchor", 10, 4), _score("political_anchor", 11, 2),
              _score("political_anchor", 12, 5), _score("active_citizens", 10, 3),
              _score("active_citizens", 11, 4), _score("team_capacity", 12, 1)]
    if missing != "raise":
        stored.append(_score("active_citizens", 99, 5))  # and Noord left unscored on active_citizens
    else:
        stored.append(_score("active_citizens", 12, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = assess_project(demo, saved, ideas, choices, method, stored, missing=missing)
    assert found.problem is None
    for pivot in (False, True):
        old = _old_pipeline(demo, saved, ideas, choices, method, stored, missing, pivot=pivot)
        pd.testing.assert_frame_equal(found.outcome.matrix, old.matrix)
        pd.testing.assert_series_equal(found.outcome.ranking.scores, old.ranking.scores)
        pd.testing.assert_series_equal(found.outcome.ranking.ranks, old.ranking.ranks)
        pd.testing.assert_frame_equal(found.outcome.ranking.contributions, old.ranking.contributions)
        pd.testing.assert_frame_equal(found.outcome.robustness, old.robustness)
        pd.testing.assert_frame_equal(found.outcome.leave_one_out["summary"], old.leave_one_out["summary"])
        pd.testing.assert_frame_equal(found.outcome.leave_one_out["ranks"], old.leave_one_out["ranks"])
    assert np.isfinite(found.scaled.to_numpy(dtype=float)).sum() >= 14
