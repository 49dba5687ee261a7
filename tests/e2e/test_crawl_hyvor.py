"""End to end: a post whose comments are a Hyvor Talk thread, crawled through the CLI with
the ``/init`` answers (tests/fixtures/platforms/hyvor/) replayed on loopback; the request is
the POST the v3 embed sends to its ``ht-domain``, with the page the element names. A thread
with lists left to load is kept as served, one error row, and an incomplete thread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "hyvor"
PAGES = {"/engine-notes/": "engine-notes", "/closed-notes/": "closed-notes"}
ANSWERS = {"engine-notes": "init", "closed-notes": "more"}


class Site(ReplayHandler):
    def do_GET(self) -> None:
        if self.path not in PAGES:
            self.send_error(404)
            return
        origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Engine notes</title><meta property="og:type" content="article"></head><body>
<article><h1>Engine notes</h1><p>Notes on the analytical engine, with diagrams.</p></article>
<script async src="{origin}/embed/embed.js" type="module"></script>
<hyvor-talk-comments website-id="14" page-id="{PAGES[self.path]}" ht-domain="{origin}">
</hyvor-talk-comments></body></html>"""
        self.send_body(page.encode(), "text/html")

    def do_POST(self) -> None:
        sent = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        page = sent.get("page") or {}
        if (self.path == "/api/embed/v3/14/init" and sent.get("sso", 0) is None
                and page.get("identifier") in ANSWERS and page.get("url") is None):
            body = (CASES / ANSWERS[page["identifier"]] / "body.json").read_bytes()
            self.send_body(body, "application/json")
        else:
            self.send_error(400)


@pytest.fixture(scope="module")
def site():
    with serve_on_loopback(Site) as url:
        yield url


def test_a_hyvor_talk_thread_is_archived_from_its_init_answer(site, tmp_path):
    con = crawl_into(site + "/engine-notes/", tmp_path / "hyvor.db")
    rows = [tuple(r) for r in con.execute(
        "select native_id, parent_native_id, author_name, published, status, likes"
        " from comments order by position")]
    assert rows == [
        ("101", None, "Ada Lovelace", "2020-03-05T10:00:00Z", "visible", 3),
        ("102", "101", "Bob", "2020-03-05T11:02:13Z", "visible", 1),
        ("103", "102", "Ada Lovelace", "2020-03-05T11:50:00Z", "visible", 0),
        ("104", None, "Bob", "2020-03-06T07:30:00Z", "visible", 0),
    ]
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "hyvor-talk"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0


def test_lists_left_to_load_are_one_error_row_and_an_incomplete_thread(site, tmp_path):
    con = crawl_into(site + "/closed-notes/", tmp_path / "more.db")
    assert [tuple(r) for r in con.execute(
        "select native_id, parent_native_id from comments order by position")] == [
        ("201", None), ("202", "201")]
    article = con.execute("select * from articles").fetchone()
    assert (article["comment_platform"], article["thread_complete"],
            article["thread_incomplete_reason"]) == ("hyvor-talk", 0, "failed")
    assert [tuple(e) for e in con.execute("select kind, message from errors")] == [
        ("comment_platform", "Hyvor Talk: more to load under the top level, comment 201"
                             " (no stored embed source shows the request)")]
