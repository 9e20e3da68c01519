"""The shape of the code, read with ``ast``: where imports may go, how big a module may grow.

Rules for ``wijk_core``:

a. no import of a ``wijk_core`` module inside a function or method: a package that needs
   another imports it at the top, so every dependency shows and a circle fails at once
   (the CLI's start-up imports, listed by module name in ``CLI_STARTUP_IMPORTS``, keep
   ``wijk --help`` fast: only those, only in ``wijk_core/cli.py``);
b. no import of a ``_private`` name (or a ``_private`` module) of another package:
   what another package needs is public where it belongs; within one package it is fine;
c. no module over ``MAX_LINES`` lines, the database migrations excepted;
d. no flat module at the top of ``wijk_core`` but the shared ones (``SHARED_TOP``):
   a module belongs to a domain package or a method package;
e. the core never imports streamlit.

And for ``wijk_app``:

f. nothing in ``wijk_app`` imports a tab (a module named ``*_tab``): a tab never imports
   another tab; what two tabs share lives in the core or in the package's ``common``;
   the pages in ``pages/`` put the tabs together.

Each rule is a function returning its offenders as ``path:line what`` strings; the last
tests run every rule on small trees written to a temporary folder, so each can be seen
to pass on a clean tree and to catch what it should.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORE = REPO / "wijk_core"
APP = REPO / "wijk_app"

MAX_LINES = 450
LONG_MODULES_ALLOWED_IN = ("store/migrations",)
SHARED_TOP = frozenset({"__init__", "__main__", "cli", "config", "errors", "enums", "schema"})
CLI_STARTUP_IMPORTS = {
    "wijk_core.cli": frozenset({
        "wijk_core.access",
        "wijk_core.access.store",
        "wijk_core.costs",
        "wijk_core.criteria",
        "wijk_core.readers",
        "wijk_core.sectors.data",
        "wijk_core.sectors.download",
        "wijk_core.selection.candidates",
        "wijk_core.store",
        "wijk_core.store.projects",
    }),
}


# --------------------------------------------------------------------------- reading the tree

@dataclass(frozen=True)
class Module:
    """One ``.py`` file of a package tree."""

    path: Path
    name: str  # dotted, e.g. wijk_core.costs.lcc (a package's __init__.py: wijk_core.costs)
    is_package: bool
    text: str

    @property
    def tree(self) -> ast.Module:
        return ast.parse(self.text, filename=str(self.path))


@dataclass(frozen=True)
class Import:
    """One ``import`` or ``from … import`` statement, made absolute."""

    module: Module  # the importing module
    line: int
    source: str  # the module imported, or the one names are taken from
    names: tuple[str, ...]  # the names taken from it (empty for a plain import)
    aliases: tuple[str | None, ...]  # the "as" names, None where the statement has none
    function: str | None  # the enclosing function or method, None at module or class level


def modules(root: Path) -> list[Module]:
    """Every module of the package at ``root``, its dotted name starting with ``root.name``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        found.append(Module(path, name, is_package, path.read_text(encoding="utf-8")))
    return found


