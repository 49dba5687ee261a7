"""Helpers for tests: paths, running the real CLI, free ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 300,
            **kwargs) -> subprocess.CompletedProcess:
    """Run `archiver ARGS` in a child process, as a user would, and capture its output."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.run(
        [sys.executable, "-m", "archiver", *args], capture_output=True, text=True,
        cwd=cwd or REPO, timeout=timeout, env=env, **kwargs,
    )


def free_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
