"""The spider's discovery callbacks: robots.txt, sitemaps, feeds and the sitemap backlog.

A mixin of `CommentarySpider` (archiver/spiders/commentary.py), as Scrapy's own
SitemapSpider carries its sitemap callbacks: callbacks stay spider methods (requests name
them, so that a disk queue can store them), while what they decide lives in
archiver.crawl.backlog (pure) and archiver.crawl.pages (which page URLs become requests).
The spider provides ``site_origin``, ``start_urls``, ``requests``, ``pages``, ``threads``,
``backlog``, ``sitemap_ahead``, ``robots_by_middleware`` and ``_done``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from archiver.crawl import backlog
from archiver.crawl.kinds import RequestKind, kind_of
from archiver.crawl.thread_requests import LOCAL
from archiver.discover.urls import canonicalize


class DiscoveryRoutes:
    site_origin: str
    start_urls: list[str]
    sitemap_ahead: int
    robots_by_middleware: bool
    crawler: Any
    requests: Any
    pages: Any
    threads: Any
    backlog: backlog.SitemapBacklog

    def _done(self) -> bool:
        raise NotImplementedError


    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            self.pages.requested.add(canonicalize(url))
            yield self.requests.make(RequestKind.START, url, cb_kwargs={"listing": True})
        if not self.robots_by_middleware:  # else its Sitemap lines are read from its answer
            yield self.requests.make(RequestKind.ROBOTS, f"{self.site_origin}/robots.txt")
        yield self.requests.make(RequestKind.SITEMAP, f"{self.site_origin}/sitemap.xml")

    def on_response(self, response: Response, request: scrapy.Request,
                    spider: scrapy.Spider) -> None:
        """The site's robots.txt as RobotsTxtMiddleware fetched it: its Sitemap lines read.
        (Scheduled from here, not through a local request: that would count as a download
        that no WARC holds.)"""
        if backlog.is_site_robots(request, self.site_origin):
            for sitemap in self.parse_robots(response):
                self.crawler.engine.crawl(sitemap)

    def parse_robots(self, response: Response) -> Iterator[Any]:
        for url in backlog.robots_sitemaps(response):
            yield self.requests.make(RequestKind.SITEMAP, url)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        read = backlog.read_sitemap(response.body, response.url, response.headers,
                                    self.site_origin)
        yield from read.errors
        yield from (self.requests.make(RequestKind.SITEMAP, url) for url in read.sitemaps)
        self.backlog.extend(entry for entry in read.pages if self.pages.admit(entry[0]))
        yield from self._release(self.sitemap_ahead)

    def _release(self, count: int) -> Iterator[scrapy.Request]:
        """Up to `count` sitemap pages from the backlog, as pages are done."""
        if not self._done():
            yield from self.pages.released(self.backlog.release(count))

    def on_idle(self) -> None:
        """Nothing in flight: resume the threads whose request was lost, and feed the next
        sitemap URLs rather than close (from a callback, so that they pass the spider
        middlewares like every other request, the incremental one included)."""
        if self.threads.resume_lost():
            raise DontCloseSpider
        if (self.backlog or self.pages.links) and not self._done():
            # (page links wait too when their requests were dropped before a callback)
            self.crawler.engine.crawl(self.requests.make(RequestKind.RELEASE, LOCAL))
            raise DontCloseSpider

    def release_backlog(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self._release(self.sitemap_ahead)
        yield from self.pages.release_links(idle=True)  # (only the idle crawl asks for it)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        entries, errors = backlog.read_feed(response.body, response.url, self.site_origin)
        yield from errors
        self.pages.remember_dates(entries)
        yield from self.pages.listed(url for url, _published in entries)
        if kind_of(response.request) == RequestKind.LINKED_FEED.value.name:
            self.pages.feed_read()
            yield from self.pages.release_links()

