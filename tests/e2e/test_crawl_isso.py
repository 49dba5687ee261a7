"""End to end: a real isso server populated through its own API, a blog that embeds it,
crawled through the CLI; the archive must hold isso's database exactly."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from tests.helpers import run_cli
from tests.platforms.isso.server import PAGE, Blog, IssoServer

pytestmark = pytest.mark.slow

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False"]
POST = "/2024/05/isso-post/"
QUIET = "/2024/05/quiet-post/"


@pytest.fixture(scope="module")
def site():
    blog = Blog()
    isso = IssoServer(blog.base_url)
    try:
        for path, title in ((POST, "Comments on isso"), (QUIET, "Nobody commented")):
            blog.pages[path] = PAGE.format(title=title, base=blog.base_url, path=path,
                                           isso=isso.base_url, body="Words.").encode()
        blog.pages["/"] = (f'<html><body><a href="{POST}">one</a> <a href="{QUIET}">two</a>'
                           "</body></html>").encode()
        first = isso.post(POST, "Ada", "First, with **bold** text.")
        isso.post(POST, "Zoë Ünal", "Zweiter Kommentar – Grüße aus Köln 👋",
                  website="https://zoe.example/")
        reply = isso.post(POST, "Bob", "A reply.", parent=first["id"])
        isso.post(POST, None, "A reply to the reply (isso keeps it one level deep).",
                  parent=reply["id"])
        doomed = isso.post(POST, "Carol", "I will delete this.")
        isso.post(POST, "Dan", "Answering Carol.", parent=doomed["id"])
        isso.delete(doomed["id"])  # has a reply: becomes a tombstone (mode 4)
        gone = isso.post(POST, "Eve", "Deleted without replies: really gone.")
        isso.delete(gone["id"])
        yield blog, isso
    finally:
        isso.close()
        blog.close()


@pytest.fixture(scope="module")
def archive(site, tmp_path_factory):
    blog, _ = site
    db = tmp_path_factory.mktemp("isso") / "isso.db"
    result = run_cli("crawl", blog.base_url + "/", "--db", str(db), *FAST)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    return con


def isso_truth(isso: IssoServer) -> dict[str, tuple]:
    con = sqlite3.connect(isso.root / "comments.db")
    rows = con.execute(
        "select c.id, c.parent, c.author, c.website, c.created, c.mode from comments c "
        "join threads t on t.id = c.tid where t.uri = ? and c.mode in (1, 4)", [POST])
    return {
        str(cid): (
            None if parent is None else str(parent),
            "Anonymous" if mode == 4 or not author else author,
            None if mode == 4 else website,
            datetime.fromtimestamp(created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "deleted" if mode == 4 else "visible",
        )
        for cid, parent, author, website, created, mode in rows
    }


def test_isso_thread_is_archived_exactly_with_its_tombstone(site, archive):
    _, isso = site
    truth = isso_truth(isso)
    assert len(truth) == 6 and sum(1 for t in truth.values() if t[4] == "deleted") == 1
    got = {
        row["native_id"]: (row["parent_native_id"], row["author_name"], row["url"],
                           row["published"], row["status"])
        for row in archive.execute(
            "select c.*, m.url from comments c left join commenters m on m.id = c.commenter_id "
            "where c.article_url like ?", ["%" + POST])
    }
    assert got == truth


def test_isso_comment_text_and_platform_are_recorded(site, archive):
    blog, _ = site
    rows = {r["author_name"]: r for r in archive.execute("select * from comments")}
    assert rows["Ada"]["html"] == "<p>First, with <strong>bold</strong> text.</p>"
    assert rows["Zoë Ünal"]["text"] == "Zweiter Kommentar – Grüße aus Köln 👋"
    assert all(r["platform"] == "isso" for r in rows.values())
    platforms = {r["url"]: r["comment_platform"] for r in archive.execute("select * from articles")}
    assert platforms == {blog.base_url + POST: "isso", blog.base_url + QUIET: "isso"}
    assert archive.execute("select platform from sites").fetchone()[0] == "isso"
    replies = archive.execute(
        "select depth from comments where parent_native_id is not null").fetchall()
    assert {r[0] for r in replies} == {1}


def test_isso_server_down_is_recorded_not_a_traceback(site, tmp_path):
    blog, _ = site
    page = PAGE.format(title="Orphan", base=blog.base_url, path="/orphan/",
                       isso="http://127.0.0.1:9", body="Words.")
    blog.pages["/orphan/"] = page.encode()
    db = tmp_path / "down.db"
    result = run_cli("crawl", blog.base_url + "/orphan/", "--db", str(db), *FAST,
                     "-s", "RETRY_TIMES=0")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from articles").fetchone()[0] == 1
    kinds = [r[0] for r in con.execute("select kind from errors")]
    assert "comment_platform" in kinds
