"""End to end: the real Waline server (npm) populated through its own API, a blog page with
the client's stock embed, crawled through the CLI; the archive must hold what Waline's own
SQLite database holds for that page, exactly."""

from __future__ import annotations

import socket
import sqlite3
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import run_cli
from tests.platforms.waline.server import (
    CLIENT_PACKAGE,
    CLIENT_VERSION,
    PAGE,
    SERVER_PACKAGE,
    SERVER_VERSION,
    Blog,
    WalineServer,
    install,
    missing_tools,
)

# The first run npm-installs the server into the cache, which may compile its sqlite3
# binding (minutes on two busy cores): more than the suite's 300 s a test.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False"]
POST = "/2024/05/waline-post/"
QUIET = "/2024/05/quiet-post/"
# Not UTC: Waline stores local times, the archive must hold UTC.
ZONE = "Europe/Berlin"
PAGE_SIZE = 4  # root comments a page: the thread below spans four pages
ROOTS = 14


@pytest.fixture(scope="module")
def site():
    if missing_tools():
        pytest.skip("Waline needs " + ", ".join(missing_tools()) + " (./run setup --test)")
    server_root = install(SERVER_PACKAGE, SERVER_VERSION)
    client = install(CLIENT_PACKAGE, CLIENT_VERSION)
    blog = Blog(client)
    # Waline's keyword filter marks a comment with a forbidden word as spam.
    waline = WalineServer(server_root, tz=ZONE, FORBIDDEN_WORDS="casino")
    try:
        for path, title in ((POST, "Comments on Waline"), (QUIET, "Nobody commented")):
            blog.pages[path] = PAGE.format(title=title, base=blog.base_url, path=path,
                                           server=waline.base_url, body="Words.").encode()
        blog.pages["/"] = (f'<html><body><a href="{POST}">one</a> <a href="{QUIET}">two</a>'
                           "</body></html>").encode()
        roots = [waline.post(POST, f"Reader {n}", f"Root comment number {n}.")
                 for n in range(1, ROOTS)]
        roots.append(waline.post(POST, "Zoë Ünal", "Zweiter Kommentar – Grüße aus Köln 👋",
                                 link="https://zoe.example/", mail="zoe@example.org"))
        first = waline.post(POST, "Bob", "A reply to reader 1.", reply_to=roots[0])
        second = waline.post(POST, "Carol", "Bob, a reply to you: level three.",
                             reply_to=first)
        waline.post(POST, "Dan", "Level four, answering Carol.", reply_to=second)
        waline.post(POST, "Eve", "Another answer to reader 1.", reply_to=roots[0])
        waline.post(POST, "Fay", "On the last page, answering Zoë.", reply_to=roots[-1])
        waline.post(POST, "Gus", "Answering reader 6, with *emphasis*.", reply_to=roots[5])
        waline.like(roots[0]["objectId"])
        waline.post(POST, "Spammer", "Cheap casino bonus, click here.", reply_to=roots[1])
        yield blog, waline
    finally:
        waline.close()
        blog.close()
    with socket.socket() as sock:  # the server and its cluster worker are gone
        assert sock.connect_ex(("127.0.0.1", waline.port)) != 0


@pytest.fixture(scope="module")
def archive(site, tmp_path_factory):
    blog, _ = site
    db = tmp_path_factory.mktemp("waline") / "waline.db"
    result = run_cli("crawl", blog.base_url + "/", "--db", str(db), *FAST,
                     "-s", f"ARCHIVER_WALINE_PAGE_SIZE={PAGE_SIZE}")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    return con


