"""A small commentary site on loopback whose pages each misbehave in one way.

``FaultSite`` serves articles (WordPress-style markup the extractor reads) with a fault
attached to some paths. ``faults_on`` switches every fault off (a healthy site, to crawl
first) or on. Faults that fail only the first request of a path ("once") count requests
per path; ``reset()`` starts the counts again. The server records when each request
arrived (monotonic), so tests can measure the gaps a crawler leaves.

Run alone to look at it: ``python -m tests.faults.site`` prints its URL and serves.
"""

from __future__ import annotations

import gzip
import html
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Article:
    slug: str
    title: str
    fault: str | None = None  # a key of FAULTS, applied to the article page
    # Comments as (id, author, text); a second list makes a comment page 2.
    comments: list[tuple[str, str, str]] = field(default_factory=list)
    page2: list[tuple[str, str, str]] = field(default_factory=list)
    page2_fault: str | None = None
    padding: int = 0  # paragraphs added to the article body: a huge page

    @property
    def path(self) -> str:
        return f"/2024/05/{self.slug}/"


def _comments(base: int, n: int) -> list[tuple[str, str, str]]:
    """n comments with WordPress's numeric ids, from base + 1."""
    return [(str(base + i), f"Reader {base + i}", f"Comment {i} of {base}.")
            for i in range(1, n + 1)]


def build_articles() -> list[Article]:
    """The site's articles: healthy ones, and one per fault."""
    articles = [
        Article("healthy-one", "Healthy one", comments=_comments(100, 3)),
        Article("healthy-two", "Healthy two", comments=_comments(200, 2)),
        Article("healthy-gzip", "Healthy gzip", "gzip_ok", _comments(300, 3)),
        Article("healthy-paged", "Healthy paged", comments=_comments(400, 3),
                page2=_comments(500, 3)),
        Article("thread-cut-gzip", "Thread cut gzip", comments=_comments(600, 3),
                page2=_comments(700, 40), page2_fault="gzip_truncated"),
        Article("thread-cut-short", "Thread cut short", comments=_comments(800, 3),
                page2=_comments(900, 40), page2_fault="short_body"),
        Article("truncated-gzip", "Truncated gzip", "gzip_truncated", _comments(1000, 40)),
        Article("truncated-deflate", "Truncated deflate", "deflate_truncated",
                _comments(1100, 40)),
        Article("short-body", "Short body", "short_body", _comments(1200, 40)),
        Article("flaky-503", "Flaky 503", "503_once", _comments(1300, 2)),
        Article("busy-429", "Busy 429", "429_retry_after_once", _comments(1400, 2)),
        Article("busy-date", "Busy date", "503_retry_after_date_once", _comments(1500, 2)),
        Article("busy-forever", "Busy forever", "503_retry_after_long", _comments(1600, 2)),
        Article("always-500", "Always 500", "500_always", _comments(1700, 2)),
        Article("always-503", "Always 503", "503_always", _comments(1800, 2)),
        Article("reset-once", "Reset once", "reset_once", _comments(1900, 2)),
        Article("reset-always", "Reset always", "reset_always", _comments(2000, 2)),
        Article("stall", "Stall", "stall_always", _comments(2100, 2)),
        Article("charset-latin1-label", "Charset latin1 label café", "charset_label_latin1",
                [("9001", "Zoë", "Déjà vu, naïve café – “quoted”.")]),
        Article("charset-utf8-label", "Charset utf8 label café", "charset_label_utf8",
                [("9101", "Zoë", "Déjà vu, naïve café.")]),
        Article("huge", "Huge", comments=_comments(2200, 3), padding=20_000),
        # ~10 MB once decompressed: past the test's DOWNLOAD_MAXSIZE.
        Article("gzip-bomb", "Gzip bomb", "gzip_bomb", _comments(2300, 3), padding=200_000),
    ]
    return articles


# Paths outside the articles, each with its fault.
EXTRA_FAULTS = {
    "/sitemap.xml": "malformed_sitemap",
    "/feed/": "malformed_feed",
    "/loop/": "redirect_loop",
}


