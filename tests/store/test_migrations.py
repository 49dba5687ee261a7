"""Opening an archive: migrations, pragmas and the declared schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from archiver.store import applied_migrations, open_archive, pending_migrations
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
                                      "m005_imports", "m006_thread_completeness"]
    assert pending_migrations(db) == []
    assert db["_sqlite_migrations"].count == 6


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
    # Speed settings that leave durability alone.
    assert db.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    assert db.execute("PRAGMA cache_size").fetchone()[0] < -2000  # KiB, above the default


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
