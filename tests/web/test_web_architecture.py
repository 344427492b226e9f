"""The web portal stands beside the store: it never loads Textual, and no screen loads it (DESIGN layers)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import wipboard

PACKAGE = Path(wipboard.__file__).parent
WEB = PACKAGE / "web"


def imported_modules(source: str) -> set[str]:
    """Every module a source file imports by name (the package-wide layers are import-linter's,
    in tests/test_architecture.py; this list of what the web may use is a whitelist it cannot say)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def offenders(folder: Path, forbidden: str) -> dict[str, set[str]]:
    found = {}
    for file in sorted(folder.rglob("*.py")):
        bad = {m for m in imported_modules(file.read_text()) if m == forbidden or m.startswith(forbidden + ".")}
        if bad:
            found[str(file.relative_to(PACKAGE.parent))] = bad
    return found
# What the web may use of the firm: the services and the portal read model, the repository to open
# the firm, and the models and errors those hand back. Never the storage, TinyDB or the UI.
ALLOWED_FROM_THE_FIRM = ("wipboard.store.services.", "wipboard.store.portal")
# The repository (its interface, and the factory that opens a firm file or a database, as the
# command line opens it), the errors and the models: the layer below the services, nothing deeper.
ALLOWED_EXACTLY = {
    "wipboard.store.repository", "wipboard.store.interface", "wipboard.store.open_store",
    "wipboard.store.errors", "wipboard.store.models",
}


def test_r19_no_module_of_the_web_imports_textual_or_tinydb():
    assert len(list(WEB.rglob("*.py"))) >= 5, "the web package was not found where expected"
    assert offenders(WEB, "textual") == {}
    assert offenders(WEB, "tinydb") == {}


def test_r19_the_web_reads_the_firm_only_through_the_services():
    found = {}
    for file in sorted(WEB.rglob("*.py")):
        ours = {m for m in imported_modules(file.read_text()) if m.startswith("wipboard.") and not m.startswith("wipboard.web")}
        bad = {m for m in ours if m not in ALLOWED_EXACTLY and not m.startswith(ALLOWED_FROM_THE_FIRM)}
        if bad:
            found[file.name] = bad
    assert found == {}


def test_r19_no_screen_and_no_part_of_the_terminal_app_imports_the_web():
    assert offenders(PACKAGE / "screens", "wipboard.web") == {}
    # Only `wipboard portal serve` starts it, importing it when it runs.
    tui = {path: mods for path, mods in offenders(PACKAGE / "tui", "wipboard.web").items()
           if Path(path).name != "portal.py"}
    assert tui == {}


def test_r19_the_web_imports_with_textual_blocked():
    script = r"""
import importlib, json, pkgutil, sys

class BlockTextual:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError(f"textual is blocked in this test (import of {name})")
        return None

sys.meta_path.insert(0, BlockTextual())
import wipboard.web
names = [module.name for module in pkgutil.walk_packages(wipboard.web.__path__, "wipboard.web.")]
for name in names:
    importlib.import_module(name)
print(json.dumps({"imported": names, "loaded": sorted(sys.modules)}))
"""
    environment = {key: value for key, value in os.environ.items() if key != "WIPBOARD_DB"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment, timeout=60)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {f"wipboard.web.{p.stem}" for p in WEB.glob("*.py") if p.stem != "__init__"} <= set(report["imported"])
    assert not {m for m in report["loaded"] if m == "textual" or m.startswith(("textual.", "wipboard.screens", "wipboard.tui"))}
