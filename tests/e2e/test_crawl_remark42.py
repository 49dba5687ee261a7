"""End to end: a post whose comments are a Remark42 thread, crawled through the CLI with
remark42's tree (tests/fixtures/platforms/remark42/) replayed on loopback for the site,
URL, sort and format the embed's remark_config names."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "remark42"
POST = "/engine-notes/"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Engine notes</title><meta property="og:type" content="article"></head><body>
<article><h1>Engine notes</h1><p>Notes on the analytical engine, with diagrams.</p></article>
<div id="remark42"></div>
<script>var remark_config = {{ host: '{base}/remark', site_id: 'blog' }};</script>
<script src="{base}/remark/web/embed.js" defer></script></body></html>"""


class Site(ReplayHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if parts.path == POST:
            self.send_body(PAGE.format(base=base).encode(), "text/html")
        elif parts.path == "/remark/api/v1/find" and parse_qs(parts.query) == {
                "site": ["blog"], "url": [base + POST], "sort": ["time"], "format": ["tree"]}:
            self.send_body((CASES / "tree" / "body.json").read_bytes(), "application/json")
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def site():
    with serve_on_loopback(Site) as url:
        yield url


def test_a_remark42_tree_is_archived_whole(site, tmp_path):
    con = crawl_into(site + POST, tmp_path / "remark42.db")
    rows = [tuple(r) for r in con.execute(
        "select native_id, parent_native_id, depth, author_name, published, status, edited"
        " from comments order by position")]
    assert rows == [
        ("1", None, 0, "Ann", "2017-12-25T19:46:01Z", "visible", 0),
        ("11", "1", 1, "Ben", "2017-12-25T19:46:11Z", "visible", 1),
        ("111", "11", 2, "visitor", "2017-12-25T19:46:12Z", "visible", 0),
        ("2", None, 0, "Ben", "2017-12-25T19:47:01Z", "visible", 0),
        ("22", "2", 1, "Ann", "2017-12-25T19:47:02Z", "visible", 0),
        ("223", "22", 2, "Anonymous", None, "deleted", 0),
        ("2241", "223", 3, "visitor", "2017-12-25T19:47:05Z", "visible", 0),
        ("221", "22", 2, "Ann", "2017-12-25T19:47:03Z", "visible", 0),
        ("222", "22", 2, "Ben", "2017-12-25T19:47:04Z", "visible", 0),
    ]
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "remark42"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0
