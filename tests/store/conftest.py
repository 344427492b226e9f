"""Starting real OS processes on a firm file (see ``_workers.py``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

WORKERS = Path(__file__).with_name("_workers.py")


class Worker:
    """One ``_workers.py`` child process, spoken to line by line."""

    def __init__(self, command: str, *arguments: object) -> None:
        environment = dict(os.environ)
        environment.pop("WIPBOARD_DB", None)
        self.process = subprocess.Popen(
            [sys.executable, str(WORKERS), command, *map(str, arguments)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )

    def line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=30)
            assert self.process.stderr is not None
            pytest.fail(f"worker ended early (status {self.process.returncode}): {self.process.stderr.read()}")
        if line.startswith("error "):
            pytest.fail(f"worker failed: {line.strip()}")
        return line.strip()

    def expect(self, prefix: str) -> str:
        line = self.line()
        assert line.startswith(prefix), line
        return line

    def send(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def result(self, timeout: float = 120) -> Any:
        """The worker's final JSON line; the worker must then exit with status 0."""
        value = json.loads(self.line())
        assert self.process.wait(timeout=timeout) == 0
        return value

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def workers() -> Iterator[Any]:
    """``workers(command, *args)`` starts a worker; every worker is stopped after the test."""
    started: list[Worker] = []

    def start(command: str, *arguments: object) -> Worker:
        worker = Worker(command, *arguments)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
