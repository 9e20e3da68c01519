"""The whole database schema: every domain's tables, gathered in ``Base.metadata``.

Each domain defines its tables in its own ``tables.py`` over
:mod:`wijk_core.store.base`; nothing imports them all but this module. Alembic's
environment (``wijk_core/store/migrations/env.py``), the migration tests and
anyone calling ``metadata.create_all`` import :data:`metadata` from here, so no
table is ever missing from the comparison with the migrations.
"""

from __future__ import annotations

from wijk_core.access import tables as access_tables
from wijk_core.costs import tables as costs_tables
from wijk_core.ideas import tables as ideas_tables
from wijk_core.indicators import tables as indicators_tables
from wijk_core.phase import tables as phase_tables
from wijk_core.sectors import tables as sectors_tables
from wijk_core.selection import tables as selection_tables
from wijk_core.stakeholders import tables as stakeholders_tables
from wijk_core.store.base import Base
from wijk_core.store.projects import ProjectRow

metadata = Base.metadata
"""Every table of the application (what migrations 0001 onwards create)."""

TABLE_MODULES = (access_tables, costs_tables, ideas_tables, indicators_tables, phase_tables, sectors_tables,
                 selection_tables, stakeholders_tables)
"""The domains' table modules, in alphabetical order."""

__all__ = ["TABLE_MODULES", "Base", "ProjectRow", "metadata"]
