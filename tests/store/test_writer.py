"""The writer: records in, rows out, and the data-model invariants on re-crawls."""

from __future__ import annotations

import json

from sqlite_utils import Database
from store_records import (
    ARTICLE_URL,
    FETCHED_AT,
    LATER,
    ORIGIN,
    basic_thread,
    foreign_key_problems,
    make_comment,
    make_record,
    table_rows,
)

from archiver.store import (
    begin_crawl,
    finish_crawl,
    record_error,
    save_record,
    save_records,
)
from archiver.store.keys import comment_id, commenter_id

CONTENT_TABLES = (
    "sites",
    "articles",
    "authors",
    "article_authors",
    "tags",
    "article_tags",
    "commenters",
    "comments",
)


def _comment(db: Database, native_id: str, platform: str = "wordpress") -> dict:
    return db["comments"].get(comment_id(ORIGIN, platform, native_id))


def _snapshot(db: Database) -> dict[str, list[dict]]:
    return {table: table_rows(db, table) for table in CONTENT_TABLES}


def test_first_save_stores_article_comments_authors_and_tags(db: Database) -> None:
    crawl = begin_crawl(db, ORIGIN, {"url": ORIGIN}, {})
    counts = save_record(db, make_record(comments=basic_thread()), crawl)

    assert counts == {
        "article": "new",
        "comments_new": 3,
        "comments_changed": 0,
        "comments_unchanged": 0,
        "comments_deleted": 0,
        "comments_superseded": 0,
    }
    site = db["sites"].get(ORIGIN)
    assert (site["host"], site["timezone"], site["platform"]) == (
        "example.com",
        "Europe/Berlin",
        "wordpress",
    )
    article = db["articles"].get(ARTICLE_URL)
    assert article["title"] == "On commentary"
    assert article["crawl_id"] == crawl
    assert article["first_seen"] == article["last_seen"] == article["last_changed"] == FETCHED_AT
    assert article["archived_comment_count"] == 3
    assert [t["name"] for t in db.query("SELECT name FROM tags ORDER BY name")] == [
        "Media",
        "Politics",
    ]
    reply = _comment(db, "102")
    assert reply["article_url"] == ARTICLE_URL
    assert reply["parent_id"] == comment_id(ORIGIN, "wordpress", "101")
    assert reply["root_id"] == comment_id(ORIGIN, "wordpress", "101")
    assert reply["depth"] == 1
    assert reply["status"] == "visible"
    assert reply["parent_missing"] == 0
    assert reply["commenter_id"] == commenter_id(ORIGIN, "wordpress", "name:bob reply")
    assert db["commenters"].count == 2
    assert foreign_key_problems(db) == []


def test_authors_are_linked_in_byline_order_with_names_as_printed(db: Database) -> None:
    save_record(db, make_record(authors=("Zoe Last", "Adam First")), None)

    rows = list(
        db.query(
            "SELECT byline_name, position, authors.key FROM article_authors"
            " JOIN authors ON authors.id = author_id ORDER BY position"
        )
    )
    assert rows == [
        {"byline_name": "Zoe Last", "position": 0, "key": "name:zoe last"},
        {"byline_name": "Adam First", "position": 1, "key": "name:adam first"},
    ]


def test_resaving_identical_content_changes_only_last_seen(db: Database) -> None:
    first_crawl = begin_crawl(db, ORIGIN, {}, {})
    save_record(db, make_record(comments=basic_thread()), first_crawl)
    before = _snapshot(db)

    second_crawl = begin_crawl(db, ORIGIN, {}, {})
    counts = save_record(db, make_record(comments=basic_thread(), fetched_at=LATER), second_crawl)
    after = _snapshot(db)

    assert counts == {
        "article": "unchanged",
        "comments_new": 0,
        "comments_changed": 0,
        "comments_unchanged": 3,
        "comments_deleted": 0,
        "comments_superseded": 0,
    }
    for table in CONTENT_TABLES:
        assert len(after[table]) == len(before[table]), table
        for old, new in zip(before[table], after[table], strict=True):
            moved = {column for column in old if old[column] != new[column]}
            allowed = {"last_seen", "crawl_id"} if table == "articles" else {"last_seen"}
            assert moved <= allowed, (table, moved)
            if "last_seen" in old:
                assert new["last_seen"] == LATER, table
    assert db["articles"].get(ARTICLE_URL)["crawl_id"] == second_crawl