def _comment_html(comment: tuple[str, str, str], url: str) -> str:
    cid, author, text = comment
    return (
        f'<li id="comment-{cid}" class="comment depth-1">'
        f'<article id="div-comment-{cid}" class="comment-body">'
        f'<footer class="comment-meta"><div class="comment-author vcard">'
        f'<b class="fn">{html.escape(author)}</b> <span class="says">says:</span></div>'
        f'<div class="comment-metadata"><a href="{url}#comment-{cid}">'
        f'<time datetime="2024-05-02T10:00:00+00:00">May 2, 2024</time></a></div></footer>'
        f'<div class="comment-content"><p>{html.escape(text)}</p></div></article></li>'
    )


def page_html(article: Article, page: int = 1, charset: str | None = "utf-8") -> str:
    """An article page (page 1) or its comment page 2, WordPress-style."""
    comments = article.comments if page == 1 else article.page2
    nav = ""
    if article.page2 and page == 1:
        nav = f'<div class="nav-links"><a class="next" href="{article.path}comment-page-2/' \
              f'#comments">Newer comments</a></div>'
    elif page == 2:
        nav = f'<div class="nav-links"><a class="prev" href="{article.path}#comments">' \
              f'Older comments</a></div>'
    padding = "".join(f"<p>Padding paragraph {i} of a very long article.</p>"
                      for i in range(article.padding))
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head>{meta}'
        f"<title>{html.escape(article.title)} – Fault Weekly</title>"
        f'<meta property="og:type" content="article">'
        f'<link rel="canonical" href="{article.path}"></head><body>'
        f'<article class="post hentry"><h1 class="entry-title">{html.escape(article.title)}'
        f'</h1><p class="byline">By <a rel="author" href="/author/ada/">Ada Lovelace</a></p>'
        f'<time class="entry-date published" datetime="2024-05-02T09:30:00+00:00">'
        f'May 2, 2024</time><div class="entry-content"><p>The body of {article.slug}.</p>'
        f"{padding}</div></article>"
        f'<div id="comments" class="comments-area"><ol class="comment-list">'
        f'{"".join(_comment_html(c, article.path) for c in comments)}</ol>{nav}</div>'
        f"</body></html>"
    )


class _Server(ThreadingHTTPServer):
    # socketserver's backlog of 5 drops the SYNs of a crawler opening 16 connections at
    # once; their retransmission comes after the test's low DOWNLOAD_TIMEOUT.
    request_queue_size = 128
    daemon_threads = True


class FaultSite:
    """The server: ``with FaultSite() as site: site.url`` ... stopped on exit."""

    def __init__(self, crawl_delay: float | None = None,
                 articles: list[Article] | None = None) -> None:
        self.articles = build_articles() if articles is None else articles
        self.crawl_delay = crawl_delay
        self.faults_on = True
        self.requests: list[tuple[float, str]] = []  # (monotonic time, path)
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FaultSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()  # stalled handlers return at once
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def reset(self, faults_on: bool = True) -> None:
        with self._lock:
            self.faults_on = faults_on
            self.requests.clear()
            self._counts.clear()

    def fault_paths(self) -> dict[str, str]:
        """Every faulty path and its fault."""
        faults = dict(EXTRA_FAULTS)
        for article in self.articles:
            if article.fault:
                faults[article.path] = article.fault
            if article.page2_fault:
                faults[f"{article.path}comment-page-2/"] = article.page2_fault
        return faults

    def count(self, path: str) -> int:
        with self._lock:
            self._counts[path] += 1
            self.requests.append((time.monotonic(), path))
            return self._counts[path]

    def index_html(self) -> str:
        links = "".join(f'<li><a href="{a.path}">{html.escape(a.title)}</a></li>'
                        for a in self.articles)
        return (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Fault Weekly</title>'
            '<link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>'
            f'<ul>{links}</ul><a href="/loop/">a loop</a></body></html>'
        )

    def robots_txt(self) -> str:
        delay = f"Crawl-delay: {self.crawl_delay:g}\n" if self.crawl_delay else ""
        return f"User-agent: *\n{delay}Allow: /\n"

    def route(self, path: str) -> tuple[str | None, str | None]:
        """(body text, fault) of a path; body None for a 404."""
        if path == "/":
            return self.index_html(), None
        if path == "/robots.txt":
            return self.robots_txt(), None
        if path == "/author/ada/":
            return "<!DOCTYPE html><html><head><title>Ada</title></head><body></body></html>", None
        for article in self.articles:
            if path == article.path:
                return page_html(article), article.fault
            if article.page2 and path == f"{article.path}comment-page-2/":
                return page_html(article, 2), article.page2_fault
        if path in EXTRA_FAULTS:
            return "", EXTRA_FAULTS[path]
        return None, None


