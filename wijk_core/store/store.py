"""The ``Store``: one engine, migrated on opening, with project and selection operations."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from wijk_core.store import projects
from wijk_core.store.engine import make_engine, normalise_url, writer
from wijk_core.store.errors import StoreError
from wijk_core.store.migrate import upgrade
from wijk_core.store.projects import Project
from wijk_core.store.selection import SelectionMixin


class Store(SelectionMixin):
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
    Methods open a short transaction each and return frozen dataclasses, so
    no ORM object or session escapes. The neighbourhood-selection methods
    (files, candidates, criteria sets, scores) come from
    :class:`~wijk_core.store.selection.SelectionMixin`. A Store is safe to share between
    threads; prefer :func:`get_store` to share one per URL.
    """

    def __init__(self, url: str | URL | None = None, *, migrate: bool = True) -> None:
        self.url: URL = normalise_url(url)
        self.engine: Engine = make_engine(self.url)
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(writer(self.engine), expire_on_commit=False)
        if migrate:
            try:
                upgrade(self.engine)
            except BaseException:
                self.engine.dispose()
                raise

    def __repr__(self) -> str:
        return f"Store({self.url.render_as_string(hide_password=True)!r})"

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session whose transaction is rolled back when it closes."""
        with self._read_sessions() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session in a write transaction, committed at the end unless an error escapes."""
        with self._write_sessions() as session, session.begin():
            yield session

    def list_projects(self) -> list[Project]:
        """All projects, sorted by name ignoring case.

        Returns
        -------
        list of Project
        """
        with self.reading() as session:
            return projects.list_projects(session)

    def get_project(self, project_id: int) -> Project:
        """The project with this id.

        Parameters
        ----------
        project_id : int

        Returns
        -------
        Project

        Raises
        ------
        StoreError
            ``errors.project_not_found`` (params: ``id``).
        """
        with self.reading() as session:
            return projects.get_project(session, project_id)

    def create_project(self, name: str) -> Project:
        """Create a project.

        Parameters
        ----------
        name : str
            Stripped; must be non-empty, at most 120 characters and unique ignoring case.

        Returns
        -------
        Project

        Raises
        ------
        StoreError
            ``errors.project_name_empty``, ``errors.project_name_too_long``
            (params: ``max``) or ``errors.project_name_taken`` (params: ``name``).
            Two concurrent calls with the same name: exactly one succeeds.
        """
        with self.writing() as session:
            return projects.create_project(session, name)

    def rename_project(self, project_id: int, new_name: str) -> Project:
        """Give a project a new name, under the same rules as :meth:`create_project`.

        Parameters
        ----------
        project_id : int
        new_name : str

        Returns
        -------
        Project
            With the new name and a fresh ``updated_at`` (unchanged if the name is).

        Raises
        ------
        StoreError
            ``errors.project_not_found`` or any name error of :meth:`create_project`.
        """
        with self.writing() as session:
            return projects.rename_project(session, project_id, new_name)

    def ensure_project(self, name: str) -> Project:
        """The project with this name (ignoring case), created if missing.

        Parameters
        ----------
        name : str

        Returns
        -------
        Project

        Raises
        ------
        StoreError
            ``errors.project_name_empty`` or ``errors.project_name_too_long``.
        """
        cleaned = projects.clean_name(name)
        with self.reading() as session:
            found = projects.find_project(session, cleaned)
        if found is not None:
            return found
        try:
            return self.create_project(cleaned)
        except StoreError as err:
            if err.code != "errors.project_name_taken":
                raise
        # Another writer created it between our read and our insert.
        with self.reading() as session:
            found = projects.find_project(session, cleaned)
        if found is None:  # pragma: no cover - it was renamed away in that instant
            raise RuntimeError(f"Project {cleaned!r} appeared and vanished during ensure_project.")
        return found

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
