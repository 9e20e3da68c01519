"""The ``wijk`` command line: scripting access to the core. Prints JSON.

Run ``python -m wijk_core --help``. Each subcommand is a small function taking the
parsed arguments and returning a JSON-serialisable value; errors the user can fix
exit with status 2 and a one-line message on stderr.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from wijk_core import __version__
from wijk_core.errors import WijkError

__all__ = ["main"]


def _projects(args: argparse.Namespace) -> object:
    from wijk_core.store import get_store
    from wijk_core.store import projects as project_store

    store = get_store(args.database)
    if args.create:
        store.write(project_store.create_project, args.create)
    return [
        {"id": p.id, "name": p.name, "created_at": p.created_at.isoformat(),
         "updated_at": p.updated_at.isoformat()}
        for p in store.read(project_store.list_projects)
    ]


def _demo(args: argparse.Namespace) -> object:
    from wijk_core.sectors.data import load_demo, sector_summary

    return sector_summary(load_demo(Path(args.data) if args.data else None))


def _read_data(args: argparse.Namespace):
    """Sector data from files, through the same readers as the app's uploads."""
    from wijk_core.sectors.data import load_sector_data

    return load_sector_data(args.sectors, list(args.indicators or []), args.catalogue,
                            year=args.year)


def _perimeters(path: str):
    from wijk_core.selection.candidates import candidate_layer, from_upload
    from wijk_core.readers import read_polygons

    found = from_upload(read_polygons(path))
    names: dict[str, object] = {}
    for name, shape in found:
        unique, n = name, 2
        while unique in names:
            unique, n = f"{name} ({n})", n + 1
        names[unique] = shape.geometry
    return candidate_layer(names)


def _number(value: float) -> float | None:
    return None if value != value else float(value)


def _aggregate(args: argparse.Namespace) -> object:
    from wijk_core.selection.candidates import MUNICIPALITY, profile_candidates

    data, report = _read_data(args)
    layer = _perimeters(args.perimeter)
    profiles = profile_candidates(data, layer)
    result = []
    for name in profiles.candidates:
        area = profiles.areas.loc[name]
        result.append({
            "name": name,
            "area_ha": _number(area["hectares"]),
            "data_coverage": _number(area["data_coverage"]),
            "indicators": {
                indicator: {"value": _number(profiles.values.at[indicator, name]),
                            "coverage": _number(profiles.coverage.at[indicator, name]),
                            "municipality": _number(profiles.values.at[indicator, MUNICIPALITY])}
                for indicator in profiles.values.index
            },
        })
    return {"perimeters": result, "report": [
        {"code": i.code, "count": i.count, "examples": list(i.examples), "message": i.message()}
        for i in report]}


def _criteria_option(text: str) -> tuple[str, str, float]:
    parts = text.split(":")
    if len(parts) != 3:
        raise argparse.ArgumentTypeError(f"criterion {text!r}: write KEY:benefit|cost:WEIGHT")
    key, direction, weight = parts
    try:
        return key, direction, float(weight)
    except ValueError:
        raise argparse.ArgumentTypeError(f"criterion {text!r}: the weight must be a number") from None


def _rank(args: argparse.Namespace) -> object:
    import warnings

    import pandas as pd

    from wijk_core.criteria import first_place_probability, rank

    if args.matrix:
        matrix = pd.read_csv(args.matrix, index_col=0)
    else:
        if not (args.sectors and args.perimeter):
            raise SystemExit("rank: give --matrix, or --sectors, --indicators and --perimeter")
        from wijk_core.selection.candidates import profile_candidates

        data, _ = _read_data(args)
        profiles = profile_candidates(data, _perimeters(args.perimeter))
        keys = [key for key, _, _ in args.criterion]
        matrix = profiles.values.loc[keys, profiles.candidates].T
    weights = {key: weight for key, _, weight in args.criterion}
    directions = {key: direction for key, direction, _ in args.criterion}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ranking = rank(matrix, weights, directions, args.method, missing=args.missing)
        robustness = first_place_probability(matrix, weights, directions, args.method,
                                             draws=args.draws, missing=args.missing)
    order = ranking.ranks.sort_values(kind="stable").index
    return [{"name": str(name), "rank": int(ranking.ranks[name]), "score": float(ranking.scores[name]),
             "p_first": float(robustness.at[name, "p_first"]),
             "contributions": {str(k): float(v) for k, v in ranking.contributions.loc[name].items()}}
            for name in order]


