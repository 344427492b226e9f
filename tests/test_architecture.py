"""The layers stay apart: the store never needs Textual, and nothing above the store talks to TinyDB.

``wipboard.store`` must import on a machine (or in a process) without Textual —
the command line and a future server back end depend on that. Screens and the
command line go through the repository, so that a server database can take
TinyDB's place without changing them (DESIGN "The store").
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import wipboard

PACKAGE = Path(wipboard.__file__).parent
STORE = PACKAGE / "store"
SCREENS = PACKAGE / "screens"


def imported_modules(source: str) -> set[str]:
    """Every module a source file imports, statically or by name (importlib / __import__)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return found


def offenders(folder: Path, forbidden: str, *, skip: Path | None = None) -> dict[str, set[str]]:
    found = {}
    for file in sorted(folder.rglob("*.py")):
        if skip is not None and skip in file.parents:
            continue
        bad = {m for m in imported_modules(file.read_text()) if m == forbidden or m.startswith(forbidden + ".")}
        if bad:
            found[str(file.relative_to(PACKAGE.parent))] = bad
    return found


@pytest.mark.parametrize(
    "source",
    [
        "import tinydb",
        "import os, tinydb.table as t",
        "from tinydb import TinyDB",
        "from tinydb.storages import Storage",
        "def f():\n    from tinydb import where\n",
        "import importlib\nimportlib.import_module('tinydb')",
        "__import__('tinydb.table')",
    ],
)
def test_store_the_import_scanner_sees_every_way_of_importing(source):
    """The checks below are only as good as this scanner: it must see each form."""
    assert any(m == "tinydb" or m.startswith("tinydb.") for m in imported_modules(source))


def test_store_the_import_scanner_does_not_see_look_alikes():
    assert imported_modules("import tinydbx\nfrom .tinydb import x\nname = 'tinydb'") <= {"tinydbx"}


def test_store_no_module_of_the_store_imports_textual():
    modules = list(STORE.rglob("*.py"))
    assert len(modules) >= 8, "the store was not found where expected"
    assert offenders(STORE, "textual") == {}


def test_store_imports_with_textual_blocked():
    """Import every module of wipboard.store in a fresh process where importing Textual fails."""
    script = r"""
import importlib, json, pkgutil, sys

class BlockTextual:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError(f"textual is blocked in this test (import of {name})")
        return None

sys.meta_path.insert(0, BlockTextual())
import wipboard.store
names = ["wipboard.store"]
for module in pkgutil.walk_packages(wipboard.store.__path__, "wipboard.store."):
    importlib.import_module(module.name)
    names.append(module.name)
print(json.dumps({"imported": names, "loaded": sorted(sys.modules)}))
"""
    environment = {key: value for key, value in os.environ.items() if key != "WIPBOARD_DB"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment, timeout=60)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    expected = {f"wipboard.store.{p.stem}" for p in STORE.glob("*.py") if p.stem != "__init__"}
    assert expected <= set(report["imported"])
    loaded = set(report["loaded"])
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    assert not {m for m in loaded if m.startswith(("wipboard.screens", "wipboard.tui"))}, "the store imports the UI"


def test_store_no_screen_imports_tinydb():
    """Screens use the repository; a screen that reaches for TinyDB ties the UI to one back end."""
    assert SCREENS.is_dir() and (SCREENS / "__init__.py").exists()
    assert offenders(SCREENS, "tinydb") == {}


def test_store_only_the_store_imports_tinydb():
    assert offenders(PACKAGE, "tinydb", skip=STORE) == {}
