"""A throw-away PostgreSQL cluster for tests: ``initdb``, ``pg_ctl start``, delete at the end.

Usage::

    with start_postgres() as server:
        url = server.create_schema()     # fast (~2 ms): an empty schema in a shared database
        ...
        server.drop_schema(url)
        url = server.create_database()   # slower (~0.1-0.3 s): a whole new database
        ...
        server.drop_database(url)

As root (PostgreSQL refuses to run as root) every server command runs as the
``postgres`` system user through ``runuser``; otherwise as the current user.
The cluster listens on a free loopback port with ``trust`` authentication and
keeps its unix socket inside its own temporary folder. Durability is switched
off (``fsync=off``): the data lives only as long as the test session.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

START_TIMEOUT_S = 60
COMMAND_TIMEOUT_S = 120
SUPERUSER = "postgres"
SCHEMAS_DATABASE = "wijk_tests"
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def find_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or None.

    Looks only at ``WIJK_PG_BINDIR`` when it is set; otherwise at ``pg_config --bindir``, then the newest
    ``/usr/lib/postgresql/*/bin`` (Debian puts the server binaries there, off PATH),
    then ``PATH``.
    """
    if os.environ.get("WIJK_PG_BINDIR"):  # when set, the only place looked at
        chosen = Path(os.environ["WIJK_PG_BINDIR"])
        return chosen if (chosen / "initdb").is_file() and (chosen / "pg_ctl").is_file() else None
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            candidates.append(Path(out.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_of, reverse=True)
    candidates.extend(Path(folder) for folder in debian)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _version_of(folder: str) -> tuple[int, ...]:
    name = Path(folder).parent.name
    return tuple(int(part) for part in name.split(".") if part.isdigit())


class PostgresServer:
    """A running throw-away cluster. Build it with :func:`start_postgres`."""

    def __init__(self, bindir: Path, root: Path, port: int, run_as: str | None) -> None:
        self.bindir = bindir
        self.root = root
        self.port = port
        self.run_as = run_as
        self.data_dir = root / "data"
        self.socket_dir = root / "socket"
        self.log_file = root / "server.log"
        self.running = False
        self._schemas_database_ready = False

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of a database in this cluster."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_schema(self) -> str:
        """Create an empty schema and return a URL whose connections see only it.

        The URL sets ``search_path`` to the schema, so unqualified tables (and
        Alembic's ``alembic_version``) land there, and ``application_name`` to
        it, so :meth:`drop_schema` can disconnect leftovers first.
        """
        if not self._schemas_database_ready:
            self._admin(f'CREATE DATABASE "{SCHEMAS_DATABASE}" TEMPLATE template0 ENCODING \'UTF8\'')
            self._schemas_database_ready = True
        name = f"test_{uuid.uuid4().hex[:16]}"
        self._admin(f'CREATE SCHEMA "{name}"', database=SCHEMAS_DATABASE)
        return f"{self.url(SCHEMAS_DATABASE)}?application_name={name}&options=-csearch_path%3D{name}"

    def drop_schema(self, url: str) -> None:
        """Drop a schema made by :meth:`create_schema`, disconnecting whoever still uses it."""
        name = parse_qs(urlsplit(url).query)["application_name"][0]
        self._admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (name,), database=SCHEMAS_DATABASE,
        )
        self._admin(f'DROP SCHEMA IF EXISTS "{name}" CASCADE', database=SCHEMAS_DATABASE)

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database (a fresh random name by default) and return its URL."""
        name = name or f"test_{uuid.uuid4().hex[:16]}"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\' STRATEGY FILE_COPY')
        return self.url(name)

    def drop_database(self, name_or_url: str) -> None:
        """Drop a database, disconnecting whoever is still connected to it."""
        name = urlsplit(name_or_url).path.lstrip("/") if "://" in name_or_url else name_or_url
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the server (fast, no checkpoint) and delete its folder. Safe to call twice."""
        if self.running:
            try:
                self._run("pg_ctl", "stop", "-D", str(self.data_dir), "-m", "immediate", "-w", "-t", "30")
            finally:
                self.running = False
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _admin(self, sql: str, params: tuple = (), database: str = "postgres") -> None:
        import psycopg  # test dependency; imported late so collection works without it

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=database,
            autocommit=True, connect_timeout=10,
        ) as connection:
            connection.execute("SET lock_timeout = '30s'")
            connection.execute(sql, params or None)

    def _run(self, program: str, *args: str, timeout: float = COMMAND_TIMEOUT_S) -> None:
        command = [str(self.bindir / program), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, cwd=self.root,
                env={**os.environ, "LC_ALL": "C", "LANG": "C"},
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"{program} timed out after {timeout} s.{self._log_tail()}") from exc
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command)} failed with exit code {result.returncode}:\n"
                f"{result.stdout}{result.stderr}{self._log_tail()}"
            )

    def _log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_file.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return ""
        return "\n--- server log ---\n" + "\n".join(text)


