"""A comment brought again with the fields it was written from is found unchanged from its
record digest (store.unchanged): the archive must end up as if each comment had been
built and compared column by column."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database
from store_records import FETCHED_AT, LATER, ORIGIN, make_comment, make_record

from archiver.store import open_archive, save_records

POST = ORIGIN + "/2024/06/"
THIRD = "2024-05-03T12:00:00Z"
FOURTH = "2024-05-04T12:00:00Z"
FIFTH = "2024-05-05T12:00:00Z"
SIXTH = "2024-05-06T12:00:00Z"


def _content(db: Database) -> dict[str, list[tuple]]:
    """Every table but the digests themselves (and when errors were recorded)."""
    tables = {}
    for table in db.table_names():
        if table.startswith(("_", "sqlite_")) or "_fts_" in table:
            continue
        columns = [c.name for c in db[table].columns if c.name not in ("record_digest", "at")]
        select = ", ".join(f"[{c}]" for c in columns)
        tables[table] = db.execute(f"SELECT {select} FROM [{table}] ORDER BY {select}").fetchall()
    db.execute("INSERT INTO comments_fts(comments_fts) VALUES ('integrity-check')")
    return tables


def thread_text(native_id: str) -> str:
    return make_comment(native_id)["text"]


def _saves() -> list[tuple[list[dict], str]]:
    """Batches of records, each saved at its time, that bring comments back."""
    thread = [make_comment("1"), make_comment("2", "1", author="Bob"),
              make_comment("3", author="Cy")]
    # A reply whose parent is in the record, flagged by normalize (a broken cycle).
    cycle = [make_comment("20", author="Di"), make_comment("21", "20", author="Ed")]
    cycle_record = make_record(POST + "cycle/", comments=cycle)
    cycle_record["comments"][1]["parent_missing"] = True
    # The flagged reply edited, its parent unchanged: the flag still holds.
    other = [make_comment("22", author="Di"), make_comment("23", "22", author="Ed")]
    cycle_other = make_record(POST + "cycle2/", comments=other)
    cycle_other["comments"][1]["parent_missing"] = True
    cycle_edited = make_record(POST + "cycle2/", comments=other)
    cycle_edited["comments"][1].update(parent_missing=True, text="Edited in the cycle.")
    reply_alone = make_record(POST + "cycle/", comments=[])
    reply_alone["comments"] = [dict(cycle_record["comments"][1])]
    # A reply saved before its parent, which comes on the next comment page.
    orphan = make_record(POST + "pages/", comments=[make_comment("31", "30", author="Flo")])
    parent = make_record(POST + "pages/", comments=[make_comment("30", author="Gus")])
    # The same comment, its relative date resolved against each fetch.
    approximate = make_comment("40", author="Hal", published_approximate=True)
    return [
        ([make_record(POST + "one/", comments=thread), cycle_record, cycle_other, orphan,
          make_record(POST + "approx/", comments=[approximate])], FETCHED_AT),
        # Everything again, unchanged; the reply meets its parent.
        ([make_record(POST + "one/", comments=thread), cycle_record, cycle_edited, orphan,
          parent,
          make_record(POST + "approx/", comments=[
              {**approximate, "published": "2024-05-02T08:00:00Z"}])], LATER),
        # A complete thread without comment 3 (deleted); the flagged reply without its
        # parent in the record; the orphan again, now that its parent is stored; a
        # record repeating a comment id.
        ([{**make_record(POST + "one/", comments=thread[:2]), "thread_complete": True},
          reply_alone, orphan,
          make_record(POST + "one/", comments=[thread[0], thread[0]])], THIRD),
        # Comment 3 printed again: it is back.
        ([make_record(POST + "one/", comments=thread)], FOURTH),
        # Comment 2 edited, comment 3 liked; then both as first saved again: each write
        # gave the row the digest of what it was written from.
        ([make_record(POST + "one/", comments=[
            thread[0], {**thread[1], "text": "Edited."}, {**thread[2], "likes": 5}])], FIFTH),
        ([make_record(POST + "one/", comments=thread)], SIXTH),
        # The first comment moved to another article.
        ([make_record(POST + "two/", comments=[thread[0]])], SIXTH),
    ]


def _save_all(db: Database, forget_digests: bool) -> list[tuple[list[dict], dict]]:
    """Each save's counts and the archive's content after it."""
    results = []
    for records, seen in _saves():
        if forget_digests:
            # As an archive made before m008: every comment compared column by column.
            db.execute("UPDATE comments SET record_digest = NULL")
        results.append((save_records(db, records, None, seen_at=seen), _content(db)))
    return results


def test_digests_save_what_a_column_by_column_comparison_saves(tmp_path: Path) -> None:
    compared = open_archive(tmp_path / "compared.db")
    expected = _save_all(compared, forget_digests=True)
    digested = open_archive(tmp_path / "digested.db")

    results = _save_all(digested, forget_digests=False)

    for step, (got, wanted) in enumerate(zip(results, expected, strict=True)):
        assert got == wanted, step
    # The re-save found the unchanged comments from their digests.
    assert results[1][0][0]["comments_unchanged"] == 3
    assert digested.execute("SELECT parent_missing FROM comments WHERE native_id = '21'"
                            ).fetchone()[0] == 0  # saved alone at last, its parent stored
    assert [row[0] for row in digested.execute("SELECT kind FROM errors")] == [
        "duplicate-comment"]
    assert digested.execute("SELECT text FROM comments WHERE native_id = '2'"
                            ).fetchone()[0] == thread_text("2")
    assert digested.execute("SELECT likes FROM comments WHERE native_id = '3'"
                            ).fetchone()[0] is None
    # Comment 3, deleted by the third save, is back; comment 1 moved to the other article.
    assert digested.execute("SELECT status, deleted_at FROM comments WHERE native_id = '3'"
                            ).fetchone() == ("visible", None)
    assert digested.execute("SELECT article_url FROM comments WHERE native_id = '1'"
                            ).fetchone() == (POST + "two/",)


def test_a_re_save_moves_last_seen_of_comments_and_commenters(db: Database) -> None:
    record = make_record(POST + "seen/", comments=[make_comment("1"), make_comment("2", "1")])
    save_records(db, [record], None)

    [counts] = save_records(db, [record], None, seen_at=LATER)

    assert counts["comments_unchanged"] == 2
    assert {row[0] for row in db.execute("SELECT last_seen FROM comments")} == {LATER}
    assert {row[0] for row in db.execute("SELECT last_seen FROM commenters")} == {LATER}
    assert {row[0] for row in db.execute("SELECT last_changed FROM comments")} == {FETCHED_AT}


def test_an_archive_made_before_digests_gets_them_on_its_next_save(db: Database) -> None:
    record = make_record(POST + "old/", comments=[make_comment("1"), make_comment("2", "1")])
    save_records(db, [record], None)
    db.execute("UPDATE comments SET record_digest = NULL")

    save_records(db, [record], None, seen_at=LATER)
    digests = [row[0] for row in db.execute("SELECT record_digest FROM comments")]
    [counts] = save_records(db, [record], None, seen_at=THIRD)

    assert None not in digests
    assert [row[0] for row in db.execute("SELECT record_digest FROM comments")] == digests
    assert counts["comments_unchanged"] == 2


def test_a_comment_edited_since_is_saved_again(db: Database) -> None:
    comment = make_comment("1", text="As first written.")
    save_records(db, [make_record(POST + "edit/", comments=[comment])], None)

    edited = make_record(POST + "edit/", comments=[{**comment, "text": "Written again."}])
    [counts] = save_records(db, [edited], None, seen_at=LATER)

    assert counts["comments_changed"] == 1
    assert db.execute("SELECT text FROM comments").fetchone()[0] == "Written again."
    assert db.execute("SELECT text FROM comment_versions").fetchone()[0] == "As first written."


def _meeting_batch() -> tuple[list[dict], list[dict]]:
    """Records saved first, then a batch whose unchanged comments later records meet
    (each record fetched at its own time)."""
    at = [f"2024-05-1{n}T12:00:00Z" for n in range(8)]
    first = [
        make_record(POST + "a/", comments=[make_comment("1"), make_comment("2")]),
        make_record(POST + "c/", comments=[make_comment("6", author="Cy"),
                                           make_comment("5", author="Cy")]),
        make_record(POST + "d/", comments=[make_comment("7", author="Di")]),
        make_record(POST + "e/", comments=[make_comment("8", author="Ed")]),
    ]
    batch = [
        # Unchanged, then comment 1 printed edited on another article: its version
        # keeps the last_seen of the record before.
        make_record(POST + "a/", comments=[make_comment("1"), make_comment("2")],
                    fetched_at=at[1]),
        make_record(POST + "b/", comments=[make_comment("1", text="Edited, moved.")],
                    fetched_at=at[2]),
        # Unchanged, then the same article retitled, its complete thread without comment
        # 5: the versions of both keep the last_seen of the record before.
        make_record(POST + "c/", comments=[make_comment("6", author="Cy"),
                                           make_comment("5", author="Cy")],
                    fetched_at=at[3]),
        {**make_record(POST + "c/", comments=[make_comment("6", author="Cy")],
                       fetched_at=at[4], title="Retitled"), "thread_complete": True},
        # Unchanged, then a record undone after it read stored comments: comment 7 is
        # still seen.
        make_record(POST + "d/", comments=[make_comment("7", author="Di")], fetched_at=at[5]),
        make_record(POST + "e/", comments=[make_comment("8", author="Ed", text="\ud800")],
                    fetched_at=at[6]),
        # The first article again (its comment count refreshed after the move).
        make_record(POST + "a/", comments=[make_comment("2")], fetched_at=at[7]),
    ]
    return first, batch


def test_a_batch_moves_last_seen_as_records_saved_one_by_one_do(tmp_path: Path) -> None:
    first, batch = _meeting_batch()
    one_by_one = open_archive(tmp_path / "one.db")
    save_records(one_by_one, first, None)
    expected = [save_records(one_by_one, [record], None)[0] for record in batch]
    batched = open_archive(tmp_path / "batch.db")
    save_records(batched, first, None)

    results = save_records(batched, batch, None)

    assert results == expected
    assert [r["article"] for r in results] == [
        "unchanged", "new", "unchanged", "changed", "unchanged", "error", "unchanged"]
    assert _content(batched) == _content(one_by_one)
    versions = dict(batched.execute(
        "SELECT native_id, v.last_seen FROM comment_versions v JOIN comments c"
        " ON c.id = v.comment_id"))
    assert versions == {"1": batch[0]["article"]["fetched_at"],
                        "5": batch[2]["article"]["fetched_at"]}
    assert batched.execute("SELECT last_seen FROM article_versions").fetchall() == [
        (batch[2]["article"]["fetched_at"],)]
    assert batched.execute("SELECT last_seen FROM comments WHERE native_id = '7'"
                           ).fetchone() == (batch[4]["article"]["fetched_at"],)
