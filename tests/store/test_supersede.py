"""A hash-keyed comment re-keyed by a better extraction is the same comment, not a deletion.

The records are built as the extractor builds them: a comment the page gives no id of its
own is keyed by ``comment_id_hash`` of (article, author, printed date, first words, parent),
so a better author name, a date now read or an anchor now read as the page's id gives the
same comment a new id (and its replies too, the parent id being hashed in).
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from archiver.extract.comments.base import comment_id_hash
from archiver.store import begin_crawl, save_record
from archiver.store.history import touch_unchanged
from archiver.store.read import crawl_summary
from archiver.store.supersede import mistaken_deletions
from tests.store.store_records import ARTICLE_URL, FETCHED_AT, LATER, make_comment, make_record

THIRD = "2024-05-03T12:00:00Z"


def hashed(author: str | None, text: str, parent: str | None = None, *,
           published_raw: str | None = None, page_id: str | None = None,
           **overrides: Any) -> dict[str, Any]:
    """A comment of the generic HTML reader: keyed by its content unless ``page_id``."""
    native = page_id or comment_id_hash(ARTICLE_URL, author, published_raw, text, parent)
    published = "2024-05-01T08:00:00Z" if published_raw else None
    comment = make_comment(native, parent, text=text, author=author, platform="html",
                           published=published, published_raw=published_raw,
                           id_source="page" if page_id else "hash", **overrides)
    return comment


def old_thread() -> list[dict[str, Any]]:
    """As an older extractor read the page."""
    first = hashed("Posted by Bob", "I disagree with the second point entirely.")
    reply = hashed("Carol", "Why? It follows from the first.", first["id"])
    third = hashed("Dan", "Great piece, thanks for writing it.")
    nested = hashed("Erin", "Nice point about the archive.\n\ndelete", third["id"])
    same = hashed("Frank", "Nothing changes here.")
    gone = hashed("Gina", "This one the site really removed.")
    return [first, reply, third, nested, same, gone]


def new_thread() -> list[dict[str, Any]]:
    """The same page as a better extractor reads it; Gina's comment was removed by the site,
    Hal's is new."""
    first = hashed("Bob", "I disagree with the second point  entirely.")  # name corrected
    reply = hashed("Carol", "Why? It follows from the first.", first["id"],
                   published_raw="May 1, 2024 at 10:00")  # a date now read
    third = hashed("Dan", "Great piece, thanks for writing it.", page_id="comment-77")
    nested = hashed("Erin", "Nice point about the archive.", third["id"])  # no "delete"
    same = hashed("Frank", "Nothing changes here.")
    new = hashed("Hal", "A comment posted since.")
    return [first, reply, third, nested, same, new]


def complete(comments: list[dict[str, Any]], fetched_at: str) -> dict[str, Any]:
    return {**make_record(comments=comments, fetched_at=fetched_at, comment_platform="html",
                          comment_markup="generic"), "thread_complete": True}


def rows(db: Database) -> dict[str, dict[str, Any]]:
    return {row["native_id"]: row for row in db.query("select * from comments")}


def test_a_rekeyed_thread_is_superseded_not_deleted(db: Database) -> None:
    save_record(db, complete(old_thread(), FETCHED_AT), None)
    crawl = begin_crawl(db, None, {}, {})
    old, new = old_thread(), new_thread()

    counts = save_record(db, complete(new, LATER), crawl)

    stored = rows(db)
    assert counts["comments_deleted"] == 1
    assert counts["comments_superseded"] == 4
    assert stored[old[5]["id"]]["status"] == "deleted"  # Gina's: really removed
    for before, after in zip(old[:4], new[:4], strict=True):
        was, now = stored[before["id"]], stored[after["id"]]
        assert was["status"] == "superseded", before["author"]["name"]
        assert was["superseded_by"] == now["id"]
        assert was["deleted_at"] is None
        assert was["text"] == before["text"]  # the old row stays whole
        assert now["status"] == "visible"
        assert now["first_seen"] == FETCHED_AT  # it was first seen then
    assert stored[new[5]["id"]]["first_seen"] == LATER  # Hal's is new
    visible = [r for r in stored.values() if r["status"] == "visible"]
    assert len(visible) == 6
    crawl_row = db["crawls"].get(crawl)
    assert (crawl_row["comments_superseded"], crawl_row["comments_deleted"]) == (4, 1)
    assert crawl_row["comments_new"] == 1
    article = next(db.query("select archived_comment_count from articles"))
    assert article["archived_comment_count"] == 7  # six visible, one deleted
    assert crawl_summary(db)["comments"] == 7


