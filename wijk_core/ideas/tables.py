"""Tables of the ideas area. Change them only together with their migrations (0003, 0007).

Imported by :mod:`wijk_core.schema`, so every table is part of ``Base.metadata``
(what the migrations are checked against).

The rules residents' input must obey are constraints here, so the database refuses
what the code would, even for a writer that bypasses the code: one vote per
participant per idea (UNIQUE), votes in −2..+2 (CHECK), one report per participant
per idea (UNIQUE), closed sets of statuses, stances and actions (CHECK), a merged
idea always names the idea it was merged into (CHECK). Nothing is ever deleted:
moderation changes a status and writes a row in ``idea_moderation``.

``participant`` columns hold the SHA-256 (hex) of the browser session's random
token, never the token itself (see :func:`wijk_core.ideas.participant_key`).
``client`` columns hold the rotating salted hash of the client's address, never the
address (see :mod:`wijk_core.ideas.abuse`); NULL when no address was known.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (Boolean, CheckConstraint, Double, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column

from wijk_core.store.base import Base, CreatedAt, IdKey, ProjectOwned, Timestamps, UpdatedAt, UTCDateTime, one_of

IDEA_STATUSES = ("visible", "pending", "hidden", "merged")
COMMENT_STATUSES = ("visible", "hidden")
STANCES = ("for", "against", "neutral")
MODERATION_ACTIONS = ("approve", "hide", "merge", "auto_hide", "hide_comment", "show_comment",
                      "settings", "category")
ACTORS = ("facilitator", "system")
VOTE_MIN, VOTE_MAX = -2, 2
PARTICIPANT_LEN = 64  # hex SHA-256
CLIENT_LEN = 64  # hex SHA-256
IDENTIFICATIONS = ("session", "device", "workshop")
FLAG_KINDS = ("post", "comment", "vote", "report", "vote_again", "report_again")
WORKSHOP_CODE_MAX = 12
PERIOD_LEN = 10  # an ISO date
CATEGORY_KEY_MAX = 40
TITLE_MAX = 120
PSEUDONYM_MAX = 40
REASON_MAX = 300
NOTE_MAX = 300


class IdeaSettingsRow(UpdatedAt, Base):
    """Per-project moderation settings (a row only once the facilitator changed them)."""

    __tablename__ = "idea_settings"
    __table_args__ = (
        CheckConstraint("report_threshold BETWEEN 1 AND 100", name="report_threshold"),
        CheckConstraint(one_of("identification", IDENTIFICATIONS), name="identification"),
        CheckConstraint("device_days BETWEEN 1 AND 365", name="device_days"),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    report_threshold: Mapped[int] = mapped_column(Integer)
    # How residents are told apart (wijk_core.ideas.rules.Identification), and the cookie's days for "device".
    identification: Mapped[str] = mapped_column(String(10), default="session", server_default="session")
    device_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    # Shown on the projector, typed by residents in "workshop" mode; NULL until the first is made.
    workshop_code: Mapped[str | None] = mapped_column(String(WORKSHOP_CODE_MAX), nullable=True)


class IdeaClientSaltRow(CreatedAt, Base):
    """The random salt of client keys for one period (a day); dropped once the period is over."""

    __tablename__ = "idea_client_salts"

    period: Mapped[str] = mapped_column(String(PERIOD_LEN), primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))


class IdeaClientFlagRow(IdKey, ProjectOwned, Base):
    """A burst of actions from one client key, for the facilitator: what, how many, when, on which ideas."""

    __tablename__ = "idea_client_flags"
    __table_args__ = (
        CheckConstraint(one_of("kind", FLAG_KINDS), name="kind"),
        CheckConstraint("count >= 1", name="count"),
        Index(None, "project_id", "last_at"),
        Index(None, "client", "kind", "last_at"),
    )

    client: Mapped[str] = mapped_column(String(CLIENT_LEN))
    kind: Mapped[str] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer)
    window_minutes: Mapped[int] = mapped_column(Integer)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ideas: Mapped[str] = mapped_column(String(NOTE_MAX), default="", server_default="")  # "3 5 9": ids touched
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


class IdeaCategoryRow(IdKey, ProjectOwned, CreatedAt, Base):
    """A category the project added to the five built-in ones."""

    __tablename__ = "idea_categories"
    __table_args__ = (
        UniqueConstraint("project_id", "key"),
        CheckConstraint("length(colour) = 7", name="colour"),
    )

    key: Mapped[str] = mapped_column(String(CATEGORY_KEY_MAX))
    label: Mapped[str] = mapped_column(String(CATEGORY_KEY_MAX))
    colour: Mapped[str] = mapped_column(String(7))


class IdeaRow(IdKey, ProjectOwned, Timestamps, Base):
    """An idea pinned on the map: WGS84 for the map, Lambert 72 for geometry."""

    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint(one_of("status", IDEA_STATUSES), name="status"),
        CheckConstraint("(status = 'merged' AND merged_into IS NOT NULL) OR "
                        "(status <> 'merged' AND merged_into IS NULL)", name="merged_into"),
        CheckConstraint("lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90", name="lon_lat"),
        CheckConstraint("length(title) > 0", name="title"),
        CheckConstraint("reviewed_reports >= 0", name="reviewed_reports"),
        Index(None, "project_id", "status"),
        Index(None, "participant", "created_at"),
        Index(None, "merged_into"),
        Index(None, "client", "created_at"),
    )

    category: Mapped[str] = mapped_column(String(CATEGORY_KEY_MAX))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text, default="", server_default="")
    pseudonym: Mapped[str | None] = mapped_column(String(PSEUDONYM_MAX), nullable=True)
    participant: Mapped[str] = mapped_column(String(PARTICIPANT_LEN))
    client: Mapped[str | None] = mapped_column(String(CLIENT_LEN), nullable=True)
    lon: Mapped[float] = mapped_column(Double)
    lat: Mapped[float] = mapped_column(Double)
    x: Mapped[float] = mapped_column(Double)  # EPSG:31370
    y: Mapped[float] = mapped_column(Double)
    status: Mapped[str] = mapped_column(String(10), default="visible", server_default="visible")
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=True)
    # Reports already looked at by the facilitator (approve): only newer ones count
    # towards hiding the idea again.
    reviewed_reports: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class IdeaCommentRow(IdKey, CreatedAt, Base):
    """A comment on an idea, for, against or neutral."""

    __tablename__ = "idea_comments"
    __table_args__ = (
        CheckConstraint(one_of("stance", STANCES), name="stance"),
        CheckConstraint(one_of("status", COMMENT_STATUSES), name="status"),
        CheckConstraint("length(body) > 0", name="body"),
        Index(None, "participant", "created_at"),
        Index(None, "client", "created_at"),
    )

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    participant: Mapped[str] = mapped_column(String(PARTICIPANT_LEN))
    client: Mapped[str | None] = mapped_column(String(CLIENT_LEN), nullable=True)
    pseudonym: Mapped[str | None] = mapped_column(String(PSEUDONYM_MAX), nullable=True)
    stance: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="visible", server_default="visible")


class IdeaVoteRow(IdKey, Timestamps, Base):
    """A participant's support for an idea, −2..+2; one row per participant and idea, updated in place."""

    __tablename__ = "idea_votes"
    __table_args__ = (
        UniqueConstraint("idea_id", "participant"),
        CheckConstraint(f"value BETWEEN {VOTE_MIN} AND {VOTE_MAX}", name="value"),
        Index(None, "client", "updated_at"),
    )

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    participant: Mapped[str] = mapped_column(String(PARTICIPANT_LEN))
    client: Mapped[str | None] = mapped_column(String(CLIENT_LEN), nullable=True)
    value: Mapped[int] = mapped_column(Integer)


