"""A real isso server (from PyPI) on loopback, plus a tiny blog that embeds it.

isso runs with its own configuration in a temporary folder: moderation and the rate
guard off, so a test can populate it at once through isso's HTTP API (POST /new, DELETE
/id/N), exactly as readers' browsers do.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from tests.helpers import ReplayHandler, free_port, serve_on_loopback
from tests.processes import stop_group

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2024-05-01T09:00:00+00:00">
<link rel="canonical" href="{base}{path}">
</head><body>
<article class="post"><h1>{title}</h1><p class="byline">By Ada Writer</p>
<div class="entry-content"><p>{body}</p></div></article>
<script data-isso="{isso}/" src="{isso}/js/embed.min.js"></script>
<section id="isso-thread" data-title="{title}"></section>
</body></html>
"""


class Blog:
    """Static pages served from memory on a loopback port."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        pages = self.pages

        class Handler(ReplayHandler):
            def do_GET(self) -> None:
                body = pages.get(self.path.split("?")[0])
                if body is None:
                    self.send_error(404)
                    return
                self.send_body(body, "application/xml" if self.path.endswith(".xml")
                               else "text/html")

        self.stack = contextlib.ExitStack()
        self.base_url = self.stack.enter_context(serve_on_loopback(Handler))

    def close(self) -> None:
        self.stack.close()


class IssoServer:
    """`isso -c CONFIG run` on a free port; stopped and its folder removed on exit."""

    def __init__(self, host: str) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="archiver-isso-"))
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.cookies: dict[int, str] = {}
        (self.root / "isso.cfg").write_text(f"""[general]
dbpath = {self.root / 'comments.db'}
host = {host}/
[moderation]
enabled = false
[server]
listen = http://127.0.0.1:{self.port}/
[guard]
enabled = false
""")
        isso = shutil.which("isso") or str(Path(sys.executable).with_name("isso"))
        self.proc = subprocess.Popen([isso, "-c", str(self.root / "isso.cfg"), "run"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                error = self.proc.stderr.read().decode()
                self.close()
                raise RuntimeError("isso exited: " + error)
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        self.close()
        raise RuntimeError("isso did not start")

    def close(self) -> None:
        stop_group(self.proc, timeout=10)
        if self.proc.stderr is not None:
            self.proc.stderr.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def post(self, uri: str, author: str | None, text: str, parent: int | None = None,
             website: str | None = None, title: str = "A post") -> dict:
        """POST /new?uri=... as the embed script does; keeps the cookie that allows DELETE."""
        data = {"text": text, "author": author, "website": website, "parent": parent,
                "title": title}
        request = urllib.request.Request(
            f"{self.base_url}/new?uri={urllib.parse.quote(uri)}",
            data=json.dumps(data).encode(), method="POST",
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            created = json.loads(response.read())
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                if name.strip() == str(created["id"]):
                    self.cookies[created["id"]] = rest.split(";")[0]
        return created

    def delete(self, comment_id: int) -> None:
        request = urllib.request.Request(
            f"{self.base_url}/id/{comment_id}", method="DELETE",
            headers={"Cookie": f"{comment_id}={self.cookies[comment_id]}"})
        urllib.request.urlopen(request).read()

    def thread(self, uri: str) -> dict:
        with urllib.request.urlopen(
                f"{self.base_url}/?uri={urllib.parse.quote(uri)}") as response:
            return json.loads(response.read())

