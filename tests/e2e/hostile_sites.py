"""Loopback sites for the scope tests: a server that records every request it answers,
and the markup of a small blog article with comments."""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# (status, headers, body) for a request path (with its query).
Route = Callable[[str], tuple[int, dict[str, str], bytes]]


class RecordingServer:
    """An HTTP server on `host` (any 127.x address) answering from `route`; `requests`
    lists every path asked, in order. Stop it with close() (or use it as a context)."""

    def __init__(self, route: Route, host: str = "127.0.0.1") -> None:
        self.requests: list[str] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with server._lock:
                    server.requests.append(self.path)
                status, headers, body = route(self.path)
                self.send_response(status)
                headers = {"Content-Type": "text/html; charset=utf-8", **headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer((host, 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://{host}:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def __enter__(self) -> RecordingServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def ok(body: str, content_type: str = "text/html; charset=utf-8"
       ) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": content_type}, body.encode()


def not_found() -> tuple[int, dict[str, str], bytes]:
    return 404, {}, b"<html><body>not here</body></html>"


def article(title: str, *, head: str = "", body_class: str = "", extra: str = "",
            comments: list[tuple[int, str, str]] = ((1, "Ada", "First!"),),
            comment_links: Callable[[int], str] | None = None) -> str:
    """A blog post with JSON-LD and WordPress-style comments. `comment_links(id)` adds
    markup (like, flag, reply links...) to each comment."""
    items = []
    for cid, name, text in comments:
        links = comment_links(cid) if comment_links else ""
        items.append(
            f'<li class="comment" id="comment-{cid}"><article class="comment-body">'
            f'<footer class="comment-meta"><div class="comment-author vcard">'
            f'<b class="fn">{html.escape(name)}</b></div><div class="comment-metadata">'
            f'<time datetime="2024-05-02T10:0{cid % 10}:00+00:00">May 2, 2024</time></div>'
            f'</footer><div class="comment-content"><p>{html.escape(text)}</p></div>'
            f'{links}</article></li>')
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta property="og:type" content="article">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "BlogPosting",
"headline": "{html.escape(title)}", "datePublished": "2024-05-01T09:00:00+00:00",
"author": {{"@type": "Person", "name": "Jo Writer"}}}}</script>
{head}</head><body class="{body_class}"><main><article class="post">
<h1 class="entry-title">{html.escape(title)}</h1>
<div class="entry-content"><p>{html.escape(title)}: a few sentences of an article body, long
enough to read as one. It says what it says, and then it stops.</p></div></article>
<div id="comments" class="comments-area"><ol class="comment-list">{''.join(items)}</ol></div>
{extra}</main></body></html>"""
