"""What the administrator's sections share: the store acting as the administrator, the project names."""

from __future__ import annotations

from wijk_core.access import Actor
from wijk_core.store import Store
from wijk_core.store import projects as project_store

from ..cache import store


def acting(actor: Actor) -> Store:
    """The store, every write checked against ``actor`` and recorded in the audit log."""
    return store().acting_as(actor)


def project_names() -> dict[int, str]:
    """Project id → name, in the picker's order."""
    return {project.id: project.name for project in store().read(project_store.list_projects)}
