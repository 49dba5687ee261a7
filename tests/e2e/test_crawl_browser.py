"""End to end: a page whose comments only arrive through XHR, a page of them per click on
"Load more comments" (three clicks for the whole thread), crawled through the CLI with
Debian's headless Chromium: archived exactly, the XHR responses and the rendered DOM in the
WARC; with two clicks allowed, capped; with the browser off or missing, `browser_off`."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests import processes
from tests.helpers import (
    FIXTURES,
    ReplayHandler,
    crawl_into,
    last_crawl,
    run_cli,
    serve_on_loopback,
)

pytestmark = pytest.mark.slow

PAGE = (FIXTURES / "browser" / "load_more.html").read_text()
# thread -> pages of its API, as the widget gets them: (id, parent, author, date, text).
THREADS = {
    "first": [
        [(101, None, "Ada", "2024-05-02T10:00:00Z", "The first comment, loaded on sight."),
         (102, 101, "Bob", "2024-05-02T11:30:00Z", "Bob answers Ada.")],
        [(103, None, "Carol", "2024-05-03T08:00:00Z", "Carol, behind the first click."),
         (104, None, "Dan", "2024-05-03T09:15:00Z", "Dan – mit Umlauten: Grüße aus Köln")],
        [(105, 103, "Eve", "2024-05-04T12:00:00Z", "Eve replies to Carol, on page three."),
         (106, None, "Finn", "2024-05-04T13:00:00Z", "Finn, second click.")],
        [(107, 101, "Gus", "2024-05-05T07:45:00Z", "Gus answers Ada, two pages later."),
         (108, None, "Hana", "2024-05-05T20:00:00Z", "Hana, behind the third click.")],
    ],
    "second": [[(201, None, "Ivo", "2024-06-01T10:00:00Z", "The only comment here.")]],
}


UP = {"site": True}  # False: the site is gone (an offline replay must not need it)


class Site(ReplayHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if not UP["site"]:
            self.send_error(503)
            return
        if parts.path == "/":
            self.send_body(b'<html><body><a href="/posts/first/">one</a> '
                           b'<a href="/posts/second/">two</a></body></html>', "text/html")
        elif parts.path.startswith("/posts/") and parts.path.strip("/").split("/")[-1] in THREADS:
            name = parts.path.strip("/").split("/")[-1]
            page = PAGE.replace("{title}", f"The {name} thread").replace("{api}", f"/api/{name}")
            self.send_body(page.encode(), "text/html")
        elif parts.path.startswith("/api/") and parts.path[5:] in THREADS:
            pages = THREADS[parts.path[5:]]
            number = int(parse_qs(parts.query)["page"][0])
            data = {"comments": [dict(zip(("id", "parent", "author", "date", "text"), c,
                                          strict=True)) for c in pages[number - 1]],
                    "next": number + 1 if number < len(pages) else None}
            self.send_body(json.dumps(data).encode(), "application/json")
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def site():
    if shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; ./run setup --test installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with serve_on_loopback(Site) as base:
        yield base


def chromium_left() -> list[str]:
    """Chromium processes this test session started that are still alive."""
    return [str(p) for p in processes.leftovers(os.environ[processes.SESSION_MARK], grace=5)
            if "chrom" in p.command]


def truth(name: str, pages: int | None = None) -> dict[str, tuple]:
    return {str(c[0]): (None if c[1] is None else str(c[1]), c[2], c[3], c[4])
            for page in THREADS[name][:pages] for c in page}


def archived(con, name: str) -> dict[str, tuple]:
    return {r["native_id"]: (r["parent_native_id"], r["author_name"], r["published"],
                             r["text"])
            for r in con.execute("select * from comments where article_url like ?",
                                 [f"%/posts/{name}/"])}


def article(con, name: str):
    return con.execute("select * from articles where url like ?",
                       [f"%/posts/{name}/"]).fetchone()


def warc_records(db: Path) -> list[tuple[str, str, bytes]]:
    out = []
    for path in sorted((db.parent / (db.stem + "-warc")).glob("*.warc.gz")):
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                out.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
                            record.content_stream().read()))
    return out


def test_a_thread_behind_three_load_more_clicks_is_archived_exactly(site, tmp_path):
    db = tmp_path / "browser.db"
    con = crawl_into(site + "/", db)
    assert archived(con, "first") == truth("first")
    assert archived(con, "second") == truth("second")
    first = article(con, "first")
    assert (first["thread_complete"], first["thread_incomplete_reason"]) == (1, None)
    assert first["comment_platform"] == "browser"  # served by the page's own scripts
    depth = {r["native_id"]: r["depth"] for r in con.execute("select * from comments")}
    assert depth["102"] == depth["105"] == depth["107"] == 1 and depth["108"] == 0
    assert [r["kind"] for r in con.execute("select kind from errors")] == []
    stats = last_crawl(db)["stats"]
    assert stats["archiver/browser/pages"] == 2
    assert stats["archiver/browser/clicks"] == 3  # the second thread has nothing to click

    records = warc_records(db)
    api = {uri: body for kind, uri, body in records
           if kind == "response" and "/api/first" in uri}
    assert sorted(api) == [f"{site}/api/first?page={n}" for n in (1, 2, 3, 4)]
    assert json.loads(api[f"{site}/api/first?page=4"])["comments"][1]["author"] == "Hana"
    requests = [uri for kind, uri, _ in records if kind == "request" and "/api/first" in uri]
    assert len(requests) == 4
    dom = [body for kind, uri, body in records
           if kind == "conversion" and uri == f"{site}/posts/first/"]
    assert len(dom) == 1 and b"Hana, behind the third click." in dom[0]
    # The page's own HTTP response is the one the server sent, not the rendered DOM.
    page = [body for kind, uri, body in records
            if kind == "response" and uri == f"{site}/posts/first/"]
    assert page and all(b"Hana" not in body for body in page)
    assert chromium_left() == []

    # Offline, from the WARC files alone, the browser renders the same threads again: its
    # requests are answered from the recorded XHR responses.
    offline = tmp_path / "offline.db"
    UP["site"] = False
    try:
        result = run_cli("reparse", "--db", str(offline),
                         "--warcs", str(tmp_path / "browser-warc"))
    finally:
        UP["site"] = True
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    replayed = sqlite3.connect(offline)
    replayed.row_factory = sqlite3.Row
    assert archived(replayed, "first") == truth("first")
    assert article(replayed, "first")["thread_complete"] == 1
    assert chromium_left() == []


def test_with_two_clicks_allowed_the_thread_is_capped(site, tmp_path):
    con = crawl_into(site + "/posts/first/", tmp_path / "capped.db",
                     "ARCHIVER_BROWSER_MAX_CLICKS=2")
    assert archived(con, "first") == truth("first", pages=3)
    first = article(con, "first")
    assert (first["thread_complete"], first["thread_incomplete_reason"]) == (0, "capped")
    messages = [r["message"] for r in con.execute("select * from errors where kind='browser'")]
    assert len(messages) == 1 and "ARCHIVER_BROWSER_MAX_CLICKS" in messages[0]
    assert chromium_left() == []


def test_with_the_browser_off_the_article_says_browser_off(site, tmp_path):
    db = tmp_path / "off.db"
    con = crawl_into(site + "/", db, "ARCHIVER_BROWSER=off")
    assert con.execute("select count(*) from comments").fetchone()[0] == 0
    for name in THREADS:
        row = article(con, name)
        assert (row["thread_complete"], row["thread_incomplete_reason"]) == (0, "browser_off")
    assert con.execute("select count(*) from errors").fetchone()[0] == 0
    assert "archiver/browser/pages" not in last_crawl(db)["stats"]


def test_with_the_browser_missing_one_error_line_and_nothing_lost(site, tmp_path):
    con = crawl_into(site + "/", tmp_path / "missing.db",
                     "ARCHIVER_BROWSER_EXECUTABLE=/nonexistent/chromium")
    for name in THREADS:
        row = article(con, name)
        assert row["title"] == f"The {name} thread"
        assert (row["thread_complete"], row["thread_incomplete_reason"]) == (0, "browser_off")
    errors = [tuple(r) for r in con.execute("select kind, message from errors")]
    assert len(errors) == 1 and errors[0][0] == "browser"
    assert "/nonexistent/chromium" in errors[0][1] and "\n" not in errors[0][1]


def test_past_the_pages_bound_an_article_is_capped_and_said_once(site, tmp_path):
    con = crawl_into(site + "/", tmp_path / "pages.db", "ARCHIVER_BROWSER_MAX_PAGES=1")
    reasons = sorted((article(con, name)["thread_complete"],
                      article(con, name)["thread_incomplete_reason"]) for name in THREADS)
    assert reasons == [(0, "capped"), (1, None)]
    messages = [r["message"] for r in con.execute("select * from errors where kind='browser'")]
    assert len(messages) == 1 and "ARCHIVER_BROWSER_MAX_PAGES=1" in messages[0]
    assert chromium_left() == []
