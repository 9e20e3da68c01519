"""Counts per category, over time, and the top ideas."""

from datetime import date, datetime, timezone

import pytest

from wijk_core.ideas import counts_over_time, counts_per_category, ideas_frame, top_ideas

from .helpers import FakeIdea, frame


def _at(day, hour=12):
    return datetime(2026, 3, day, hour, tzinfo=timezone.utc)


IDEAS = frame(FakeIdea(1, support=5, votes=3, comments=1, created_at=_at(2)),
              FakeIdea(2, category="environment", support=5, votes=4, created_at=_at(2)),
              FakeIdea(3, support=-2, votes=2, comments=4, created_at=_at(5)),
              FakeIdea(4, category="custom", support=1, votes=1, created_at=_at(9)))


def test_counts_per_category_keep_the_order_and_add_up():
    counts = counts_per_category(IDEAS, ["mobility", "environment", "leisure"])
    assert list(counts.index) == ["mobility", "environment", "leisure", "custom"]
    assert counts.loc["mobility"].to_dict() == {"ideas": 2, "support": 3, "votes": 5, "comments": 5}
    assert counts.loc["leisure"].sum() == 0
    assert counts["ideas"].sum() == len(IDEAS) and counts["support"].sum() == IDEAS["support"].sum()


def test_counts_over_time_fill_the_gaps():
    daily = counts_over_time(IDEAS, "day", ["mobility", "environment"])
    assert list(daily.index) == [date(2026, 3, d) for d in range(2, 10)]
    assert daily.loc[date(2026, 3, 2)].to_dict() == {"mobility": 1, "environment": 1, "custom": 0, "total": 2}
    assert daily["total"].sum() == 4 and daily.loc[date(2026, 3, 3), "total"] == 0
    weekly = counts_over_time(IDEAS, "week")
    assert list(weekly.index) == [date(2026, 3, 2), date(2026, 3, 9)]  # weeks start on Monday
    assert weekly["total"].tolist() == [3, 1]
    assert counts_over_time(IDEAS, "month")["total"].tolist() == [4]
    empty = counts_over_time(ideas_frame([]), "day", ["mobility"])
    assert empty.empty and list(empty.columns) == ["mobility", "total"]
    with pytest.raises(ValueError, match="period"):
        counts_over_time(IDEAS, "year")


def test_top_ideas_break_ties_by_voters_then_age():
    assert list(top_ideas(IDEAS, 3).index) == [2, 1, 4]  # 2 and 1 tie on support: more voters first
    assert list(top_ideas(IDEAS, 1, by="comments").index) == [3]
    with pytest.raises(ValueError):
        top_ideas(IDEAS, 0)
    with pytest.raises(ValueError):
        top_ideas(IDEAS, 3, by="reports")
