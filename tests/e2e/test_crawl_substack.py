"""End to end: a Substack post (on its own domain), crawled through the CLI with the
comments endpoint's answer (tests/fixtures/platforms/substack/) replayed on loopback."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "substack"
PRELOADS = {"isEU": False, "language": "en", "pub": {"id": 1789012, "subdomain": "letters"},
            "post": {"id": 141592653, "slug": "the-census", "title": "The census"}}
PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The census</title>
<meta property="og:type" content="article">
<link rel="preconnect" href="https://substackcdn.com"></head><body>
<article class="post"><h1 class="post-title">The census</h1><div class="body markup">
<p>What the 1911 returns say about the street.</p></div></article>
<script>window._preloads        = JSON.parse({json.dumps(json.dumps(PRELOADS))})</script>
<script src="https://substackcdn.com/bundle/static/js/main.a1b2c3.js"></script>
</body></html>"""


class Publication(ReplayHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/p/the-census":
            self.send_body(PAGE.encode(), "text/html")
        elif (parts.path == "/api/v1/post/141592653/comments"
              and parse_qs(parts.query, keep_blank_values=True).get("token") == [""]
              and parse_qs(parts.query).get("all_comments") == ["true"]):
            self.send_body((CASES / "comments" / "body.json").read_bytes(), "application/json")
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def publication():
    with serve_on_loopback(Publication) as url:
        yield url


def test_a_substack_thread_is_archived_with_its_nesting_and_deleted_comment(publication,
                                                                            tmp_path):
    con = crawl_into(publication + "/p/the-census", tmp_path / "substack.db")
    rows = {r["native_id"]: r for r in con.execute(
        "select c.*, m.user_id, m.url from comments c join commenters m on m.id = c.commenter_id")}
    assert {cid: (row["parent_native_id"], row["depth"], row["author_name"])
            for cid, row in rows.items()} == {
        "51234001": (None, 0, "Jonah Feld"), "51234017": ("51234001", 1, "Ada Quill"),
        "51234050": ("51234017", 2, "Anonymous"), "51234077": ("51234050", 3, "Priya N"),
        "51234120": (None, 0, "Tom")}
    first = rows["51234001"]
    assert (first["published"], first["user_id"], first["url"], first["likes"]) == (
        "2024-03-02T09:14:11Z", "1234567", "https://substack.com/@jonahfeld", 12)
    assert (rows["51234017"]["is_post_author"], rows["51234017"]["edited"]) == (1, 1)
    assert rows["51234050"]["status"] == "deleted"
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "substack"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0
