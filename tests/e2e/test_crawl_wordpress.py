"""End to end: a real WordPress (Debian's packages, seeded by tests/platforms/wordpress/)
crawled through the CLI without a profile, once through its REST API and once with the
API refusing; both archives must equal the WordPress database and each other."""

from __future__ import annotations

import html
import json
import sqlite3
import time
from pathlib import Path

import pytest

from tests.helpers import run_cli
from tests.platforms.wordpress.site import WordPressSite, missing_tools

pytestmark = pytest.mark.slow

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
# Columns that say when or from where a row was read, not what it holds; record_digest is
# the store's digest of the record a row was written from, and the REST API's records
# carry other fields than the HTML's.
WHEN_AND_WHERE = {"first_seen", "last_seen", "last_changed", "crawl_id", "fetched_url",
                  "source_url", "record_digest"}


@pytest.fixture(scope="session")
def wordpress():
    missing = missing_tools()
    if missing:
        pytest.fail("WordPress test site needs: " + ", ".join(missing)
                    + " (.ci/run installs them)")
    started = time.monotonic()
    with WordPressSite() as site:
        print(f"\nWordPress set-up: {time.monotonic() - started:.1f}s {site.timings}")
        yield site


def crawl(site: WordPressSite, db: Path, *, rest: bool) -> sqlite3.Connection:
    site.set_rest_api(rest)
    try:
        result = run_cli("crawl", site.base_url + "/", "--db", str(db), *FAST)
    finally:
        site.set_rest_api(True)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    return con


@pytest.fixture(scope="module")
def truth(wordpress):
    return wordpress.truth()


@pytest.fixture(scope="module")
def rest_db(wordpress, tmp_path_factory):
    return crawl(wordpress, tmp_path_factory.mktemp("wp") / "rest.db", rest=True)


@pytest.fixture(scope="module")
def html_db(wordpress, tmp_path_factory):
    return crawl(wordpress, tmp_path_factory.mktemp("wp") / "html.db", rest=False)


def utc(mysql_gmt: str) -> str:
    return mysql_gmt.replace(" ", "T") + "Z"


def expected_comments(truth: dict) -> dict[str, tuple]:
    links = {p["ID"]: p["link"] for p in truth["posts"]}
    return {
        c["comment_ID"]: (
            links[c["comment_post_ID"]],
            None if c["comment_parent"] == "0" else c["comment_parent"],
            c["comment_author"] or "Anonymous",
            c["comment_author_url"] or None,
            utc(c["comment_date_gmt"]),
        )
        for c in truth["comments"]
    }


def archived_comments(con: sqlite3.Connection) -> dict[str, tuple]:
    return {
        row["native_id"]: (row["article_url"], row["parent_native_id"], row["author_name"],
                           row["url"], row["published"])
        for row in con.execute(
            "select c.*, m.url from comments c left join commenters m on m.id = c.commenter_id")
    }


def check_matches_database(con: sqlite3.Connection, truth: dict) -> None:
    articles = {row["url"]: row for row in con.execute("select * from articles")}
    assert set(articles) == {p["link"] for p in truth["posts"]}
    for post in truth["posts"]:
        row = articles[post["link"]]
        assert row["title"] == html.unescape(post["post_title"])  # stored escaped
        assert row["published"] == utc(post["post_date_gmt"])
        assert row["comment_platform"] == "wordpress"
        authors = [r[0] for r in con.execute(
            "select a.name from article_authors l join authors a on a.id = l.author_id "
            "where l.article_url = ? order by l.position", [post["link"]])]
        assert authors == [post["author_name"]]
    assert archived_comments(con) == expected_comments(truth)
    counts = {row["url"]: row["archived_comment_count"] for row in articles.values()}
    for post in truth["posts"]:
        assert counts[post["link"]] == sum(
            1 for c in truth["comments"] if c["comment_post_ID"] == post["ID"])
    assert con.execute("select platform from sites").fetchone()[0] == "wordpress"


def test_seeded_site_has_what_the_issue_asks_for(truth):
    comments = truth["comments"]
    by_post: dict[str, int] = {}
    for c in comments:
        by_post[c["comment_post_ID"]] = by_post.get(c["comment_post_ID"], 0) + 1
    assert max(by_post.values()) > 100  # more than one REST page, ten comment pages
    parents = {c["comment_ID"]: c["comment_parent"] for c in comments}

    def depth(cid: str) -> int:
        return 0 if parents[cid] == "0" else 1 + depth(parents[cid])

    assert max(depth(c) for c in parents) >= 4
    assert any(not c["comment_author"].isascii() for c in comments)


def test_rest_crawl_archives_every_approved_comment_exactly(rest_db, truth):
    check_matches_database(rest_db, truth)
    stats = json.loads(rest_db.execute("select stats from crawls").fetchone()[0])
    assert stats.get("archiver/platforms/wordpress/responses", 0) >= 2 * len(truth["posts"])


def test_html_fallback_archives_every_approved_comment_exactly(html_db, truth):
    check_matches_database(html_db, truth)
    stats = json.loads(html_db.execute("select stats from crawls").fetchone()[0])
    assert stats.get("archiver/platforms/wordpress/refused", 0) >= len(truth["posts"])
    assert "archiver/platforms/wordpress/responses" not in stats


def tables(con: sqlite3.Connection) -> list[str]:
    return [r[0] for r in con.execute(
        "select name from sqlite_master where type = 'table' and name not like '%fts%' "
        "and name not like '\\_%' escape '\\' and name not in ('crawls', 'errors', 'captures')")]


def rows(con: sqlite3.Connection, table: str) -> list[tuple]:
    columns = [r[1] for r in con.execute(f"pragma table_info({table})")
               if r[1] not in WHEN_AND_WHERE]
    return sorted(tuple(r) for r in con.execute(f"select {', '.join(columns)} from {table}"))


def test_rest_and_html_archives_are_identical_table_by_table(rest_db, html_db):
    assert tables(rest_db) == tables(html_db)
    for table in tables(rest_db):
        assert rows(rest_db, table) == rows(html_db, table), table


def test_newest_first_comment_pages_archive_the_same_thread(wordpress, html_db, truth,
                                                            tmp_path):
    # WordPress's "show the last page first": the article URL shows page 10.
    wordpress.set_option("default_comments_page", "newest")
    try:
        con = crawl(wordpress, tmp_path / "newest.db", rest=False)
    finally:
        wordpress.set_option("default_comments_page", "oldest")
    check_matches_database(con, truth)
    for table in tables(html_db):
        assert rows(con, table) == rows(html_db, table), table


def test_unapproved_spam_trash_and_pingbacks_are_never_archived(rest_db, html_db, wordpress):
    hidden = wordpress.sql(
        "select comment_ID from wordpress.wp_comments "
        "where comment_approved <> '1' or comment_type not in ('comment', '')").split()
    assert len(hidden) == 4
    for con in (rest_db, html_db):
        archived = {r[0] for r in con.execute("select native_id from comments")}
        assert not archived & set(hidden)
