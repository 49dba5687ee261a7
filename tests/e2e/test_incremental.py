"""End to end: a site that changes between crawls, crawled incrementally through the CLI.

After each crawl the archive's current state and its history must match what was served,
exactly; an unchanged recrawl must be conditional and cheap; the WARCs must rebuild the
archive offline and pass warcio's own checks.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archiver.demo.job import PROFILE
from archiver.demo.model import MAX_DEPTH, WORDPRESS_MARKUPS, Article, Comment
from archiver.demo.verify import compare
from archiver.store.read import article_records
from tests.e2e.test_crawl_demo import check_integrity, table_rows
from tests.helpers import copy_archive, last_crawl, query, run_cli
from tests.incremental.site_server import ChangingSite

pytestmark = pytest.mark.slow

# Every article is due at every crawl: the demo's articles are years old, and the test is
# about what a refresh finds, not about when the schedule asks for one.
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "ARCHIVER_REFRESH_SCHEDULE=100000:0"]
NEW_TEXT = "A late arrival: I only just read this."
EDITED_TEXT = "Edited: on reflection I was too harsh."
NEW_TITLE = "Corrected: A Headline That Changed"


def _candidates(articles: list[Article]) -> list[Article]:
    return [a for a in articles if a.markup in WORDPRESS_MARKUPS and len(a.pages) == 1
            and not a.closed and any(c.children for c in a.real_comments)]


def v1(articles: list[Article]) -> None:
    del articles[-1]  # the newest article is published later


def v2(articles: list[Article]) -> None:
    grows, edited, pruned, renamed = _candidates(articles)[:4]
    # New comments: a top-level one and a reply.
    newest = max(c.when for c in grows.comments)
    top = Comment(local=len(grows.comments), parent=None, when=newest.replace(minute=0).replace(
        year=newest.year + 1), author=grows.real_comments[0].author, is_post_author=False,
        paras=[(NEW_TEXT, NEW_TEXT)], id=900001)
    grows.comments.append(top)
    grows.roots.append(top)
    if grows.pages[-1] is not grows.roots:  # one page: the page list is the roots list
        grows.pages[-1].append(top)
    parent = next(c for c in grows.real_comments if c.depth < MAX_DEPTH and c is not top)
    reply = Comment(local=len(grows.comments), parent=parent, when=top.when.replace(minute=30),
                    author=grows.real_comments[-2].author, is_post_author=False,
                    paras=[("Replying late, too.", "Replying late, too.")],
                    depth=parent.depth + 1, id=900002)
    grows.comments.append(reply)
    parent.children.append(reply)
    # An edited comment.
    next(c for c in edited.real_comments if c.children).paras = [(EDITED_TEXT, EDITED_TEXT)]
    # A deleted comment with its replies, and a deleted leaf.
    gone = next(c for c in pruned.real_comments if c.children)
    subtree, stack = [], [gone]
    while stack:
        node = stack.pop()
        subtree.append(node)
        stack.extend(node.children)
    leaf = next(c for c in pruned.real_comments if not c.children and c not in subtree
                and c.parent is not None)
    for node in (gone, leaf):
        if node.parent is None:
            pruned.roots.remove(node)
            for page in pruned.pages:
                if page is not pruned.roots and node in page:
                    page.remove(node)
        else:
            node.parent.children.remove(node)
    removed = {id(n) for n in [*subtree, leaf]}
    pruned.comments[:] = [c for c in pruned.comments if id(c) not in removed]
    # A changed headline.
    renamed.title = NEW_TITLE


def crawl(site: ChangingSite, db: Path, *extra: str) -> dict:
    result = run_cli("crawl", site.base_url + "/", "--profile", str(PROFILE), "--db", str(db),
                     *FAST, *extra)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return last_crawl(db)


def current_state(db: Path) -> list[dict]:
    """The archive as the site is now: deleted comments left out, counted accordingly."""
    records = []
    for record in article_records(db):
        visible = [c for c in record["comments"] if c["status"] != "deleted"]
        records.append({**record, "comments": visible, "archived_comment_count": len(visible)})
    return records


def snapshot(db: Path) -> dict[str, list[tuple]]:
    volatile = ("last_seen", "crawl_id")
    return {t: table_rows(db, t, volatile) for t in
            ("articles", "comments", "authors", "commenters", "article_authors", "tags",
             "comment_versions", "article_versions")}


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Three crawls of one archive: the first, an unchanged recrawl, then after changes."""
    site = ChangingSite(n_articles=12)
    db = tmp_path_factory.mktemp("incremental") / "site.db"
    try:
        truth1 = site.publish(v1)
        first = crawl(site, db)
        mismatches1 = compare(truth1, current_state(db))
        state1 = snapshot(db)
        first_seen_at = query(db, "select max(last_seen) as t from articles")[0]["t"]
        site.requests.clear()
        second = crawl(site, db)
        conditional_requests = list(site.requests)
        state2 = snapshot(db)
        truth3 = site.publish(v2)
        third = crawl(site, db)
        yield {"db": db, "site": site, "truth1": truth1, "truth3": truth3, "first": first,
               "second": second, "third": third, "state1": state1, "state2": state2,
               "mismatches1": mismatches1,
               "first_seen_at": first_seen_at, "conditional": conditional_requests}
    finally:
        site.stop()