def test_changed_comment_text_is_updated_in_place_and_dated(db: Database) -> None:
    save_record(db, make_record(comments=basic_thread()), None)
    edited = basic_thread()
    edited[2]["text"] = "A separate point, edited to add a source."

    counts = save_record(db, make_record(comments=edited, fetched_at=LATER), None)

    assert (counts["comments_changed"], counts["comments_unchanged"]) == (1, 2)
    row = _comment(db, "103")
    assert row["text"] == "A separate point, edited to add a source."
    assert (row["first_seen"], row["last_changed"], row["last_seen"]) == (FETCHED_AT, LATER, LATER)
    assert _comment(db, "101")["last_changed"] == FETCHED_AT
    assert db["comments"].count == 3


def test_changed_article_title_marks_the_article_changed(db: Database) -> None:
    save_record(db, make_record(), None)

    counts = save_record(db, make_record(title="On commentary (updated)", fetched_at=LATER), None)

    assert counts["article"] == "changed"
    article = db["articles"].get(ARTICLE_URL)
    assert article["title"] == "On commentary (updated)"
    assert (article["first_seen"], article["last_changed"]) == (FETCHED_AT, LATER)


def test_a_value_stored_as_the_column_converts_it_is_the_same_content(db: Database) -> None:
    # A section given as a number is stored as text ("5"): brought again, the same number
    # would store the same row, so the article is unchanged and no version is kept.
    save_record(db, make_record(section=5), None)

    counts = save_record(db, make_record(section=5, fetched_at=LATER), None)

    assert counts["article"] == "unchanged"
    assert db["articles"].get(ARTICLE_URL)["section"] == "5"
    assert db["article_versions"].count == 0
    assert db["articles"].get(ARTICLE_URL)["last_seen"] == LATER


def test_new_comment_count_alone_does_not_mark_the_article_changed(db: Database) -> None:
    save_record(db, make_record(comments=basic_thread()[:1]), None)

    counts = save_record(db, make_record(comments=basic_thread(), fetched_at=LATER), None)

    assert counts["article"] == "unchanged"
    article = db["articles"].get(ARTICLE_URL)
    assert article["declared_comment_count"] == 3
    assert article["last_changed"] == FETCHED_AT


def test_a_reply_added_above_does_not_mark_later_comments_changed(db: Database) -> None:
    save_record(db, make_record(comments=basic_thread()), None)
    thread = basic_thread()
    thread.insert(2, make_comment("104", "101", text="A new reply shifts positions."))

    counts = save_record(db, make_record(comments=thread, fetched_at=LATER), None)

    assert (counts["comments_new"], counts["comments_changed"]) == (1, 0)
    shifted = _comment(db, "103")
    assert shifted["position"] == 3
    assert shifted["last_changed"] == FETCHED_AT


def test_a_comment_missing_from_a_later_crawl_is_kept(db: Database) -> None:
    save_record(db, make_record(comments=basic_thread()), None)

    save_record(db, make_record(comments=basic_thread()[:1], fetched_at=LATER), None)

    assert db["comments"].count == 3
    gone = _comment(db, "103")
    # Still there, and last_seen tells when it was last on the page.
    assert gone["last_seen"] == FETCHED_AT
    assert _comment(db, "101")["last_seen"] == LATER
    assert db["articles"].get(ARTICLE_URL)["archived_comment_count"] == 3


def test_a_byline_or_tag_dropped_later_keeps_its_link(db: Database) -> None:
    save_record(db, make_record(authors=("Ann", "Ben"), tags=("A", "B")), None)

    save_record(db, make_record(authors=("Ann",), tags=("A",), fetched_at=LATER), None)

    links = {r["byline_name"]: r["last_seen"] for r in table_rows(db, "article_authors")}
    assert links == {"Ann": LATER, "Ben": FETCHED_AT}
    assert db["article_tags"].count == 2


def test_a_reply_whose_parent_was_never_saved_keeps_its_parent_id(db: Database) -> None:
    orphan = make_comment("202", "201", text="Replying to a comment on page one.")

    save_record(db, make_record(comments=[orphan]), None)

    row = _comment(db, "202")
    assert row["parent_id"] == comment_id(ORIGIN, "wordpress", "201")
    assert row["parent_native_id"] == "201"
    assert row["parent_missing"] == 1
    assert db["comments"].count == 1
    assert foreign_key_problems(db) == []


def test_a_parent_saved_later_clears_the_missing_flag(db: Database) -> None:
    save_record(db, make_record(comments=[make_comment("202", "201")]), None)

    save_record(db, make_record(comments=[make_comment("201")], fetched_at=LATER), None)

    assert _comment(db, "202")["parent_missing"] == 0


