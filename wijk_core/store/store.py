"""The ``Store``: one engine, migrated on opening, and the sessions to read and write with.

Every operation is a function taking a session, in its domain's ``store.py``
(:mod:`wijk_core.selection.store`, :mod:`wijk_core.sectors.store`,
:mod:`wijk_core.ideas.store`, :mod:`wijk_core.stakeholders.store`,
:mod:`wijk_core.costs.store`) or in :mod:`wijk_core.store.projects`. Run one in
its own transaction with ``store.read(fn, ...)`` / ``store.write(fn, ...)``, or
several in one with ``with store.writing() as session: ...``.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from wijk_core.store.engine import make_engine, normalise_url, writer
from wijk_core.store.guard import ACTOR_KEY, WriteActor
from wijk_core.store.migrate import upgrade

P = ParamSpec("P")
T = TypeVar("T")


class Store:
    """Everything users create, in SQLite or PostgreSQL, behind plain dataclasses.

    Parameters
    ----------
    url : str or URL, optional
        SQLAlchemy URL; ``None`` means ``WIJK_DATABASE_URL`` or the local SQLite
        file ``var/wijkwerf.sqlite3``.
    migrate : bool, default True
        Upgrade the database to the newest migration on opening. Safe when
        several app instances open the same database at once.

    Notes
    -----
    The store functions return frozen dataclasses, so no ORM object escapes a
    session. A Store is safe to share between threads; prefer :func:`get_store`
    to share one per URL.
    """

    def __init__(self, url: str | URL | None = None, *, migrate: bool = True) -> None:
        self.url: URL = normalise_url(url)
        self.engine: Engine = make_engine(self.url)
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(writer(self.engine), expire_on_commit=False)
        self.actor: WriteActor | None = None
        if migrate:
            try:
                upgrade(self.engine)
            except BaseException:
                self.engine.dispose()
                raise

    def __repr__(self) -> str:
        shown = f"Store({self.url.render_as_string(hide_password=True)!r})"
        return shown if self.actor is None else f"{shown}.acting_as({self.actor!r})"

    def acting_as(self, actor: WriteActor | None) -> Store:
        """The same store (engine and sessions shared), whose sessions write for ``actor``.

        Every store write then asks the actor first (:mod:`wijk_core.store.guard`):
        a write the actor may not take raises before anything is written, and one it
        may is recorded with it. ``None`` gives the system's own store back.
        """
        view = copy.copy(self)
        view.actor = actor
        return view

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session whose transaction is rolled back when it closes."""
        with self._read_sessions(info=self._info()) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session in a write transaction, committed at the end unless an error escapes."""
        with self._write_sessions(info=self._info()) as session, session.begin():
            yield session

    def _info(self) -> dict:
        return {} if self.actor is None else {ACTOR_KEY: self.actor}

    def read(self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Call ``fn(session, *args, **kwargs)`` in a :meth:`reading` session and return its result.

        Parameters
        ----------
        fn : callable
            A store function taking a session first, e.g.
            :func:`wijk_core.selection.store.list_candidates`.
        *args, **kwargs
            Passed on to ``fn``.

        Returns
        -------
        What ``fn`` returns.
        """
        with self.reading() as session:
            return fn(session, *args, **kwargs)

    def write(self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Call ``fn(session, *args, **kwargs)`` in a :meth:`writing` session, committed if it returns.

        Parameters
        ----------
        fn : callable
            A store function taking a session first, e.g.
            :func:`wijk_core.store.projects.create_project`.
        *args, **kwargs
            Passed on to ``fn``.

        Returns
        -------
        What ``fn`` returns.

        Raises
        ------
        Whatever ``fn`` raises; nothing it wrote is then kept.
        """
        with self.writing() as session:
            return fn(session, *args, **kwargs)

    def dispose(self) -> None:
        """Close every pooled connection and forget this store in :func:`get_store`'s cache."""
        _forget(self)
        self.engine.dispose()


_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def get_store(url: str | URL | None = None) -> Store:
    """The shared :class:`Store` for a URL, opened (and migrated) on first use.

    Parameters
    ----------
    url : str or URL, optional
        ``None`` means ``WIJK_DATABASE_URL`` or the local SQLite file.

    Returns
    -------
    Store
        The same object for the same URL, from any thread.
    """
    key = normalise_url(url).render_as_string(hide_password=False)
    with _stores_lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = Store(key)
        return store


def _forget(store: Store) -> None:
    with _stores_lock:
        for key, cached in list(_stores.items()):
            if cached is store:
                del _stores[key]
