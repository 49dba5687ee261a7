"""End to end: a blog post embedding a Reddit thread, crawled through the CLI with Reddit's
responses (tests/fixtures/platforms/reddit/) replayed on loopback: the listing, then the
morechildren batch and the "continue this thread" subtree its stubs ask for."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "reddit"
POST = "/ba-dum-tsss/"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ba Dum Tsss</title>
<meta property="og:type" content="article"></head><body><article><h1>Ba Dum Tsss</h1>
<div class="entry-content"><p>The best timing on the internet this week.</p>
<blockquote class="reddit-embed-bq" data-embed-height="316">
<a href="https://www.reddit.com/r/funny/comments/3hahrw/ba_dum_tsss/">Ba Dum Tsss</a><br> by
<a href="https://www.reddit.com/user/your_local_librarian/">u/your_local_librarian</a> in
<a href="https://www.reddit.com/r/funny/">funny</a></blockquote>
<script async src="https://embed.reddit.com/widgets.js" charset="UTF-8"></script>
</div></article></body></html>"""


class Reddit(ReplayHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        case = None
        if parts.path == POST:
            self.send_body(PAGE.encode(), "text/html")
            return
        if parts.path == "/reddit/comments/3hahrw.json" and query.get("raw_json") == ["1"]:
            case = "listing"
        elif parts.path == "/reddit/comments/3hahrw/_/cu5oif1.json":
            case = "subtree"
        elif (parts.path == "/reddit/api/morechildren.json"
              and query.get("link_id") == ["t3_3hahrw"] and query.get("children") == ["cu5spl9"]
              and query.get("api_type") == ["json"]):
            case = "more-batch"
        if case is None:
            self.send_error(404)
            return
        self.send_body((CASES / case / "body.json").read_bytes(), "application/json")


@pytest.fixture(scope="module")
def reddit():
    with serve_on_loopback(Reddit) as url:
        yield url


def test_an_embedded_reddit_thread_is_archived_whole_with_its_stubs_expanded(reddit, tmp_path):
    con = crawl_into(reddit + POST, tmp_path / "reddit.db",
                     f"ARCHIVER_REDDIT_BASE={reddit}/reddit/")
    rows = {r["native_id"]: r for r in con.execute("select * from comments")}
    assert {cid: (row["parent_native_id"], row["depth"], row["author_name"])
            for cid, row in rows.items()} == {
        "cu5pebp": (None, 0, "johnnwho"), "cu5sye5": ("cu5pebp", 1, "Anonymous"),
        "cu5tgzu": ("cu5sye5", 2, "mcampo84"), "cu5oif1": (None, 0, "frittenlord"),
        "cu5t516": ("cu5oif1", 1, "Rivster79"), "cu5p1hh": (None, 0, "TheProphetBroses"),
        "cu5th6m": ("cu5p1hh", 1, "Anonymous"), "cu5spl9": (None, 0, "Trixzy"),
        "cu5w5tg": ("cu5spl9", 1, "Terranoch"), "cu5x0y7": ("cu5w5tg", 2, "ShowtimeCA")}
    assert rows["cu5pebp"]["published"] == "2015-08-17T08:45:51Z"
    assert rows["cu5pebp"]["likes"] == 1127
    assert (rows["cu5sye5"]["status"], rows["cu5th6m"]["status"]) == ("deleted", "visible")
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "reddit"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0
