"""The generic `commentary` spider: it routes each response to the component that decides.

What to request, in which order and why lives in archiver.crawl (kinds: the named request
kinds; discovery and backlog: robots.txt, sitemaps and feeds, their callbacks a mixin;
follow: a page's links; platform: comment platform endpoints; render: threads only a
browser shows; articles, threads and thread_requests: an article's thread, fetched page
after page, so that the item handed to the pipelines holds the whole thread).
Discovery and extraction are pure functions in archiver.discover and archiver.extract.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro

from archiver.crawl import backlog
from archiver.crawl.articles import finish_thread, is_article_page, site_of, start_thread
from archiver.crawl.discovery import DiscoveryRoutes
from archiver.crawl.follow import LinkFollower
from archiver.crawl.kinds import RequestKind, Requests, kind_of
from archiver.crawl.pages import DEPTH_META, PageRequests
from archiver.crawl.platform import PlatformReader
from archiver.crawl.render import RenderRequests
from archiver.crawl.responses import headers_of, notes, page_failure, page_route, probe_failure
from archiver.crawl.thread_requests import ThreadRequests
from archiver.crawl.threads import ThreadFetch
from archiver.discover.scope_middleware import Refused
from archiver.discover.urls import canonicalize, origin
from archiver.errors import ArchiverError, ExtractError
from archiver.extract import extract_page
from archiver.fetch.browser_thread import BrowserHook
from archiver.items import ErrorItem, UnchangedItem
from archiver.normalize.dates import utc_now
from archiver.params import CrawlParams


class CommentarySpider(DiscoveryRoutes, scrapy.Spider):
    name = "commentary"

    def __init__(self, *args: Any, params: CrawlParams, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params = params
        self.profile = params.loaded_profile
        self.start_urls = params.start_urls()
        self.site_origin = origin(self.start_urls[0])
        self.articles_yielded = 0
        self.backlog = backlog.SitemapBacklog()
        self.start_failures: list[str] = []

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
        settings = crawler.settings
        spider.max_articles = settings.getint("ARCHIVER_MAX_ARTICLES")
        spider.follow_links = settings.getbool("ARCHIVER_FOLLOW_LINKS")
        spider.sitemap_ahead = max(1, settings.getint("ARCHIVER_SITEMAP_AHEAD"))
        spider.site = site_of(spider.site_origin, spider.profile,
                              settings.get("ARCHIVER_TIMEZONE"))
        spider.requests = Requests(spider, settings)
        spider.pages = PageRequests(
            spider.requests, spider.profile, spider._done,
            links_ahead=max(1, settings.getint("ARCHIVER_LINKS_AHEAD")),
            scheduled=lambda: crawler.stats.get_value("scheduler/enqueued", 0)
            - crawler.stats.get_value("scheduler/dequeued", 0))
        spider.reader = PlatformReader.from_settings(settings, spider.site_origin, spider._count)
        spider.threads = ThreadRequests.from_settings(
            settings, spider.requests, spider.reader, finished=spider._finish_article,
            crawl=lambda request: crawler.engine.crawl(request))
        spider.follower = LinkFollower.from_settings(
            settings, spider.site_origin, spider.pages.requested, spider._count,
            spider.pages.wanted, gauge=lambda key, value: crawler.stats.set_value(key, value))
        spider.render = RenderRequests(BrowserHook.from_crawler(crawler), spider.requests,
                                       spider.threads, spider.reader.registry)
        spider.robots_by_middleware = backlog.robots_read_by_middleware(settings)
        if spider.robots_by_middleware:
            crawler.signals.connect(spider.on_response, signal=signals.response_received)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_request_dropped, signal=signals.request_dropped)
        return spider

    def _page_request(self, url: str, priority: int) -> scrapy.Request:
        """A page the incremental middleware's refresh schedule names, at its priority."""
        request = self.pages.page(url, kind=RequestKind.LISTED_PAGE)
        request.priority = priority
        return request

    def _count(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(key, count)  # the stats exist once the crawl starts

    def _done(self) -> bool:
        return bool(self.max_articles) and self.articles_yielded >= self.max_articles

    # --- pages ---------------------------------------------------------------------------

    def parse_page(self, response: Response, listing: bool = False) -> Iterator[Any]:
        yield from self._release(1)
        yield from self.pages.release_links()
        # A WARC replay (archiver reparse) says when the page was really fetched.
        fetched_at = response.meta.get("archiver_fetched_at") or utc_now()
        route = page_route(response)
        if route == "unchanged":
            # Not modified since the last capture (archiver.incremental sent validators):
            # the article and its comments are confirmed, nothing is rewritten.
            yield UnchangedItem(canonicalize(response.url), fetched_at)
        elif route == "feed":
            yield from self.parse_feed(response)
        elif route == "sitemap":
            yield from self.parse_sitemap(response)
        if route != "page":
            return
        trees: list[Any] = []
        try:
            extracted = self._extract(response, trees)
        except ExtractError as exc:
            yield ErrorItem(response.url, "page", str(exc))
            return
        is_article = is_article_page(response.url, extracted, self.profile)
        if self.follow_links and not self._done():
            yield from self._follow(response, extracted, is_article)
        if not is_article or self._done():
            return
        yield from notes(response.url, extracted)
        fetch, errors = start_thread(response.url, extracted, fetched_at, self.site,
                                     listed_date=self.pages.listed_date(response.url))
        yield from errors
        step = self.reader.begin(fetch, response.url, extracted["next"]["comment_pages"])
        yield from self.render.begin(fetch, response, extracted, step, trees[0])

    def parse_rendered(self, response: Response, fetch: ThreadFetch, links: list[str],
                       why: str) -> Iterator[Any]:
        yield from self.render.read(response, fetch, links, why, self._extract)

    def _extract(self, response: Response, trees: list[Any] | None = None) -> dict[str, Any]:
        return extract_page(response.url, response.body, headers_of(response),
                            profile=self.profile, platforms=self.reader.registry, trees=trees)

    def _follow(self, response: Response, extracted: dict[str, Any],
                is_article: bool) -> Iterator[Any]:
        follow = self.follower.follow(response.url, response.body, is_article,
                                      extracted["next"], response.meta.get(DEPTH_META, 0) + 1)
        yield from follow.errors
        yield from self.pages.followed(follow)
        for name, entry in self.reader.discover(extracted.get("platform")):
            yield self._listing_request(name, entry)

    # --- a thread's comment pages and platform endpoints (archiver.crawl.thread_requests)

    def parse_comment_page(self, response: Response, fetch: ThreadFetch,
                           pending: dict[str, Any] | None = None) -> Iterator[Any]:
        try:
            extracted = self._extract(response)
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
        the crawl closes (StorePipeline.close_spider): no fetched article is lost with it.
        Once --max-articles is reached the rest was not asked for."""
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

    # --- a platform's listing of every post (WordPress's wp/v2/posts) -------------------

    def _listing_request(self, name: str, entry: dict[str, Any]) -> scrapy.Request:
        return self.requests.make(RequestKind.DISCOVERY, entry["url"],
                                  cb_kwargs={"name": name, "entry": entry})

    def parse_discovery(self, response: Response, name: str, entry: dict[str, Any]
                        ) -> Iterator[Any]:
        found = self.reader.read_listing(name, entry, response.url, headers_of(response),
                                         response.body)
        yield from found.errors
        yield from self.pages.listed(found.pages)
        yield from (self._listing_request(name, more) for more in found.listings)

    def on_discovery_error(self, failure: Any) -> Iterator[Any]:
        yield from _row(self.reader.listing_failed(failure.request.cb_kwargs["name"], failure))

    # --- errors --------------------------------------------------------------------------

    def on_error(self, failure: Any) -> Iterator[Any]:
        yield from self._release(1)
        yield from self.pages.release_links()
        error = page_failure(failure)
        if error is not None and failure.request.cb_kwargs.get("listing") \
                and not failure.check(Refused):
            self.start_failures.append(f"{failure.request.url}: {error.message}")
        yield from _row(error)

    def on_optional_error(self, failure: Any) -> Iterator[Any]:
        yield from _row(probe_failure(failure))
        if kind_of(failure.request) == RequestKind.LINKED_FEED.value.name:
            self.pages.feed_read()  # the page links waited for it in vain
            yield from self.pages.release_links()


def _row(error: ErrorItem | None) -> Iterator[ErrorItem]:
    if error is not None:
        yield error
