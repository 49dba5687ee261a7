"""A real Waline server (``@waline/vercel`` from npm) on loopback, with SQLite storage.

The server and the client (``@waline/client``, whose browser bundle the test blog serves)
are installed once with npm into a cache folder outside the repository
(``$XDG_CACHE_HOME/archiver-tests/waline``, default ``~/.cache/...``), pinned below. The
server runs the way its docs run it standalone (``vanilla.js``; here launch.js, the same
with the host pinned to 127.0.0.1), configured by environment variables: ``SQLITE_PATH`` /
``SQLITE_DB`` (a database created here with Waline's tables), ``JWT_TOKEN``,
``OAUTH_URL`` (the social-login list, served on loopback: none), and the guards a test
would trip turned off (``IPQPS=0``: no one-comment-per-minute limit per IP;
``AKISMET_KEY=false``: no spam check over the network). Comments are posted through its
HTTP API (``POST /api/comment``) as the client posts them; the truth is read back from
its SQLite file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from tests.helpers import ReplayHandler, free_port, serve_on_loopback
from tests.processes import stop_group

SERVER_PACKAGE, SERVER_VERSION = "@waline/vercel", "1.39.3"
CLIENT_PACKAGE, CLIENT_VERSION = "@waline/client", "3.15.2"
HERE = Path(__file__).resolve().parent
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

# Waline's SQLite tables, with the columns its storage layer (think-model-sqlite over
# src/service/storage/sqlite.js) reads and writes; the server does not create them itself.
SCHEMA = """
CREATE TABLE wl_Comment (
  id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER, comment TEXT,
  insertedAt DATETIME DEFAULT (datetime('now', 'localtime')), ip TEXT, link TEXT,
  mail TEXT, nick TEXT, rid INTEGER, pid INTEGER, sticky NUMERIC, status TEXT NOT NULL,
  "like" INTEGER, ua TEXT, url TEXT,
  createdAt DATETIME DEFAULT (datetime('now', 'localtime')),
  updatedAt DATETIME DEFAULT (datetime('now', 'localtime')));
CREATE TABLE wl_Counter (
  id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER, reaction0 INTEGER,
  reaction1 INTEGER, reaction2 INTEGER, reaction3 INTEGER, reaction4 INTEGER,
  reaction5 INTEGER, reaction6 INTEGER, reaction7 INTEGER, reaction8 INTEGER, url TEXT,
  createdAt DATETIME DEFAULT (datetime('now', 'localtime')),
  updatedAt DATETIME DEFAULT (datetime('now', 'localtime')));
CREATE TABLE wl_Users (
  id INTEGER PRIMARY KEY AUTOINCREMENT, display_name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '', password TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL DEFAULT '', label TEXT, github TEXT, twitter TEXT, facebook TEXT,
  google TEXT, weibo TEXT, qq TEXT, oidc TEXT, huawei TEXT, "2fa" TEXT, avatar TEXT,
  url TEXT, createdAt DATETIME DEFAULT (datetime('now', 'localtime')),
  updatedAt DATETIME DEFAULT (datetime('now', 'localtime')));
"""

# The client's documented snippet (waline.js.org, Get started: HTML), with the bundle
# served by the blog itself instead of unpkg.com.
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2024-05-01T09:00:00+00:00">
<link rel="canonical" href="{base}{path}">
<link rel="stylesheet" href="/npm/@waline/client@v3/dist/waline.css" />
</head><body>
<article class="post"><h1>{title}</h1><p class="byline">By Ada Writer</p>
<div class="entry-content"><p>{body}</p></div></article>
<div id="waline"></div>
<script type="module">
  import {{ init }} from '/npm/@waline/client@v3/dist/waline.js';

  init({{
    el: '#waline',
    serverURL: '{server}',
  }});
</script>
</body></html>
"""


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "archiver-tests" / "waline"


def missing_tools() -> list[str]:
    """What the Waline tests need and this machine lacks (./run setup --test installs it)."""
    return [f"{tool} (Debian package nodejs / npm)" for tool in ("node", "npm")
            if shutil.which(tool) is None]


def install(package: str, version: str) -> Path:
    """The package's folder, npm-installed into the cache on first use (one at a time)."""
    prefix = cache_dir() / f"{package.rsplit('/', 1)[-1]}-{version}"
    folder = prefix / "node_modules" / package
    done = prefix / ".installed"
    if done.exists():
        return folder
    prefix.mkdir(parents=True, exist_ok=True)
    with open(cache_dir() / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            result = subprocess.run(
                ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                 "--loglevel=error", f"{package}@{version}"],
                capture_output=True, text=True, timeout=1800)
            if result.returncode != 0:
                raise RuntimeError(f"npm install {package}@{version} failed:\n"
                                   + result.stderr[-2000:])
            done.write_text(version)
    return folder


