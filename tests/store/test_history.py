"""History in the store: versions of changed rows, deletions marked (never removed), 304s."""

from __future__ import annotations

from sqlite_utils import Database

from archiver.store import begin_crawl, save_record
from archiver.store.history import record_captures, touch_unchanged
from tests.store.store_records import ARTICLE_URL, FETCHED_AT, LATER, make_comment, make_record

THIRD = "2024-05-03T12:00:00Z"


def thread(**texts: str) -> list[dict]:
    return [
        make_comment("1", text=texts.get("1")),
        make_comment("2", "1", text=texts.get("2")),
        make_comment("3", "2", text=texts.get("3")),
        make_comment("4", text=texts.get("4")),
    ]


def comment(db: Database, native: str) -> dict:
    return next(db.query("select * from comments where native_id = ?", [native]))


def test_an_edited_comment_keeps_its_old_text_as_a_version(db: Database) -> None:
    save_record(db, {**make_record(comments=thread()), "thread_complete": True}, None)
    crawl = begin_crawl(db, None, {}, {})
    edited = make_record(comments=thread(**{"2": "Second thoughts."}), fetched_at=LATER)

    counts = save_record(db, {**edited, "thread_complete": True}, crawl)

    assert counts["comments_changed"] == 1
    assert comment(db, "2")["text"] == "Second thoughts."
    versions = list(db.query("select * from comment_versions"))
    assert len(versions) == 1
    version = versions[0]
    assert version["text"] == "Comment 2 has an opinion."
    assert (version["valid_from"], version["last_seen"], version["replaced_at"]) == (
        FETCHED_AT, FETCHED_AT, LATER)
    assert version["crawl_id"] == crawl


def test_an_unchanged_resave_writes_no_versions(db: Database) -> None:
    record = {**make_record(comments=thread()), "thread_complete": True}
    save_record(db, record, None)
    save_record(db, {**record, "article": {**record["article"], "fetched_at": LATER}}, None)

    assert db["comment_versions"].count == 0
    assert db["article_versions"].count == 0


def test_a_changed_headline_is_versioned(db: Database) -> None:
    save_record(db, make_record(), None)
    save_record(db, make_record(title="On commentary, revised", fetched_at=LATER), None)

    article = next(db.query("select * from articles"))
    assert article["title"] == "On commentary, revised"
    assert article["last_changed"] == LATER
    versions = list(db.query("select title, valid_from, replaced_at from article_versions"))
    assert versions == [{"title": "On commentary", "valid_from": FETCHED_AT,
                         "replaced_at": LATER}]


def test_a_comment_missing_from_a_complete_thread_is_marked_deleted_not_removed(
        db: Database) -> None:
    save_record(db, {**make_record(comments=thread()), "thread_complete": True}, None)
    # Comment 2 and its reply 3 are gone from the page.
    without = [c for c in thread() if c["id"] not in ("2", "3")]

    counts = save_record(db, {**make_record(comments=without, fetched_at=LATER),
                              "thread_complete": True}, None)

    assert counts["comments_deleted"] == 2
    assert db["comments"].count == 4
    gone = comment(db, "2")
    assert (gone["status"], gone["deleted_at"], gone["last_seen"]) == (
        "deleted", LATER, FETCHED_AT)
    reply = comment(db, "3")
    assert reply["status"] == "deleted"
    assert reply["parent_id"] == gone["id"] and not reply["parent_missing"]
    assert comment(db, "1")["status"] == "visible"
    versions = {v["status"] for v in db.query("select status from comment_versions")}
    assert versions == {"visible"}

    # Seen again: back to visible, and the deletion is kept in the history.
    save_record(db, {**make_record(comments=thread(), fetched_at=THIRD),
                     "thread_complete": True}, None)
    back = comment(db, "2")
    assert (back["status"], back["deleted_at"]) == ("visible", None)
    assert db["comment_versions"].count == 4


