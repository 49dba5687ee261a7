"""The WordPress test site stops everything it started: PHP's workers, MariaDB, its files,
whether the tests close it or a user stops `site.py` with SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests import processes
from tests.platforms.wordpress.site import HERE, WordPressSite, missing_tools

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(missing_tools()) and not os.environ.get("CI"),
                       reason="WordPress test site needs Debian packages (.ci/run)"),
]


def started_under(folder: Path) -> list[processes.Leftover]:
    """This session's processes still running from the site's folder."""
    return [p for p in processes.leftovers(os.environ[processes.SESSION_MARK], grace=10)
            if str(folder) in p.command]


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_closing_the_site_stops_php_workers_and_mariadb():
    with WordPressSite() as site:
        assert listening(site.port)
        running = started_under(site.root)
        # php -S with PHP_CLI_SERVER_WORKERS=4: the master and its workers, and mariadbd.
        assert sum("php -S" in p.command for p in running) == 5, running
        assert any("mariadbd" in p.command for p in running), running
    assert started_under(site.root) == []
    assert not listening(site.port)
    assert not site.root.exists()


def test_site_script_stopped_by_sigterm_stops_everything_it_started():
    script = subprocess.Popen([sys.executable, str(HERE / "site.py")], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        line = script.stdout.readline()
        found = re.search(r"WordPress at http://127\.0\.0\.1:(\d+)/ .*files in (\S+);", line)
        assert found, line + script.stderr.read()
        port, root = int(found.group(1)), Path(found.group(2))
        assert listening(port)
        script.send_signal(signal.SIGTERM)  # as `kill PID` does: this process only
        script.wait(timeout=60)
        left = started_under(root)
        assert left == []
        assert not listening(port)
        assert not root.exists()
    finally:
        if script.poll() is None:
            script.kill()
            script.wait()
        script.stdout.close()
        script.stderr.close()
