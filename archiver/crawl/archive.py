"""The archive a crawl writes to and the crawl's row in it, owned by one object.

CrawlArchive opens the archive and begins the crawl row, stores records in batches (one
transaction each), errors and unchanged pages, counts every write into the crawl's stats,
and finishes the row with the stats and the reason the crawl closed. No Scrapy: the item
pipeline (archiver.pipelines.StorePipeline) adapts it to Scrapy's hooks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

# Scrapy's settings worth keeping on the crawl row next to every ARCHIVER_* one.
RECORDED_SCRAPY_SETTINGS = {
    "AUTOTHROTTLE_ENABLED", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY", "ROBOTSTXT_OBEY", "USER_AGENT",
}


def jsonable(value: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def recorded_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings a crawl row keeps: archiver's own and a few of Scrapy's."""
    return jsonable({name: settings[name] for name in sorted(settings)
                     if name.startswith("ARCHIVER_") or name in RECORDED_SCRAPY_SETTINGS})


def _no_count(key: str, count: int = 1) -> None:
    return None


class CrawlArchive:
    def __init__(self, db_path: str, batch_size: int = 50,
                 count: Callable[..., Any] = _no_count) -> None:
        self.db_path = db_path
        self.batch_size = max(1, batch_size)
        self.count = count  # called with each stats key and its count
        self.db: Any = None
        self.crawl_id: int | None = None
        self.pending: list[dict[str, Any]] = []

    @property
    def is_open(self) -> bool:
        return self.db is not None

    def open(self, site_origin: str | None, start_urls: list[str],
             settings: Mapping[str, Any]) -> int:
        """Open the archive and begin this crawl's row; its id."""
        from archiver.store import begin_crawl, open_archive

        self.db = open_archive(self.db_path)
        self.crawl_id = begin_crawl(self.db, site_origin, args={"start_urls": list(start_urls)},
                                    settings=recorded_settings(settings))
        return self.crawl_id

    def error(self, url: str, kind: str, message: str) -> None:
        from archiver.store import record_error

        self.flush()  # rows in the order the crawl met them
        record_error(self.db, self.crawl_id, url, kind, message)
        self.count(f"archiver/errors/{kind}")

    def unchanged(self, url: str, fetched_at: str) -> None:
        """A page the server said is not modified: its article and comments confirmed."""
        from archiver.store.history import touch_unchanged

        self.flush()
        touched = touch_unchanged(self.db, url, self.crawl_id, fetched_at)
        self.count("archiver/articles/not_modified", touched["articles"])
        self.count("archiver/comments/not_modified", touched["comments"])

    def add(self, record: dict[str, Any]) -> None:
        """An archive record, written with the next batch."""
        self.pending.append(record)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        from archiver.store import save_records

        if not self.pending:
            return
        records, self.pending = self.pending, []
        # last_seen is each article's own fetch time (save_records' default).
        for counts in save_records(self.db, records, self.crawl_id):
            self.count(f"archiver/articles/{counts['article']}")
            for key in ("comments_new", "comments_changed", "comments_unchanged",
                        "comments_deleted", "comments_superseded"):
                self.count(f"archiver/comments/{key.split('_')[1]}", counts.get(key, 0))

    def finish(self, stats: dict[str, Any], reason: str | None) -> None:
        """Write what is pending, finish the crawl row, close the archive."""
        from archiver.store import finish_crawl

        if self.db is None:
            return
        self.flush()
        finish_crawl(self.db, self.crawl_id, jsonable(stats), reason)
        self.db.close()
        self.db = None