def test_a_platform_comment_served_again_as_visible_is_revived(db: Database) -> None:
    # Disqus and isso always say a comment's status; "visible" after a deletion revives it.
    def served() -> list[dict]:
        return [{**c, "status": "visible"} for c in thread()]

    save_record(db, {**make_record(comments=served()), "thread_complete": True}, None)
    save_record(db, {**make_record(comments=served()[:1], fetched_at=LATER),
                     "thread_complete": True}, None)
    assert comment(db, "4")["status"] == "deleted"

    save_record(db, {**make_record(comments=served(), fetched_at=THIRD),
                     "thread_complete": True}, None)

    back = comment(db, "4")
    assert (back["status"], back["deleted_at"]) == ("visible", None)


def test_an_incomplete_thread_never_marks_deletions(db: Database) -> None:
    save_record(db, {**make_record(comments=thread()), "thread_complete": True}, None)
    partial = make_record(comments=thread()[:1], fetched_at=LATER)

    counts = save_record(db, {**partial, "thread_complete": False}, None)

    assert counts["comments_deleted"] == 0
    assert {row["status"] for row in db.query("select status from comments")} == {"visible"}


def test_a_page_whose_comment_section_vanished_marks_nothing_deleted(db: Database) -> None:
    save_record(db, {**make_record(comments=thread()), "thread_complete": True}, None)
    bare = make_record(fetched_at=LATER)  # no comment markup found at all

    save_record(db, {**bare, "thread_complete": True}, None)

    assert {row["status"] for row in db.query("select status from comments")} == {"visible"}


def test_a_304_touches_last_seen_of_the_article_and_its_live_comments_only(
        db: Database) -> None:
    save_record(db, {**make_record(comments=thread()), "thread_complete": True}, None)
    without = [c for c in thread() if c["id"] != "4"]
    save_record(db, {**make_record(comments=without, fetched_at=LATER),
                     "thread_complete": True}, None)
    before = {r["id"]: r for r in db.query("select * from comments")}
    crawl = begin_crawl(db, None, {}, {})

    counts = touch_unchanged(db, ARTICLE_URL, crawl, THIRD)

    assert counts == {"articles": 1, "comments": 3}
    after = {r["id"]: r for r in db.query("select * from comments")}
    for cid, row in after.items():
        expected = dict(before[cid])
        if row["status"] != "deleted":
            expected["last_seen"] = THIRD
        assert row == expected
    article = next(db.query("select last_seen, last_changed, crawl_id from articles"))
    assert article == {"last_seen": THIRD, "last_changed": FETCHED_AT, "crawl_id": crawl}
    row = db["crawls"].get(crawl)
    assert (row["articles_unchanged"], row["comments_unchanged"]) == (1, 3)
    assert touch_unchanged(db, "https://example.com/not-an-article/", crawl, THIRD) == {
        "articles": 0, "comments": 0}


def test_captures_are_appended(db: Database) -> None:
    rows = [{"url": ARTICLE_URL, "status": 200, "fetched_at": FETCHED_AT, "etag": '"x"'},
            {"url": ARTICLE_URL, "status": 304, "fetched_at": LATER}]
    assert record_captures(db, rows) == 2
    assert [r["status"] for r in db.query("select status from captures order by id")] == [
        200, 304]


def test_pages_whose_thread_a_platform_serves_are_never_fetched_conditionally(
        db: Database) -> None:
    from archiver.store.history import incremental_state
    from tests.store.store_records import ORIGIN

    on_page = make_record()
    on_disqus = make_record(url="https://example.com/2024/05/02/on-disqus/")
    on_disqus["article"]["comment_platform"] = "disqus"
    save_record(db, on_page, None)
    save_record(db, on_disqus, None)
    record_captures(db, [
        {"url": url, "status": 200, "fetched_at": FETCHED_AT, "etag": f'"{n}"'}
        for n, url in enumerate((ARTICLE_URL, on_disqus["article"]["url"]))])

    validators = incremental_state(db, ORIGIN)["validators"]

    assert set(validators) == {ARTICLE_URL}
