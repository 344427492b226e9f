"""The layers stay apart, checked by import-linter against the contracts in ``pyproject.toml``.

The command line above the app shell, the shell above the screens, the screens above the UI
kit, the kit above the store, and in the store the services above the rest (DESIGN "Layers").
The store and the web portal import neither Textual nor Rich; screens never touch TinyDB,
psycopg or the storage modules; the command line loads Textual only to open the app — checked
statically here, and at run time in a subprocess, where a lazy import cannot hide.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import wipboard
from wipboard.store.open_store import write_demo_at

PROJECT = Path(wipboard.__file__).parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "WIPBOARD_DB"}


def _lint_imports(*args: str) -> subprocess.CompletedProcess[str]:
    if not LINT_IMPORTS.exists():
        pytest.fail("lint-imports is missing: pip install -e '.[test]' installs import-linter")
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args], capture_output=True, text=True, cwd=PROJECT, env=_environment(),
        timeout=120,
    )


def test_layers_every_import_contract_is_kept():
    """``lint-imports`` passes: every contract in pyproject.toml, with its listed exceptions."""
    result = _lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_layers_the_contracts_see_a_breach(tmp_path):
    """The check is only worth something if it fails: a store module importing Textual breaks it."""
    config = (PROJECT / "pyproject.toml").read_text()
    breach = tmp_path / "wipboard" / "store" / "breach.py"
    # A copy of the package with one bad import, checked against the same contracts.
    subprocess.run(["cp", "-r", str(PROJECT / "wipboard"), str(tmp_path)], check=True)
    breach.write_text("import textual\n")
    (tmp_path / "pyproject.toml").write_text(config)
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--contract", "store-and-web-without-textual"],
        capture_output=True, text=True, cwd=tmp_path, env=_environment() | {"PYTHONPATH": str(tmp_path)}, timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "wipboard.store.breach -> textual" in result.stdout


WATCH_MODULES = r"""
import atexit, json, runpy, sys

OTHER_COMMANDS = [f"wipboard.tui.commands.{name}" for name in ("notify", "people", "portal", "settings", "stores")]

def report():
    loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("textual", "rich"))
    others = sorted(name for name in sys.modules if name in OTHER_COMMANDS or name == "smtplib")
    sys.stderr.write("\nLOADED " + json.dumps(loaded) + "\nOTHERS " + json.dumps(others) + "\n")

atexit.register(report)
sys.argv = ["wipboard", *sys.argv[1:]]
runpy.run_module("wipboard.tui.commands", run_name="__main__")
"""


def test_layers_the_command_line_lists_jobs_without_loading_textual(tmp_path):
    """``wipboard jobs list --json`` on the demo firm, in a fresh process: it prints the jobs,
    and at exit neither Textual nor Rich is in ``sys.modules``, nor the other commands' modules."""
    firm = tmp_path / "firm.json"
    write_demo_at(firm, jobs=60, seed=1)
    result = subprocess.run(
        [sys.executable, "-c", WATCH_MODULES, "--db", str(firm), "--as", "olivia", "jobs", "list", "--json"],
        capture_output=True, text=True, env=_environment(), timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) > 0
    loaded = json.loads(result.stderr.rsplit("LOADED ", 1)[1].split("\n", 1)[0])
    assert loaded == []
    # Nor the other commands' modules, nor the mail sender: they load when one of theirs runs.
    assert json.loads(result.stderr.rsplit("OTHERS ", 1)[1]) == []


def test_layers_the_store_imports_with_textual_blocked():
    """Import every module of wipboard.store in a fresh process where importing Textual fails."""
    script = r"""
import importlib, json, pkgutil, sys

class BlockTextual:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("textual", "rich"):
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
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=_environment(), timeout=60)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    store = PROJECT / "wipboard" / "store"
    expected = {f"wipboard.store.{p.stem}" for p in store.glob("*.py") if p.stem != "__init__"}
    assert expected <= set(report["imported"])
    loaded = set(report["loaded"])
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich")}
    assert not {m for m in loaded if m.startswith(("wipboard.screens", "wipboard.tui"))}, "the store imports the UI"


def test_layers_every_module_of_the_store_has_its_place_below_the_services():
    """The store's layers name its modules one by one; a new module must be given its place."""
    import tomllib

    config = tomllib.loads((Path(wipboard.__file__).parents[1] / "pyproject.toml").read_text())
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "store-layers")
    listed = {name.strip() for layer in contract["layers"][1:] for name in layer.split(":")}
    store = Path(wipboard.__file__).parent / "store"
    modules = {
        path.stem if path.is_file() else path.name
        for path in store.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path.is_dir() and (path / "__init__.py").exists())
    } - {"services"}
    assert modules == listed, f"missing from the contract: {sorted(modules - listed)}; listed but gone: {sorted(listed - modules)}"


def test_the_tests_read_no_private_textual_attribute() -> None:
    """Tests read the app through Textual's public API (``tests/screen_reading.py``): a private
    attribute (``app._notifications``, ``screen._compositor``) changes without notice.
    ``Select._options`` is still read where a test needs a Select's values (Textual has no public
    accessor for them); it is not in this list yet."""
    private = re.compile(r"\.(_notifications|_compositor|_driver|_background_screens|_nodes)\b")
    tests = Path(__file__).parent
    found = [
        f"{path.relative_to(tests)}:{number}"
        for path in sorted(tests.rglob("*.py"))
        if path != Path(__file__)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if private.search(line)
    ]
    assert found == []
