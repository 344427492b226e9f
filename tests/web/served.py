"""The real ``wipboard portal serve`` in a subprocess on a free port, stopped by its PID."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(firm: Path, log_path: Path, *options: str, ready_path: str = "/login") -> Iterator[str]:
    """Start the portal on 127.0.0.1 and yield its address once it answers; stop it afterwards."""
    port = free_port()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "wipboard.tui.commands", "--db", str(firm), "portal", "serve", "--port", str(port), *options],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "USER": "olivia"},
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    urllib.request.urlopen(f"{url}{ready_path}", timeout=1).read()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(f"the portal did not start: {log_path.read_text()}") from None
                    time.sleep(0.1)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
