"""robots.txt end to end: a comment platform on another host obeys that host's robots.txt
(unless the user opts out), and a crawl reads the site's robots.txt once."""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import FIXTURES, ReplayHandler, crawl_into

pytestmark = pytest.mark.slow

DISQUS = FIXTURES / "platforms" / "disqus"
POST = "/why-nobody-reads-the-minutes/"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Why Nobody Reads the Minutes</title><meta property="og:type" content="article">
</head><body><article><h1>Why Nobody Reads the Minutes</h1>
<div class="entry-content"><p>Text.</p></div></article><div id="disqus_thread"></div>
<script>
var disqus_config = function () {
  this.page.url = 'https://civicnotes.example/why-nobody-reads-the-minutes/';
  this.page.identifier = '2190 https://civicnotes.example/?p=2190';
};
(function() { var d = document, s = d.createElement('script');
s.src = 'https://civicnotes.disqus.com/embed.js'; (d.head || d.body).appendChild(s); })();
</script></body></html>"""


class Logged(ReplayHandler):
    """Records every path asked for, on the server object."""

    def do_GET(self) -> None:
        self.server.asked.append(self.path)
        answer = self.answer(urlsplit(self.path))
        if answer is None:
            self.send_error(404)
        else:
            self.send_body(*answer)

    def answer(self, parts) -> tuple[bytes, str] | None:
        raise NotImplementedError


class Site(Logged):
    robots = "User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n"

    def answer(self, parts):
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if parts.path == POST:
            return PAGE.encode(), "text/html"
        if parts.path == "/robots.txt":
            return self.robots.format(base=base).encode(), "text/plain"
        if parts.path == "/sitemap.xml":
            return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                    f'sitemap/0.9"><url><loc>{base}{POST}</loc></url></urlset>').encode(), \
                "application/xml"
        return None


class Platform(Logged):
    """Disqus's embed page and API cursor page; its robots.txt forbids everything."""

    def answer(self, parts):
        query = parse_qs(parts.query)
        if parts.path == "/robots.txt":
            return b"User-agent: *\nDisallow: /\n", "text/plain"
        if parts.path == "/embed/comments/" and query.get("f") == ["civicnotes"]:
            return (DISQUS / "embed-first-page" / "body.html").read_bytes(), "text/html"
        if parts.path == "/api/3.0/threads/listPostsThreaded.json" \
                and query.get("cursor") == ["1:0:0"]:
            return (DISQUS / "cursor-page" / "body.json").read_bytes(), "application/json"
        return None


@contextlib.contextmanager
def serve(handler: type[Logged], host: str) -> Iterator[http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer((host, 0), handler)
    server.asked = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def hosts():
    with serve(Site, "127.0.0.1") as site, serve(Platform, "127.0.0.2") as platform:
        yield site, platform


def _crawl(site, platform, db: Path, *settings: str):
    base = f"http://127.0.0.1:{site.server_address[1]}"
    disqus = f"http://127.0.0.2:{platform.server_address[1]}"
    return base, disqus, crawl_into(base + POST, db,
                                    f"ARCHIVER_DISQUS_EMBED_BASE={disqus}/embed/comments/",
                                    f"ARCHIVER_DISQUS_API_BASE={disqus}/api/3.0/", *settings)


def test_a_platform_endpoint_its_host_robots_txt_forbids_is_a_recorded_gap(hosts, tmp_path):
    site, platform = hosts
    base, disqus, con = _crawl(site, platform, tmp_path / "a.db")
    assert platform.asked == ["/robots.txt"]  # the endpoint itself never requested
    article = con.execute("select * from articles").fetchone()
    assert article["url"] == base + POST
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (0, "refused")
    errors = con.execute("select url, kind, message from errors").fetchall()
    assert [(url.split("?")[0], kind) for url, kind, _message in errors] == [
        (f"{disqus}/embed/comments/", "comment_platform")]
    assert "forbidden by robots.txt" in errors[0]["message"]
    assert base + POST in errors[0]["message"]


def test_the_user_can_let_platform_endpoints_ignore_robots_txt(hosts, tmp_path):
    site, platform = hosts
    _base, _disqus, con = _crawl(site, platform, tmp_path / "a.db",
                                 "ARCHIVER_PLATFORM_ROBOTSTXT_OBEY=False")
    assert "/robots.txt" not in platform.asked
    assert con.execute("select count(*) from comments").fetchone()[0] == 5
    article = con.execute("select * from articles").fetchone()
    assert article["thread_complete"] == 1
    assert con.execute("select count(*) from errors").fetchone()[0] == 0


def test_the_site_robots_txt_is_requested_once_and_its_sitemaps_still_read(hosts, tmp_path):
    site, platform = hosts
    _crawl(site, platform, tmp_path / "a.db")
    assert site.asked.count("/robots.txt") == 1
    assert "/sitemap.xml" in site.asked  # named by robots.txt (and probed): read once
    assert site.asked.count("/sitemap.xml") == 1


def test_without_robots_txt_obeyed_it_is_still_read_for_its_sitemaps(tmp_path):
    class NoProbe(Site):
        robots = "User-agent: *\nSitemap: {base}/listed-sitemap.xml\n"

        def answer(self, parts):
            if parts.path == "/listed-sitemap.xml":
                parts = parts._replace(path="/sitemap.xml")
            elif parts.path == "/sitemap.xml":
                return None
            return super().answer(parts)

    with serve(NoProbe, "127.0.0.1") as site, serve(Platform, "127.0.0.2") as platform:
        _crawl(site, platform, tmp_path / "a.db", "ROBOTSTXT_OBEY=False")
        assert site.asked.count("/robots.txt") == 1
        assert "/listed-sitemap.xml" in site.asked
