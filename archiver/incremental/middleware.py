"""The thin parts of incremental crawling; the decisions are IncrementalManager's.

Request meta read here: ``archiver_lastmod`` (a sitemap entry's lastmod, set by the
spider). Meta set here: ``handle_httpstatus_list`` gains 304 on a conditional request, so
the spider's parse_page receives the 304 and records the page as unchanged.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from archiver.incremental.manager import IncrementalManager

LASTMOD_META = "archiver_lastmod"
# Callbacks that understand a 304 (spider.parse_page). Comment pages, sitemaps, robots.txt
# and feeds are always fetched whole: a thread is assembled from all its pages, and an
# unchanged sitemap index can still point at changed sitemaps.
_CONDITIONAL_CALLBACKS = {"parse_page"}


def _callback_name(request: Request) -> str:
    return getattr(request.callback, "__name__", "") or str(request.callback or "")


def _manager(crawler: Crawler) -> IncrementalManager:
    manager = crawler.get_extension(IncrementalManager)
    manager.load(crawler.spider)
    return manager


class ConditionalRequestsMiddleware:
    """Downloader middleware: If-None-Match / If-Modified-Since from the last capture."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestsMiddleware:
        if not crawler.settings.getbool("ARCHIVER_INCREMENTAL"):
            raise NotConfigured
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        manager = _manager(self.crawler)
        if not manager.incremental or request.method != "GET":
            return
        if _callback_name(request) not in _CONDITIONAL_CALLBACKS:
            return
        etag, last_modified = manager.validators.get(request.url, (None, None))
        if etag:
            request.headers.setdefault(b"If-None-Match", etag.encode("latin-1"))
        if last_modified:
            request.headers.setdefault(b"If-Modified-Since", last_modified.encode("latin-1"))
        if etag or last_modified:
            allowed = list(request.meta.get("handle_httpstatus_list", []))
            request.meta["handle_httpstatus_list"] = [*allowed, 304]
            self.crawler.stats.inc_value("archiver/incremental/conditional")


class IncrementalSpiderMiddleware:
    """Spider middleware: adds the articles due for a refresh, drops what need not be fetched."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalSpiderMiddleware:
        if not crawler.settings.getbool("ARCHIVER_INCREMENTAL"):
            raise NotConfigured
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item_or_request in start:
            yield item_or_request
        spider = self.crawler.spider
        manager = _manager(self.crawler)
        for url in manager.due:
            yield spider._page_request(url, priority=5)

    def process_spider_output(self, response: Response, result: Iterable[Any],
                              spider: Spider | None = None) -> Iterator[Any]:
        manager = _manager(self.crawler)
        if manager.kind == "full":
            yield from result
            return
        held: list[Request] = []  # links to known listing pages, until we know if it's new
        brought_new = False
        for entry in result:
            page = isinstance(entry, Request) and _callback_name(entry) in _CONDITIONAL_CALLBACKS
            if not page:
                yield entry
                continue
            article = manager.article_for(entry.url)
            if article is not None and article in manager.done:
                self.stats.inc_value("archiver/incremental/skipped/saved_before_kill")
                continue
            if not manager.incremental:
                yield entry
                continue
            if article is not None:
                # Known articles come from the schedule (process_start), or when the
                # sitemap says they changed since the last fetch.
                if manager.lastmod_is_newer(article, entry.meta.get(LASTMOD_META)):
                    self.stats.inc_value("archiver/incremental/lastmod")
                    yield entry
                else:
                    self.stats.inc_value("archiver/incremental/skipped/not_due")
                continue
            if manager.is_known(entry.url):
                held.append(entry)
                continue
            brought_new = True
            yield entry
        if brought_new:
            yield from held
        elif held:
            # Listings are newest first: a page with nothing new ends the pagination.
            self.stats.inc_value("archiver/incremental/skipped/known_listing", len(held))

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any],
                                          spider: Spider | None = None) -> AsyncIterator[Any]:
        items = [entry async for entry in result]
        for entry in self.process_spider_output(response, items, spider):
            yield entry
