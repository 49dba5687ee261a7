"""A Django project in a temporary folder, served on loopback by its own `manage.py`.

Shared by the Django-based platforms (tests/platforms/mezzanine, tests/platforms/comments_xtd):
each lays out its project, then this runs `migrate`, a seed script through the project's
own ORM, and `runserver` in a process group of its own, stopped as a whole on close.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from tests.helpers import free_port


class DjangoServer:
    """`manage.py` of a project laid out in `self.root`, then served on a free port."""

    def __init__(self, prefix: str, settings_module: str) -> None:
        self.root = Path(tempfile.mkdtemp(prefix=prefix))
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.settings_module = settings_module
        self.proc: subprocess.Popen | None = None
        self.log: IO[bytes] | None = None
        self.timings: dict[str, float] = {}

    def env(self) -> dict[str, str]:
        return dict(os.environ, DJANGO_SETTINGS_MODULE=self.settings_module,
                    PYTHONPATH=str(self.root), PYTHONUNBUFFERED="1")

    def run(self, step: str, *args: str) -> str:
        """Run a command of the project (timed as `step`); its stdout, or a clear failure."""
        started = time.monotonic()
        result = subprocess.run([sys.executable, *args], cwd=self.root, env=self.env(),
                                capture_output=True, text=True, timeout=300)
        self.timings[step] = round(time.monotonic() - started, 2)
        if result.returncode != 0:
            raise RuntimeError(f"{step} failed ({result.returncode}): {result.stderr[-3000:]}")
        return result.stdout

    def manage(self, step: str, *args: str) -> str:
        return self.run(step, "manage.py", *args)

    def set_up(self, lay_out: Callable[[], None], seed: Path, *seed_args: str) -> None:
        """Lay the project out in `self.root`, migrate it, seed it through its ORM with the
        `seed` script and serve it; on any failure, what was started is stopped and removed."""
        try:
            lay_out()
            self.manage("migrate", "migrate", "--noinput")
            self.run("seed", str(seed), *seed_args)
            self.start()
        except BaseException:
            self.close()
            raise

    def copy_project(self, project: Path) -> None:
        """A project kept in the repository, copied into `self.root`."""
        shutil.copytree(project, self.root, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))

    def start(self) -> None:
        started = time.monotonic()
        self.log = open(self.root / "server.log", "wb")  # closed in close()
        # Its own session, so that close() stops runserver and anything it spawned.
        self.proc = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--insecure",
             f"127.0.0.1:{self.port}"],
            cwd=self.root, env=self.env(), stdout=subprocess.DEVNULL,
            stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("runserver exited: "
                                   + (self.root / "server.log").read_text()[-3000:])
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    self.timings["start"] = round(time.monotonic() - started, 2)
                    return
            time.sleep(0.1)
        raise RuntimeError("runserver did not start in 60 s")

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        if self.log is not None:
            self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> DjangoServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve_until_interrupted(site: DjangoServer, name: str) -> int:
    """Keep a seeded site up for a look by hand (`python -m tests.platforms.NAME.site`)."""
    # `kill` and `timeout` send SIGTERM: stop the server's process group and clean up too.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with site:
        print(f"{name} at {site.base_url}/ (set-up {sum(site.timings.values()):.1f}s: "
              f"{site.timings}); Ctrl-C stops it and deletes {site.root}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0
