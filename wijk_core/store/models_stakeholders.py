"""Tables of the stakeholders area. Change them only together with their migration.

Imported at the end of :mod:`wijk_core.store.models`, so every table is part of
``Base.metadata`` (what the migrations are checked against).
"""

from __future__ import annotations

from .models import Base  # noqa: F401  (tables of this area subclass Base)
