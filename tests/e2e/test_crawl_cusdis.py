"""End to end: a post whose comments are a Cusdis thread, crawled through the CLI with its
two open-API pages (tests/fixtures/platforms/cusdis/) replayed on loopback."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "cusdis"
POST = "/engine-notes/"
APP = "5b2a1c3d-aaaa-4bbb-8ccc-123456789abc"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Engine notes</title><meta property="og:type" content="article"></head><body>
<article><h1>Engine notes</h1><p>Notes on the analytical engine, with diagrams.</p></article>
<div id="cusdis_thread" data-host="{base}" data-app-id="{app}" data-page-id="engine-notes"
  data-page-url="{base}/engine-notes/" data-page-title="Engine notes"></div>
<script async defer src="{base}/js/cusdis.es.js"></script></body></html>"""


class Site(ReplayHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if parts.path == POST:
            self.send_body(PAGE.format(base=base, app=APP).encode(), "text/html")
        elif parts.path == "/api/open/comments" and query.get("appId") == [APP] and \
                query.get("pageId") == ["engine-notes"] and query.get("page") in (["1"], ["2"]):
            case = f"page-{query['page'][0]}"
            self.send_body((CASES / case / "body.json").read_bytes(), "application/json")
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def site():
    with serve_on_loopback(Site) as url:
        yield url


def test_a_cusdis_thread_is_archived_from_every_page(site, tmp_path):
    con = crawl_into(site + POST, tmp_path / "cusdis.db")
    rows = [tuple(r) for r in con.execute(
        "select substr(native_id, -3), substr(parent_native_id, -3), depth, author_name,"
        " published from comments order by position")]
    tops = [(f"{n:03d}", None, 0, f"Reader {n}", f"2021-05-{n:02d}T12:00:00Z")
            for n in range(11, 0, -1)]
    five = tops.index(("005", None, 0, "Reader 5", "2021-05-05T12:00:00Z"))
    assert rows == [*tops[:five + 1],
                    ("101", "005", 1, "Site owner", "2021-05-06T08:00:00Z"),
                    ("102", "101", 2, "Reader 7", "2021-05-06T09:30:00Z"),
                    *tops[five + 1:]]
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "cusdis"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0
