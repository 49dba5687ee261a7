"""Item pipelines: one thin pipeline per concern, each built from settings with from_crawler.

NormalizePipeline turns a fetched page into an archive record (pure code in
archiver.normalize); StorePipeline hands records, errors and unchanged pages to the crawl's
archive (archiver.crawl.archive.CrawlArchive), which owns the connection and the crawl row.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from archiver.crawl.archive import CrawlArchive
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
    """Scrapy's hooks onto the crawl's archive (archiver.crawl.archive.CrawlArchive): one
    crawl row per run, records written in batches."""

    def __init__(self, db_path: str, batch_size: int, crawler: Crawler) -> None:
        self.crawler = crawler
        self.archive = CrawlArchive(db_path, batch_size, count=crawler.stats.inc_value)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler.settings.get("ARCHIVER_DB"),
                       crawler.settings.getint("ARCHIVER_STORE_BATCH_SIZE"), crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        spider = self.crawler.spider
        crawl_id = self.archive.open(getattr(spider, "site_origin", None),
                                     list(getattr(spider, "start_urls", [])),
                                     self.crawler.settings)
        # Other components (captures, incremental state) tag their rows with this crawl.
        self.crawler.stats.set_value("archiver/crawl_id", crawl_id)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ErrorItem):
            self.archive.error(item.url, item.kind, item.message)
        elif isinstance(item, UnchangedItem):
            self.archive.unchanged(item.url, item.fetched_at)
        elif isinstance(item, PageItem) and item.record is not None:
            self.archive.add(item.record)
        return item

    def close_spider(self) -> None:
        # Articles whose threads were still being read when the crawl closed (a stop, a
        # time limit): stored with what was read, incomplete, their gaps recorded.
        unfinished = getattr(self.crawler.spider, "unfinished_items", None)
        if self.archive.is_open and unfinished is not None:
            for item in unfinished("the crawl closed before this page was read"):
                self.process_item(normalized(item))
        self.archive.flush()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.archive.finish(self.crawler.stats.get_stats(), reason)
