"""The table of the project's indicator entries (``indicator_labels``).

Created by migration 0011; change it only together with a migration. Kinds and
directions are closed sets, spelled out literally in the migration.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from wijk_core.store.base import LABEL_MAX, Base, UpdatedAt, one_of

INDICATOR_KINDS = ("extensive", "intensive")
"""Closed set of an indicator's kind (``wijk_core.readers.catalogue.IndicatorKind``)."""
NEED_DIRECTIONS = ("need_if_higher", "need_if_lower", "neutral")
"""Closed set of an indicator's direction (``wijk_core.readers.catalogue.NeedDirection``)."""
INDICATOR_ID_MAX = 200
UNIT_MAX = 40


class IndicatorLabelRow(UpdatedAt, Base):
    """How the project names, measures and reads one indicator, over what its files say."""

    __tablename__ = "indicator_labels"
    __table_args__ = (
        CheckConstraint(one_of("kind", INDICATOR_KINDS), name="kind"),
        CheckConstraint(one_of("direction", NEED_DIRECTIONS), name="direction"),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(INDICATOR_ID_MAX), primary_key=True)
    label_nl: Mapped[str] = mapped_column(String(LABEL_MAX))
    label_fr: Mapped[str] = mapped_column(String(LABEL_MAX))
    label_en: Mapped[str] = mapped_column(String(LABEL_MAX))
    unit: Mapped[str] = mapped_column(String(UNIT_MAX), default="", server_default="")
    kind: Mapped[str] = mapped_column(String(20))
    # "" weights an intensive indicator by area
    denominator: Mapped[str] = mapped_column(String(INDICATOR_ID_MAX), default="", server_default="")
    direction: Mapped[str] = mapped_column(String(20))
