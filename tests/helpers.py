"""Helpers for tests: paths, running the real CLI, free ports."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
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


class ReplayHandler(http.server.BaseHTTPRequestHandler):
    """A loopback server's handler that answers with recorded bodies, quietly."""

    def send_body(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve_on_loopback(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` from a thread on a free 127.0.0.1 port; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def crawl_into(url: str, db: Path, *settings: str) -> sqlite3.Connection:
    """`archiver crawl URL` (no throttling, `-s` settings as given) into `db`, which must
    succeed without a traceback; the archive opened with rows by name."""
    args = [arg for setting in ("AUTOTHROTTLE_ENABLED=False", *settings)
            for arg in ("-s", setting)]
    result = run_cli("crawl", url, "--db", str(db), *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    return con