def test_the_first_crawl_is_full_and_archives_the_site_exactly(history):
    assert history["first"]["kind"] == "full"
    assert history["mismatches1"] == []
    assert history["state1"]["comment_versions"] == []
    assert history["state1"]["article_versions"] == []


def test_an_unchanged_recrawl_is_conditional_writes_nothing_and_costs_little(history):
    first, second = history["first"], history["second"]
    assert second["kind"] == "incremental"
    assert history["state2"] == history["state1"]
    assert (second["articles_new"], second["articles_changed"], second["comments_new"],
            second["comments_changed"], second["comments_deleted"]) == (0, 0, 0, 0, 0)
    articles = len(history["truth1"]["articles"])
    # Every article was asked for with its ETag and answered 304.
    assert second["not_modified"] >= articles
    assert second["articles_unchanged"] == articles
    assert sum(1 for _, status in history["conditional"] if status == 304) == second[
        "not_modified"]
    byte_ratio = second["bytes"] / first["bytes"]
    request_ratio = second["requests"] / first["requests"]
    print(f"\nunchanged recrawl / full crawl: bytes {second['bytes']}/{first['bytes']} = "
          f"{byte_ratio:.3f}, requests {second['requests']}/{first['requests']} = "
          f"{request_ratio:.3f}")
    assert byte_ratio < 0.1


def test_after_changes_the_current_state_matches_the_site_exactly(history):
    db = history["db"]
    assert history["third"]["kind"] == "incremental"
    assert compare(history["truth3"], current_state(db)) == []
    check_integrity(db)


def test_new_articles_and_comments_are_counted_as_new(history):
    third = history["third"]
    assert third["articles_new"] == 1
    newest = max(history["truth3"]["articles"], key=lambda a: a["published"])
    assert third["comments_new"] == 2 + len(newest["comments"])
    new = query(history["db"], "select native_id, parent_native_id from comments"
                " where native_id in ('900001', '900002') order by native_id")
    assert [r["native_id"] for r in new] == ["900001", "900002"]
    assert new[0]["parent_native_id"] is None and new[1]["parent_native_id"] is not None


def test_an_edited_comment_keeps_its_previous_text_in_the_history(history):
    db = history["db"]
    rows = query(db, "select c.id, c.text, c.last_changed, v.text as old, v.valid_from,"
                 " v.replaced_at from comments c join comment_versions v on v.comment_id = c.id"
                 " where v.status = 'visible' and c.status = 'visible'")
    assert len(rows) == 1
    edited = rows[0]
    assert edited["text"] == EDITED_TEXT
    truth1 = {c["id"]: c["text"] for a in history["truth1"]["articles"] for c in a["comments"]}
    native = query(db, "select native_id from comments where id = ?", (edited["id"],))[0]
    assert edited["old"] == truth1[native["native_id"]]
    assert edited["replaced_at"] == edited["last_changed"] > edited["valid_from"]


def test_deleted_comments_are_marked_with_when_they_were_last_seen(history):
    db = history["db"]
    served = {c["id"] for a in history["truth3"]["articles"] for c in a["comments"]}
    before = {c["id"] for a in history["truth1"]["articles"] for c in a["comments"]}
    deleted = query(db, "select * from comments where status = 'deleted'")
    assert {r["native_id"] for r in deleted} == before - served
    assert len(deleted) >= 3  # a comment with its reply, and a leaf
    second_seen = query(db, "select max(last_seen) as t from comments"
                        " where status = 'deleted'")[0]["t"]
    for row in deleted:
        assert row["deleted_at"] > row["last_seen"]
        assert row["last_seen"] == second_seen
        if row["parent_native_id"] is not None:
            assert row["parent_id"] is not None and not row["parent_missing"]
    versions = query(db, "select comment_id, text from comment_versions where comment_id in"
                     " (select id from comments where status = 'deleted')")
    assert len(versions) == len(deleted)


