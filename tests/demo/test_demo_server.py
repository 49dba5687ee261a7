"""The loopback server for the demo site."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from archiver.demo import DemoServer, generate_site
from archiver.demo.server import resolve


def _request(base: str, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_serves_pages_and_404s() -> None:
    with DemoServer(n_articles=12, seed=3) as server:
        base = server.base_url
        assert base.startswith("http://127.0.0.1:")
        assert server.truth["site"]["origin"] == base

        status, headers, body = _request(base, "/robots.txt")
        assert status == 200 and b"Disallow: /private/" in body
        assert headers["Content-Type"].startswith("text/plain")

        status, headers, body = _request(base, "/")
        assert status == 200 and b"The Demo Review" in body
        assert headers["Content-Type"] == "text/html; charset=utf-8"

        article = server.truth["articles"][0]
        path = urlsplit(article["url"]).path
        status, headers, body = _request(base, path)
        assert status == 200
        assert body == server.site.files[path + "index.html"][0]
        assert int(headers["Content-Length"]) == len(body)

        status, _, body = _request(base, path + "?utm_source=x")
        assert status == 200 and body == server.site.files[path + "index.html"][0]

        status, headers, _ = _request(base, path.rstrip("/"))
        assert status == 301 and headers["Location"] == path

        status, headers, body = _request(base, "/feed/")
        assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")

        status, headers, body = _request(base, path, method="HEAD")
        assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0

        for missing in ("/nope/", "/2099/01/missing/", "/index.html.bak", "/private/"):
            assert _request(base, missing)[0] == 404
    # Stopped: the port is released.
    try:
        _request(base, "/")
    except OSError:
        pass
    else:
        raise AssertionError("server still answering after stop()")


def test_site_factory_and_separate_servers() -> None:
    calls = []

    def factory(base: str):
        calls.append(base)
        return generate_site(base, n_articles=6, seed=1)

    with DemoServer(factory) as one, DemoServer(n_articles=6, seed=2) as two:
        assert calls == [one.base_url] and one.base_url != two.base_url
        a1 = urlsplit(one.truth["articles"][0]["url"]).path
        assert _request(one.base_url, a1)[0] == 200
        assert one.truth != two.truth


def test_resolve_mapping() -> None:
    files = {"/a/index.html": (b"", "text/html"), "/feed/index.xml": (b"", "x"),
             "/robots.txt": (b"", "text/plain")}
    assert resolve(files, "/a/") == (200, "/a/index.html")
    assert resolve(files, "/a/?q=1#x") == (200, "/a/index.html")
    assert resolve(files, "/feed/") == (200, "/feed/index.xml")
    assert resolve(files, "/a") == (301, "/a/")
    assert resolve(files, "/robots.txt") == (200, "/robots.txt")
    assert resolve(files, "/b/")[0] == 0