def test_a_superseded_row_is_left_alone_afterwards(db: Database) -> None:
    save_record(db, complete(old_thread(), FETCHED_AT), None)
    save_record(db, complete(new_thread(), LATER), None)
    before = rows(db)

    touch_unchanged(db, ARTICLE_URL, None, THIRD)  # a 304
    counts = save_record(db, complete(new_thread(), "2024-05-04T12:00:00Z"), None)

    after = rows(db)
    assert counts["comments_deleted"] == counts["comments_superseded"] == 0
    for native, row in before.items():
        if row["status"] != "visible":
            assert after[native] == row  # not seen again, not re-marked
        else:
            assert after[native]["last_seen"] == "2024-05-04T12:00:00Z"


def test_ambiguous_candidates_are_left_deleted(db: Database) -> None:
    # Two "+1"s by the same reader, one comment left in another place: which one it is
    # cannot be told, so nothing is claimed.
    first = hashed("Bob", "+1")
    second = hashed("Bob", "+1", published_raw="May 1, 2024 at 09:00")
    other = hashed("Ann", "Something else entirely, said at length.")
    save_record(db, complete([other, first, second], FETCHED_AT), None)
    moved = hashed("Bob", "+1", published_raw="May 1, 2024 at 11:00")

    counts = save_record(db, complete([moved, other], LATER), None)

    assert (counts["comments_deleted"], counts["comments_superseded"]) == (2, 0)
    stored = rows(db)
    assert stored[first["id"]]["status"] == stored[second["id"]]["status"] == "deleted"
    assert stored[moved["id"]]["first_seen"] == LATER


def test_a_different_comment_in_the_same_place_is_not_a_supersession(db: Database) -> None:
    save_record(db, complete([hashed("Bob", "First take on the matter.")], FETCHED_AT), None)

    counts = save_record(
        db, complete([hashed("Bob", "An entirely different thought, posted later.")], LATER),
        None)

    assert (counts["comments_deleted"], counts["comments_superseded"]) == (1, 0)


def wrongly_deleted(db: Database) -> None:
    """The archive an earlier archiver left: the re-keyed comments marked deleted."""
    save_record(db, complete(old_thread(), FETCHED_AT), None)
    save_record(db, make_record(comments=new_thread(), fetched_at=LATER), None)
    db.execute("UPDATE comments SET status = 'deleted', deleted_at = ?, last_changed = ?"
               " WHERE first_seen = ? AND native_id != ?",
               [LATER, LATER, FETCHED_AT, old_thread()[4]["id"]])
    db.conn.commit()


def test_rows_wrongly_marked_deleted_earlier_are_repaired(db: Database) -> None:
    wrongly_deleted(db)
    assert mistaken_deletions(db.conn) == {ARTICLE_URL: 4}
    crawl = begin_crawl(db, None, {}, {})

    counts = save_record(db, complete(new_thread(), THIRD), crawl)

    assert counts["comments_superseded"] == 4
    stored = rows(db)
    old, new = old_thread(), new_thread()
    for before, after in zip(old[:4], new[:4], strict=True):
        assert stored[before["id"]]["status"] == "superseded"
        assert stored[before["id"]]["superseded_by"] == stored[after["id"]]["id"]
        assert stored[before["id"]]["deleted_at"] is None
        assert stored[after["id"]]["first_seen"] == FETCHED_AT
    assert stored[old[5]["id"]]["status"] == "deleted"
    assert mistaken_deletions(db.conn) == {}
