"""Database technology: the engine, migrations, the table base and projects.

Storage of everything users create, in SQLite (default) or PostgreSQL. Open with
:func:`get_store`; the schema is upgraded by Alembic migrations on opening (see
``migrations/README.md``). ``store/`` holds only what every domain shares:

- ``base.py``: ``Base``, column types and mixins, the one "name taken" check;
- ``engine.py``, ``migrate.py``, ``migrations/``: connecting and upgrading;
- ``projects.py``: the projects table and its functions;
- ``store.py``: :class:`Store`, with ``reading()`` / ``writing()`` sessions and
  the shortcuts ``store.read(fn, ...)`` / ``store.write(fn, ...)``.

Each domain keeps its tables and store functions (taking a session first) in its
own package: ``wijk_core/<domain>/tables.py`` and ``store.py``. Functions return
frozen dataclasses and raise :class:`StoreError`, whose ``code`` is an i18n key.
"""

from wijk_core.store.base import PROJECT_NAME_MAX
from wijk_core.store.engine import make_engine, normalise_url
from wijk_core.store.errors import StoreError
from wijk_core.store.migrate import alembic_config, current_revision, head_revision, upgrade
from wijk_core.store.projects import Project
from wijk_core.store.store import Store, get_store

__all__ = [
    "PROJECT_NAME_MAX",
    "Project",
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
