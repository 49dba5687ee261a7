"""End to end: a Ghost post with member comments, crawled through the CLI with the members
comments API's answers (tests/fixtures/platforms/ghost/) replayed on loopback: two pages
of comments and a comment's further replies.

Not against a real Ghost: the current `ghost` package on npm requires Node 22 or 24 (the
machine has Debian's Node 20); ghost 5.130 (Node 20) cannot be installed from the registry
alone: its package names its bundled components by `file:` paths (npm, unlike the yarn
ghost-cli runs, fails on them from the registry) and, unpacked and installed in place, it
depends on a GitHub tarball (TryGhost/mock-knex from codeload.github.com), which is not
a package registry.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "ghost"
POST_ID = "6650a0c1c3b2a1000183a0aa"
FIRST = "6650a1f0c3b2a1000183a001"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A census</title>
<meta property="og:type" content="article"><meta name="generator" content="Ghost 5.82">
</head><body><article class="gh-article"><h1>A census</h1><section class="gh-content">
<p>Notes from the spring census.</p></section></article>
<script defer src="https://cdn.jsdelivr.net/ghost/comments-ui@~0.17/umd/comments-ui.min.js"
 data-ghost-comments="{base}/" data-api="{base}/ghost/api/content/" data-admin="{base}/ghost/"
 data-key="8a13e02a4f2b1c9d7e6f5a4b3c" data-title="" data-count="true"
 data-post-id="{post_id}" data-color-scheme="auto" data-avatar-saturation="60"
 data-accent-color="#FF1A75" data-comments-enabled="all" data-publication="Notes"
 crossorigin="anonymous"></script></body></html>"""


class Ghost(ReplayHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        case = None
        if parts.path == "/a-census/":
            body = PAGE.format(base=base, post_id=POST_ID).encode()
            self.send_body(body, "text/html")
            return
        if parts.path == f"/members/api/comments/post/{POST_ID}/":
            if query.get("page") == ["1"] and "filter" not in query:
                case = "comments-page-1"
            elif query.get("page") == ["2"] and query.get("filter") == [
                    "created_at:<=2024-05-24T10:12:00.000Z"]:
                case = "comments-page-2"
        elif parts.path == f"/members/api/comments/{FIRST}/replies/" and query.get(
                "filter") == ["id:>'6650a2c0c3b2a1000183a013'"]:
            case = "replies"
        if case is None:
            self.send_error(404)
            return
        self.send_body((CASES / case / "body.json").read_bytes(), "application/json")


@pytest.fixture(scope="module")
def ghost():
    with serve_on_loopback(Ghost) as url:
        yield url


def test_ghost_member_comments_are_archived_across_pages_and_replies(ghost, tmp_path):
    con = crawl_into(ghost + "/a-census/", tmp_path / "ghost.db")
    rows = {r["native_id"]: r for r in con.execute(
        "select c.*, m.user_id from comments c join commenters m on m.id = c.commenter_id")}
    r = {"a011": "6650a2a0c3b2a1000183a011", "a012": "6650a2b0c3b2a1000183a012",
         "a013": "6650a2c0c3b2a1000183a013", "a014": "6650a2d0c3b2a1000183a014",
         "a015": "6650a2e0c3b2a1000183a015", "a002": "6650a1e0c3b2a1000183a002",
         "a003": "6650a1d0c3b2a1000183a003"}
    assert {cid: (row["parent_native_id"], row["depth"]) for cid, row in rows.items()} == {
        FIRST: (None, 0), r["a011"]: (FIRST, 1), r["a012"]: (FIRST, 1),
        r["a013"]: (r["a011"], 2), r["a015"]: (r["a012"], 2),
        r["a002"]: (None, 0), r["a014"]: (r["a002"], 1), r["a003"]: (None, 0)}
    first = rows[FIRST]
    assert (first["author_name"], first["user_id"], first["published"], first["likes"]) == (
        "Mr Egg", "6650a0e5c3b2a1000183a0f1", "2024-05-24T10:12:00Z", 2)
    assert rows[r["a013"]]["edited"] == 1
    assert rows[r["a002"]]["status"] == "deleted"
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "ghost"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0
