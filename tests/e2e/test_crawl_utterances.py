"""End to end: a post whose comments are an utterances issue, crawled through the CLI with
GitHub's recorded search, a comment page and a recorded comment page
(tests/fixtures/platforms/utterances/) replayed on loopback (ARCHIVER_GITHUB_API_BASE), the
second page found through the Link header."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "utterances"
POST = "/sesame.html"
PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Engine notes</title><meta property="og:type" content="article"></head><body>
<article><h1>Engine notes</h1><p>Notes on the analytical engine, with diagrams.</p></article>
<script src="https://utteranc.es/client.js" repo="octokit-fixture-org/search-issues"
  issue-term="pathname"
  theme="github-light" crossorigin="anonymous" async></script></body></html>"""
COMMENTS = "/gh/repos/octokit-fixture-org/search-issues/issues/2/comments"


class Site(ReplayHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        link = None
        if parts.path == POST:
            self.send_body(PAGE, "text/html")
            return
        if parts.path == "/gh/search/issues" and query.get("q") == [
                '"sesame" type:issue in:title repo:octokit-fixture-org/search-issues']:
            case = "search-recorded"
        elif parts.path == COMMENTS and query == {"page": ["1"], "per_page": ["100"]}:
            case = "comments-1"
            link = f'<{base}{COMMENTS}?page=2&per_page=100>; rel="next"'
        elif parts.path == COMMENTS and query == {"page": ["2"], "per_page": ["100"]}:
            case = "comments-recorded"
        else:
            self.send_error(404)
            return
        body = (CASES / case / "body.json").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if link:
            self.send_header("Link", link)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site():
    with serve_on_loopback(Site) as url:
        yield url


def test_an_utterances_issue_is_archived_from_every_comment_page(site, tmp_path):
    con = crawl_into(site + POST, tmp_path / "utterances.db",
                     f"ARCHIVER_GITHUB_API_BASE={site}/gh/")
    rows = [tuple(r) for r in con.execute(
        "select c.native_id, c.parent_native_id, c.author_name, c.published, c.likes,"
        " m.user_id from comments c join commenters m on m.id = c.commenter_id"
        " order by c.position")]
    assert rows == [
        ("1010001", None, "mona", "2022-01-10T09:00:00Z", 2, "583231"),
        ("1010002", None, "hubot", "2022-01-11T09:00:00Z", 0, "480938"),
        ("5449237", None, "jacquev6", "2012-05-01T22:03:59Z", None, "327146"),
        ("5518272", None, "roskakori", "2012-05-04T19:23:57Z", None, "328726"),
    ]
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "utterances"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0
