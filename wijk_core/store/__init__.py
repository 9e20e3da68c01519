"""Storage of everything users create, in SQLite (default) or PostgreSQL.

Open with :func:`get_store`; the schema is upgraded by Alembic migrations on
opening (see ``migrations/README.md``). Methods return frozen dataclasses and
raise :class:`StoreError`, whose ``code`` is an i18n catalogue key.
"""

from wijk_core.store.engine import make_engine, normalise_url
from wijk_core.store.errors import StoreError
from wijk_core.store.migrate import alembic_config, current_revision, head_revision, upgrade
from wijk_core.store.models import PROJECT_NAME_MAX
from wijk_core.store.projects import Project
from wijk_core.store.selection import (
    MAX_FILE_MB,
    TEXT_MAX,
    Candidate,
    CandidateOrigin,
    CriteriaMethod,
    CriteriaSet,
    CriterionDirection,
    CriterionKind,
    CriterionScore,
    CriterionSpec,
    FileRole,
    ProjectFile,
)
from wijk_core.store.store import Store, get_store

__all__ = [
    "MAX_FILE_MB",
    "PROJECT_NAME_MAX",
    "TEXT_MAX",
    "Candidate",
    "CandidateOrigin",
    "CriteriaMethod",
    "CriteriaSet",
    "CriterionDirection",
    "CriterionKind",
    "CriterionScore",
    "CriterionSpec",
    "FileRole",
    "Project",
    "ProjectFile",
    "Store",
    "StoreError",
    "alembic_config",
    "current_revision",
    "get_store",
    "head_revision",
    "make_engine",
    "normalise_url",
    "upgrade",
]