def _download(args: argparse.Namespace) -> object:
    from wijk_core.sectors.download import STATBEL_OPENDATA, download_official

    def progress(key: str, received: int, expected: int | None) -> None:
        if expected:
            print(f"\r{key}: {received / expected:.0%}", end="", file=sys.stderr, flush=True)

    found = download_official(args.dest, args.nis5, base_url=args.base_url or STATBEL_OPENDATA,
                              progress=progress)
    print(file=sys.stderr)
    return [{"key": d.key, "url": d.url, "path": str(d.path), "size": d.size, "sha256": d.sha256,
             "extract": str(d.extract) if d.extract else None} for d in found]


def _lcc(args: argparse.Namespace) -> object:
    """Life-cycle cost of the scenarios in a file (or a preset): NPV per category, totals, break-even."""
    from dataclasses import replace

    from wijk_core.costs import Parameters, compare, load_preset, read_study

    if args.preset:
        preset = load_preset(args.preset)
        parameters, scenarios = preset.parameters, list(preset.scenarios)
    else:
        parameters, scenarios = read_study(Path(args.scenario))
    parameters = parameters or Parameters()
    overrides = {name: value for name, value in (
        ("period_years", args.period), ("discount_rate", args.discount_rate),
        ("energy_escalation", args.energy_escalation), ("carbon_price", args.carbon_price))
        if value is not None}
    parameters = replace(parameters, **overrides)
    comparison = compare(scenarios, parameters)
    result: dict[str, object] = {"parameters": parameters.to_dict(),
                                 "scenarios": [r.summary() for r in comparison.results]}
    if len(comparison.results) > 1:
        baseline = args.baseline or comparison.names[0]
        if baseline not in comparison.names:
            raise SystemExit(f"lcc: no scenario {baseline!r}; choose one of {', '.join(comparison.names)}")
        result["break_even"] = {"baseline": baseline, "years": comparison.break_even(baseline)}
    return result


def _account_json(account, project_names: dict[int, str]) -> dict[str, object]:
    """An account as JSON: never its password hash, only whether it has one."""
    return {"id": account.id, "username": account.username, "display_name": account.display_name,
            "email": account.email, "has_password": account.has_password, "disabled": account.disabled,
            "roles": [{"project": project_names.get(grant.project_id) if grant.project_id else None,
                       "project_id": grant.project_id, "role": grant.role.value} for grant in account.roles],
            "created_at": account.created_at.isoformat(), "updated_at": account.updated_at.isoformat()}


def _read_password(args: argparse.Namespace) -> str | None:
    from wijk_core.access import AccessError

    if args.no_password:
        return None
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise AccessError("errors.access_passwords_differ")
    return first


def _users(args: argparse.Namespace) -> object:
    """Accounts from the command line; every change is written to the audit log as the command line's."""
    from wijk_core.access import AccessError, Action
    from wijk_core.access import store as access_store
    from wijk_core.store import get_store
    from wijk_core.store import projects as project_store

    store = get_store(args.database)
    if args.users_command == "list":
        with store.reading() as session:
            project_names = {p.id: p.name for p in project_store.list_projects(session)}
            return [_account_json(a, project_names) for a in access_store.list_accounts(session)]
    password = _read_password(args) if args.users_command == "add" else None
    with store.writing() as session:
        project_names = {p.id: p.name for p in project_store.list_projects(session)}
        project_id = None
        if getattr(args, "project", None):
            project = project_store.find_project(session, args.project)
            if project is None:
                raise AccessError("errors.access_project_unknown", name=args.project)
            project_id = project.id
        if args.users_command == "add":
            account = access_store.add_account(session, args.username, password=password, display_name=args.name,
                                               email=args.email, role=args.role, project_id=project_id)
        else:
            found = access_store.find_account(session, args.username)
            if found is None:
                raise AccessError("errors.access_account_unknown", name=args.username)
            if args.users_command == "set-role":
                account = access_store.set_role(session, found.id, args.role, project_id)
            elif args.users_command == "disable":
                account = access_store.disable_account(session, found.id)
            else:
                account = access_store.enable_account(session, found.id)
        detail = {"command": args.users_command, "role": getattr(args, "role", None), "project": args.project
                  if getattr(args, "project", None) else None}
        access_store.record(session, "command line", Action.ACCOUNTS_MANAGE, f"account {account.username}",
                            project_id, {key: value for key, value in detail.items() if value is not None})
        return _account_json(account, project_names)


