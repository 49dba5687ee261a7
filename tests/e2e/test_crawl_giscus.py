"""End to end: a post whose comments are a giscus discussion, crawled through the CLI with
the giscus API's two pages (tests/fixtures/platforms/giscus/) replayed on loopback (a
self-hosted giscus: the API is on client.js's origin); the second page's replies are not
all served, and the thread says so."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "giscus"
POST = "/posts/engine-notes.html"
PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Engine notes</title><meta property="og:type" content="article"></head><body>
<article><h1>Engine notes</h1><p>Notes on the analytical engine, with diagrams.</p></article>
<script src="/client.js" data-repo="octo/blog" data-repo-id="R_kgDOAbCdEs"
  data-category="Announcements" data-category-id="DIC_kwDOAbCdEs4CAbCd"
  data-mapping="pathname" data-strict="0" data-theme="light" async></script></body></html>"""
QUERY = {"repo": ["octo/blog"], "term": ["posts/engine-notes"], "category": ["Announcements"],
         "strict": ["false"], "first": ["15"]}
CURSOR = "Y3Vyc29yOnYyOpK0MjAyMS0wNi0wMlQwOTowMDowMFo="


class Site(ReplayHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        if parts.path == POST:
            self.send_body(PAGE, "text/html")
        elif parts.path == "/api/discussions" and query == QUERY:
            self.send_body((CASES / "page-1" / "body.json").read_bytes(), "application/json")
        elif parts.path == "/api/discussions" and query == {**QUERY, "after": [CURSOR]}:
            self.send_body((CASES / "page-2" / "body.json").read_bytes(), "application/json")
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def site():
    with serve_on_loopback(Site) as url:
        yield url


def test_a_giscus_discussion_is_archived_and_unserved_replies_are_said(site, tmp_path):
    con = crawl_into(site + POST, tmp_path / "giscus.db")
    rows = [tuple(r) for r in con.execute(
        "select substr(native_id, -4), substr(parent_native_id, -4), author_name, published,"
        " status, likes, edited from comments order by position")]
    assert rows == [
        ("AQAB", None, "mona", "2021-06-01T10:00:00Z", "visible", 4, 1),
        ("AQBB", "AQAB", "hubot", "2021-06-01T11:00:00Z", "visible", None, 0),
        ("AQBC", "AQAB", "mona", "2021-06-01T12:00:00Z", "visible", None, 0),
        ("AQAC", None, "Anonymous", "2021-06-02T09:00:00Z", "deleted", 0, 0),
        ("AQAD", None, "spammer", "2021-06-04T08:00:00Z", "removed-by-moderator", 0, 0),
        ("AQBD", "AQAD", "octocat", "2021-06-04T09:00:00Z", "visible", None, 0),
    ]
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "giscus"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (0, "failed")
    assert [tuple(e) for e in con.execute("select kind, message from errors")] == [
        ("comment_platform", "giscus did not serve 1 of the 2 replies to DC_kwDOAbCdEs4AAQAD")]