def test_a_changed_headline_is_versioned(history):
    rows = query(history["db"], "select a.title, v.title as old from articles a"
                 " join article_versions v on v.article_url = a.url")
    assert len(rows) == 1
    assert rows[0]["title"] == NEW_TITLE
    old_titles = {a["url"]: a["title"] for a in history["truth1"]["articles"]}
    assert rows[0]["old"] in old_titles.values()


def test_the_crawl_rows_count_requests_304s_bytes_and_deletions(history):
    third = history["third"]
    assert third["requests"] == third["stats"]["downloader/request_count"]
    assert third["bytes"] == third["stats"]["downloader/response_bytes"]
    assert third["comments_deleted"] == len(query(
        history["db"], "select id from comments where status = 'deleted'"))
    assert third["comments_changed"] == 1


def _warcio(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from warcio.cli import main; main(sys.argv[1:])",
         *args], capture_output=True, text=True, timeout=120)


def test_the_warcs_pass_warcio_check_and_index(history):
    warcs = sorted((history["db"].parent / "site-warc").glob("*.warc.gz"))
    assert len(warcs) == 3  # one per crawl
    checked = _warcio("check", "-v", *map(str, warcs))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    index = _warcio("index", "-f", "warc-type,warc-target-uri,http:status", *map(str, warcs))
    assert index.returncode == 0, index.stderr
    entries = [json.loads(line) for line in index.stdout.splitlines()]
    responses = [e for e in entries if e["warc-type"] == "response"]
    assert len(responses) == sum(history[k]["stats"]["downloader/response_count"]
                                 for k in ("first", "second", "third"))
    assert any(e.get("http:status") == "304" for e in responses)


def test_every_response_has_a_capture_row_pointing_at_its_warc_record(history):
    db = history["db"]
    captures = query(db, "select * from captures")
    total = sum(history[k]["stats"]["downloader/response_count"]
                for k in ("first", "second", "third"))
    assert len(captures) == total
    from archiver.capture.warc import read_response

    sample = [c for c in captures if c["status"] == 200][:: max(1, len(captures) // 10)]
    for capture in sample:
        stored = read_response(db.parent / "site-warc" / capture["warc_file"], capture["offset"])
        assert stored.url == capture["url"]
        assert stored.status == 200
        assert len(stored.body) == capture["bytes"]


def test_reparse_from_the_warcs_alone_rebuilds_an_equal_archive(history, tmp_path):
    db = history["db"]
    rebuilt = tmp_path / "rebuilt.db"
    result = run_cli("reparse", "--db", str(rebuilt), "--warcs", str(db.parent / "site-warc"))
    assert result.returncode == 0, result.stderr
    assert "URLs not in the WARCs: 0" in result.stdout
    assert compare(history["truth3"], current_state(rebuilt)) == []
    # archived_comment_count counts the deleted comments the crawled archive keeps.
    ignore = ("first_seen", "last_seen", "last_changed", "crawl_id", "deleted_at", "status",
              "archived_comment_count")

    def rows(path: Path, table: str) -> list[tuple]:
        return table_rows(path, table, ignore)

    # Deleted comments are history: the WARCs' latest captures only hold what is served.
    live = query(db, "select id from comments where status = 'deleted'")
    kept = [r for r in rows(db, "comments") if r[0] not in {x["id"] for x in live}]
    assert rows(rebuilt, "comments") == kept
    for table in ("articles", "authors", "commenters", "article_authors", "tags"):
        assert rows(rebuilt, table) == rows(db, table), table


def test_reparse_of_the_archive_itself_finds_nothing_changed(history, tmp_path):
    db = history["db"]
    copy = copy_archive(db, tmp_path / "copy.db")
    before = snapshot(copy)
    result = run_cli("reparse", "--db", str(copy), "--warcs", str(db.parent / "site-warc"))
    assert result.returncode == 0, result.stderr
    assert "changed 0" in result.stdout and "new 0" in result.stdout
    assert snapshot(copy) == before
    kinds = [r["kind"] for r in query(copy, "select kind from crawls order by id")]
    assert kinds == ["full", "incremental", "incremental", "reparse"]


def test_full_forces_every_page_without_validators(history, tmp_path):
    db = history["db"]
    copy = copy_archive(db, tmp_path / "full.db")
    row = crawl(history["site"], copy, "--full")
    assert row["kind"] == "full"
    assert row["not_modified"] == 0
    assert row["articles_unchanged"] == len(history["truth3"]["articles"])
    assert datetime.now(UTC).isoformat() > row["started"]
