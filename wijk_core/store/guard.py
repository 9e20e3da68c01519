"""Who is writing: every store write asks the session's actor before it touches the database.

A store function that writes is declared with :func:`writes`, naming the action it
needs and how to find the project it writes in::

    @writes("ideas.moderate", project=project_of(IdeaRow, "idea_id"))
    def hide_idea(session, idea_id, ...): ...

When the session carries an actor (``Store.acting_as(actor)`` puts it in
``session.info``), the call first asks ``actor.check_write(session, action,
project_id)``, which raises when the actor may not, and after the write tells
``actor.wrote(session, action, project_id, target)`` so it can be audited, in the
same transaction. A session without an actor is the system's own (the command line,
migrations, tests of the store itself): nothing is checked.

This module knows no roles: the actor (:class:`wijk_core.access.actor.Actor`) does.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ParamSpec, Protocol, TypeVar

from sqlalchemy.orm import Session

__all__ = ["ACTOR_KEY", "WRITERS", "WriteActor", "WriteSpec", "actor_of", "project_of", "writes"]

P = ParamSpec("P")
T = TypeVar("T")

ACTOR_KEY = "wijk_actor"
"""Key of the actor in ``Session.info``."""

ProjectOf = Callable[[Session, Mapping[str, Any]], "int | None"]


class WriteActor(Protocol):
    """What the guard asks of whoever writes."""

    def check_write(self, session: Session, action: str, project_id: int | None) -> None:
        """Raise unless this actor may take ``action`` in ``project_id`` (None: outside any project)."""

    def wrote(self, session: Session, action: str, project_id: int | None, target: str) -> None:
        """Called after a write succeeded, in its transaction."""


@dataclass(frozen=True)
class WriteSpec:
    """What a store write needs: its action, and how its project is found from its arguments."""

    action: str
    project: ProjectOf


WRITERS: dict[str, WriteSpec] = {}
"""Every function declared with :func:`writes`, by qualified name (module + function)."""


def actor_of(session: Session) -> WriteActor | None:
    """The actor a session writes for, or None for the system's own sessions."""
    return session.info.get(ACTOR_KEY)


def _argument(name: str) -> ProjectOf:
    def project(session: Session, arguments: Mapping[str, Any]) -> int | None:
        value = arguments.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    return project


def project_of(row_class: type, id_argument: str, *, via: Callable[[Session, Any], int | None] | None = None
               ) -> ProjectOf:
    """Find the project through a row: ``row_class``'s ``project_id`` for the id in ``id_argument``.

    Parameters
    ----------
    row_class : type
        A mapped class with a ``project_id`` column (or see ``via``).
    id_argument : str
        The name of the function's argument holding the row's id.
    via : callable, optional
        ``via(session, row) -> project_id`` for a row that reaches its project
        through another (a comment through its idea).

    Returns
    -------
    callable
        For :func:`writes`'s ``project``. An id of no row gives None (the write
        itself then says the row does not exist).
    """
    def project(session: Session, arguments: Mapping[str, Any]) -> int | None:
        row_id = arguments.get(id_argument)
        if not isinstance(row_id, int) or isinstance(row_id, bool):
            return None
        row = session.get(row_class, row_id)
        if row is None:
            return None
        return via(session, row) if via is not None else row.project_id
    return project


def _no_project(session: Session, arguments: Mapping[str, Any]) -> None:
    return None


def _target(name: str, arguments: Mapping[str, Any]) -> str:
    ids = [f"{key} {value}" for key, value in arguments.items()
           if key.endswith("_id") and isinstance(value, int) and not isinstance(value, bool)]
    return ", ".join([name, *ids])


def writes(action: str, *, project: str | ProjectOf | None = "project_id"
           ) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Declare a store function that writes: the session's actor must be allowed ``action``.

    Parameters
    ----------
    action : str
        An action of :class:`wijk_core.access.model.Action`, e.g. ``"costs.write"``.
    project : str, callable or None, default "project_id"
        The name of the argument holding the project's id, a :func:`project_of`
        lookup, or None for a write outside any project (accounts).

    Returns
    -------
    callable
        The decorator. The decorated function keeps its signature; its
        :class:`WriteSpec` is in :data:`WRITERS` and in its ``__wijk_write__``.
    """
    find_project = (_argument(project) if isinstance(project, str)
                    else _no_project if project is None else project)
    spec = WriteSpec(action, find_project)

    def decorate(fn: Callable[P, T]) -> Callable[P, T]:
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> T:
            session = args[0] if args else kwargs.get("session")
            actor = actor_of(session) if isinstance(session, Session) else None
            if actor is None:
                return fn(*args, **kwargs)
            bound = signature.bind(*args, **kwargs)
            project_id = find_project(session, bound.arguments)
            actor.check_write(session, action, project_id)
            result = fn(*args, **kwargs)
            actor.wrote(session, action, project_id, _target(fn.__name__, bound.arguments))
            return result

        guarded.__wijk_write__ = spec  # type: ignore[attr-defined]
        WRITERS[f"{fn.__module__}.{fn.__name__}"] = spec
        return guarded

    return decorate