def _data_options(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("--sectors", required=required, metavar="F",
                        help="Statbel sector geometry (GeoJSON, GPKG, zipped Shapefile)")
    parser.add_argument("--indicators", nargs="*", metavar="F",
                        help="indicator tables (TF_*.txt, CSV, XLSX), wide or long")
    parser.add_argument("--catalogue", metavar="F", help="indicator catalogue (CSV)")
    parser.add_argument("--year", type=int, help="year to take from long tables (default: latest)")


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

    database = argparse.ArgumentParser(add_help=False)
    database.add_argument("--database", help="SQLAlchemy URL (default: WIJK_DATABASE_URL or the local SQLite file)")
    users = commands.add_parser("users", help="accounts and their roles: add, list, set-role, disable, enable")
    account_commands = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = account_commands.add_parser("add", parents=[database],
                                      help="add an account (the password is asked twice, never echoed)")
    add.add_argument("username")
    add.add_argument("--role", required=True, help="resident, facilitator, officer or administrator")
    add.add_argument("--project", metavar="NAME", help="the role holds in this project only (default: every one)")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--email", help="e-mail address")
    secret = add.add_mutually_exclusive_group()
    secret.add_argument("--password-stdin", action="store_true", help="read the password from the first line "
                        "of standard input instead of the terminal")
    secret.add_argument("--no-password", action="store_true",
                        help="no local password: the account signs in through single sign-on only")
    add.set_defaults(run=_users)
    listing = account_commands.add_parser("list", parents=[database], help="every account and its roles (JSON)")
    listing.set_defaults(run=_users)
    set_role = account_commands.add_parser("set-role", parents=[database], help="give an account a role")
    set_role.add_argument("username")
    set_role.add_argument("role", help="resident, facilitator, officer or administrator")
    set_role.add_argument("--project", metavar="NAME", help="in this project only (default: every project)")
    set_role.set_defaults(run=_users)
    for name, what in (("disable", "stop an account from signing in"), ("enable", "let it sign in again")):
        toggle = account_commands.add_parser(name, parents=[database], help=what)
        toggle.add_argument("username")
        toggle.set_defaults(run=_users)

    aggregate = commands.add_parser(
        "aggregate", help="every indicator inside perimeters, by areal weighting (JSON)")
    _data_options(aggregate, required=True)
    aggregate.add_argument("--perimeter", required=True, metavar="F.geojson",
                           help="perimeter polygons (GeoJSON, GPKG, zipped Shapefile)")
    aggregate.set_defaults(run=_aggregate)

    ranking = commands.add_parser("rank", help="rank candidates with a weighted sum or TOPSIS (JSON)")
    ranking.add_argument("--matrix", metavar="F.csv",
                         help="decision matrix: first column candidate names, one column per criterion")
    _data_options(ranking, required=False)
    ranking.add_argument("--perimeter", metavar="F.geojson",
                         help="candidates as polygons: their aggregated indicators form the matrix")
    ranking.add_argument("--criterion", action="append", required=True, type=_criteria_option,
                         metavar="KEY:DIRECTION:WEIGHT",
                         help="a criterion, e.g. share_pre1945_pct:benefit:2 (repeat)")
    ranking.add_argument("--method", choices=("weighted_sum", "topsis"), default="weighted_sum")
    ranking.add_argument("--missing", choices=("raise", "worst", "mean"), default="raise")
    ranking.add_argument("--draws", type=int, default=1000, help="Monte-Carlo weight draws")
    ranking.set_defaults(run=_rank)

    download = commands.add_parser("download", help="download Statbel's official sector and income files")
    download.add_argument("--dest", required=True, metavar="DIR", help="folder for the files")
    download.add_argument("--nis5", metavar="CODE", help="also extract this municipality (e.g. 23003)")
    download.add_argument("--base-url", metavar="URL", help="another server with the same paths")
    download.set_defaults(run=_download)

    lcc = commands.add_parser("lcc", help="life-cycle cost of renovation scenarios, ISO 15686-5 (JSON)")
    source = lcc.add_mutually_exclusive_group(required=True)
    source.add_argument("--scenario", metavar="F.json",
                        help="one scenario, or parameters with several scenarios (the app's JSON export)")
    source.add_argument("--preset", metavar="KEY",
                        help="a built-in study: she_comparison, typical_renovation, neighbourhood_scenarios")
    lcc.add_argument("--period", metavar="YEARS", help="study period, overrides the file's")
    lcc.add_argument("--discount-rate", metavar="R", help="real discount rate: 0.02 or 2%%")
    lcc.add_argument("--energy-escalation", metavar="E", help="real yearly energy-price rise: 0.01 or 1%%")
    lcc.add_argument("--carbon-price", metavar="EUR", help="euro per tonne CO2")
    lcc.add_argument("--baseline", metavar="NAME", help="scenario the break-even years refer to (default: the first)")
    lcc.set_defaults(run=_lcc)

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