def _absolute(module: Module, level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    base = module.name.split(".")
    if not module.is_package:
        base = base[:-1]
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def imports(module: Module) -> Iterator[Import]:
    """Every import statement of ``module``, with the function it sits in, if any."""

    def visit(node: ast.AST, scope: str, function: str | None) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                qualified = f"{scope}.{child.name}" if scope else child.name
                yield from visit(child, qualified, f"{qualified}()")
            elif isinstance(child, ast.ClassDef):
                yield from visit(child, f"{scope}.{child.name}" if scope else child.name, function)
            elif isinstance(child, ast.Lambda):
                yield from visit(child, scope, function or "<lambda>")
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(module, child.lineno, alias.name, (), (alias.asname,), function)
            elif isinstance(child, ast.ImportFrom):
                yield Import(module, child.lineno, _absolute(module, child.level, child.module),
                             tuple(a.name for a in child.names), tuple(a.asname for a in child.names), function)
            else:
                yield from visit(child, scope, function)

    yield from visit(module.tree, "", None)


def top_level_names(module: Module) -> set[str]:
    """The names a module binds outside its functions and classes (what ``from it import x`` finds first)."""
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(child.name)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                names.update(a.asname or a.name.split(".")[0] for a in child.names)
            elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                names.add(child.id)
            elif not isinstance(child, ast.expr):
                visit(child)
            elif isinstance(child, (ast.Tuple, ast.List, ast.Starred)):
                visit(child)

    visit(module.tree)
    return names


@dataclass(frozen=True)
class Tree:
    """The modules of a package tree, and what each package's ``__init__`` binds."""

    modules: list[Module]
    names: set[str]
    exported: dict[str, set[str]]

    @classmethod
    def read(cls, root: Path) -> Tree:
        found = modules(root)
        return cls(found, {m.name for m in found}, {m.name: top_level_names(m) for m in found if m.is_package})


def imported_modules(statement: Import, tree: Tree) -> list[tuple[str, str | None]]:
    """The modules a statement imports, each with the name it is bound to (None: not bound to it).

    ``from a import b`` imports the module ``a.b`` when there is one and ``a/__init__.py`` does
    not bind ``b`` itself (a function ``compare`` re-exported over the module ``compare``);
    otherwise it takes names of ``a``.
    """
    if not statement.names:  # "import a.b" binds a, "import a.b as m" binds m to a.b
        alias = statement.aliases[0]
        return [(statement.source, alias or (statement.source if "." not in statement.source else None))]
    found: list[tuple[str, str | None]] = []
    for name, alias in zip(statement.names, statement.aliases):
        if f"{statement.source}.{name}" in tree.names and name not in tree.exported.get(statement.source, ()):
            found.append((f"{statement.source}.{name}", alias or name))
        elif (statement.source, None) not in found:
            found.append((statement.source, None))
    return found


def _inside(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _unit(name: str) -> str:
    """The package a module belongs to: ``wijk_core.costs`` for ``wijk_core.costs.lcc``;
    a flat module (``wijk_core.cli``) is a unit of its own."""
    return ".".join(name.split(".")[:2])


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _where(statement: Import | Module, line: int | None = None) -> str:
    module = statement if isinstance(statement, Module) else statement.module
    root = module.path.parents[len(module.name.split(".")) - (0 if module.is_package else 1)]
    place = module.path.relative_to(root).as_posix()
    return f"{place}:{line if line is not None else statement.line}"


# --------------------------------------------------------------------------- the rules

def nested_imports(root: Path, allowed: Mapping[str, frozenset[str]] | None = None) -> list[str]:
    """(a) Imports of the package's own modules inside a function or method.

    ``allowed`` maps an importing module's dotted name to the modules it may import there.
    """
    allowed = allowed or {}
    tree = Tree.read(root)
    offenders = []
    for module in tree.modules:
        for statement in imports(module):
            if statement.function is None:
                continue
            for target, _ in imported_modules(statement, tree):
                if _inside(target, root.name) and target not in allowed.get(module.name, frozenset()):
                    offenders.append(f"{_where(statement)} imports {target} inside {statement.function}")
    return offenders


def private_imports(root: Path) -> list[str]:
    """(b) ``_private`` names or modules taken from another package of the tree.

    Catches ``from p.other import _name``, ``import p.other._module`` and
    ``other_module._name`` on a module imported from another package.
    """
    tree = Tree.read(root)
    offenders = []
    for module in tree.modules:
        found: set[tuple[int, str]] = set()
        bound: dict[str, str] = {}  # name in this module -> module of another package it stands for
        for statement in imports(module):
            for target, alias in imported_modules(statement, tree):
                if not _inside(target, root.name) or _unit(target) == _unit(module.name):
                    continue
                if any(_is_private(part) for part in target.split(".")[1:]):
                    found.add((statement.line, f"imports {target} (private module of {_unit(target)})"))
                if alias is not None:
                    bound[alias] = target
            if _inside(statement.source, root.name) and _unit(statement.source) != _unit(module.name):
                for name in statement.names:
                    if _is_private(name) and f"{statement.source}.{name}" not in tree.names:
                        found.add((statement.line, f"imports {name} from {statement.source}"))
        for node in ast.walk(module.tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                    and _is_private(node.attr)):
                found.add((node.lineno, f"uses {bound[node.value.id]}.{node.attr}"))
        offenders += [f"{_where(module, line)} {what}" for line, what in sorted(found)]
    return offenders


def long_modules(root: Path, limit: int = MAX_LINES, allowed_in: tuple[str, ...] = LONG_MODULES_ALLOWED_IN
                 ) -> list[str]:
    """(c) Modules of more than ``limit`` lines, outside the folders ``allowed_in`` (relative to root)."""
    offenders = []
    for module in modules(root):
        place = module.path.relative_to(root).as_posix()
        if any(place.startswith(folder.rstrip("/") + "/") for folder in allowed_in):
            continue
        count = len(module.text.splitlines())
        if count > limit:
            offenders.append(f"{root.name}/{place} has {count} lines (at most {limit})")
    return offenders


def flat_modules(root: Path, shared: frozenset[str] = SHARED_TOP) -> list[str]:
    """(d) Modules at the top of the package other than the shared ones."""
    return [f"{root.name}/{path.name} is a flat module: move it into the package of its domain or method"
            for path in sorted(root.glob("*.py")) if path.stem not in shared]


def forbidden_imports(root: Path, forbidden: tuple[str, ...] = ("streamlit",)) -> list[str]:
    """(e) Imports, anywhere in a module, of the ``forbidden`` packages or their modules
    (``importlib.import_module("…")`` and ``__import__("…")`` included)."""
    tree = Tree.read(root)
    offenders = []
    for module in tree.modules:
        found = [(statement.line, target) for statement in imports(module)
                 for target, _ in imported_modules(statement, tree)]
        found += [(node.lineno, node.args[0].value) for node in ast.walk(module.tree)
                  if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                  and isinstance(node.args[0].value, str)
                  and ast.unparse(node.func) in ("importlib.import_module", "import_module", "__import__")]
        offenders += [f"{_where(module, line)} imports {target}" for line, target in sorted(found)
                      if any(_inside(target, name) for name in forbidden)]
    return offenders


def tab_imports(root: Path) -> list[str]:
    """(f) Imports of a tab module (``*_tab``) by any other module of the tree."""
    tree = Tree.read(root)
    offenders = []
    for module in tree.modules:
        for statement in imports(module):
            for target, _ in imported_modules(statement, tree):
                if target.rsplit(".", 1)[-1].endswith("_tab") and target != module.name:
                    offenders.append(f"{_where(statement)} imports the tab {target}")
    return offenders


def _report(what: str, offenders: list[str]) -> str:
    return f"{len(offenders)} {what}:\n  " + "\n  ".join(offenders)


# --------------------------------------------------------------------------- the rules on the real tree

def test_the_walk_sees_the_whole_core_and_app():
    names = {m.name for m in modules(CORE)}
    assert len(names) > 50 and {"wijk_core", "wijk_core.cli", "wijk_core.errors"} <= names
    assert any(name.endswith("_tab") for name in (m.name for m in modules(APP)))


def test_no_core_module_is_imported_inside_a_function():
    offenders = nested_imports(CORE, CLI_STARTUP_IMPORTS)
    assert not offenders, _report("imports of a wijk_core module inside a function (import at the top; "
                                  "a circle means a rule sits in the wrong package)", offenders)


def test_the_cli_allowance_names_only_imports_the_cli_makes():
    unlisted = nested_imports(CORE)
    for importer, allowed in CLI_STARTUP_IMPORTS.items():
        made = {line.split(" imports ")[1].split(" inside ")[0] for line in unlisted
                if line.startswith(importer.replace(".", "/") + ".py:")}
        assert allowed <= made, f"{importer} no longer imports {sorted(allowed - made)} in a function: " \
                                "strike them from CLI_STARTUP_IMPORTS"


def test_no_private_name_is_imported_from_another_package():
    offenders = private_imports(CORE)
    assert not offenders, _report("private names taken from another package (make them public where "
                                  "they belong)", offenders)


def test_no_core_module_is_over_450_lines():
    offenders = long_modules(CORE)
    assert not offenders, _report("modules too long (split them by job)", offenders)


def test_only_shared_modules_are_flat_at_the_top_of_the_core():
    offenders = flat_modules(CORE)
    assert not offenders, _report("flat modules", offenders)


def test_the_core_never_imports_streamlit():
    offenders = forbidden_imports(CORE, ("streamlit",))
    assert not offenders, _report("streamlit imports in wijk_core (caching and widgets live in wijk_app)",
                                  offenders)


def test_no_app_module_imports_a_tab():
    offenders = tab_imports(APP)
    assert not offenders, _report("imports of a tab (share through the core or the package's common.py)",
                                  offenders)


# --------------------------------------------------------------------------- the rules on small trees

def _tree(folder: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder / next(iter(files)).split("/")[0]


CLEAN = {
    "core/__init__.py": '"""A clean core."""\nfrom core.errors import CoreError\n__version__ = "1"\n',
    "core/__main__.py": "from core.cli import main\nmain()\n",
    "core/cli.py": """
        import sys

        from core import __version__


        def main():
            import json

            from core.shop.model import price
            print(json.dumps(price()), __version__, file=sys.stderr)
        """,
    "core/errors.py": "class CoreError(Exception):\n    pass\n",
    "core/enums.py": "from enum import Enum\n",
    "core/schema.py": "from core.shop import tables\n",
    "core/config.py": "LIMIT = 3\n",
    "core/shop/__init__.py": "from .compare import compare\nfrom .model import price\n"
                             "__all__ = ['compare', 'price']\n",
    "core/shop/compare.py": "def compare():\n    pass\n",
    "core/shop/model.py": """
        from __future__ import annotations

        from typing import TYPE_CHECKING

        from core.errors import CoreError
        from core.shop._rules import _round
        from core.shop import _rules
        from core.writers.xlsx import write_table

        if TYPE_CHECKING:
            from core.writers.xlsx import Sheet


        def price(sheet: Sheet | None = None) -> int:
            import math  # a standard module inside a function is not this test's business

            return _round(math.pi) + _rules._twice(1) + len(write_table.__name__)


        class Basket:
            def total(self):
                return 0
        """,
    "core/shop/_rules.py": "def _round(x):\n    return round(x)\n\n\ndef _twice(x):\n    return 2 * x\n",
    "core/shop/tables.py": "from ..writers import xlsx\nfrom . import model\n",
    "core/writers/__init__.py": "from core.writers.xlsx import write_table\n",
    "core/writers/xlsx.py": "from core.errors import __name__ as ERRORS\n\n\ndef write_table():\n    pass\n"
                            "\n\nclass Sheet:\n    pass\n",
    "core/store/migrations/versions/0001_first.py": "x = 1\n" * 600,
}

APP_CLEAN = {
    "app/__init__.py": "",
    "app/shop/__init__.py": "",
    "app/shop/common.py": "from core.shop import price\n",
    "app/shop/basket_tab.py": "from . import common\nfrom .common import price\n"
                              "from app.shop.common import price\n",
    "app/shop/till_tab.py": "from app.shop import common\n",
}


def test_every_rule_passes_on_a_clean_tree(tmp_path):
    core = _tree(tmp_path, CLEAN)
    app = _tree(tmp_path, APP_CLEAN)
    assert {m.name for m in modules(core)} >= {"core", "core.cli", "core.shop", "core.shop.model",
                                               "core.shop._rules", "core.store.migrations.versions.0001_first"}
    assert nested_imports(core, {"core.cli": frozenset({"core.shop.model"})}) == []
    assert private_imports(core) == []
    assert long_modules(core, limit=450, allowed_in=("store/migrations",)) == []
    assert flat_modules(core, shared=SHARED_TOP) == []
    assert forbidden_imports(core, ("streamlit",)) == []
    assert tab_imports(app) == []


def test_each_rule_names_its_offenders(tmp_path):
    core = _tree(tmp_path, {
        **CLEAN,
        "core/cli.py": """
            def main():
                from core.shop.model import price  # allowed
                from core.writers import xlsx  # not in the allowance
                from core.shop import compare  # the function shop/__init__.py binds, not the module
                return price, xlsx, compare
            """,
        "core/shop/model.py": """
            import streamlit as st
            from core.writers.xlsx import _guard, write_table
            from core.writers import xlsx
            import core.writers._cells


            def price():
                from core.errors import CoreError
                from . import tables
                return xlsx._escape(1), xlsx.__name__


            class Basket:
                def total(self):
                    from core.writers import xlsx as sheet_writer
                    import streamlit.components.v1
                    return sheet_writer._width, importlib.import_module("streamlit"), __import__("json")
            """,
        "core/writers/_cells.py": "\n" * 451,
        "core/helpers.py": "def anything():\n    pass\n",
        "core/store/migrations/versions/0001_first.py": "x = 1\n" * 600,
        "core/store/long.py": "x = 1\n" * 451,
    })
    app = _tree(tmp_path, {
        **APP_CLEAN,
        "app/shop/basket_tab.py": "from .till_tab import DRAWER\nfrom . import till_tab, common\n",
        "app/shop/common.py": "from app.shop import basket_tab\nimport app.shop.till_tab as till\n",
        "app/shop/till_tab.py": "DRAWER = 1\n",
    })

    assert nested_imports(core, {"core.cli": frozenset({"core.shop.model"})}) == [
        "core/cli.py:4 imports core.writers.xlsx inside main()",
        "core/cli.py:5 imports core.shop inside main()",
        "core/shop/model.py:9 imports core.errors inside price()",
        "core/shop/model.py:10 imports core.shop.tables inside price()",
        "core/shop/model.py:16 imports core.writers.xlsx inside Basket.total()",
    ]
    assert private_imports(core) == [
        "core/shop/model.py:3 imports _guard from core.writers.xlsx",
        "core/shop/model.py:5 imports core.writers._cells (private module of core.writers)",
        "core/shop/model.py:11 uses core.writers.xlsx._escape",
        "core/shop/model.py:18 uses core.writers.xlsx._width",
    ]
    assert long_modules(core, limit=450, allowed_in=("store/migrations",)) == [
        "core/store/long.py has 451 lines (at most 450)",
        "core/writers/_cells.py has 451 lines (at most 450)",
    ]
    assert flat_modules(core, shared=SHARED_TOP) == [
        "core/helpers.py is a flat module: move it into the package of its domain or method"]
    assert forbidden_imports(core, ("streamlit",)) == [
        "core/shop/model.py:2 imports streamlit",
        "core/shop/model.py:17 imports streamlit.components.v1",
        "core/shop/model.py:18 imports streamlit",
    ]
    assert tab_imports(app) == [
        "app/shop/basket_tab.py:1 imports the tab app.shop.till_tab",
        "app/shop/basket_tab.py:2 imports the tab app.shop.till_tab",
        "app/shop/common.py:1 imports the tab app.shop.basket_tab",
        "app/shop/common.py:2 imports the tab app.shop.till_tab",
    ]


@pytest.mark.parametrize(("level", "name", "expected"), [
    (1, "b", "core.shop.b"), (2, "w", "core.w"), (1, None, "core.shop"), (0, "x.y", "x.y")])
def test_relative_imports_are_made_absolute(tmp_path, level, name, expected):
    module = Module(tmp_path / "core" / "shop" / "model.py", "core.shop.model", False, "")
    package = Module(tmp_path / "core" / "shop" / "__init__.py", "core.shop", True, "")
    assert _absolute(module, level, name) == expected
    assert _absolute(package, level, name) == expected
