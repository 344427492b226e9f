"""The services' history and operation import alone, in either order: no import circle between them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from wipboard.store import services

MODULES = ("wipboard.store.services.history", "wipboard.store.services.operation")


@pytest.mark.parametrize("first", MODULES)
def test_r15_history_and_operation_each_import_alone_first(first: str) -> None:
    others = " ".join(f"import {name};" for name in MODULES if name != first)
    run = subprocess.run([sys.executable, "-c", f"import {first}; {others}"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def test_r16_no_service_imports_inside_a_function_to_dodge_a_circle() -> None:
    folder = Path(services.__file__).parent
    late = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                late += [
                    f"{path.name}:{inner.lineno}"
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("wipboard.store.services")
                ]
    assert late == []
