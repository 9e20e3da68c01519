"""The ``wijk`` command line: scripting access to the core. Prints JSON.

Run ``python -m wijk_core --help``. Each subcommand is a small function taking the
parsed arguments and returning a JSON-serialisable value; errors the user can fix
exit with status 2 and a one-line message on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import WijkError

__all__ = ["main"]


def _projects(args: argparse.Namespace) -> object:
    from .store import get_store

    store = get_store(args.database)
    if args.create:
        store.create_project(args.create)
    return [
        {"id": p.id, "name": p.name, "created_at": p.created_at.isoformat(),
         "updated_at": p.updated_at.isoformat()}
        for p in store.list_projects()
    ]


def _demo(args: argparse.Namespace) -> object:
    from .sectors import load_demo, sector_summary

    return sector_summary(load_demo(Path(args.data) if args.data else None))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wijk_core",
        description="Wijkwerf command line: neighbourhood-renovation analyses as JSON.",
    )
    parser.add_argument("--version", action="version", version=f"wijkwerf {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    projects = commands.add_parser("projects", help="list projects (and create one)")
    projects.add_argument("--database", help="SQLAlchemy URL (default: WIJK_DATABASE_URL or the local SQLite file)")
    projects.add_argument("--create", metavar="NAME", help="create a project with this name first")
    projects.set_defaults(run=_projects)

    demo = commands.add_parser("demo", help="summarise the embedded demo municipality")
    demo.add_argument("--data", metavar="DIR", help="folder with the demo files (default: data/demo)")
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], object] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return 0
    try:
        result = run(args)
    except WijkError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
    return 0
