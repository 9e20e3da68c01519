"""Small idea tables built by hand, for the table, stats, export and map tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from wijk_core.ideas import ideas_frame, to_lambert


@dataclass(frozen=True)
class FakeIdea:
    """The attributes of a store ``Idea`` (the core only reads attributes)."""

    id: int
    category: str = "mobility"
    title: str = "Fietspad"
    text: str = ""
    pseudonym: str | None = None
    lon: float = 4.74
    lat: float = 51.04
    status: str = "visible"
    created_at: datetime = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    support: int = 0
    votes: int = 0
    votes_for: int = 0
    votes_against: int = 0
    comments: int = 0
    reports: int = 0
    open_reports: int = 0
    merged_into: int | None = None
    project_id: int = 1
    x: float = field(default=0.0)
    y: float = field(default=0.0)

    def __post_init__(self):
        x, y = to_lambert(self.lon, self.lat)
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)

    @property
    def updated_at(self):
        return self.created_at


def frame(*ideas):
    return ideas_frame(ideas)


CATEGORIES = {"mobility": ("Mobiliteit", "#0072b2"), "environment": ("Milieu", "#009e73"),
              "local_economy": ("Lokale economie", "#c58800"), "leisure": ("Vrije tijd", "#cc79a7"),
              "services": ("Diensten", "#d55e00")}
