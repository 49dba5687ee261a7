"""A real WordPress (Debian's packages) on loopback, seeded for archiver's tests.

What it runs: MariaDB on a private data directory and unix socket (no TCP), a copy of
/usr/share/wordpress with its own wp-config.php, WordPress's own installer (wp_install),
seed.php for the content, and `php -S 127.0.0.1:PORT router.php` to serve it.

By hand (Debian packages wordpress, wordpress-theme-twentytwentyone, mariadb-server,
php-cli and php-mysql installed; .ci/run installs them):

    python tests/platforms/wordpress/site.py          # prints the URL, Ctrl-C stops it

Ctrl-C, SIGTERM and SIGHUP stop MariaDB and PHP (each in its own process group, workers
included) and delete the folder. The tests use `WordPressSite` as a session fixture
(tests/e2e/test_crawl_wordpress.py).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if __package__ in (None, ""):  # run as a script: the checkout's root makes `tests` importable
    sys.path.insert(0, str(HERE.parents[2]))

from tests.processes import stop_group  # noqa: E402

WORDPRESS = Path("/usr/share/wordpress")
NEEDED = ("php", "mariadbd", "mariadb-install-db", "mariadb")


class SetupError(RuntimeError):
    """WordPress could not be set up; the message says which step and why."""


def missing_tools() -> list[str]:
    """What this machine lacks to run the site (empty when it can)."""
    missing = [tool for tool in NEEDED if shutil.which(tool) is None
               and not Path("/usr/sbin", tool).exists()]
    if not (WORDPRESS / "wp-settings.php").exists():
        missing.append("wordpress")
    if not (WORDPRESS / "wp-content/themes/twentytwentyone").exists():
        missing.append("wordpress-theme-twentytwentyone")
    return missing


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tool(name: str) -> str:
    return shutil.which(name) or str(Path("/usr/sbin", name))


def _run(step: str, args: list[str], **kwargs) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)
    if result.returncode != 0:
        raise SetupError(f"{step} failed ({result.returncode}): {result.stderr or result.stdout}")
    return result.stdout


def _wait_for(check, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise SetupError(f"timed out waiting for {what}")


class WordPressSite:
    """Start, seed and serve WordPress; stop and delete everything on exit."""

    def __init__(self, workdir: Path | None = None) -> None:
        self._own_tmp = workdir is None
        self.root = Path(workdir or tempfile.mkdtemp(prefix="archiver-wp-"))
        self.docroot = self.root / "wordpress"
        self.datadir = self.root / "mysql"
        self.socket = self.root / "mysql.sock"
        # Not the shared /tmp: sites started at once (other test runs) have lost each
        # other's temporary tables there, failing mariadb-install-db.
        self.tmpdir = self.root / "mysql-tmp"
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.timings: dict[str, float] = {}
        self._db: subprocess.Popen | None = None
        self._web: subprocess.Popen | None = None

    # --- life cycle ---------------------------------------------------------------------

    def __enter__(self) -> WordPressSite:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        missing = missing_tools()
        if missing:
            raise SetupError("missing: " + ", ".join(missing) + " (see .ci/run)")
        self._timed("database", self._start_database)
        self._timed("files", self._copy_wordpress)
        self._timed("install", lambda: self.php("install.php"))
        self._timed("seed", lambda: self.php("seed.php"))
        self._timed("serve", self._serve)

    def stop(self) -> None:
        # The web server first: its PHP workers outlive a master stopped alone.
        for proc in (self._web, self._db):
            stop_group(proc)
        self._web = self._db = None
        if self._own_tmp:
            shutil.rmtree(self.root, ignore_errors=True)

    def _timed(self, step: str, action) -> None:
        started = time.monotonic()
        action()
        self.timings[step] = round(time.monotonic() - started, 2)

    # --- steps --------------------------------------------------------------------------

    def _start_database(self) -> None:
        self.tmpdir.mkdir(parents=True, exist_ok=True)
        _run("mariadb-install-db", [
            _tool("mariadb-install-db"), "--no-defaults", f"--datadir={self.datadir}",
            f"--tmpdir={self.tmpdir}",
            "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db",
        ])
        self._db = subprocess.Popen(
            [_tool("mariadbd"), "--no-defaults", f"--datadir={self.datadir}",
             f"--tmpdir={self.tmpdir}",
             f"--socket={self.socket}", "--skip-networking", "--user=root",
             f"--pid-file={self.root / 'mysql.pid'}", f"--log-error={self.root / 'mysql.err'}",
             "--innodb-buffer-pool-size=32M", "--skip-log-bin"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )

        def ready() -> bool:
            if self._db.poll() is not None:
                log = (self.root / "mysql.err")
                raise SetupError("mariadbd exited: " + (log.read_text() if log.exists() else ""))
            return subprocess.run(
                [_tool("mariadb"), "--no-defaults", f"--socket={self.socket}", "-uroot",
                 "-e", "select 1"], capture_output=True).returncode == 0

        _wait_for(ready, "mariadbd")
        self.sql("CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")

    def sql(self, statement: str) -> str:
        """Run SQL as root on the site's database server; tab-separated output."""
        return _run("mariadb", [_tool("mariadb"), "--no-defaults", f"--socket={self.socket}",
                                "-uroot", "-N", "-B", "-e", statement])

    def _copy_wordpress(self) -> None:
        shutil.copytree(WORDPRESS, self.docroot, symlinks=False,
                        ignore=shutil.ignore_patterns(".htaccess", "wp-config.php"))
        mu_plugins = self.docroot / "wp-content" / "mu-plugins"
        mu_plugins.mkdir(parents=True, exist_ok=True)
        shutil.copy(HERE / "switches.php", mu_plugins / "archiver-switches.php")
        (self.docroot / "wp-config.php").write_text(f"""<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:{self.socket}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', '{self.base_url}');
define('WP_SITEURL', '{self.base_url}');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
define('WP_CONTENT_URL', '{self.base_url}/wp-content');
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_DEBUG', false);
$table_prefix = 'wp_';
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
""")

    def php(self, script: str, *args: str) -> str:
        """Run one of this folder's PHP scripts against the site (DOCROOT is its first arg)."""
        return _run(script, ["php", str(HERE / script), str(self.docroot), *args])

    def _serve(self) -> None:
        env = dict(os.environ, PHP_CLI_SERVER_WORKERS="4")
        self._web = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{self.port}", "-t", str(self.docroot),
             str(HERE / "router.php")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
            start_new_session=True,
        )

        def up() -> bool:
            if self._web.poll() is not None:
                raise SetupError("php -S exited")
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", self.port)) == 0

        _wait_for(up, "php -S")

    # --- what the tests use ---------------------------------------------------------------

    def set_rest_api(self, enabled: bool) -> None:
        """Turn the REST API on, or make it refuse every request (401), as plugins do."""
        flag = self.docroot / "rest-off"
        if enabled:
            flag.unlink(missing_ok=True)
        else:
            flag.write_text("REST API off for archiver's fallback test\n")

    def set_option(self, name: str, value: str) -> None:
        self.php("option.php", name, value)

    def truth(self) -> dict:
        """Published posts and approved comments, read from the database."""
        return json.loads(self.php("truth.php"))


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through WordPressSite.__exit__, which stops all


def main() -> int:
    # Servers run in their own process groups, so Ctrl-C reaches only this process: it
    # stops them, as SIGTERM (kill, systemd, a CI timeout) and SIGHUP (a closed terminal) do.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    with WordPressSite() as site:
        print(f"WordPress at {site.base_url}/ (set-up {sum(site.timings.values()):.1f}s: "
              f"{site.timings}); files in {site.root}; Ctrl-C stops it", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
