"""End to end: a link-dense magazine (bench/dense_site.py: tag clouds, year archives,
related articles, share links, dead footer links, like/dislike/flag/reply links on every
comment) crawled with no profile. Every article is archived exactly, no action link is
requested, repeated links cost no request, and the crawl row says what was decided."""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import threading
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from archiver.demo.server import _Handler
from archiver.demo.verify import compare
from archiver.store.read import article_records
from tests.helpers import REPO, run_cli

sys.path.insert(0, str(REPO / "bench"))
from dense_site import ACTION_PATTERN, DEAD_FOOTER, generate_dense_site

pytestmark = pytest.mark.slow

N_ARTICLES = 150  # enough that the site's listings are fewer pages than its articles


class _Recording(_Handler):
    requested: list[str]

    def do_GET(self) -> None:
        self.requested.append(self.path)
        super().do_GET()


@pytest.fixture(scope="module")
def dense_crawl(tmp_path_factory):
    return _crawl(tmp_path_factory, N_ARTICLES)


def _crawl(tmp_path_factory, n_articles: int, *options: str):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recording)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    site = generate_dense_site(base, n_articles=n_articles)
    requested: list[str] = []
    httpd.RequestHandlerClass = type("Dense", (_Recording,),
                                     {"files": site.files, "requested": requested})
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    try:
        db = tmp_path_factory.mktemp("dense") / "dense.db"
        result = run_cli("crawl", base + "/", "--db", str(db),
                         "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=8",
                         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
                         # No profile; the one thing a user must say: local times on its
                         # pages carry no offset.
                         "-s", f"ARCHIVER_TIMEZONE={site.truth['site']['timezone']}",
                         *options)
    finally:
        httpd.shutdown()
        thread.join(timeout=5)
        httpd.server_close()
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    return site, db, requested


def test_every_article_is_archived_exactly_with_no_profile(dense_crawl):
    site, db, _ = dense_crawl
    assert compare(site.truth, list(article_records(db))) == []


def test_no_action_link_is_ever_requested(dense_crawl):
    site, _, requested = dense_crawl
    pages = [p for p in site.files.values() if p[1].startswith("text/html")]
    printed = [href for body, _ in pages
               for href in re.findall(r'href="([^"]+)"', body.decode("latin-1"))
               if ACTION_PATTERN.search(href)]
    assert len(printed) > 10 * len(pages)  # the site does print them, everywhere
    assert [p for p in requested if ACTION_PATTERN.search(p)] == []
    assert not any(urlsplit(p).path.startswith("/comment/") for p in requested)


def test_repeated_links_cost_no_request_and_decisions_are_in_the_crawl_row(dense_crawl):
    site, db, requested = dense_crawl
    # robots.txt is read once (by Scrapy's RobotsTxtMiddleware), and is no page.
    pages = [p for p in requested if p != "/robots.txt"]
    assert sorted(p for p in set(pages) if pages.count(p) > 1) == []
    assert len(requested) / len(site.truth["articles"]) < 3
    # Every request is a file of the site or one of its dead footer links (and robots.txt).
    served = {path.removesuffix("index.html").removesuffix("index.xml") for path in site.files}
    assert set(pages) - served <= set(DEAD_FOOTER)
    with sqlite3.connect(db) as conn:
        stats = json.loads(conn.execute("select stats from crawls").fetchone()[0])
    followed = stats["archiver/links/followed/page"]
    assert stats["archiver/links/found"] > 100 * followed / 3
    assert stats["archiver/links/skipped/seen/page"] > 10 * followed
    for reason in ("vote", "flag", "reply", "share"):
        assert stats[f"archiver/links/skipped/action/{reason}"] > 0
    assert stats["archiver/links/skipped/offsite/offsite"] > 0
    # The seen set holds every page URL requested, in 8-16 bytes each.
    assert stats["archiver/links/requested_urls"] >= followed
    assert stats["archiver/links/requested_urls_bytes"] <= max(
        32 * stats["archiver/links/requested_urls"], 8 * 4096)
    # Scrapy's own dupefilter has (almost) nothing left to throw away.
    assert stats.get("dupefilter/filtered", 0) < len(site.truth["articles"])


def test_page_links_held_back_as_urls_are_all_crawled_in_the_end(tmp_path_factory):
    # Two requests in the scheduler at most: nearly every link a listing names waits in
    # the spider as a URL, released as pages are read and when the crawl falls idle.
    site, db, requested = _crawl(tmp_path_factory, 40, "-s", "ARCHIVER_LINKS_AHEAD=2")
    assert compare(site.truth, list(article_records(db))) == []
    pages = [p for p in requested if not p.startswith(("/robots.txt", "/sitemap"))]
    assert len(pages) == len(set(pages))