class _OAuthList:
    """The list of social logins (``OAUTH_URL``), which the server asks for on every request
    before anything else (its fetch-oauth-service middleware; default the public
    oauth.lithub.cc): here on loopback, offering none, as a site without social login."""

    def __init__(self) -> None:
        class Handler(ReplayHandler):
            def do_GET(self) -> None:
                self.send_body(b'{"services": []}', "application/json")

        self.stack = contextlib.ExitStack()
        self.url = self.stack.enter_context(serve_on_loopback(Handler)) + "/"

    def close(self) -> None:
        self.stack.close()


class WalineServer:
    """The Waline server on a free loopback port; close() stops it and removes its folder.

    ``tz`` is the server's local time zone: Waline stores ``insertedAt`` as a local time.
    ``settings`` are more of its environment variables (``FORBIDDEN_WORDS="casino"``).
    """

    def __init__(self, root: Path, tz: str = "UTC", **settings: str) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="archiver-waline-"))
        self.db = self.root / "waline.sqlite"
        self.tz = tz
        con = sqlite3.connect(self.db)
        con.executescript(SCHEMA)
        con.close()
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = self.root / "server.log"
        self.oauth = _OAuthList()
        env = {**os.environ, "WALINE_ROOT": str(root), "SQLITE_PATH": str(self.root),
               "SQLITE_DB": "waline", "JWT_TOKEN": secrets.token_hex(16), "IPQPS": "0",
               "AKISMET_KEY": "false", "OAUTH_URL": self.oauth.url, "TZ": tz, **settings}
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(["node", str(HERE / "launch.js"), str(self.port)],
                                         cwd=self.root, env=env, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_until_serving(timeout=60)
        except BaseException:
            self.close()
            raise

    def _wait_until_serving(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                self.get("/api/comment", path="/", type="count")
                return
            except (OSError, ValueError):
                time.sleep(0.2)
        output = self.log.read_text(errors="replace")[-2000:]
        raise RuntimeError("the Waline server did not start:\n" + output)

    def close(self) -> None:
        stop_group(self.proc, timeout=10)
        self.oauth.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def get(self, endpoint: str, **query: Any) -> Any:
        url = f"{self.base_url}{endpoint}?" + urllib.parse.urlencode(query)
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())

    def raw(self, target: str, /, **query: Any) -> bytes:
        """The body served for a path (with ``query``) or a whole URL, errors included."""
        url = target if target.startswith("http") else f"{self.base_url}{target}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            return error.read()

    def _send(self, method: str, path: str, data: dict) -> dict:
        request = urllib.request.Request(
            f"{self.base_url}{path}?lang=en-US", data=json.dumps(data).encode(),
            method=method, headers={"Content-Type": "application/json", "User-Agent": UA})
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.loads(response.read())
        if answer.get("errno"):
            raise RuntimeError(f"Waline refused {method} {path}: {answer}")
        return answer["data"]

    def post(self, path: str, nick: str, text: str, *, reply_to: dict | None = None,
             link: str | None = None, mail: str | None = None) -> dict:
        """POST /api/comment as the client submits a comment (a reply names pid, rid, at)."""
        data: dict[str, Any] = {"comment": text, "nick": nick, "mail": mail or "",
                                "link": link or "", "url": path, "ua": UA}
        if reply_to is not None:
            data.update(pid=reply_to["objectId"], rid=reply_to.get("rid") or
                        reply_to["objectId"], at=reply_to["nick"])
        return self._send("POST", "/api/comment", data)

    def like(self, comment_id: int) -> dict:
        """PUT /api/comment/ID {"like": true}: what the client's like button sends."""
        return self._send("PUT", f"/api/comment/{comment_id}", {"like": True})

    def truth(self, path: str) -> list[dict]:
        """Waline's own rows for one page's thread, as stored."""
        con = sqlite3.connect(self.db)
        con.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in con.execute(
                "select * from wl_Comment where url = ? order by id", [path])]
        finally:
            con.close()


class Blog:
    """Pages from memory, and the client's npm folder under /npm/@waline/client@v3/."""

    def __init__(self, client: Path | None = None) -> None:
        self.pages: dict[str, bytes] = {}
        pages = self.pages
        prefix = "/npm/@waline/client@v3/"

        class Handler(ReplayHandler):
            def do_GET(self) -> None:
                path = urllib.parse.urlsplit(self.path).path
                body, kind = pages.get(path), "text/html"
                if body is None and client is not None and path.startswith(prefix):
                    file = (client / path[len(prefix):]).resolve()
                    if file.is_file() and file.is_relative_to(client.resolve()):
                        body = file.read_bytes()
                        kind = ("text/javascript" if file.suffix == ".js" else
                                "text/css" if file.suffix == ".css" else
                                "application/octet-stream")
                if body is None:
                    self.send_error(404)
                    return
                self.send_body(body, kind)

        self.stack = contextlib.ExitStack()
        self.base_url = self.stack.enter_context(serve_on_loopback(Handler))

    def close(self) -> None:
        self.stack.close()
