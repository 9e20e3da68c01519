"""The facilitator's idea tables: top ideas, ideas per candidate, the moderation log."""

from datetime import datetime, timezone
from types import SimpleNamespace

import pandas as pd

from wijk_core.i18n import t
from wijk_core.ideas import top_ideas
from wijk_core.ideas.summary import candidate_table, log_table, top_table

from .helpers import CATEGORIES, FakeIdea, frame


def test_top_table_labels_the_categories():
    ideas = frame(FakeIdea(1, title="Bank", category="leisure", support=3, votes=3, votes_for=3),
                  FakeIdea(2, title="Fietspad", support=5, votes=6, votes_for=5, votes_against=1, comments=2),
                  FakeIdea(3, title="Eigen", category="own_key"))
    table = top_table(top_ideas(ideas, 10), CATEGORIES, "nl")
    assert table["#"].tolist() == [2, 1, 3]
    assert table[t("ideas.field_category", "nl")].tolist() == ["Mobiliteit", "Vrije tijd", "own_key"]
    assert table[t("ideas.mod_votes_against", "nl")].tolist() == [1, 0, 0]
    assert table[t("ideas.comments", "nl")].tolist() == [2, 0, 0]


def test_candidate_table():
    table = candidate_table(pd.Series({"Centrum": 3, "Molenveld": 0}, name="ideas"), "fr")
    assert table.values.tolist() == [["Centrum", 3], ["Molenveld", 0]]
    assert list(table.columns) == [t("ideas.mod_candidate", "fr"), t("ideas.mod_ideas", "fr")]


def test_log_table_translates_action_and_actor():
    moment = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    entries = [SimpleNamespace(created_at=moment, action="merge", actor="facilitator", idea_id=4, target_id=2,
                               note=None)]
    table = log_table(entries, "en", lambda when: when.isoformat())
    assert table.values.tolist() == [[moment.isoformat(), t("ideas.action_merge", "en"),
                                      t("ideas.actor_facilitator", "en"), 4, 2, ""]]
