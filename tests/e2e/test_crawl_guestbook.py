"""End to end: a third party's comment platform, defined here and registered only through
ARCHIVER_COMMENT_PLATFORMS, is detected and its thread crawled; a page whose comment system
has no adapter (Facebook comments) is archived as such, its thread marked not read (no_adapter)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import ReplayHandler, run_cli, serve_on_loopback

pytestmark = pytest.mark.slow


class Guestbook:
    """A platform the way a third party writes one: nothing of archiver's is edited.

    Its endpoint (this test's own format) serves ``{"entries": [...], "next": url|null}``.
    """

    NAME = "guestbook"
    SETTINGS: ClassVar = {"base": ("GUESTBOOK_BASE", None)}

    def detect(self, url, headers, tree):
        found = tree.xpath("//*[@data-guestbook]/@data-guestbook")
        return {"thread": found[0]} if found else None

    def start(self, thread, config):
        return [{"url": f"{config['base']}/gb?thread={thread['thread']}&page=1",
                 "platform": self.NAME, "sort": [1], "context": {}}]

    def parse(self, fetch, url, headers, body, thread, config=None):
        data = json.loads(body)
        comments = [{
            "id": str(e["id"]), "id_source": "page", "platform": self.NAME,
            "parent_id": None if e["parent"] is None else str(e["parent"]),
            "author": {"name": e["name"], "url": None}, "author_is_post_author": False,
            "published_raw": e["date"], "text": e["text"], "html": f"<p>{e['text']}</p>",
            "position": 0, "depth": 0} for e in data["entries"]]
        more = [] if not data["next"] else [{
            "url": data["next"], "platform": self.NAME,
            "sort": [fetch["sort"][0] + 1], "context": {}}]
        return {"comments": comments, "next": more, "article": {}}


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="article"></head><body><article><h1>{title}</h1>
<div class="entry-content"><p>Some text of the article, long enough to be one.</p></div>
</article>{widget}</body></html>"""
WIDGETS = {
    "/guestbook-post/": '<div data-guestbook="g-1"></div>',
    "/facebook-post/": '<div id="fb-root"></div><script async defer crossorigin="anonymous"'
                       ' src="https://connect.facebook.net/en_US/sdk.js"></script>'
                       '<div class="fb-comments" data-href="https://blog.example/post/"'
                       ' data-width="" data-numposts="5"></div>',
}
ENTRIES = {
    "1": {"entries": [{"id": 1, "parent": None, "name": "Ana", "date": "2024-05-01T10:00:00Z",
                       "text": "First."},
                      {"id": 2, "parent": 1, "name": "Ben", "date": "2024-05-01T11:00:00Z",
                       "text": "A reply."}], "next": "{base}/gb?thread=g-1&page=2"},
    "2": {"entries": [{"id": 3, "parent": None, "name": "Cy", "date": "2024-05-02T09:00:00Z",
                       "text": "Later."}], "next": None},
}


class Site(ReplayHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        query = parse_qs(parts.query)
        if parts.path in WIDGETS:
            body = PAGE.format(title=parts.path.strip("/"), widget=WIDGETS[parts.path])
            kind = "text/html"
        elif parts.path == "/gb" and query.get("thread") == ["g-1"] and \
                query.get("page", [""])[0] in ENTRIES:
            data = ENTRIES[query["page"][0]]
            nxt = data["next"].format(base=base) if data["next"] else None
            body, kind = json.dumps({**data, "next": nxt}), "application/json"
        else:
            self.send_error(404)
            return
        self.send_body(body.encode(), kind)


@pytest.fixture(scope="module")
def site():
    with serve_on_loopback(Site) as url:
        yield url


def crawl(site: str, db: Path, *settings: str) -> sqlite3.Connection:
    options = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"GUESTBOOK_BASE={site}"]
    for setting in settings:
        options += ["-s", setting]
    # Each page, crawled into the same archive.
    for path in WIDGETS:
        result = run_cli("crawl", site + path, "--db", str(db), *options)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    return con


def test_a_registered_third_party_platform_is_detected_and_crawled(site, tmp_path):
    con = crawl(site, tmp_path / "gb.db", "ARCHIVER_COMMENT_PLATFORMS="
                "archiver.extract.platforms.disqus,archiver.extract.platforms.isso,"
                "archiver.extract.platforms.wordpress,tests.e2e.test_crawl_guestbook.Guestbook")
    rows = {r["native_id"]: r for r in con.execute("select * from comments")}
    assert set(rows) == {"1", "2", "3"}
    assert rows["2"]["parent_native_id"] == "1" and rows["2"]["depth"] == 1
    assert rows["3"]["published"] == "2024-05-02T09:00:00Z"
    assert {r["platform"] for r in rows.values()} == {"guestbook"}
    article = con.execute("select * from articles where url like '%guestbook-post%'").fetchone()
    assert article["comment_platform"] == "guestbook"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)


def test_without_its_registration_the_page_has_no_thread_and_facebook_is_said(site, tmp_path):
    con = crawl(site, tmp_path / "plain.db")
    assert con.execute("select count(*) from comments").fetchone()[0] == 0
    articles = {r["url"].rsplit("/", 2)[1]: r for r in con.execute("select * from articles")}
    assert articles["guestbook-post"]["comment_platform"] is None
    assert articles["guestbook-post"]["thread_complete"] == 1
    facebook = articles["facebook-post"]
    assert facebook["comment_platform"] == "facebook"
    assert (facebook["thread_complete"], facebook["thread_incomplete_reason"]) == (
        0, "no_adapter")
    listed = con.execute(
        "select url, thread_incomplete_reason from articles where thread_complete = 0"
    ).fetchall()
    assert [tuple(r) for r in listed] == [(facebook["url"], "no_adapter")]