def test_a_parent_already_in_the_archive_is_not_missing(db: Database) -> None:
    save_record(db, make_record(comments=[make_comment("201")]), None)

    # A second comment page: the reply's parent is on page one, stored by the first save.
    save_record(db, make_record(comments=[make_comment("202", "201")], fetched_at=LATER), None)

    assert _comment(db, "202")["parent_missing"] == 0


def test_a_reply_cycle_broken_by_normalize_stays_flagged(db: Database) -> None:
    # normalize breaks 1 -> 2 -> 1 at the first printed member and flags it.
    cycle = [
        make_comment("1", "2", depth=0, root_id="1", path="0000", parent_missing=True),
        make_comment("2", "1"),
    ]

    save_record(db, make_record(comments=cycle), None)

    assert _comment(db, "1")["parent_missing"] == 1
    assert _comment(db, "1")["parent_id"] == comment_id(ORIGIN, "wordpress", "2")
    assert _comment(db, "2")["parent_missing"] == 0


def test_raw_fields_are_kept_next_to_parsed_ones(db: Database) -> None:
    unparsed = make_comment(
        "301", published=None, published_raw="sometime around Easter", published_zone=None
    )
    save_record(db, make_record(comments=[unparsed], byline_raw="BY JANE WRITER, staff"), None)

    article = db["articles"].get(ARTICLE_URL)
    assert (article["published"], article["published_raw"], article["published_zone"]) == (
        "2024-04-30T09:00:00Z",
        "April 30, 2024 at 11:00",
        "assumed",
    )
    assert article["byline_raw"] == "BY JANE WRITER, staff"
    row = _comment(db, "301")
    assert (row["published"], row["published_raw"], row["published_unparsed"]) == (
        None,
        "sometime around Easter",
        1,
    )


def test_an_approximate_date_never_replaces_a_stored_one(db: Database) -> None:
    hours_ago = make_comment(
        "401",
        published="2024-05-01T09:00:00Z",
        published_raw="3 hours ago",
        published_approximate=True,
    )
    save_record(db, make_record(comments=[hours_ago]), None)
    next_day = make_comment(
        "401",
        published="2024-05-01T12:00:00Z",
        published_raw="1 day ago",
        published_approximate=True,
    )

    counts = save_record(db, make_record(comments=[next_day], fetched_at=LATER), None)

    assert counts["comments_unchanged"] == 1
    row = _comment(db, "401")
    assert (row["published"], row["published_raw"]) == ("2024-05-01T09:00:00Z", "3 hours ago")


def test_same_native_comment_id_on_two_sites_are_two_comments(db: Database) -> None:
    save_record(db, make_record(comments=[make_comment("1")]), None)
    save_record(
        db,
        make_record(
            "https://other.example/post/",
            origin="https://other.example",
            comments=[make_comment("1")],
        ),
        None,
    )

    assert db["comments"].count == 2
    assert db["sites"].count == 2


def test_tags_differing_only_in_case_are_one_tag(db: Database) -> None:
    save_record(db, make_record(tags=("Politics",)), None)
    save_record(db, make_record("https://example.com/other/", tags=("politics ",)), None)

    assert [t["name"] for t in table_rows(db, "tags")] == ["Politics"]
    assert db["article_tags"].count == 2


def test_a_malformed_record_is_recorded_and_skipped_without_losing_the_batch(
    db: Database,
) -> None:
    crawl = begin_crawl(db, ORIGIN, {}, {})
    bad = make_record("https://example.com/bad/", comments=basic_thread())
    del bad["comments"][1]["id"]
    records = [
        make_record("https://example.com/a/"),
        bad,
        make_record("https://example.com/b/"),
    ]

    results = save_records(db, records, crawl)

    assert [r["article"] for r in results] == ["new", "error", "new"]
    assert db["articles"].count == 2
    assert db["comments"].count == 0
    errors = table_rows(db, "errors")
    assert [(e["url"], e["kind"], e["crawl_id"]) for e in errors] == [
        ("https://example.com/bad/", "malformed-record", crawl)
    ]
    assert "comment 1 has no id" in errors[0]["message"]


