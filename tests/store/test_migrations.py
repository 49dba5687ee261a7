"""Opening an archive: migrations, pragmas and the declared schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from store_records import LATER, make_comment, make_record

from archiver.store import applied_migrations, open_archive, pending_migrations, save_records
from archiver.store.migrations import migrations

TABLES = {
    "sites",
    "articles",
    "authors",
    "article_authors",
    "tags",
    "article_tags",
    "commenters",
    "comments",
    "crawls",
    "errors",
    "imports",
}


def test_open_archive_creates_every_table_with_declared_column_types(db: Database) -> None:
    assert set(db.table_names()) >= TABLES
    for table in TABLES:
        types = {column.name: column.type for column in db[table].columns}
        assert set(types.values()) <= {"TEXT", "INTEGER"}, (table, types)


def test_open_archive_applies_each_migration_once(db_path: Path) -> None:
    open_archive(db_path).close()
    db = open_archive(db_path)

    assert applied_migrations(db) == ["m001_initial", "m002_errors",
                                      "m003_history_and_captures", "m004_comment_reactions",
                                      "m005_imports", "m006_thread_completeness",
                                      "m007_missing_parent_index",
                                      "m008_comment_record_digest",
                                      "m009_superseded_comments"]
    assert pending_migrations(db) == []
    assert db["_sqlite_migrations"].count == 9


def test_an_archive_made_before_superseded_comments_is_upgraded(db_path: Path) -> None:
    old = Database(db_path)
    migrations.apply(old, stop_before="m009_superseded_comments")
    assert "superseded_by" not in old["comments"].columns_dict
    old.close()

    db = open_archive(db_path)

    assert db["comments"].columns_dict["superseded_by"] is str
    assert db["crawls"].columns_dict["comments_superseded"] is int
    assert {"idx_comments_deleted_hash", "idx_comments_superseded"} <= {
        index.name for index in db["comments"].indexes}


def test_an_archive_made_before_the_errors_table_is_upgraded(db_path: Path) -> None:
    old = Database(db_path)
    migrations.apply(old, stop_before="m002_errors")
    assert "errors" not in old.table_names()
    old.close()

    db = open_archive(db_path)

    assert "errors" in db.table_names()
    assert applied_migrations(db)[:2] == ["m001_initial", "m002_errors"]


def test_open_archive_creates_a_missing_folder(tmp_path: Path) -> None:
    db = open_archive(tmp_path / "new" / "deeper" / "archive.db")

    assert (tmp_path / "new" / "deeper" / "archive.db").exists()
    assert "articles" in db.table_names()


def test_open_archive_uses_wal_and_waits_for_locks(db: Database) -> None:
    assert db.journal_mode == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    # Statement journals in temporary files: in memory they grew with the archive.
    assert db.execute("PRAGMA temp_store").fetchone()[0] == 1  # FILE
    # The default page cache: a larger one per connection grew a crawl with the site.
    assert db.execute("PRAGMA cache_size").fetchone()[0] == -2000  # KiB


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO comments (id, site_id, article_url, platform, native_id,"
            " first_seen, last_seen, last_changed) VALUES ('c', 's', 'u', 'p', '1', 'x', 'x', 'x')"
        )


def test_comment_parent_is_not_a_foreign_key(db: Database) -> None:
    # A reply must be storable while its parent is missing (data-model invariant 3).
    referencing = {fk.column for fk in db["comments"].foreign_keys}
    assert referencing == {"site_id", "article_url", "commenter_id"}


def test_usual_queries_have_indexes(db: Database) -> None:
    indexed = {(table, tuple(index.columns)) for table in TABLES for index in db[table].indexes}
    assert {
        ("comments", ("article_url", "path")),
        ("comments", ("commenter_id",)),
        ("comments", ("published",)),
        ("articles", ("site_id",)),
        ("articles", ("published",)),
        ("articles", ("section",)),
        ("article_authors", ("author_id",)),
    } <= indexed


def _plan(db: Database, sql: str, params: dict[str, str]) -> str:
    return " ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_an_archive_made_before_the_missing_parent_index_is_upgraded_and_kept_right(
        db_path: Path) -> None:
    # Replies saved before their parent, in an archive with the full parent_id index.
    old = open_archive(db_path)
    old.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_missing_parent_index'")
    old.execute("DROP INDEX idx_comments_missing_parent")
    old.execute("CREATE INDEX idx_comments_parent_id ON comments (parent_id)")
    replies = [make_comment("2", "1", text="A reply whose parent comes later"),
               make_comment("3", "2", text="And its reply")]
    save_records(old, [make_record(comments=replies)], None)
    old.close()

    db = open_archive(db_path)
    indexes = {index.name: index.columns for index in db["comments"].indexes}
    assert "idx_comments_parent_id" not in indexes
    assert indexes["idx_comments_missing_parent"] == ["parent_id"]
    plan = _plan(db, "UPDATE comments SET parent_missing = 0 WHERE parent_missing = 1"
                 " AND parent_id IN (SELECT value FROM json_each(:new))", {"new": "[]"})
    assert "USING INDEX idx_comments_missing_parent" in plan
    assert dict(db.execute("SELECT native_id, parent_missing FROM comments")) == {
        "2": 1, "3": 0}
    # The parent arrives on another comment page: its stored reply is no longer flagged.
    parent = make_comment("1", text="The parent, at last")
    save_records(db, [make_record(comments=[parent], fetched_at=LATER)], None)
    flags = dict(db.execute("SELECT native_id, parent_missing FROM comments").fetchall())
    assert flags == {"1": 0, "2": 0, "3": 0}
    db.execute("INSERT INTO comments_fts(comments_fts) VALUES ('integrity-check')")
    hits = db.execute("SELECT rowid FROM comments_fts WHERE comments_fts MATCH 'parent'")
    assert len(hits.fetchall()) == 2


def test_the_queries_readers_run_use_an_index(db: Database) -> None:
    plans = {
        "thread": ("SELECT * FROM comments WHERE article_url = :v ORDER BY path",
                   "idx_comments_article_url_path"),
        "commenter": ("SELECT * FROM comments WHERE commenter_id = :v",
                      "idx_comments_commenter_id"),
        "since": ("SELECT * FROM comments WHERE published >= :v ORDER BY published",
                  "idx_comments_published"),
        "site": ("SELECT count(*) FROM comments WHERE site_id = :v", "idx_comments_site_id"),
    }
    for name, (sql, index) in plans.items():
        assert index in _plan(db, sql, {"v": "x"}), name
