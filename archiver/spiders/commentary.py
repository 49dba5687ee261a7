"""The generic `commentary` spider: it routes each response to the component that decides.

What to request, in which order and why lives in archiver.crawl (request kinds, the thread
assembler, the platform reader, the link follower, the sitemap backlog); discovery and
extraction are pure functions in archiver.discover and archiver.extract. An article's
comment pages are fetched one after another, so that the item handed to the pipelines
holds the article's whole thread.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.utils.conf import build_component_list
from scrapy.utils.defer import deferred_from_coro

from archiver.crawl.articles import finish_thread, is_article_page, site_of, start_thread
from archiver.crawl.backlog import (
    SitemapBacklog,
    is_site_robots,
    read_feed,
    read_sitemap,
    robots_sitemaps,
)
from archiver.crawl.follow import LinkFollower
from archiver.crawl.kinds import RequestKind, Requests
from archiver.crawl.platform import PlatformReader
from archiver.crawl.responses import (
    content_type_of,
    headers_of,
    notes,
    page_failure,
    page_route,
    probe_failure,
)
from archiver.crawl.thread_requests import LOCAL, ThreadRequests
from archiver.crawl.threads import ThreadFetch
from archiver.discover.scope_middleware import Refused
from archiver.discover.seen import SeenURLs
from archiver.discover.traps import TrapGuard
from archiver.discover.urls import canonicalize, origin, path_and_query
from archiver.errors import ArchiverError, ExtractError
from archiver.extract import extract_page
from archiver.extract.platforms import load_registry
from archiver.items import ErrorItem, UnchangedItem
from archiver.normalize.dates import utc_now
from archiver.params import CrawlParams

_ROBOTS_MIDDLEWARE = "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"


class CommentarySpider(scrapy.Spider):
    name = "commentary"

    def __init__(self, *args: Any, params: CrawlParams, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params = params
        self.profile = params.loaded_profile
        self.start_urls = params.start_urls()
        self.site_origin = origin(self.start_urls[0])
        self.articles_yielded = 0
        self.backlog = SitemapBacklog()
        self.start_failures: list[str] = []
        # Every page URL this crawl asked for, so that the hundred links a page repeats
        # never become requests for Scrapy's dupefilter to throw away.
        self.requested = SeenURLs()
        self.robots_read = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> CommentarySpider:
        # `scrapy crawl commentary -a url=...` and `archiver crawl` meet here: one model
        # validates the arguments, then they become settings that components read.
        try:
            params = CrawlParams.from_args(**kwargs)
        except ArchiverError as exc:
            raise ValueError(str(exc)) from exc
        crawler.settings.setdict(params.profile_settings(), priority="spider")
        crawler.settings.setdict(params.to_settings(), priority="cmdline")
        spider = super().from_crawler(crawler, *args, params=params)
        spider._configure(crawler)
        return spider

    def _configure(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.max_articles = settings.getint("ARCHIVER_MAX_ARTICLES")
        self.follow_links = settings.getbool("ARCHIVER_FOLLOW_LINKS")
        self.sitemap_ahead = max(1, settings.getint("ARCHIVER_SITEMAP_AHEAD"))
        self.requests = Requests(self, settings)
        self.platforms = load_registry(settings)
        self.reader = PlatformReader(self.platforms, self.platforms.config(settings),
                                     self.site_origin, count=self._count)
        traps = TrapGuard(max_depth=settings.getint("ARCHIVER_MAX_DEPTH"),
                          shape_budget=settings.getint("ARCHIVER_SHAPE_BUDGET"),
                          duplicate_limit=settings.getint("ARCHIVER_DUPLICATE_PAGES"))
        self.threads = ThreadRequests(
            self.requests, self.reader, max_pages=settings.getint("ARCHIVER_MAX_COMMENT_PAGES"),
            max_url_length=settings.getint("URLLENGTH_LIMIT"), finished=self._finish_article,
            crawl=lambda request: self.crawler.engine.crawl(request))
        self.follower = LinkFollower(self.site_origin, traps, self.requested,
                                     count=self._count, wanted=self._wanted)
        # Scrapy's RobotsTxtMiddleware reads the site's robots.txt anyway: its Sitemap
        # lines are taken from that answer rather than from a second request.
        self.robots_from_middleware = settings.getbool("ROBOTSTXT_OBEY") and _ROBOTS_MIDDLEWARE \
            in build_component_list(settings.getwithbase("DOWNLOADER_MIDDLEWARES"))
        if self.robots_from_middleware:
            crawler.signals.connect(self.on_response, signal=signals.response_received)
        crawler.signals.connect(self.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.on_request_dropped, signal=signals.request_dropped)
        self.site = site_of(self.site_origin, self.profile, settings.get("ARCHIVER_TIMEZONE"))

    # --- discovery: robots.txt, sitemaps, feeds ------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            self.requested.add(canonicalize(url))
            yield self.requests.make(RequestKind.START, url, cb_kwargs={"listing": True})
        if not self.robots_from_middleware:
            yield self.requests.make(RequestKind.ROBOTS, f"{self.site_origin}/robots.txt")
        yield self.requests.make(RequestKind.SITEMAP, f"{self.site_origin}/sitemap.xml")

    def on_response(self, response: Response, request: scrapy.Request,
                    spider: scrapy.Spider) -> None:
        """The site's robots.txt as RobotsTxtMiddleware fetched it: its Sitemap lines read.
        (Scheduled from here, not through a local request: that would count as a download
        that no WARC holds.)"""
        if self.robots_read or not is_site_robots(request, self.site_origin):
            return
        self.robots_read = True
        for request in self.parse_robots(response):
            self.crawler.engine.crawl(request)

    def parse_robots(self, response: Response) -> Iterator[Any]:
        for url in robots_sitemaps(response):
            yield self.requests.make(RequestKind.SITEMAP, url)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        read = read_sitemap(response.body, response.url, content_type_of(response.headers),
                            self.site_origin)
        yield from read.errors
        for url in read.sitemaps:
            yield self.requests.make(RequestKind.SITEMAP, url)
        for url, lastmod in read.pages:
            if self._wanted(url) and self.requested.add(canonicalize(url)):
                self.backlog.add(url, lastmod)
        yield from self._release(self.sitemap_ahead)

    def _release(self, count: int) -> Iterator[scrapy.Request]:
        """Up to `count` sitemap pages from the backlog, as pages are done."""
        if self._done():
            return
        for url, lastmod in self.backlog.release(count):
            # Incremental crawls refetch a known article whose lastmod is newer.
            yield self._page_request(url, kind=RequestKind.LISTED_PAGE,
                                     meta={"archiver_lastmod": lastmod})

    def on_idle(self) -> None:
        """Nothing left in flight: resume the threads whose request was lost, and feed the
        next sitemap URLs rather than close (from a callback: they pass the spider
        middlewares like every other request, the incremental one included)."""
        if self.threads.resume_lost():
            raise DontCloseSpider
        if self.backlog and not self._done():
            self.crawler.engine.crawl(self.requests.make(RequestKind.RELEASE, LOCAL))
            raise DontCloseSpider

    def release_backlog(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self._release(self.sitemap_ahead)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        pages, errors = read_feed(response.body, response.url, self.site_origin)
        yield from errors
        for url in pages:
            if self._wanted(url) and self.requested.add(canonicalize(url)):
                yield self._page_request(url, kind=RequestKind.LISTED_PAGE)

    def _wanted(self, url: str) -> bool:
        if self._done():
            return False
        # Pages that are not articles by the profile's patterns are still fetched: they are
        # the listings that lead to articles. Only explicit exclusions are never fetched.
        return self.profile is None or not self.profile.is_excluded(path_and_query(url))

    def _page_request(self, url: str, priority: int | None = None, depth: int = 1,
                      kind: RequestKind = RequestKind.PAGE,
                      meta: dict[str, Any] | None = None) -> scrapy.Request:
        # depth: link hops from a start URL (sitemap and feed entries are 1), for TrapGuard.
        # priority: a caller's own (the incremental middleware's refresh schedule).
        request = self.requests.make(kind, canonicalize(url),
                                     meta={"archiver_depth": depth, **(meta or {})})
        if priority is not None:
            request.priority = priority
        return request

    def _count(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(key, count)  # the stats exist once the crawl starts

    def _done(self) -> bool:
        return bool(self.max_articles) and self.articles_yielded >= self.max_articles

    # --- pages ---------------------------------------------------------------------------

    def parse_page(self, response: Response, listing: bool = False) -> Iterator[Any]:
        yield from self._release(1)
        # A WARC replay (archiver reparse) says when the page was really fetched.
        fetched_at = response.meta.get("archiver_fetched_at") or utc_now()
        route = page_route(response.status, content_type_of(response.headers),
                           response.body[:4096], isinstance(response, TextResponse))
        if route == "unchanged":
            # Not modified since the last capture (archiver.incremental sent validators):
            # the article and its comments are confirmed, nothing is rewritten.
            yield UnchangedItem(canonicalize(response.url), fetched_at)
            return
        if route == "feed":
            yield from self.parse_feed(response)
        elif route == "sitemap":
            yield from self.parse_sitemap(response)
        if route != "page":
            return
        try:
            extracted = extract_page(response.url, response.body, headers_of(response),
                                     profile=self.profile, platforms=self.platforms)
        except ExtractError as exc:
            yield ErrorItem(response.url, "page", str(exc))
            return
        is_article = is_article_page(response.url, extracted, self.profile)
        if self.follow_links and not self._done():
            yield from self._follow(response, extracted, is_article)
        if not is_article or self._done():
            return
        yield from notes(response.url, extracted)
        fetch, errors = start_thread(response.url, extracted, fetched_at, self.site)
        yield from errors
        yield from self.threads.then(fetch, self.reader.begin(
            fetch, response.url, extracted["next"]["comment_pages"]))

    def _follow(self, response: Response, extracted: dict[str, Any],
                is_article: bool) -> Iterator[Any]:
        depth = response.meta.get("archiver_depth", 0) + 1
        follow = self.follower.follow(response.url, response.body, is_article,
                                      extracted["next"], depth)
        yield from follow.errors
        for url in follow.feeds:
            yield self.requests.make(RequestKind.LINKED_FEED, url)
        for url in follow.sitemaps:
            yield self.requests.make(RequestKind.LINKED_SITEMAP, url)
        for url in follow.pages:
            yield self._page_request(url, depth=depth)
        for name, entry in self.reader.discover(extracted.get("platform")):
            yield self._listing_request(name, entry)
        stats = self.crawler.stats
        stats.set_value("archiver/links/requested_urls", len(self.requested))
        stats.set_value("archiver/links/requested_urls_bytes", self.requested.nbytes)

    # --- comment pages and platform endpoints (archiver.crawl.thread_requests) ---------

    def parse_comment_page(self, response: Response, fetch: ThreadFetch,
                           pending: dict[str, Any] | None = None) -> Iterator[Any]:
        try:
            extracted = extract_page(response.url, response.body, headers_of(response),
                                     profile=self.profile, platforms=self.platforms)
        except ExtractError as exc:
            yield from self.threads.page_failed(fetch, response.url, str(exc))
            return
        yield from notes(response.url, extracted)
        yield from self.threads.page_read(fetch, response.url, extracted)

    def parse_platform_page(self, response: Response, fetch: ThreadFetch,
                            pending: dict[str, Any]) -> Iterator[Any]:
        yield from self.threads.then(fetch, self.reader.read(
            fetch, pending, response.url, headers_of(response), response.body))

    def on_comment_page_error(self, failure: Any) -> Iterator[Any]:
        yield from self.threads.request_failed(failure)

    def on_request_dropped(self, request: scrapy.Request, spider: scrapy.Spider) -> None:
        self.threads.dropped(request)

    def resume_thread(self, response: Response, fetch: ThreadFetch, lost: dict[str, Any],
                      reason: str) -> Iterator[Any]:
        yield from self.threads.resumed(fetch, lost, reason)

    def unfinished_items(self, reason: str) -> list[Any]:
        """The articles whose threads are still being read, stored with what was read, as
        the crawl closes (StorePipeline.close_spider): no fetched article is lost with it."""
        # --max-articles reached: the rest was not asked for.
        return [] if self._done() else self.threads.unfinished(reason)

    def _finish_article(self, fetch: ThreadFetch, closing: bool) -> Iterator[Any]:
        if self._done():
            return
        item, errors = finish_thread(fetch)
        yield from errors
        self.articles_yielded += 1
        yield item
        if self._done() and not closing:
            self.logger.info("reached --max-articles %d, closing", self.max_articles)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_articles"))

    # --- platform discovery (a listing of every post: WordPress's wp/v2/posts) -----------

    def _listing_request(self, name: str, entry: dict[str, Any]) -> scrapy.Request:
        return self.requests.make(RequestKind.DISCOVERY, entry["url"],
                                  cb_kwargs={"name": name, "entry": entry})

    def parse_discovery(self, response: Response, name: str, entry: dict[str, Any]
                        ) -> Iterator[Any]:
        found = self.reader.read_listing(name, entry, response.url, headers_of(response),
                                         response.body)
        yield from found.errors
        for link in found.pages:
            if self._wanted(link) and self.requested.add(canonicalize(link)):
                yield self._page_request(link, kind=RequestKind.LISTED_PAGE)
        for more in found.listings:
            yield self._listing_request(name, more)

    def on_discovery_error(self, failure: Any) -> Iterator[Any]:
        error = self.reader.listing_failed(failure.request.cb_kwargs["name"], failure)
        if error is not None:
            yield error

    # --- errors --------------------------------------------------------------------------

    def on_error(self, failure: Any) -> Iterator[Any]:
        yield from self._release(1)
        error = page_failure(failure)
        if error is not None and failure.request.cb_kwargs.get("listing") \
                and not failure.check(Refused):
            self.start_failures.append(f"{failure.request.url}: {error.message}")
        if error is not None:
            yield error

    def on_optional_error(self, failure: Any) -> Iterator[Any]:
        error = probe_failure(failure)
        if error is not None:
            yield error
