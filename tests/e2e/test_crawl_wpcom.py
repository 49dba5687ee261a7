"""End to end: a WordPress.com-hosted post crawled through the CLI, its comments read from
the public REST API's answers (tests/fixtures/platforms/wpcom/) replayed on loopback; and
the same post when the API refuses, read from the comments the page prints."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "wpcom"
POST = "/2024/04/02/spring-count/"


def _comment(cid: int, name: str, date: str, text: str, children: str = "") -> str:
    return (f'<li id="comment-{cid}" class="comment"><article id="div-comment-{cid}" '
            f'class="comment-body"><footer class="comment-meta"><div class="comment-author '
            f'vcard"><b class="fn">{name}</b> <span class="says">says:</span></div>'
            f'<div class="comment-metadata"><a href="{POST}#comment-{cid}"><time '
            f'datetime="{date}">{date}</time></a></div></footer><div class="comment-content">'
            f'<p>{text}</p></div></article>{children}</li>')


THREAD = _comment(9001, "Hal Ostrander", "2024-04-02T09:15:27-07:00",
                  "Counted 14 swifts over the river this morning.",
                  '<ol class="children">'
                  + _comment(9002, "Mira Bell", "2024-04-02T11:02:51-07:00",
                             "Thanks Hal &#8212; adding them.")
                  + _comment(9004, "Ines", "2024-04-04T20:40:10-07:00",
                             "Same here, 9 on Tuesday.") + "</ol>")
PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Spring count</title>
<meta name="generator" content="WordPress.com" /><meta property="og:type" content="article">
</head><body class="post-template-default single single-post postid-4121">
<article><h1 class="entry-title">Spring count</h1><div class="entry-content"><p>The first
count of the year.</p></div></article><div id="comments" class="comments-area">
<ol class="comment-list">{THREAD}</ol></div></body></html>"""


class Blog(ReplayHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        case = None
        if parts.path == POST:
            self.send_body(PAGE.encode(), "text/html")
            return
        if parts.path.startswith("/off/"):
            self.send_error(403)  # a private blog's API
            return
        if parts.path == "/on/rest/v1.1/sites/127.0.0.1/posts/4121":
            case = "post"
        elif parts.path == "/on/rest/v1.1/sites/127.0.0.1/posts/4121/replies/":
            case = {"1": "replies-page-1", "2": "replies-page-2"}.get(query.get("page", [""])[0])
        if case is None:
            self.send_error(404)
            return
        self.send_body((CASES / case / "body.json").read_bytes(), "application/json")


@pytest.fixture(scope="module")
def blog():
    with serve_on_loopback(Blog) as url:
        yield url


def _thread(con) -> dict:
    return {r["native_id"]: (r["parent_native_id"], r["depth"], r["author_name"],
                             r["published"]) for r in con.execute("select * from comments")}


EXPECTED = {"9001": (None, 0, "Hal Ostrander", "2024-04-02T16:15:27Z"),
            "9002": ("9001", 1, "Mira Bell", "2024-04-02T18:02:51Z"),
            "9004": ("9001", 1, "Ines", "2024-04-05T03:40:10Z")}


def test_a_wordpress_com_post_is_read_from_the_public_api(blog, tmp_path):
    con = crawl_into(blog + POST, tmp_path / "on.db",
                     f"ARCHIVER_WPCOM_API_BASE={blog}/on/rest/v1.1/")
    assert _thread(con) == EXPECTED  # the pingback is not archived
    rows = {r["native_id"]: r for r in con.execute("select * from comments")}
    assert (rows["9002"]["is_post_author"], rows["9001"]["likes"]) == (1, 3)
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "wpcom"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0


def test_an_api_that_refuses_leaves_the_printed_thread_complete_in_the_same_rows(blog,
                                                                                 tmp_path):
    con = crawl_into(blog + POST, tmp_path / "off.db",
                     f"ARCHIVER_WPCOM_API_BASE={blog}/off/rest/v1.1/")
    assert _thread(con) == EXPECTED
    # Read from the page or from the API, a comment is one row: the same ids.
    api = crawl_into(blog + POST, tmp_path / "on.db",
                     f"ARCHIVER_WPCOM_API_BASE={blog}/on/rest/v1.1/")
    assert {r["id"] for r in con.execute("select id from comments")} == {
        r["id"] for r in api.execute("select id from comments")}
    article = con.execute("select * from articles").fetchone()
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0
