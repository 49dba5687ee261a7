"""Shared fixtures: the demo site and folders of pages served on loopback; and the check
that a test session leaves no process running and no port listening."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from hypothesis import settings

from tests import processes

# Property tests explore new inputs on a developer's machine; in CI they replay one fixed
# sequence, so a landing is never decided by the luck of a random draw.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

_PORTS_AT_START: set[int] = set()


def pytest_configure(config: pytest.Config) -> None:
    # Inherited by every process a test starts, however deep: see tests/processes.py.
    os.environ[processes.SESSION_MARK] = uuid.uuid4().hex
    _PORTS_AT_START.update(processes.listening_ports(os.getpid()))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A session leaves nothing behind: fail it if a process the tests started is still
    alive, or a port the tests opened in this process still listens."""
    left = processes.leftovers(os.environ[processes.SESSION_MARK])
    ports = processes.listening_ports(os.getpid()) - _PORTS_AT_START
    if not left and not ports:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"the tests left {len(left)} processes running:", *(f"  {p}" for p in left)]
    if ports:
        lines.append("this test process still listens on: " + ", ".join(map(str, sorted(ports))))
    for line in lines:
        if reporter is not None:
            reporter.write_line("LEFT BEHIND: " + line, red=True)
        else:
            print("LEFT BEHIND: " + line)
    processes.kill([p.pid for p in left])  # so that the next session starts clean
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def demo_site():
    """The demo magazine (60 articles) served on a free loopback port for the whole session."""
    from archiver.demo.server import DemoServer

    with DemoServer(n_articles=60, seed=2024) as server:
        yield server



class _DirectoryHandler:
    """Builds a handler class serving one folder, with some paths forced to an HTTP status."""

    @staticmethod
    def make(root: Path, statuses: dict[str, int]):
        from http.server import SimpleHTTPRequestHandler

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(root), **kwargs)

            def do_GET(self):
                status = statuses.get(self.path)
                if status:
                    self.send_error(status)
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def serve_directory():
    """serve_directory(folder, statuses={path: code}) -> base URL of a loopback server."""
    import threading
    from http.server import ThreadingHTTPServer

    servers = []

    def start(root: Path, statuses: dict[str, int] | None = None) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0),
                                     _DirectoryHandler.make(root, statuses or {}))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory):
    """A small demo archive (20 articles, crawled from the demo site), built once per session.

    Tests must not write to it; copy it first.
    """
    from archiver.demo.job import run_demo

    db = tmp_path_factory.mktemp("demo-archive") / "demo.db"
    report = run_demo(db=str(db), n_articles=20, seed=2024)
    assert not report.mismatches, report.mismatches[:5]
    return db