def start_postgres(bindir: Path | None = None, attempts: int = 3) -> PostgresServer:
    """Create and start a throw-away cluster.

    Parameters
    ----------
    bindir : Path, optional
        Folder with the server binaries; found with :func:`find_bindir` if omitted.
    attempts : int, default 3
        Tries with a new free port, in case another process took the port between
        picking and binding it.

    Returns
    -------
    PostgresServer
        Running; call :meth:`PostgresServer.stop` (or use it as a context manager).

    Raises
    ------
    PostgresUnavailable
        If no server binaries are found.
    RuntimeError
        If ``initdb`` or the server fails; the message includes the server log.
    """
    bindir = bindir or find_bindir()
    if bindir is None:
        raise PostgresUnavailable(
            "PostgreSQL server binaries (initdb, pg_ctl) not found; install them, e.g. "
            "`apt-get install postgresql` on Debian/Ubuntu, or set WIJK_PG_BINDIR."
        )
    run_as = SUPERUSER if os.geteuid() == 0 else None
    root = _make_root(run_as)
    server = PostgresServer(bindir, root, _free_port(), run_as)
    try:
        server._run(
            "initdb", "-D", str(server.data_dir), "-U", SUPERUSER, "--auth=trust",
            "--encoding=UTF8", "--no-locale", "--no-sync",
        )
        for attempt in range(attempts):
            server.port = _free_port()
            try:
                _start(server)
                break
            except RuntimeError as exc:
                port_taken = "could not bind" in str(exc) or "already in use" in str(exc)
                if not port_taken or attempt == attempts - 1:
                    raise
        return server
    except BaseException:
        server.stop()
        raise


def _start(server: PostgresServer) -> None:
    settings = {**SERVER_SETTINGS, "port": str(server.port), "unix_socket_directories": str(server.socket_dir)}
    options = " ".join(f"-c {key}={value}" for key, value in settings.items())
    server._run(
        "pg_ctl", "start", "-D", str(server.data_dir), "-l", str(server.log_file),
        "-w", "-t", str(START_TIMEOUT_S), "-o", options,
        timeout=START_TIMEOUT_S + 10,
    )
    server.running = True


def _make_root(run_as: str | None) -> Path:
    """A private temporary folder, owned by ``run_as`` and reachable by it."""
    base = Path(tempfile.gettempdir())
    if run_as and not _traversable_by(base, run_as):
        base = Path("/tmp")  # e.g. TMPDIR under /root, which postgres cannot enter
    root = Path(tempfile.mkdtemp(prefix="wijk-pg-", dir=base))
    (root / "socket").mkdir()
    if run_as:
        user = pwd.getpwnam(run_as)
        for path in (root, root / "socket"):
            os.chown(path, user.pw_uid, user.pw_gid)
        if not _traversable_by(root, run_as):
            shutil.rmtree(root, ignore_errors=True)
            raise RuntimeError(f"User {run_as!r} cannot reach {root}; set TMPDIR to a folder it can enter.")
    return root


def _traversable_by(path: Path, user: str) -> bool:
    """Whether ``user`` can enter ``path`` and every folder above it."""
    try:
        result = subprocess.run(
            ["runuser", "-u", user, "--", "test", "-x", str(path)], capture_output=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
