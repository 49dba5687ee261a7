"""End to end: comments the page gives no id, re-keyed between crawls, are not deletions.

A loopback blog prints its comments without ids, so archiver keys each by a hash of its
author, printed date, first words and parent. Its second version prints the same comments
with the date in another format and one commenter's name in lower case: every hash input
that changed is the same comment read differently, and the replies re-hash with their
parent. A recrawl, and a reparse of the second version's WARCs into the first archive,
must leave each comment visible exactly once, the old rows superseded by the new ones
(first_seen kept), and only the comment the site really removed marked deleted.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from archiver.capture.warc import warc_dir_for
from tests.e2e.hostile_sites import RecordingServer, not_found, ok
from tests.helpers import copy_archive, crawl_into, query, run_cli

pytestmark = pytest.mark.slow

ARTICLE = "/2024/04/30/footnotes/"
Thread = list[tuple[str, str, str, list]]


def thread(version: int) -> Thread:
    """(author, date as printed, text, replies); the same comments in both versions but
    Eve's (removed from the second) and Dee's (new in it)."""
    bob = "Bob Smith" if version == 1 else "bob smith"

    def when(day: int, time: str) -> str:
        return f"{day} May 2024, {time}" if version == 1 else f"May {day}, 2024 at {time}"

    comments: Thread = [
        ("Ann Reader", when(1, "10:00"), "The second point does not follow from the first.", [
            (bob, when(1, "11:30"), "It does if you read the footnote.", [
                ("Ann Reader", when(1, "12:15"), "Fair enough, I missed that.", []),
            ]),
        ]),
        ("Cy Other", when(2, "09:05"), "Thanks for writing this up.", []),
    ]
    if version == 1:
        comments.append(("Eve Gone", when(2, "10:00"), "Something the site took down.", []))
    else:
        comments.append(("Dee New", when(3, "08:00"), "Only just found this.", []))
    return comments


def render(comments: Thread) -> str:
    items = []
    for who, date, text, replies in comments:
        nested = f'<ul class="replies">{render(replies)}</ul>' if replies else ""
        items.append(
            f'<li class="comment-item"><div class="comment-head"><span class="comment-author">'
            f'{html.escape(who)}</span> <time>{date}</time></div><div class="comment-body">'
            f'<p>{html.escape(text)}</p></div>{nested}</li>')
    return "".join(items)


def article_page(version: int) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>On footnotes</title><meta property="og:type" content="article"></head><body><main>
<article class="post"><h1 class="entry-title">On footnotes</h1>
<div class="entry-meta">By Jo Writer, <time datetime="2024-04-30T09:00:00Z">30 April 2024</time>
</div><div class="entry-content"><p>Footnotes carry half of an argument: a few sentences of
an article body, long enough to read as one. It says what it says, then it stops.</p></div>
</article><section id="comments" class="comments"><h2>5 comments</h2>
<ul class="comment-list">{render(thread(version))}</ul></section></main></body></html>"""


class Blog:
    """A home page linking the article, served in version 1 or 2."""

    def __init__(self) -> None:
        self.version = 1

    def route(self, path: str) -> tuple[int, dict[str, str], bytes]:
        if path == "/":
            return ok(f'<html><body><a href="{ARTICLE}">On footnotes</a></body></html>')
        if path == ARTICLE:
            return ok(article_page(self.version))
        return not_found()


def comments(db: Path) -> dict[tuple[str, str], dict]:
    """(author casefolded, text) -> the row, of every comment row; asserts none is twice
    visible."""
    rows = query(db, "select * from comments order by first_seen, id")
    by_comment: dict[tuple[str, str], dict] = {}
    for row in rows:
        key = (row["author_name"].casefold(), row["text"])
        if row["status"] != "superseded":
            assert key not in by_comment, f"shown twice: {key}"
            by_comment[key] = row
    return by_comment


def check_rekeyed(db: Path, first_seen: str) -> None:
    rows = query(db, "select * from comments")
    by_status: dict[str, list[dict]] = {}
    for row in rows:
        by_status.setdefault(row["status"], []).append(row)
    assert sorted(by_status) == ["deleted", "superseded", "visible"]
    assert [r["author_name"] for r in by_status["deleted"]] == ["Eve Gone"]
    visible = {r["id"]: r for r in by_status["visible"]}
    assert sorted(r["author_name"] for r in visible.values()) == [
        "Ann Reader", "Ann Reader", "Cy Other", "Dee New", "bob smith"]
    assert len(by_status["superseded"]) == 4
    for old in by_status["superseded"]:
        new = visible[old["superseded_by"]]  # points at a visible row, the same comment
        assert (old["author_name"].casefold(), old["text"]) == (
            new["author_name"].casefold(), new["text"])
        assert new["first_seen"] == old["first_seen"] == first_seen
        assert old["deleted_at"] is None
    dee = next(r for r in visible.values() if r["author_name"] == "Dee New")
    assert dee["first_seen"] > first_seen
    comments(db)  # each comment visible once
    [article] = query(db, "select archived_comment_count from articles")
    assert article["archived_comment_count"] == 6  # five visible, one deleted


def test_a_recrawl_and_a_reparse_supersede_rekeyed_comments(tmp_path: Path) -> None:
    blog = Blog()
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    with RecordingServer(blog.route) as server:
        crawl_into(server.base_url + "/", first).close()
        [first_crawl] = query(first, "select * from comments where author_name = 'Eve Gone'")
        seen = first_crawl["first_seen"]
        before = copy_archive(first, tmp_path / "before.db")
        blog.version = 2
        crawl_into(server.base_url + "/", first, "ARCHIVER_FULL=True").close()
        check_rekeyed(first, seen)
        [crawl] = query(first, "select * from crawls order by id desc limit 1")
        assert (crawl["comments_superseded"], crawl["comments_deleted"],
                crawl["comments_new"]) == (4, 1, 1)
        stats = json.loads(crawl["stats"])
        assert (stats["archiver/comments/superseded"], stats["archiver/comments/deleted"]) == (
            4, 1)

        # Again: nothing more is superseded, deleted or seen as new.
        crawl_into(server.base_url + "/", first, "ARCHIVER_FULL=True").close()
        [again] = query(first, "select * from crawls order by id desc limit 1")
        assert (again["comments_superseded"], again["comments_deleted"],
                again["comments_new"]) == (0, 0, 0)
        check_rekeyed(first, seen)

        # The second version's WARCs, reparsed offline into the first version's archive:
        # the same comments as a better extractor would read them from the same pages.
        crawl_into(server.base_url + "/", second).close()
    result = run_cli("reparse", "--db", str(before), "--warcs", str(warc_dir_for(second)))
    assert result.returncode == 0, result.stderr
    assert "marked deleted 1, superseded (re-keyed) 4" in result.stdout, result.stdout
    check_rekeyed(before, seen)
    doctor = run_cli("doctor", "--db", str(before), "--warcs", str(warc_dir_for(first)))
    assert doctor.returncode == 0, doctor.stdout  # no mistaken deletions among the rest
    assert "info    4 comment(s) superseded" in doctor.stdout
