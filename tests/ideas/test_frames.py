"""Ideas as a table, and the filters."""

from datetime import date, datetime, timezone

import pytest
import shapely

from wijk_core.ideas import IDEA_COLUMNS, filter_ideas, ideas_frame, to_lambert

from .helpers import FakeIdea, frame


def test_the_frame_has_fixed_columns_even_when_empty():
    empty = ideas_frame([])
    assert list(empty.columns) == list(IDEA_COLUMNS) and empty.empty
    filled = frame(FakeIdea(3, support=4), FakeIdea(7, merged_into=3, status="merged"))
    assert list(filled.index) == [3, 7] and filled.loc[3, "support"] == 4
    assert str(filled["created_at"].dtype) == "datetime64[us, UTC]" and filled.loc[7, "merged_into"] == 3


def test_filters_by_category_words_and_perimeter():
    ideas = frame(FakeIdea(1, title="Fietspad langs de Vaart"), FakeIdea(2, category="leisure", text="Speelplein"),
                  FakeIdea(3, title="FIETS-stalling", pseudonym="Vaartkant", lon=4.80))
    assert list(filter_ideas(ideas, categories=["leisure"]).index) == [2]
    assert list(filter_ideas(ideas, categories=[]).index) == []
    assert list(filter_ideas(ideas, text="fiets vaart").index) == [1, 3]  # every word, any field, any case
    x, y = to_lambert(4.74, 51.04)
    near = shapely.Point(x, y).buffer(100)
    assert list(filter_ideas(ideas, perimeter=near).index) == [1, 2]
    with pytest.raises(ValueError, match="longitude"):
        filter_ideas(ideas, perimeter=shapely.box(4, 50, 5, 52))


def test_the_period_is_in_belgian_calendar_days_both_inclusive():
    late = datetime(2026, 1, 1, 23, 30, tzinfo=timezone.utc)  # already 2 January in Brussels
    ideas = frame(FakeIdea(1, created_at=datetime(2026, 1, 1, 12, tzinfo=timezone.utc)), FakeIdea(2, created_at=late))
    assert list(filter_ideas(ideas, start=date(2026, 1, 2)).index) == [2]
    assert list(filter_ideas(ideas, end=date(2026, 1, 1)).index) == [1]
    assert list(filter_ideas(ideas, start=date(2026, 1, 1), end=date(2026, 1, 2)).index) == [1, 2]
    with pytest.raises(ValueError, match="swap"):
        filter_ideas(ideas, start=date(2026, 2, 1), end=date(2026, 1, 1))
