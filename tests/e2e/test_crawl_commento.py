"""End to end: a post whose comments are a Commento thread, crawled through the CLI with
the list response (tests/fixtures/platforms/commento/) replayed on loopback; the request is
the POST commento.js sends, with the page's host and path. A list Commento refuses is one
error row and an incomplete thread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "commento"
POST = "/engine-notes/"
CLOSED = "/closed-notes/"
PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Engine notes</title><meta property="og:type" content="article"></head><body>
<article><h1>Engine notes</h1><p>Notes on the analytical engine, with diagrams.</p></article>
<div id="commento"></div><script defer src="/js/commento.js"></script></body></html>"""


class Site(ReplayHandler):
    def do_GET(self) -> None:
        if self.path in (POST, CLOSED):
            self.send_body(PAGE, "text/html")
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        sent = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        host = f"127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/api/comment/list" and sent == {
                "commenterToken": "anonymous", "domain": host, "path": POST}:
            self.send_body((CASES / "list" / "body.json").read_bytes(), "application/json")
        elif self.path == "/api/comment/list" and sent.get("path") == CLOSED:
            self.send_body((CASES / "refused" / "body.json").read_bytes(), "application/json")
        else:
            self.send_error(400)


@pytest.fixture(scope="module")
def site():
    with serve_on_loopback(Site) as url:
        yield url


def test_a_commento_thread_is_archived_from_its_list(site, tmp_path):
    con = crawl_into(site + POST, tmp_path / "commento.db")
    rows = [dict(r) for r in con.execute(
        "select c.native_id, c.parent_native_id, c.author_name, c.published, c.status,"
        " c.likes, m.is_guest from comments c join commenters m on m.id = c.commenter_id"
        " order by c.position")]
    assert [(r["native_id"][:8], (r["parent_native_id"] or "")[:8], r["author_name"],
             r["published"], r["status"]) for r in rows] == [
        ("3a0b1c2d", "", "Ada Lovelace", "2020-03-05T10:00:00Z", "visible"),
        ("4b1c2d3e", "3a0b1c2d", "Bob", "2020-03-05T11:02:13Z", "visible"),
        ("5c2d3e4f", "", "Anonymous", "2020-03-06T07:30:00Z", "deleted"),
        ("6d3e4f50", "5c2d3e4f", "Anonymous", "2020-03-06T08:45:59Z", "visible"),
    ]
    assert (rows[0]["likes"], rows[3]["is_guest"]) == (3, 1)
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "commento"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0


def test_a_refused_list_is_recorded_and_the_thread_left_incomplete(site, tmp_path):
    con = crawl_into(site + CLOSED, tmp_path / "refused.db")
    assert con.execute("select count(*) from comments").fetchone()[0] == 0
    article = con.execute("select * from articles").fetchone()
    assert (article["comment_platform"], article["thread_complete"],
            article["thread_incomplete_reason"]) == ("commento", 0, "failed")
    (error,) = con.execute("select kind, message from errors").fetchall()
    assert error["kind"] == "comment_platform"
    assert error["message"].endswith(
        "/api/comment/list: Commento refused the list: This domain is not registered with "
        "Commento.")
