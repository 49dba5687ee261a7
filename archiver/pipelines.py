"""Item pipelines: one thin pipeline per concern, each built from settings with from_crawler.

NormalizePipeline turns a fetched page into an archive record (pure code in
archiver.normalize); StorePipeline writes records to the archive (archiver.store), in
batches, one transaction per batch, and keeps the crawl row.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from archiver.items import ErrorItem, PageItem, UnchangedItem
from archiver.normalize import normalize_page

logger = logging.getLogger(__name__)


class NormalizePipeline:
    """Authors, dates and threads: extracted page -> archive record."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        return normalized(item)


def normalized(item: Any) -> Any:
    """A PageItem with its archive record set, or the ErrorItem saying why it has none."""
    if not isinstance(item, PageItem):
        return item
    try:
        item.record = normalize_page(item.extracted, site=item.site,
                                     fetched_at=item.fetched_at, comments=item.comments)
        # The store marks comments missing from a complete thread as deleted.
        item.record["thread_complete"] = item.thread_complete
        item.record["thread_incomplete_reason"] = item.thread_incomplete_reason
    except Exception as exc:  # a normalizer bug must cost one page, recorded, not the crawl
        logger.exception("could not normalize %s", item.url)
        return ErrorItem(item.url, "normalize", f"{type(exc).__name__}: {exc}")
    return item


class StorePipeline:
    """Batched, transactional writes to the SQLite archive; one crawl row per run."""

    def __init__(self, db_path: str, batch_size: int, crawler: Crawler) -> None:
        self.db_path = db_path
        self.batch_size = max(1, batch_size)
        self.crawler = crawler
        self.db: Any = None
        self.crawl_id: int | None = None
        self.pending: list[dict[str, Any]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler.settings.get("ARCHIVER_DB"),
                       crawler.settings.getint("ARCHIVER_STORE_BATCH_SIZE"), crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        from archiver.store import begin_crawl, open_archive

        self.db = open_archive(self.db_path)
        settings = self.crawler.settings
        recorded = {
            name: settings.get(name) for name in sorted(settings.attributes)
            if name.startswith("ARCHIVER_") or name in _RECORDED_SCRAPY_SETTINGS
        }
        spider = self.crawler.spider
        self.crawl_id = begin_crawl(
            self.db, getattr(spider, "site_origin", None),
            args={"start_urls": list(getattr(spider, "start_urls", []))},
            settings=_jsonable(recorded),
        )
        # Other components (captures, incremental state) tag their rows with this crawl.
        self.crawler.stats.set_value("archiver/crawl_id", self.crawl_id)

    def process_item(self, item: Any) -> Any:
        from archiver.store import record_error

        if isinstance(item, ErrorItem):
            self.flush()
            record_error(self.db, self.crawl_id, item.url, item.kind, item.message)
            self.crawler.stats.inc_value(f"archiver/errors/{item.kind}")
            return item
        if isinstance(item, UnchangedItem):
            from archiver.store.history import touch_unchanged

            self.flush()
            touched = touch_unchanged(self.db, item.url, self.crawl_id, item.fetched_at)
            self.crawler.stats.inc_value("archiver/articles/not_modified", touched["articles"])
            self.crawler.stats.inc_value("archiver/comments/not_modified", touched["comments"])
            return item
        if isinstance(item, PageItem) and item.record is not None:
            self.pending.append(item.record)
            if len(self.pending) >= self.batch_size:
                self.flush()
        return item

    def flush(self) -> None:
        from archiver.store import save_records

        if not self.pending:
            return
        records, self.pending = self.pending, []
        stats = self.crawler.stats
        # last_seen is each article's own fetch time (save_records' default).
        for counts in save_records(self.db, records, self.crawl_id):
            stats.inc_value(f"archiver/articles/{counts['article']}")
            for key in ("comments_new", "comments_changed", "comments_unchanged",
                        "comments_deleted"):
                stats.inc_value(f"archiver/comments/{key.split('_')[1]}", counts.get(key, 0))

    def close_spider(self) -> None:
        # Articles whose threads were still being read when the crawl closed (a stop, a
        # time limit): stored with what was read, incomplete, their gaps recorded.
        unfinished = getattr(self.crawler.spider, "unfinished_items", None)
        if self.db is not None and unfinished is not None:
            for item in unfinished("the crawl closed before this page was read"):
                self.process_item(normalized(item))
        self.flush()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        from archiver.store import finish_crawl

        if self.db is None:
            return
        self.flush()
        finish_crawl(self.db, self.crawl_id, _jsonable(self.crawler.stats.get_stats()), reason)
        self.db.close()
        self.db = None


_RECORDED_SCRAPY_SETTINGS = {
    "AUTOTHROTTLE_ENABLED", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY", "ROBOTSTXT_OBEY", "USER_AGENT",
}


def _jsonable(value: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(value, default=str, sort_keys=True))
