"""End to end: a story whose comments are a Coral Talk stream, crawled through the CLI with
the GraphQL answers (tests/fixtures/platforms/coral/) replayed on loopback: two story pages
and the replies at each depth, every one a POST to /api/graphql told apart by its body."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "coral"
POST = "/2023/02/story.html"
PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>A story</title><meta property="og:type" content="article"></head><body>
<article><h1>A story</h1><p>What happened at the harbour, told by those who were there.</p>
</article><div id="coral_thread"></div>
<script type="text/javascript">
  (function() {
    var d = document, s = d.createElement('script');
    s.src = '/assets/js/embed.js'; s.defer = true;
    s.onload = function() {
      Coral.createStreamEmbed({ id: "coral_thread", autoRender: true, rootURL: '/',
                                storyID: 'story-42' });
    };
    (d.head || d.body).appendChild(s);
  })();
</script></body></html>"""
K1 = "a1000000-0000-4000-8000-000000000001"
Q1 = "b2000000-0000-4000-8000-000000000001"


class Site(ReplayHandler):
    def do_GET(self) -> None:
        if self.path == POST:
            self.send_body(PAGE, "text/html")
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        sent = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        variables = sent.get("variables") or {}
        case = None
        if self.path == "/api/graphql" and "story(" in sent.get("query", ""):
            if variables.get("id") == "story-42":
                case = {None: "story-1", "2023-02-01T11:00:00.000Z": "story-2"}.get(
                    variables.get("after"))
        elif self.path == "/api/graphql" and variables.get("after") is None:
            case = {K1: "replies-k1", Q1: "replies-q1"}.get(variables.get("id"))
        if case is None:
            self.send_error(400)
            return
        self.send_body((CASES / case / "body.json").read_bytes(), "application/json")


@pytest.fixture(scope="module")
def site():
    with serve_on_loopback(Site) as url:
        yield url


def test_a_coral_stream_is_archived_at_every_depth(site, tmp_path):
    con = crawl_into(site + POST, tmp_path / "coral.db")
    rows = [tuple(r) for r in con.execute(
        "select substr(native_id, 1, 1) || substr(native_id, -1),"
        " substr(parent_native_id, 1, 1) || substr(parent_native_id, -1), depth, author_name,"
        " published, status, edited, likes from comments order by position")]
    assert rows == [
        ("a1", None, 0, "reader_one", "2023-02-01T10:00:00Z", "visible", 1, 5),
        ("b1", "a1", 1, "reader_two", "2023-02-01T12:00:00Z", "visible", 0, 0),
        ("b3", "b1", 2, "reader_one", "2023-02-01T14:00:00Z", "visible", 0, 0),
        ("b2", "a1", 1, "reader_three", "2023-02-01T13:00:00Z", "visible", 0, 0),
        ("a2", None, 0, "Anonymous", "2023-02-01T11:00:00Z", "deleted", 0, 0),
        ("a3", None, 0, "reader_three", "2023-02-03T09:00:00Z", "visible", 0, 0),
    ]
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "coral"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0
