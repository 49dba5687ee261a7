"""End to end: a blog whose comments are on Disqus, crawled through the CLI, with Disqus's
own response formats (tests/fixtures/platforms/disqus/) replayed on loopback: the embed
page first, then the API's cursor page."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import ReplayHandler, crawl_into, run_cli, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "disqus"
POST = "/why-nobody-reads-the-minutes/"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Why Nobody Reads the Minutes</title><meta property="og:type" content="article">
<link rel="canonical" href="{base}{path}"></head><body>
<article><h1>Why Nobody Reads the Minutes</h1><div class="entry-content"><p>Text.</p></div>
</article><div id="disqus_thread"></div>
<script>
var disqus_config = function () {{
  this.page.url = 'https://civicnotes.example/why-nobody-reads-the-minutes/';
  this.page.identifier = '2190 https://civicnotes.example/?p=2190';
}};
(function() {{ var d = document, s = d.createElement('script');
s.src = 'https://civicnotes.disqus.com/embed.js'; (d.head || d.body).appendChild(s); }})();
</script></body></html>"""


class Replay(ReplayHandler):
    """Disqus's embed page and API cursor page, for exactly the requests Disqus answers."""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if parts.path == POST:
            body, kind = PAGE.format(base=base, path=POST).encode(), "text/html"
        elif parts.path == "/embed/comments/" and query.get("f") == ["civicnotes"]:
            body, kind = (CASES / "embed-first-page" / "body.html").read_bytes(), "text/html"
        elif (parts.path == "/api/3.0/threads/listPostsThreaded.json"
              and query.get("cursor") == ["1:0:0"] and query.get("thread") == ["9876543210"]):
            body, kind = (CASES / "cursor-page" / "body.json").read_bytes(), "application/json"
        else:
            self.send_error(404)
            return
        self.send_body(body, kind)


@pytest.fixture(scope="module")
def replay():
    with serve_on_loopback(Replay) as url:
        yield url


def crawl(replay: str, db: Path) -> sqlite3.Connection:
    return crawl_into(replay + POST, db,
                      f"ARCHIVER_DISQUS_EMBED_BASE={replay}/embed/comments/",
                      f"ARCHIVER_DISQUS_API_BASE={replay}/api/3.0/")


def test_disqus_thread_is_archived_from_embed_page_and_cursor_page(replay, tmp_path):
    con = crawl(replay, tmp_path / "disqus.db")
    rows = {r["native_id"]: r for r in con.execute(
        "select c.*, m.user_id, m.is_guest, m.url from comments c "
        "join commenters m on m.id = c.commenter_id")}
    assert set(rows) == {"5000000001", "5000000002", "5000000003", "5000000004",
                         "5000000005"}  # the spam post is not archived
    chain = ["5000000001", "5000000002", "5000000003", "5000000004", "5000000005"]
    for depth, cid in enumerate(chain):
        assert rows[cid]["depth"] == depth
        assert rows[cid]["parent_native_id"] == (chain[depth - 1] if depth else None)
    assert rows["5000000001"]["published"] == "2024-06-01T10:15:00Z"
    assert rows["5000000001"]["published_zone"] == "given"
    assert rows["5000000003"]["status"] == "deleted"
    assert rows["5000000002"]["is_guest"] == 1 and rows["5000000002"]["user_id"] is None
    assert rows["5000000004"]["author_name"] == "Jürgen Öztürk"
    assert (rows["5000000004"]["likes"], rows["5000000004"]["edited"]) == (3, 1)
    assert rows["5000000001"]["user_id"] == "200001"
    # One commenter for Marta's two comments: keyed by her Disqus user id.
    assert rows["5000000001"]["commenter_id"] == rows["5000000005"]["commenter_id"]
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "disqus"
    assert article["archived_comment_count"] == 5


def test_disqus_endpoint_failure_is_recorded_and_the_article_kept(replay, tmp_path):
    db = tmp_path / "down.db"
    result = run_cli("crawl", replay + POST, "--db", str(db),
                     "-s", f"ARCHIVER_DISQUS_EMBED_BASE={replay}/nothing-here/",
                     "-s", "AUTOTHROTTLE_ENABLED=False")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from articles").fetchone()[0] == 1
    assert con.execute("select count(*) from comments").fetchone()[0] == 0
    errors = con.execute("select kind, message from errors").fetchall()
    assert ("comment_platform", "HTTP 404") in errors