def test_a_record_failing_halfway_leaves_none_of_its_rows(db: Database) -> None:
    # The article row is written before the bad comment is reached.
    bad = make_record(comments=[make_comment("1", text=["not", "a", "string"])])

    result = save_record(db, bad, None)

    assert result["article"] == "error"
    assert "text" in result["error"]
    assert (db["articles"].count, db["sites"].count, db["comments"].count) == (0, 0, 0)
    assert db["errors"].count == 1


def test_a_stored_status_survives_a_record_that_does_not_say(db: Database) -> None:
    save_record(db, make_record(comments=[make_comment("1", status="deleted")]), None)

    save_record(db, make_record(comments=[make_comment("1")], fetched_at=LATER), None)

    assert _comment(db, "1")["status"] == "deleted"


def test_likes_and_edited_are_kept_current_without_making_a_new_version(
        db: Database) -> None:
    save_record(db, make_record(comments=[make_comment("1", likes=3, edited=False)]), None)

    result = save_record(
        db, make_record(comments=[make_comment("1", likes=5, edited=True)], fetched_at=LATER),
        None)

    row = _comment(db, "1")
    assert (row["likes"], row["edited"]) == (5, 1)
    assert result["comments_unchanged"] == 1
    assert db["comment_versions"].count == 0


def test_a_number_too_big_for_sqlite_costs_its_record_not_the_batch(db: Database) -> None:
    good = make_record()
    huge = make_record(url="https://example.com/2024/05/02/huge/")
    huge["article"]["declared_comment_count"] = 10**20

    results = save_records(db, [huge, good], None)

    assert [r["article"] for r in results] == ["error", "new"]
    assert db["articles"].count == 1
    assert "does not fit" in next(db.query("select message from errors"))["message"]


def test_a_record_without_an_article_url_is_recorded(db: Database) -> None:
    result = save_record(db, {"site": {"origin": ORIGIN}, "article": {}}, None)

    assert result["article"] == "error"
    assert db["errors"].count == 1
    assert db["articles"].count == 0


def test_repeated_comment_ids_store_the_first_and_record_the_rest(db: Database) -> None:
    thread = [make_comment("1", text="first copy"), make_comment("1", text="second copy")]

    save_record(db, make_record(comments=thread), None)

    assert _comment(db, "1")["text"] == "first copy"
    assert [e["kind"] for e in table_rows(db, "errors")] == ["duplicate-comment"]


def test_unknown_record_keys_never_widen_the_schema(db: Database) -> None:
    columns = {t: list(db[t].columns_dict) for t in CONTENT_TABLES}
    record = make_record(comments=[make_comment("1", likes=4)], surprise="new field")

    save_record(db, record, None)

    assert {t: list(db[t].columns_dict) for t in CONTENT_TABLES} == columns


def test_a_crawl_row_records_arguments_settings_counts_and_end(db: Database) -> None:
    crawl = begin_crawl(db, ORIGIN, {"url": ORIGIN}, {"ARCHIVER_DEPTH": 2})
    save_records(
        db,
        [make_record(comments=basic_thread()), make_record("https://example.com/x/")],
        crawl,
    )
    save_record(db, make_record(comments=basic_thread(), fetched_at=LATER), crawl)
    record_error(db, crawl, "https://example.com/broken/", "extract", "no <html>")

    finish_crawl(db, crawl, {"downloader/request_count": 7}, "finished")

    row = db["crawls"].get(crawl)
    assert json.loads(row["args"]) == {"url": ORIGIN}
    assert json.loads(row["settings"]) == {"ARCHIVER_DEPTH": 2}
    assert json.loads(row["stats"]) == {"downloader/request_count": 7}
    assert row["finish_reason"] == "finished"
    assert row["finished"] is not None
    assert (row["articles_new"], row["articles_unchanged"], row["articles_changed"]) == (2, 1, 0)
    assert (row["comments_new"], row["comments_unchanged"]) == (3, 3)
    assert row["errors"] == 1


def test_saving_thousands_of_comments_in_batches(db: Database) -> None:
    # Throughput smoke test: no timing assertion, but the batch path must stay cheap.
    records = [
        make_record(
            f"https://example.com/post-{n}/",
            comments=[
                make_comment(f"{n}-{i}", f"{n}-{i - 1}" if i % 5 else None) for i in range(50)
            ],
        )
        for n in range(60)
    ]

    results = save_records(db, records, None)
    again = save_records(db, records, None, seen_at=LATER)

    assert sum(r["comments_new"] for r in results) == 3000
    assert sum(r["comments_unchanged"] for r in again) == 3000
    assert db["comments"].count == 3000
    assert foreign_key_problems(db) == []
