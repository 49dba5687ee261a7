"""End to end: a Blogger post crawled through the CLI, its comment feed's pages
(tests/fixtures/platforms/blogger/) replayed on loopback by start-index; and a blog whose
feed is switched off, archived with its thread marked refused."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "blogger"
POST = "/2024/05/field-notes.html"
FEED = "/feeds/4883578343044831620/comments/default"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta content='blogger' name='generator'/><title>Notebook: Field notes</title>
<meta property="og:type" content="article">
<link rel="alternate" type="application/atom+xml" title="Notebook - Comments"
 href="{base}{feed}" /></head><body><div class='post hentry'>
<h3 class='post-title entry-title'>Field notes</h3>
<span class='post-author vcard'>Posted by <a class='g-profile'
 href='https://www.blogger.com/profile/01234567890123456789'>Mira Holt</a></span>
<div class='post-body entry-content'><p>Three days on the ridge trail, with maps.</p></div>
</div></body></html>"""


class Blog(ReplayHandler):
    feed_on = True

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if parts.path.endswith(POST):
            body, kind = PAGE.format(base=base + parts.path[:-len(POST)], feed=FEED).encode(), \
                "text/html"
        elif parts.path == "/on" + FEED and query.get("alt") == ["json"]:
            case = {"1": "feed-first-page", "4": "feed-last-page"}.get(
                query.get("start-index", [""])[0])
            if case is None:
                self.send_error(400)
                return
            body, kind = (CASES / case / "body.json").read_bytes(), "application/json"
        elif parts.path == "/on" + FEED:
            # The same feed as Atom, which the page's alternate link names for readers.
            body = (b'<?xml version="1.0" encoding="UTF-8"?><feed xmlns='
                    b'"http://www.w3.org/2005/Atom"><title>Comments</title></feed>')
            kind = "application/atom+xml"
        else:
            self.send_error(404)  # /off/feeds/...: the blog's feeds are switched off
            return
        self.send_body(body, kind)


@pytest.fixture(scope="module")
def blog():
    with serve_on_loopback(Blog) as url:
        yield url


def test_a_blogger_thread_is_archived_from_every_feed_page(blog, tmp_path):
    con = crawl_into(blog + "/on" + POST, tmp_path / "blogger.db")
    rows = {r["native_id"]: r for r in con.execute(
        "select c.*, m.user_id, m.is_guest from comments c "
        "join commenters m on m.id = c.commenter_id")}
    assert set(rows) == {"1001", "1002", "1003", "1004", "1005"}
    assert [rows[i]["depth"] for i in ("1001", "1002", "1004", "1005")] == [0, 1, 2, 3]
    assert rows["1003"]["depth"] == 0 and rows["1003"]["is_guest"] == 1
    assert rows["1001"]["published"] == "2024-05-01T08:15:00Z"
    assert rows["1004"]["status"] == "deleted"
    assert rows["1002"]["is_post_author"] == 1
    assert rows["1001"]["user_id"] == "09876543210987654321"
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "blogger"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0


def test_a_feed_switched_off_is_a_refused_thread_not_an_error(blog, tmp_path):
    con = crawl_into(blog + "/off" + POST, tmp_path / "off.db")
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "blogger"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (0, "refused")
    assert con.execute("select count(*) from errors where kind = 'comment_platform'"
                       ).fetchone()[0] == 0
