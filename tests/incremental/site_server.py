"""A demo magazine on loopback whose content a test changes between crawls.

Unlike archiver.demo.server.DemoServer it answers conditional requests: every page has an
ETag (a hash of its body) and a Last-Modified (when its body last changed), and a request
whose If-None-Match matches gets 304 Not Modified without a body. ``publish(edit)`` swaps
in a new version of the site generated from the same seed with ``edit`` applied to the
model, so the ground truth follows the content.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from archiver.demo.generator import DemoSite, generate_site
from archiver.demo.model import Article
from archiver.demo.server import resolve

Edit = Callable[[list[Article]], None]


class ChangingSite:
    def __init__(self, n_articles: int = 12, seed: int = 2024) -> None:
        self.n_articles = n_articles
        self.seed = seed
        self.files: dict[str, tuple[bytes, str, str, str]] = {}
        self.site: DemoSite | None = None
        self.requests: list[tuple[str, int]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner._serve(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()

    def publish(self, edit: Edit | None = None) -> dict[str, Any]:
        """Serve the site as generated with ``edit``; returns its ground truth."""
        self.site = generate_site(self.base_url, n_articles=self.n_articles, seed=self.seed,
                                  edit=edit)
        now = formatdate(usegmt=True)
        files = {}
        for path, (body, content_type) in self.site.files.items():
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            old = self.files.get(path)
            modified = old[3] if old is not None and old[2] == etag else now
            files[path] = (body, content_type, etag, modified)
        self.files = files  # one assignment: a request sees the old or the new site
        return self.site.truth

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        files = self.files
        status, key = resolve(files, handler.path)  # type: ignore[arg-type]
        if status == 200:
            body, content_type, etag, modified = files[key]
            if handler.headers.get("If-None-Match") == etag:
                self.requests.append((handler.path, 304))
                handler.send_response(304)
                handler.send_header("ETag", etag)
                handler.end_headers()
                return
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("ETag", etag)
            handler.send_header("Last-Modified", modified)
        elif status == 301:
            body = b""
            handler.send_response(301)
            handler.send_header("Location", key)
        else:
            body = b"<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>"
            handler.send_response(404)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
        self.requests.append((handler.path, status or 404))
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
