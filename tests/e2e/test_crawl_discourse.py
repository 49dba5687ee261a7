"""End to end: a blog post whose comments are an embedded Discourse topic, crawled through
the CLI with Discourse's responses (tests/fixtures/platforms/discourse/) replayed on
loopback: the topic, then the posts.json batch, whole or partial."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "discourse"
POST = "/localization-plans/"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Localization plans</title><meta property="og:type" content="article"></head><body>
<article><h1>Localization plans</h1><div class="entry-content"><p>Any plans to support
localization of UI elements?</p></div></article><div id='discourse-comments'></div>
<script type="text/javascript">
  DiscourseEmbed = {{ discourseUrl: '{forum}', topicId: 280 }};
  (function() {{ var d = document.createElement('script'); d.type = 'text/javascript';
  d.async = true; d.src = DiscourseEmbed.discourseUrl + 'javascripts/embed.js';
  (document.getElementsByTagName('head')[0]).appendChild(d); }})();
</script></body></html>"""
TAIL = ["3651", "3654", "3655", "3658"]


class Forum(ReplayHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        variant = parts.path.split("/")[1]  # /whole/... or /partial/...
        if parts.path == f"/{variant}{POST}":
            body = PAGE.format(forum=f"{base}/{variant}/forum/").encode()
            kind = "text/html"
        elif parts.path == f"/{variant}/forum/t/280.json":
            body, kind = (CASES / "topic" / "body.json").read_bytes(), "application/json"
        elif parts.path == f"/{variant}/forum/t/280/posts.json" and \
                parse_qs(parts.query).get("post_ids[]") == TAIL:
            case = "posts-batch" if variant == "whole" else "posts-partial"
            body, kind = (CASES / case / "body.json").read_bytes(), "application/json"
        else:
            self.send_error(404)
            return
        self.send_body(body, kind)


@pytest.fixture(scope="module")
def forum():
    with serve_on_loopback(Forum) as url:
        yield url


def test_an_embedded_discourse_topic_is_archived_as_the_posts_thread(forum, tmp_path):
    con = crawl_into(forum + "/whole" + POST, tmp_path / "whole.db")
    rows = {r["native_id"]: r for r in con.execute("select * from comments")}
    assert set(rows) == {"2", "3", "4", "5", "6", "7", "8"}
    assert [rows[n]["depth"] for n in ("3", "5", "6", "7", "8")] == [0, 1, 2, 3, 4]
    assert rows["2"]["published"] == "2013-02-05T21:32:47Z"
    assert (rows["2"]["likes"], rows["2"]["edited"]) == (4, 1)
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "discourse"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0


def test_a_partly_served_batch_leaves_the_thread_incomplete_and_says_so(forum, tmp_path):
    con = crawl_into(forum + "/partial" + POST, tmp_path / "partial.db")
    rows = {r["native_id"]: r for r in con.execute("select * from comments")}
    assert set(rows) == {"2", "3", "4", "5", "6", "7"}
    assert rows["6"]["status"] == "deleted"
    article = con.execute("select * from articles").fetchone()
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (0, "failed")
    errors = con.execute("select kind, message from errors").fetchall()
    assert [tuple(e) for e in errors] == [
        ("comment_platform", "1 of 4 posts asked for were not served (3658)")]
