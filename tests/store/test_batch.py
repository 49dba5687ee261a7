"""A batch holds its new comments back for one INSERT (store.batch): whatever its records
share, the archive must end up exactly as if each record had been saved on its own."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database
from store_records import LATER, ORIGIN, make_comment, make_record

from archiver.store import open_archive, save_record, save_records

POST = ORIGIN + "/2024/05/"
# Columns that hold when a save ran, not what it saved.
_AT_SAVE = {"at", "started"}


def _tables(db: Database) -> dict[str, list[tuple]]:
    tables = {}
    for table in db.table_names():
        if table.startswith(("_", "sqlite_")) or "_fts_" in table:
            continue
        columns = [c.name for c in db[table].columns if c.name not in _AT_SAVE]
        select = ", ".join(["rowid", *columns]) if table != "article_authors" else "*"
        tables[table] = db.execute(f"SELECT {select} FROM [{table}] ORDER BY 1, 2").fetchall()
    # The search index matches a rebuild of it.
    db.execute("INSERT INTO comments_fts(comments_fts) VALUES ('integrity-check')")
    tables["search"] = db.execute(
        "SELECT rowid FROM comments_fts WHERE comments_fts MATCH 'opinion' ORDER BY 1").fetchall()
    return tables


def _records() -> list[dict]:
    """Records that meet each other's comments within one batch."""
    first = [make_comment("1"), make_comment("2", "1")]
    return [
        make_record(POST + "one/", comments=first),
        # A reply whose parent is on the next comment page of the same article.
        make_record(POST + "two/", comments=[make_comment("10", "9", author="Bea")]),
        make_record(POST + "two/", comments=[make_comment("9", author="Bea")]),
        # A reply whose parent is a comment of another record of the batch (same ids).
        make_record(POST + "three/", comments=[make_comment("20", "1", author="Cy")]),
        # The first article again, its thread complete without comment 2: a deletion.
        {**make_record(POST + "one/", comments=[make_comment("1")], fetched_at=LATER),
         "thread_complete": True},
        # A record SQLite refuses a value of, then one that saves the same commenter.
        make_record(POST + "four/", comments=[make_comment("30", author="Di", text="\ud800")]),
        make_record(POST + "five/", comments=[make_comment("31", author="Di")]),
        make_record(POST + "six/"),
        # Each pair below meets one rule alone. The same article, a complete thread
        # without the comment of the record before: that comment is deleted.
        make_record(POST + "seven/", comments=[make_comment("40", author="Ed")]),
        {**make_record(POST + "seven/", comments=[make_comment("41", author="Ed")]),
         "thread_complete": True},
        # A parent, then its reply on another article's record.
        make_record(POST + "eight/", comments=[make_comment("50", author="Flo")]),
        make_record(POST + "nine/", comments=[make_comment("51", "50", author="Flo")]),
        # A reply, then its parent on another article's record.
        make_record(POST + "ten/", comments=[make_comment("61", "60", author="Gus")]),
        make_record(POST + "eleven/", comments=[make_comment("60", author="Gus")]),
        # That parent printed again on a new article: it moves to an article held back.
        make_record(POST + "twelve/", comments=[make_comment("60", author="Gus")]),
        # The site's profile changes and changes back; authors and tags come back later.
        _with_profile(make_record(POST + "p1/", authors=["Ann"], tags=["A"]), "first"),
        _with_profile(make_record(POST + "p2/", authors=["Ann", "Bo"], fetched_at=LATER),
                      "second"),
        _with_profile(make_record(POST + "p3/", authors=["Bo"], tags=["A", "B"]), "first"),
    ]


def _with_profile(record: dict, profile: str) -> dict:
    record["site"] = {**record["site"], "profile": profile}
    return record


def test_a_batch_saves_what_records_saved_one_by_one_save(tmp_path: Path) -> None:
    one_by_one = open_archive(tmp_path / "one.db")
    expected = [save_record(one_by_one, record, None) for record in _records()]
    batched = open_archive(tmp_path / "batch.db")

    results = save_records(batched, _records(), None)

    assert results == expected
    assert [r["article"] for r in results] == [
        "new", "new", "unchanged", "new", "unchanged", "error", "new", "new",
        "new", "unchanged", "new", "new", "new", "new", "new", "new", "new", "new"]
    assert _tables(batched) == _tables(one_by_one)
    assert batched.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_batch_without_a_refused_value_saves_what_records_saved_one_by_one_save(
        tmp_path: Path) -> None:
    records = [r for r in _records() if "four/" not in r["article"]["url"]]
    one_by_one = open_archive(tmp_path / "one.db")
    expected = [save_record(one_by_one, record, None) for record in records]
    batched = open_archive(tmp_path / "batch.db")

    results = save_records(batched, records, None)

    assert results == expected
    assert _tables(batched) == _tables(one_by_one)
    counts = dict(batched.execute("SELECT url, archived_comment_count FROM articles"))
    assert counts[POST + "one/"] == 2 and counts[POST + "two/"] == 2
    flags = dict(batched.execute("SELECT native_id, parent_missing FROM comments"))
    assert set(flags.values()) == {0}
    status = dict(batched.execute("SELECT native_id, status FROM comments"))
    assert status["2"] == status["40"] == "deleted"
    assert batched.execute("SELECT profile, last_seen FROM sites").fetchall() == [
        ("first", LATER)]


def test_batches_of_every_size_compile_a_handful_of_insert_statements(tmp_path: Path) -> None:
    """sqlite3 keeps each distinct statement text compiled: one INSERT text per batch size
    (a thousand rows compile to megabytes) grew a crawl's memory with every batch."""
    db = open_archive(tmp_path / "a.db")
    texts: dict[str, set[str]] = {"comments": set(), "articles": set()}

    def count(sql: str) -> None:
        for table, seen in texts.items():
            if sql.startswith(f"INSERT INTO {table} ("):
                seen.add(str(sql.count("),")))

    db.conn.set_trace_callback(count)
    for size in range(1, 120, 7):
        records = [make_record(f"{POST}{size}/{n}/", comments=[
            make_comment(f"{size}-{n}-{k}") for k in range(3)]) for n in range(size)]
        save_records(db, records, None)
    assert db.execute("SELECT count(*) FROM comments").fetchone()[0] == sum(
        size * 3 for size in range(1, 120, 7))
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == sum(range(1, 120, 7))
    assert len(texts["comments"]) <= 5
    assert len(texts["articles"]) <= 5
