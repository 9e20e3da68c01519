"""Every write to the database goes through a guarded store function (or is one of the few that may not).

Read from the source: a call that writes (``session.add``, ``session.delete``,
``session.merge``, ``session.execute(insert/update/delete/upsert …)``) may stand only
in a domain's ``store.py`` / :mod:`wijk_core.store.projects` (whose public writes
are all declared, ``tests/access/test_model.py``, and proven to refuse a resident,
``tests/store/test_guard_every_write.py``) or in the modules that write for
everyone by design: sign-in attempts, the cookie key, accounts made by single
sign-on, and the audit log itself (migrations are
not looked at: they change the schema before anyone uses it). A store's helper
modules (the idea map's rows and abuse rules) may write for it, and only it calls them.
The app (``wijk_app``, ``pages``, ``app.py``) never writes but through the store
functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WRITING_METHODS = {"add", "add_all", "delete", "merge", "bulk_save_objects", "bulk_insert_mappings",
                   "bulk_update_mappings"}
WRITING_STATEMENTS = ("insert", "update", "delete", "upsert")

# Modules that write without a guard, and why.
UNGUARDED = {
    "wijk_core/access/signin.py": "anyone may try to sign in; the attempts are counted for the lockout",
    "wijk_core/access/audit.py": "the audit log records the guarded writes themselves",
    "wijk_core/access/cookie.py": "the cookie's signing key, made once by the first visitor when none is configured",
    "wijk_core/access/sso.py": "a single sign-on account made at its first sign-in (itself logged as single sign-on)",
    "wijk_core/ideas/abuse.py": "per-address counts and flags, written only inside the guarded idea writes",
    "wijk_core/ideas/rows.py": "the moderation log and comment status, written only inside the guarded moderation",
}

# Modules that hold a store's writing helpers: only that store (or another helper of it) may call them.
HELPERS = {
    "wijk_core/ideas/rows.py": "wijk_core/ideas/store.py",
    "wijk_core/ideas/abuse.py": "wijk_core/ideas/store.py",
}


def _sources(*roots: str) -> list[Path]:
    files = []
    for root in roots:
        path = REPO / root
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return [file for file in files if "migrations" not in file.parts]


def _is_session(node: ast.expr) -> bool:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return "session" in name or "connection" in name


def _writes(tree: ast.AST) -> list[int]:
    """Line numbers of calls that write through a session or connection."""
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _is_session(node.func.value)):
            continue
        method = node.func.attr
        if method in WRITING_METHODS:
            lines.append(node.lineno)
        elif method == "execute" and node.args:
            statement = ast.unparse(node.args[0]).lstrip("( ")
            if statement.startswith(WRITING_STATEMENTS):
                lines.append(node.lineno)
    return lines


def _writers(*roots: str) -> dict[str, list[int]]:
    found = {}
    for file in _sources(*roots):
        lines = _writes(ast.parse(file.read_text(encoding="utf-8")))
        if lines:
            found[file.relative_to(REPO).as_posix()] = lines
    return found


def _is_store(path: str) -> bool:
    return path.endswith("/store.py") or path == "wijk_core/store/projects.py"


def test_the_scan_finds_the_writes_it_is_meant_to_find():
    tree = ast.parse("session.add(row)\nsession.execute(delete(Row))\nsession.execute(select(Row))\n"
                     "self.session.merge(row)\nconnection.execute(insert(t))\n")
    assert _writes(tree) == [1, 2, 4, 5]
    found = _writers("wijk_core")
    assert {"wijk_core/stakeholders/store.py", "wijk_core/access/store.py", *UNGUARDED} <= set(found)


def test_the_core_writes_only_in_store_modules_and_the_listed_exceptions():
    outside = {path: lines for path, lines in _writers("wijk_core").items()
               if not _is_store(path) and path not in UNGUARDED and path not in HELPERS}
    assert outside == {}, f"writes outside a guarded store module: {outside}"


def _writing_functions(path: str) -> set[str]:
    """The module-level functions of ``path`` that write, or call one of its functions that does."""
    functions = {node.name: node for node in ast.parse((REPO / path).read_text(encoding="utf-8")).body
                 if isinstance(node, ast.FunctionDef)}
    found = {name for name, node in functions.items() if _writes(node)}
    grown = True
    while grown:
        callers = {name for name, node in functions.items() if name not in found and any(
            isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in found
            for call in ast.walk(node))}
        found |= callers
        grown = bool(callers)
    return found


def _module(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def test_a_stores_writing_helpers_are_called_by_that_store_only():
    for helper, owner in HELPERS.items():
        writing = _writing_functions(helper)
        assert writing, f"{helper} writes nothing: take it off the list"
        for file in _sources("wijk_core", "wijk_app", "pages", "app.py"):
            path = file.relative_to(REPO).as_posix()
            tree = ast.parse(file.read_text(encoding="utf-8"))
            imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                        and node.module == _module(helper) for alias in node.names}
            if imported & writing:
                assert path == owner or path in HELPERS, f"{path} calls {sorted(imported & writing)} of {helper}"


def test_the_app_never_writes_but_through_store_functions():
    assert _writers("wijk_app", "pages", "app.py") == {}
