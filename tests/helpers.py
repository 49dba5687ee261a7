"""Helpers for tests: paths, running the real CLI, free ports."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
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


def query(db: Path, sql: str, params: tuple = ()) -> list[dict]:
    """Rows of a read-only query on an archive, as dicts."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in con.execute(sql, params)]
    finally:
        con.close()


def last_crawl(db: Path) -> dict:
    """The archive's newest crawl row, its stats decoded."""
    row = query(db, "select * from crawls order by id desc limit 1")[0]
    row["stats"] = json.loads(row["stats"])
    return row


def copy_archive(db: Path, copy: Path) -> Path:
    """A consistent copy of an archive (SQLite's online backup), to crawl it again apart."""
    src, dst = sqlite3.connect(db), sqlite3.connect(copy)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return copy