class IdeaReportRow(IdKey, CreatedAt, Base):
    """A participant's report of an idea (inappropriate, duplicate, ...); one per participant and idea."""

    __tablename__ = "idea_reports"
    __table_args__ = (
        UniqueConstraint("idea_id", "participant"),
        Index(None, "participant", "created_at"),
        Index(None, "client", "created_at"),
    )

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    participant: Mapped[str] = mapped_column(String(PARTICIPANT_LEN))
    client: Mapped[str | None] = mapped_column(String(CLIENT_LEN), nullable=True)
    reason: Mapped[str | None] = mapped_column(String(REASON_MAX), nullable=True)


class IdeaModerationRow(IdKey, ProjectOwned, CreatedAt, Base):
    """The audit log: every moderation action, by whom (facilitator or the system), on what."""

    __tablename__ = "idea_moderation"
    __table_args__ = (
        CheckConstraint(one_of("action", MODERATION_ACTIONS), name="action"),
        CheckConstraint(one_of("actor", ACTORS), name="actor"),
        Index(None, "project_id", "created_at"),
    )

    action: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(20))
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("idea_comments.id", ondelete="CASCADE"),
                                                     nullable=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=True)
    previous_status: Mapped[str | None] = mapped_column(String(10), nullable=True)
    note: Mapped[str | None] = mapped_column(String(NOTE_MAX), nullable=True)
