"""Serve a generated demo site from memory on loopback.

Run by hand with ``python -m archiver.demo.server --port 8123 --articles 60``.
URL mapping mirrors a static web server over `DemoSite.write()` output: "/x/" serves
"/x/index.html" (or "/x/index.xml"), "/x" redirects to "/x/" when that exists, query strings
are ignored, everything else is 404.
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from archiver.demo.generator import DemoSite, generate_site

SiteFactory = Callable[[str], DemoSite]


def resolve(files: dict[str, tuple[bytes, str]], raw_path: str) -> tuple[int, str]:
    """Map a request path to (status, file key or redirect target); status 0 means not found."""
    path = unquote(urlsplit(raw_path).path) or "/"
    if path.endswith("/"):
        for index in ("index.html", "index.xml"):
            if path + index in files:
                return 200, path + index
        return 0, ""
    if path in files:
        return 200, path
    if path + "/index.html" in files or path + "/index.xml" in files:
        return 301, path + "/"
    return 0, ""


class _Handler(BaseHTTPRequestHandler):
    server_version = "DemoReview/1.0"
    files: ClassVar[dict[str, tuple[bytes, str]]] = {}

    def _respond(self, with_body: bool) -> None:
        status, key = resolve(self.files, self.path)
        if status == 200:
            body, content_type = self.files[key]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
        elif status == 301:
            body = b""
            self.send_response(301)
            self.send_header("Location", key)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        else:
            body = b"<!DOCTYPE html><html><head><title>Not Found</title></head><body>" \
                   b"<h1>Not Found</h1></body></html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # tests and crawls would drown in access logs


class DemoServer:
    """The demo site on a free loopback port, served from a daemon thread.

    The port is bound before generating, because the site's links carry its base URL.
    Use as a context manager, or call start()/stop().
    """

    def __init__(
        self,
        site_factory: SiteFactory | None = None,
        *,
        n_articles: int = 60,
        seed: int = 2024,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self._httpd = ThreadingHTTPServer((host, port), _Handler)
        self._httpd.daemon_threads = True
        bound_host, bound_port = self._httpd.server_address[:2]
        self.base_url = f"http://{bound_host}:{bound_port}"
        factory = site_factory or (lambda base: generate_site(base, n_articles=n_articles,
                                                              seed=seed))
        try:
            self.site = factory(self.base_url)
        except BaseException:
            self._httpd.server_close()
            raise
        # A per-instance handler class, so two servers never share their files.
        self._httpd.RequestHandlerClass = type("DemoHandler", (_Handler,),
                                               {"files": self.site.files})
        self._thread: threading.Thread | None = None

    @property
    def truth(self) -> dict[str, Any]:
        """The ground truth of the served site."""
        return self.site.truth

    def start(self) -> DemoServer:
        """Start serving (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever,
                                            kwargs={"poll_interval": 0.1},
                                            name="demo-server", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    """Serve the demo site until interrupted; optionally also write it to a directory."""
    parser = argparse.ArgumentParser(description="Serve the archiver demo magazine.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--write", metavar="DIR", help="also write the files and truth.json here")
    args = parser.parse_args(argv)
    server = DemoServer(n_articles=args.articles, seed=args.seed, host=args.host, port=args.port)
    if args.write:
        server.site.write(args.write)
    server.start()
    print(f"The Demo Review ({args.articles} articles) at {server.base_url}/  (Ctrl-C to stop)",
          flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