def _handler(site: FaultSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            nth = site.count(path)
            text, fault = site.route(path)
            if text is None:
                self._send(404, b"not found", "text/plain")
                return
            if not site.faults_on or fault is None:
                fault = None
            self._serve(path, text, fault, nth)

        def _send(self, status: int, body: bytes, content_type: str = "text/html",
                  headers: dict[str, str] | None = None, sent: bytes | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            if status == 200:
                # A validator, as most servers send: a body cut short must not lend it
                # to the next crawl's conditional request.
                self.send_header("ETag", f'"{zlib.crc32(body):08x}"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body if sent is None else sent)
            if sent is not None:
                self.close_connection = True

        def _reset(self) -> None:
            # SO_LINGER 0: close sends a TCP RST, not a FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True

        def _serve(self, path: str, text: str, fault: str | None, nth: int) -> None:
            html_type = "text/html; charset=utf-8"
            body = text.encode("utf-8")
            if path == "/robots.txt":
                self._send(200, body, "text/plain")
            elif fault is None:
                self._send(200, body, html_type)
            elif fault in ("gzip_ok", "gzip_bomb"):
                self._send(200, gzip.compress(body), html_type, {"Content-Encoding": "gzip"})
            elif fault in ("gzip_truncated", "deflate_truncated"):
                packed = gzip.compress(body) if fault == "gzip_truncated" \
                    else zlib.compress(body)
                cut = packed[: len(packed) * 2 // 3]  # a Content-Length that matches the cut
                self._send(200, cut, html_type,
                           {"Content-Encoding": fault.split("_")[0]})
            elif fault == "short_body":
                self._send(200, body, html_type, sent=body[: len(body) // 2])
            elif (fault == "503_once" and nth == 1) or fault == "503_always":
                self._send(503, b"busy", "text/plain")
            elif fault == "429_retry_after_once" and nth == 1:
                self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
            elif fault == "503_retry_after_date_once" and nth == 1:
                self._send(503, b"busy", "text/plain",
                           {"Retry-After": formatdate(time.time() + 2, usegmt=True)})
            elif fault == "503_retry_after_long":
                self._send(503, b"busy", "text/plain", {"Retry-After": "3600"})
            elif fault == "500_always":
                self._send(500, b"broken", "text/plain")
            elif (fault == "reset_once" and nth == 1) or fault == "reset_always":
                self._reset()
            elif fault == "stall_always":
                site._stop.wait(10)  # past the test's DOWNLOAD_TIMEOUT (3 s)
                self.close_connection = True
            elif fault == "charset_label_latin1":
                # The header says latin-1; the bytes are UTF-8 (no <meta> to tell).
                body = text.replace('<meta charset="utf-8">', "").encode("utf-8")
                self._send(200, body, "text/html; charset=iso-8859-1")
            elif fault == "charset_label_utf8":
                # The header says UTF-8; the bytes are windows-1252.
                body = text.replace('<meta charset="utf-8">', "").encode("cp1252")
                self._send(200, body, html_type)
            elif fault == "malformed_sitemap":
                self._send(200, b"<?xml version='1.0'?><urlset><url><loc>&bogus;<<</",
                           "application/xml")
            elif fault == "malformed_feed":
                self._send(200, b"<?xml version='1.0'?><rss><channel><item><link>",
                           "application/rss+xml")
            elif fault == "redirect_loop":
                self._send(302, b"", "text/plain", {"Location": f"/loop/?n={nth}"})
            else:  # a "once" fault after its first time
                self._send(200, body, html_type)

    return Handler


if __name__ == "__main__":
    with FaultSite() as served:
        print(served.url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