def _utc(local: str) -> str:
    """A Waline ``insertedAt`` (the server's local time) as the archive writes UTC."""
    moment = datetime.fromisoformat(local.replace(" ", "T")[:19])
    return moment.replace(tzinfo=ZoneInfo(ZONE)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def waline_truth(waline: WalineServer) -> dict[str, tuple]:
    return {
        str(row["id"]): (None if row["pid"] is None else str(row["pid"]), row["nick"],
                         row["link"] or None, _utc(row["insertedAt"]), row["comment"])
        for row in waline.truth(POST) if row["status"] == "approved"
    }


def test_waline_thread_is_archived_exactly(site, archive):
    _, waline = site
    truth = waline_truth(waline)
    assert len(truth) == ROOTS + 6
    # Stored, but never served to readers (nor to archiver).
    assert [r["status"] for r in waline.truth(POST) if r["nick"] == "Spammer"] == ["spam"]
    got = {
        row["native_id"]: (row["parent_native_id"], row["author_name"], row["url"],
                           row["published"], row["text"])
        for row in archive.execute(
            "select c.*, m.url from comments c left join commenters m on m.id = c.commenter_id "
            "where c.article_url like ?", ["%" + POST])
    }
    # Waline stores Markdown; the archive holds the text of the HTML it serves.
    truth = {cid: (*fields[:4], fields[4].replace("*", "")) for cid, fields in truth.items()}
    assert got == truth


def test_waline_replies_keep_their_depth_html_likes_and_platform(site, archive):
    blog, _ = site
    rows = {r["author_name"]: r for r in archive.execute("select * from comments")}
    assert {rows[name]["depth"] for name in ("Reader 1", "Bob", "Carol", "Dan")} == {0, 1, 2, 3}
    assert rows["Gus"]["html"] == "<p>Answering reader 6, with <em>emphasis</em>.</p>"
    assert rows["Reader 1"]["likes"] == 1
    assert all(r["platform"] == "waline" for r in rows.values())
    platforms = {r["url"]: (r["comment_platform"], r["thread_complete"])
                 for r in archive.execute("select * from articles")}
    assert platforms == {blog.base_url + POST: ("waline", 1),
                         blog.base_url + QUIET: ("waline", 1)}
    assert archive.execute("select count(*) from errors").fetchone()[0] == 0
    # 14 root comments, 4 a page: four list pages for the post, one for the quiet one.
    pages = [r[0] for r in archive.execute(
        "select url from captures where url like '%/api/comment?%' order by url")]
    assert sum(f"path={POST.replace('/', '%2F')}" in url for url in pages) == 4
    assert len(pages) == 5


def test_waline_server_down_is_recorded_not_a_traceback(site, tmp_path):
    blog, _ = site
    blog.pages["/orphan/"] = PAGE.format(title="Orphan", base=blog.base_url, path="/orphan/",
                                         server="http://127.0.0.1:9", body="Words.").encode()
    db = tmp_path / "down.db"
    result = run_cli("crawl", blog.base_url + "/orphan/", "--db", str(db), *FAST,
                     "-s", "RETRY_TIMES=0")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from articles").fetchone()[0] == 1
    kinds = [r[0] for r in con.execute("select kind from errors")]
    assert "comment_platform" in kinds


def test_a_second_crawl_adds_the_new_reply_and_marks_nothing_deleted(site, tmp_path):
    blog, waline = site
    db = tmp_path / "again.db"
    for step in ("first", "second"):
        if step == "second":
            (root,) = [r for r in waline.truth(POST) if r["nick"] == "Reader 3"]
            waline.post(POST, "Hal", "A late reply to reader 3.",
                        reply_to={"objectId": root["id"], "nick": root["nick"]})
        result = run_cli("crawl", blog.base_url + POST, "--db", str(db), *FAST,
                         "-s", f"ARCHIVER_WALINE_PAGE_SIZE={PAGE_SIZE}")
        assert result.returncode == 0, result.stderr
    con = sqlite3.connect(db)
    rows = dict(con.execute("select native_id, parent_native_id from comments "
                            "where deleted_at is null"))
    truth = waline_truth(waline)
    assert rows == {cid: fields[0] for cid, fields in truth.items()}
    assert con.execute("select count(*) from comments where deleted_at is not null"
                       ).fetchone()[0] == 0
