"""End to end: a real JavaScript comment widget, isso's own client (embed.min.js from the
isso package) talking to a real isso server, on a blog crawled with the isso adapter left
out of ARCHIVER_COMMENT_PLATFORMS: only the headless browser can read the thread. The page
shows two top-level comments and five replies per comment, so the browser must click
isso's "N Hidden" links; the archive must hold isso's database exactly."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime

import pytest

from tests import processes
from tests.helpers import crawl_into, last_crawl
from tests.platforms.isso.server import PAGE, Blog, IssoServer

pytestmark = pytest.mark.slow

POST = "/2024/06/widget-post/"
WITHOUT_ISSO = ("ARCHIVER_COMMENT_PLATFORMS=archiver.extract.platforms.disqus,"
                "archiver.extract.platforms.wordpress")


@pytest.fixture(scope="module")
def site():
    if shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; ./run setup --test installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    blog = Blog()
    isso = IssoServer(blog.base_url)
    try:
        page = PAGE.format(title="A widget thread", base=blog.base_url, path=POST,
                           isso=isso.base_url, body="Words of the article.")
        # isso's client shows 2 top-level comments and 5 replies each; the rest are behind
        # its "N Hidden" links.
        page = page.replace("<script data-isso=",
                            '<script data-isso-max-comments-top="2" data-isso=')
        blog.pages[POST] = page.encode()
        ada = isso.post(POST, "Ada", "First, with **bold** text.")
        isso.post(POST, "Zoë Ünal", "Zweiter Kommentar – Grüße aus Köln 👋",
                  website="https://zoe.example/")
        for n in range(7):
            isso.post(POST, f"Replier {n}", f"Reply number {n} to Ada.", parent=ada["id"])
        isso.post(POST, "Carol", "A third top-level comment.")
        isso.post(POST, None, "A fourth, anonymous.")
        yield blog, isso
    finally:
        isso.close()
        blog.close()


def isso_truth(isso: IssoServer) -> dict[str, tuple]:
    """html -> (parent's html, author, website, date) from isso's own database, each
    comment's HTML as isso's API renders it (the database keeps the Markdown)."""
    shown: dict[int, str] = {}
    stack = list(isso.thread(POST)["replies"])
    while stack:
        comment = stack.pop()
        shown[comment["id"]] = comment["text"]
        stack.extend(comment.get("replies") or [])
    con = sqlite3.connect(isso.root / "comments.db")
    rows = con.execute(
        "select c.id, c.parent, c.author, c.website, c.created from comments c "
        "join threads t on t.id = c.tid where t.uri = ? and c.mode = 1", [POST]).fetchall()
    con.close()
    return {shown[cid]: (None if parent is None else shown[parent], author or "Anonymous",
                         website,
                         datetime.fromtimestamp(created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
            for cid, parent, author, website, created in rows}


def test_isso_widget_read_by_the_browser_is_archived_exactly(site, tmp_path):
    blog, isso = site
    db = tmp_path / "widget.db"
    con = crawl_into(blog.base_url + POST, db, WITHOUT_ISSO)
    truth = isso_truth(isso)
    assert len(truth) == 11
    rows = list(con.execute(
        "select c.*, m.url as website from comments c "
        "left join commenters m on m.id = c.commenter_id"))
    html = {r["native_id"]: r["html"] for r in rows}
    # isso stores the rendered Markdown; the archive keeps the comment's HTML as shown.
    got = {r["html"]: (None if r["parent_native_id"] is None else html[r["parent_native_id"]],
                       r["author_name"], r["website"], r["published"]) for r in rows}
    assert got == truth
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "isso"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    stats = last_crawl(db)["stats"]
    assert stats["archiver/browser/clicks"] >= 2  # the top-level and the replies' loaders
    assert "archiver/platforms/isso/responses" not in stats  # no adapter read it
    assert [p for p in processes.leftovers(os.environ[processes.SESSION_MARK], grace=5)
            if "chrom" in p.command] == []


def test_isso_widget_with_the_browser_off_is_browser_off(site, tmp_path):
    blog, _ = site
    con = crawl_into(blog.base_url + POST, tmp_path / "off.db", WITHOUT_ISSO,
                     "ARCHIVER_BROWSER=off")
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "isso"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (
        0, "browser_off")
    assert con.execute("select count(*) from comments").fetchone()[0] == 0
