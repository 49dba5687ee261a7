"""Derived shape: full-text search and the views, idempotent on every open."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database
from store_records import ARTICLE_URL, LATER, basic_thread, make_comment, make_record

from archiver.store import ensure_db_shape, open_archive, save_record


def _schema(db: Database) -> list[tuple]:
    return db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def _comment_hits(db: Database, words: str) -> list[str]:
    return [
        row["text"]
        for row in db.query(
            "SELECT comments.text FROM comments_fts"
            " JOIN comments ON comments.rowid = comments_fts.rowid"
            " WHERE comments_fts MATCH ?",
            [words],
        )
    ]


def test_ensure_db_shape_twice_changes_nothing(db: Database) -> None:
    save_record(db, make_record(comments=basic_thread()), None)
    before = _schema(db)

    ensure_db_shape(db)
    ensure_db_shape(db)

    assert _schema(db) == before
    assert _comment_hits(db, "argument") == ["First! The argument holds up."]


def test_reopening_an_archive_keeps_its_search_index(db_path: Path) -> None:
    db = open_archive(db_path)
    save_record(db, make_record(comments=basic_thread()), None)
    db.close()

    db = open_archive(db_path)

    assert len(_comment_hits(db, "opinion OR argument OR separate")) == 2


def test_full_text_search_finds_a_comment_word_by_its_stem(db: Database) -> None:
    save_record(db, make_record(comments=basic_thread()), None)

    # Porter stemming: "arguing" finds "argued".
    assert _comment_hits(db, "arguing") == ["I argued the opposite last week."]


def test_full_text_search_finds_article_title_and_body(db: Database) -> None:
    save_record(db, make_record(title="Why moderation fails"), None)

    hits = list(
        db.query(
            "SELECT articles.url FROM articles_fts JOIN articles"
            " ON articles.rowid = articles_fts.rowid WHERE articles_fts MATCH ?",
            ["moderation AND argument"],
        )
    )
    assert hits == [{"url": ARTICLE_URL}]


def test_search_follows_an_edited_comment(db: Database) -> None:
    save_record(db, make_record(comments=[make_comment("1", text="Original wording")]), None)

    edited = make_comment("1", text="Corrected phrasing")
    save_record(db, make_record(comments=[edited], fetched_at=LATER), None)

    assert _comment_hits(db, "original") == []
    assert _comment_hits(db, "phrasing") == ["Corrected phrasing"]


def test_comment_threads_view_reads_like_the_page_with_indented_previews(db: Database) -> None:
    save_record(db, make_record(comments=basic_thread()), None)

    rows = list(db.query("SELECT preview, depth, author_name FROM comment_threads"))

    assert rows == [
        {"preview": "First! The argument holds up.", "depth": 0, "author_name": "Alice Example"},
        {"preview": "  I argued the opposite last week.", "depth": 1, "author_name": "Bob Reply"},
        {"preview": "A separate point entirely.", "depth": 0, "author_name": "Alice Example"},
    ]


def test_comment_threads_preview_is_cut_at_80_characters(db: Database) -> None:
    save_record(db, make_record(comments=[make_comment("1", text="x" * 200)]), None)

    preview = next(db.query("SELECT preview FROM comment_threads"))["preview"]
    assert preview == "x" * 80


def test_commenter_stats_counts_comments_and_articles(db: Database) -> None:
    save_record(db, make_record(comments=basic_thread()), None)
    save_record(
        db,
        make_record(
            "https://example.com/second/",
            comments=[make_comment("900", published="2024-06-01T00:00:00Z")],
        ),
        None,
    )

    stats = {row["commenter"]: row for row in db.query("SELECT * FROM commenter_stats")}
    alice = stats["Alice Example"]
    assert (alice["comments"], alice["articles"]) == (3, 2)
    assert (alice["first_comment"], alice["last_comment"]) == (
        "2024-05-01T08:00:00Z",
        "2024-06-01T00:00:00Z",
    )
    assert stats["Bob Reply"]["comments"] == 1


def test_ensure_db_shape_restores_a_dropped_view_and_search_index(db: Database) -> None:
    save_record(db, make_record(comments=basic_thread()), None)
    db["comment_threads"].drop()
    db["comments"].disable_fts()

    ensure_db_shape(db)

    assert "comment_threads" in db.view_names()
    assert _comment_hits(db, "separate") == ["A separate point entirely."]
