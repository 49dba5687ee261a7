"""Readers of an archive show a superseded comment (re-keyed by a better extraction, still
stored under its old id) once: the threaded page, the views and the canned queries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sqlite_utils import Database

from archiver.serve import METADATA_PATH
from archiver.serve.plugin import shown_thread
from archiver.store import open_archive, save_record
from archiver.store.read import article_snapshot
from tests.store.store_records import ARTICLE_URL, FETCHED_AT, LATER
from tests.store.test_supersede import complete, new_thread, old_thread


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_archive(tmp_path / "archive.db")
    save_record(database, complete(old_thread(), FETCHED_AT), None)
    save_record(database, complete(new_thread(), LATER), None)
    yield database
    database.close()


def visible_ids(db: Database) -> list[str]:
    return [row["id"] for row in db.query(
        "select id from comments where status != 'superseded' order by path, id")]


def flat(tree: list[dict]) -> list[dict]:
    return [node for comment in tree for node in [comment, *flat(comment["replies"])]]


def test_the_thread_page_shows_each_comment_once(db):
    shown = flat(shown_thread(article_snapshot(db, ARTICLE_URL)["comments"]))
    new = {comment["id"] for comment in new_thread()}
    assert {c["id"] for c in shown} == new | {old_thread()[5]["id"]}  # and the deleted one
    assert all(c["status"] != "superseded" for c in shown)
    nested = next(c for c in shown if c["id"] == new_thread()[3]["id"])
    assert nested["parent_id"] == "comment-77"


def test_views_leave_superseded_rows_out(db):
    threads = [row["comment_id"] for row in db.query("select * from comment_threads")]
    assert sorted(threads) == sorted(visible_ids(db))
    per_commenter = {row["commenter"]: row["comments"] for row in db.query(
        "select * from commenter_stats")}
    assert per_commenter["Carol"] == 1
    assert sum(per_commenter.values()) == len(visible_ids(db))
    article = next(db.query("select archived_comment_count from articles"))
    assert article["archived_comment_count"] == len(visible_ids(db))


def test_canned_queries_leave_superseded_rows_out(db):
    queries = yaml.safe_load(METADATA_PATH.read_text())["databases"]["archive"]["queries"]
    params = {"url": ARTICLE_URL, "commenter": "Carol", "since": "2000-01-01"}
    thread = list(db.query(queries["article_thread"]["sql"], params))
    assert len(thread) == len(visible_ids(db))
    assert len(list(db.query(queries["commenter_history"]["sql"], params))) == 1
    per_day = list(db.query(queries["comments_per_day"]["sql"]))
    dated = db.execute("select count(*) from comments where published is not null"
                       " and status != 'superseded'").fetchone()[0]
    assert sum(row["comments"] for row in per_day) == dated == 1
    since = list(db.query(queries["new_comments_since"]["sql"], params))
    assert len(since) == dated
    # Every query that reads comments says what it does with superseded rows.
    for name, query in queries.items():
        if re.search(r"\bfrom comments\b", query["sql"]):
            assert "superseded" in query["sql"], name
