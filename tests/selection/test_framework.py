"""The assessment framework: checklist criteria, matrix, outcome, hotspots."""

import warnings

import pandas as pd
import pytest

from wijk_core.criteria import Direction
from wijk_core.selection.framework import (CriterionChoice, FrameworkError, assess, checklist,
                                 decision_matrix, default_direction, sector_hotspots)
from wijk_core.sectors.data import load_demo


def test_checklist_has_the_seed_questions_in_three_languages():
    keys = [c.key for c in checklist()]
    assert {"team_capacity", "political_anchor", "active_citizens", "coupling_opportunities"} <= set(keys)
    assert len(keys) == len(set(keys))
    for criterion in checklist():
        assert all(criterion.labels[lang] and criterion.questions[lang] for lang in ("nl", "fr", "en"))


def test_directions_follow_the_catalogue():
    catalogue = pd.DataFrame({"direction": ["need_if_higher", "need_if_lower", "neutral"]},
                             index=["old", "income", "area"])
    assert default_direction(catalogue, "old") is Direction.BENEFIT
    assert default_direction(catalogue, "income") is Direction.COST
    assert default_direction(catalogue, "area") is Direction.BENEFIT


CHOICES = [CriterionChoice("old", "indicator", Direction.BENEFIT, 2.0),
           CriterionChoice("income", "indicator", Direction.COST, 1.0),
           CriterionChoice("active_citizens", "qualitative", Direction.BENEFIT, 1.0)]
PROFILES = pd.DataFrame({"A": [50.0, 25000.0], "B": [20.0, 30000.0], "C": [35.0, 20000.0]},
                        index=["old", "income"])
SCORES = pd.DataFrame({"A": [3], "B": [5], "C": [1]}, index=["active_citizens"])


def test_matrix_and_ranking_by_hand():
    matrix = decision_matrix(PROFILES, SCORES, CHOICES)
    assert matrix.loc["B", "active_citizens"] == 5 and matrix.loc["C", "income"] == 20000
    outcome = assess(matrix, CHOICES)
    # min-max: old A=1 B=0 C=.5; income (cost) A=.5 B=0 C=1; citizens A=.5 B=1 C=0
    # weights .5/.25/.25 → A=.5+.125+.125=.75, B=.25, C=.25+.25=.5
    assert outcome.ranking.scores.to_dict() == pytest.approx({"A": 0.75, "B": 0.25, "C": 0.5})
    assert outcome.robustness.loc["A", "p_first"] > 0.5
    assert abs(outcome.robustness["p_first"].sum() - 1) < 1e-9


def test_unscored_and_bad_scores():
    matrix = decision_matrix(PROFILES, SCORES.drop(columns="C"), CHOICES)
    assert pd.isna(matrix.loc["C", "active_citizens"])
    with pytest.raises(FrameworkError) as caught:
        decision_matrix(PROFILES, SCORES.assign(B=7), CHOICES)
    assert caught.value.code == "errors.score_out_of_range"
    with pytest.raises(FrameworkError) as caught:
        decision_matrix(PROFILES, SCORES, [])
    assert caught.value.code == "errors.framework_no_criteria"


def test_hotspots_on_the_demo_point_at_the_station_quarter():
    data = load_demo()
    choices = [CriterionChoice("share_pre1945_pct", "indicator", Direction.BENEFIT, 1.0),
               CriterionChoice("MS_MEDIAN_NET_TAXABLE_INC", "indicator", Direction.COST, 1.0)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores = sector_hotspots(data.indicators, choices)
    assert scores.between(0, 1).all()
    assert len(scores) == len(data.indicators)
    stations = set(data.sector_to_wijk.query("wijk_naam == 'Stationskwartier'")["cd_sector"])
    top = set(scores.sort_values(ascending=False).index[:5])
    assert top & stations


def test_idea_counts_become_criteria():
    from wijk_core.selection.framework import IDEAS_COUNT, IDEAS_PER_1000, with_idea_counts

    profiles = pd.DataFrame({"A": [2000.0, 50.0], "B": [500.0, 20.0], "__municipality__": [9000.0, 30.0]},
                            index=["pop_total", "old"])
    values = with_idea_counts(profiles, pd.Series({"A": 10, "B": 10}))
    assert values.loc[IDEAS_COUNT, "A"] == 10 and pd.isna(values.loc[IDEAS_COUNT, "__municipality__"])
    assert values.loc[IDEAS_PER_1000].to_dict()["A"] == 5.0
    assert values.loc[IDEAS_PER_1000].to_dict()["B"] == 20.0
    choices = [CriterionChoice(IDEAS_PER_1000, "indicator", Direction.BENEFIT, 1.0)]
    matrix = decision_matrix(values[["A", "B"]], pd.DataFrame(), choices)
    assert assess(matrix, choices).ranking.scores.idxmax() == "B"
    assert IDEAS_PER_1000 not in with_idea_counts(profiles.drop("pop_total"), pd.Series({"A": 1})).index
