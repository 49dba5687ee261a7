"""How a save writes: unchanged rows leave the search index alone, the FTS triggers keep it
in step for any writer, and a record larger than one statement's parameters is saved whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database
from store_records import FETCHED_AT, LATER, ORIGIN, basic_thread, make_comment, make_record

from archiver.store import ensure_db_shape, open_archive, save_record, save_records

ORIGIN_URL = ORIGIN + "/2024/"


def _fts_pages(db: Database) -> dict[str, list[tuple]]:
    return {table: db.execute(f"SELECT * FROM [{table}] ORDER BY 1").fetchall()
            for table in ("comments_fts_data", "articles_fts_data")}


def _comment_hits(db: Database, words: str) -> list[str]:
    return [row[0] for row in db.execute(
        "SELECT comments.text FROM comments_fts JOIN comments"
        " ON comments.rowid = comments_fts.rowid WHERE comments_fts MATCH ?"
        " ORDER BY comments.rowid", [words])]


def _update_trigger(db: Database, table: str) -> str:
    return db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                      [f"{table}_au"]).fetchone()[0]


def test_an_unchanged_resave_leaves_the_search_index_as_it_was(db: Database) -> None:
    save_record(db, make_record(comments=basic_thread()), None)
    before = _fts_pages(db)

    counts = save_record(db, make_record(comments=basic_thread(), fetched_at=LATER), None)

    assert counts["article"] == "unchanged" and counts["comments_unchanged"] == 3
    # Re-indexing every row whose last_seen moved would rewrite the index's pages.
    assert _fts_pages(db) == before
    assert {row[0] for row in db.execute("SELECT last_seen FROM comments")} == {LATER}
    assert _comment_hits(db, "argument") == ["First! The argument holds up."]


def test_a_moved_comment_is_updated_and_stays_searchable(db: Database) -> None:
    save_record(db, make_record(comments=basic_thread()), None)

    moved = basic_thread()
    moved[2]["position"] = 7
    moved[2]["likes"] = 4
    counts = save_record(db, make_record(comments=moved, fetched_at=LATER), None)

    assert counts["comments_unchanged"] == 3 and counts["comments_changed"] == 0
    row = db.execute("SELECT position, likes, last_seen, last_changed FROM comments"
                     " WHERE native_id = '103'").fetchone()
    assert row[:3] == (7, 4, LATER) and row[3] != LATER
    assert db.execute("SELECT count(*) FROM comment_versions").fetchone()[0] == 0
    assert _comment_hits(db, "separate") == ["A separate point entirely."]


# The update trigger of sqlite-utils' enable_fts(create_triggers=True), which archives made
# before this store version have: it fires on an update of any column.
_SQLITE_UTILS_AU = """
CREATE TRIGGER "comments_au" AFTER UPDATE ON "comments" BEGIN
  INSERT INTO "comments_fts" ("comments_fts", rowid, "text")
    VALUES('delete', old.rowid, old."text");
  INSERT INTO "comments_fts" (rowid, "text") VALUES (new.rowid, new."text");
END"""


def test_sqlite_utils_triggers_are_replaced_by_ones_firing_on_indexed_columns(
        db_path: Path) -> None:
    db = open_archive(db_path)
    save_record(db, make_record(comments=basic_thread()), None)
    with db.conn:
        db.execute('DROP TRIGGER "comments_au"')
        db.execute(_SQLITE_UTILS_AU)
    db.close()

    db = open_archive(db_path)

    assert 'AFTER UPDATE OF "text" ON "comments"' in _update_trigger(db, "comments")
    assert 'AFTER UPDATE OF "title", "body_text" ON "articles"' in _update_trigger(db, "articles")
    ensure_db_shape(db)  # idempotent: the replaced trigger is what it wants
    assert 'AFTER UPDATE OF "text"' in _update_trigger(db, "comments")
    assert _comment_hits(db, "argument") == ["First! The argument holds up."]


def test_text_edited_with_plain_sql_is_found_by_search(db: Database) -> None:
    save_record(db, make_record(comments=basic_thread()), None)

    with db.conn:
        db.execute("UPDATE comments SET last_seen = '2030-01-01T00:00:00Z'")
        db.execute("UPDATE comments SET text = 'Zebra crossings everywhere'"
                   " WHERE native_id = '101'")

    assert _comment_hits(db, "zebra") == ["Zebra crossings everywhere"]
    assert _comment_hits(db, "argument") == []
    assert len(_comment_hits(db, "opposite OR separate")) == 2
    db.execute("INSERT INTO comments_fts(comments_fts) VALUES ('integrity-check')")


def test_a_record_with_more_comments_than_one_statement_binds_is_saved_whole(
        db: Database) -> None:
    # 100 parameters: three comment rows per INSERT, so ten comments take four statements.
    db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 100)
    comments = [make_comment(str(n), text=f"Comment number{n} speaks") for n in range(10)]

    counts = save_record(db, make_record(comments=comments), None)

    assert counts["comments_new"] == 10
    stored = [row[0] for row in db.execute("SELECT native_id FROM comments ORDER BY rowid")]
    assert stored == [str(n) for n in range(10)]
    assert _comment_hits(db, "number7") == ["Comment number7 speaks"]
    assert len(_comment_hits(db, "speaks")) == 10


def test_a_commenter_of_a_record_undone_is_still_saved_by_a_later_record_of_the_batch(
        db: Database) -> None:
    # The first record's commenter is upserted, then its comment (a lone surrogate SQLite
    # cannot encode) undoes the whole record; the second record names the same commenter.
    broken = make_record(ORIGIN_URL + "broken/",
                         comments=[make_comment("1", author="Bea", text="bad \ud800")])
    good = make_record(ORIGIN_URL + "good/", comments=[make_comment("2", author="Bea")])

    results = save_records(db, [broken, good], None)

    assert [result["article"] for result in results] == ["error", "new"]
    assert [row[0] for row in db.execute("SELECT name FROM commenters")] == ["Bea"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert [row[0] for row in db.execute("SELECT native_id FROM comments")] == ["2"]


def test_a_commenter_seen_again_later_in_a_batch_keeps_the_latest_last_seen(
        db: Database) -> None:
    first = make_record(ORIGIN_URL + "a/", comments=[make_comment("1", author="Bea")])
    later = make_record(ORIGIN_URL + "b/", comments=[make_comment("2", author="Bea")],
                        fetched_at=LATER)
    again = make_record(ORIGIN_URL + "c/", comments=[make_comment("3", author="Bea")])

    save_records(db, [first, later, again], None)

    assert db.execute("SELECT first_seen, last_seen FROM commenters").fetchall() == [
        (FETCHED_AT, LATER)]
