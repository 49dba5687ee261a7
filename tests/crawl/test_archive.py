"""CrawlArchive: one object owns the archive connection and the crawl's row."""

from __future__ import annotations

import json
from collections import Counter

from archiver.crawl.archive import CrawlArchive, recorded_settings
from tests.helpers import query
from tests.store.store_records import ARTICLE_URL, ORIGIN, make_comment, make_record


def _archive(tmp_path, batch_size: int = 2):
    counts: Counter = Counter()

    def count(key: str, n: int = 1) -> None:
        counts[key] += n

    db = tmp_path / "a.db"
    return CrawlArchive(str(db), batch_size, count), db, counts


def test_a_crawl_row_is_begun_and_finished_with_its_stats_and_reason(tmp_path):
    archive, db, _ = _archive(tmp_path)
    settings = {"ARCHIVER_MAX_ARTICLES": 3, "ROBOTSTXT_OBEY": True, "LOG_FILE": "x.log"}
    crawl_id = archive.open(ORIGIN, [ORIGIN + "/"], settings)
    assert archive.is_open
    [row] = query(db, "select * from crawls")
    assert row["id"] == crawl_id and row["finished"] is None
    assert json.loads(row["settings"]) == {"ARCHIVER_MAX_ARTICLES": 3, "ROBOTSTXT_OBEY": True}
    archive.finish({"item_scraped_count": 1}, "finished")
    assert not archive.is_open
    [row] = query(db, "select * from crawls")
    assert row["finished"] is not None and row["finish_reason"] == "finished"
    assert json.loads(row["stats"])["item_scraped_count"] == 1


def test_records_are_written_in_batches_and_at_the_finish(tmp_path):
    archive, db, counts = _archive(tmp_path, batch_size=2)
    archive.open(ORIGIN, [], {})
    archive.add(make_record(ARTICLE_URL, comments=[make_comment("1")]))
    assert query(db, "select count(*) n from articles")[0]["n"] == 0  # batch not full
    archive.add(make_record(ARTICLE_URL.replace("on-commentary", "second")))
    assert query(db, "select count(*) n from articles")[0]["n"] == 2
    archive.add(make_record(ARTICLE_URL.replace("on-commentary", "third")))
    archive.finish({}, "finished")
    assert query(db, "select count(*) n from articles")[0]["n"] == 3
    assert counts["archiver/articles/new"] == 3 and counts["archiver/comments/new"] == 1


def test_an_error_is_a_row_of_this_crawl_counted_by_kind(tmp_path):
    archive, db, counts = _archive(tmp_path)
    crawl_id = archive.open(ORIGIN, [], {})
    archive.add(make_record())  # pending records go first: rows in the crawl's order
    archive.error(ORIGIN + "/x/", "fetch", "HTTP 500")
    assert query(db, "select count(*) n from articles")[0]["n"] == 1
    [error] = query(db, "select crawl_id, url, kind, message from errors")
    assert error == {"crawl_id": crawl_id, "url": ORIGIN + "/x/", "kind": "fetch",
                     "message": "HTTP 500"}
    assert counts["archiver/errors/fetch"] == 1
    archive.finish({}, "finished")


def test_only_archiver_settings_and_a_few_of_scrapy_s_are_recorded():
    assert recorded_settings({"ARCHIVER_DB": "a.db", "USER_AGENT": "ua", "LOG_LEVEL": "INFO",
                              "ARCHIVER_PROFILE": None}) == {
        "ARCHIVER_DB": "a.db", "ARCHIVER_PROFILE": None, "USER_AGENT": "ua"}
