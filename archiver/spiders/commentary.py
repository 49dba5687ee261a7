"""The generic `commentary` spider: what to request next, and which extractor to call.

Discovery (robots.txt Sitemap lines, /sitemap.xml and sitemap indexes, RSS/Atom feeds,
listing pages) and extraction are pure functions elsewhere; this module only schedules.
An article's paginated comment pages are fetched one after another, so that the item
handed to the pipelines holds the article's whole thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro

from archiver.discover.feeds import parse_feed
from archiver.discover.links import classify_link, comment_page_number, follow_targets
from archiver.discover.sitemaps import parse_sitemap, sitemaps_from_robots
from archiver.discover.urls import canonicalize, origin, path_and_query
from archiver.errors import ArchiverError, ExtractError
from archiver.extract import extract_page
from archiver.items import ErrorItem, PageItem, UnchangedItem
from archiver.params import CrawlParams
from archiver.profiles import Profile

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class ThreadFetch:
    """An article whose comment pages are still being fetched."""

    item: PageItem
    pages: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    complete: bool = True  # False once a comment page failed or the page cap was reached


class CommentarySpider(scrapy.Spider):
    name = "commentary"

    def __init__(self, *args: Any, params: CrawlParams, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params = params
        self.profile: Profile | None = params.loaded_profile
        self.start_urls = params.start_urls()
        self.site_origin = origin(self.start_urls[0])
        self.articles_yielded = 0
        self.start_failures: list[str] = []
        self.max_articles = 0
        self.max_comment_pages = 500
        self.follow_links = True
        self.site: dict[str, Any] = {}

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
        spider.max_comment_pages = settings.getint("ARCHIVER_MAX_COMMENT_PAGES")
        spider.follow_links = settings.getbool("ARCHIVER_FOLLOW_LINKS")
        profile = params.loaded_profile
        timezone = settings.get("ARCHIVER_TIMEZONE") or "UTC"
        spider.site = {
            "origin": spider.site_origin,
            "timezone": timezone,
            "timezone_source": "profile" if profile and profile.timezone else (
                "setting" if timezone != "UTC" else "default"),
            "profile": profile.name or profile.source if profile else None,
            "language": profile.language if profile else None,
        }
        return spider

    # --- discovery ---------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse_page, errback=self.on_error,
                                 cb_kwargs={"listing": True}, priority=10)
        yield scrapy.Request(f"{self.site_origin}/robots.txt", callback=self.parse_robots,
                             errback=self.on_optional_error, priority=20)
        yield scrapy.Request(f"{self.site_origin}/sitemap.xml", callback=self.parse_sitemap,
                             errback=self.on_optional_error, priority=20)

    def parse_robots(self, response: Response) -> Iterator[Any]:
        if response.status != 200 or not isinstance(response, TextResponse):
            return
        for url in sitemaps_from_robots(response.text, response.url):
            if classify_link(url, self.site_origin) != "offsite":
                yield scrapy.Request(url, callback=self.parse_sitemap,
                                     errback=self.on_optional_error, priority=20)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        try:
            kind, entries = parse_sitemap(response.body, response.url)
        except ValueError as exc:
            yield ErrorItem(response.url, "sitemap", str(exc))
            return
        for entry in entries:
            url = entry["loc"]
            if classify_link(url, self.site_origin) == "offsite":
                continue
            if kind == "sitemapindex":
                yield scrapy.Request(url, callback=self.parse_sitemap,
                                     errback=self.on_optional_error, priority=20)
            elif self._wanted(url):
                request = self._page_request(url, priority=5)
                # Incremental crawls refetch a known article whose lastmod is newer.
                request.meta["archiver_lastmod"] = entry.get("lastmod")
                yield request

    def parse_feed(self, response: Response) -> Iterator[Any]:
        for url in parse_feed(response.body, response.url):
            if classify_link(url, self.site_origin) == "page" and self._wanted(url):
                yield self._page_request(url, priority=5)

    def _wanted(self, url: str) -> bool:
        if self._done():
            return False
        # Pages that are not articles by the profile's patterns are still fetched: they are
        # the listings that lead to articles. Only explicit exclusions are never fetched.
        return self.profile is None or not self.profile.is_excluded(path_and_query(url))

    def _page_request(self, url: str, priority: int = 0) -> scrapy.Request:
        return scrapy.Request(canonicalize(url), callback=self.parse_page,
                              errback=self.on_error, priority=priority)

    def _done(self) -> bool:
        return bool(self.max_articles) and self.articles_yielded >= self.max_articles

    # --- pages ---------------------------------------------------------------------------

    def parse_page(self, response: Response, listing: bool = False) -> Iterator[Any]:
        # A WARC replay (archiver reparse) says when the page was really fetched.
        fetched_at = response.meta.get("archiver_fetched_at") or utc_now()
        if response.status == 304:
            # Not modified since the last capture (archiver.incremental sent validators):
            # the article and its comments are confirmed, nothing is rewritten.
            yield UnchangedItem(canonicalize(response.url), fetched_at)
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if any(t in content_type for t in FEED_TYPES) or (
            "xml" in content_type and b"<rss" in response.body[:2048]
        ):
            yield from self.parse_feed(response)
            return
        if "xml" in content_type and b"<urlset" in response.body[:4096]:
            yield from self.parse_sitemap(response)
            return
        if not isinstance(response, TextResponse) or (
            content_type and "html" not in content_type and "xml" not in content_type
        ):
            return  # an image or a PDF that slipped through: not a page
        try:
            extracted = extract_page(response.url, response.body, _headers(response),
                                     profile=self.profile)
        except ExtractError as exc:
            yield ErrorItem(response.url, "page", str(exc))
            return

        if self.follow_links and not self._done():
            yield from self._follow(response)

        if not self._is_article(response.url, extracted):
            return
        if self._done():
            return
        comments = extracted["comments"]
        for comment in comments:
            comment.setdefault("source_url", response.url)
        item = PageItem(site=self.site, url=response.url, fetched_at=fetched_at,
                        extracted=extracted)
        fetch = ThreadFetch(item=item, pages={comment_page_number(response.url): comments},
                            seen={canonicalize(response.url)})
        yield from self._next_comment_page(fetch, extracted["next"]["comment_pages"])

    def _is_article(self, url: str, extracted: dict[str, Any]) -> bool:
        if self.profile is not None:
            decided = self.profile.is_article_url(path_and_query(url))
            if decided is not None:
                return decided
        return bool(extracted["article"]["is_article"])

    def _follow(self, response: TextResponse) -> Iterator[scrapy.Request]:
        hrefs = response.css("a::attr(href), area::attr(href)").getall()
        feeds = [
            href for href, kind in zip(
                response.css("link[rel~=alternate]::attr(href)").getall(),
                response.css("link[rel~=alternate]::attr(type)").getall(), strict=False)
            if kind.lower() in FEED_TYPES
        ]
        targets = follow_targets([response.urljoin(h) for h in hrefs + feeds], self.site_origin)
        for url in targets["feed"]:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.on_optional_error,
                                 priority=3)
        for url in targets["sitemap"]:
            yield scrapy.Request(url, callback=self.parse_sitemap,
                                 errback=self.on_optional_error, priority=3)
        for url in targets["page"]:
            if self._wanted(url):
                yield self._page_request(url)

    # --- comment pages -------------------------------------------------------------------

    def _next_comment_page(self, fetch: ThreadFetch, found: list[str]) -> Iterator[Any]:
        for url in found:
            key = canonicalize(url)
            if key not in fetch.seen and key not in fetch.pending:
                fetch.pending.append(key)
        if fetch.pending and len(fetch.seen) >= self.max_comment_pages:
            fetch.complete = False
            fetch.pending.clear()
        if fetch.pending:
            url = fetch.pending.pop(0)
            fetch.seen.add(url)
            yield scrapy.Request(url, callback=self.parse_comment_page,
                                 errback=self.on_comment_page_error,
                                 cb_kwargs={"fetch": fetch}, priority=30, dont_filter=True)
            return
        yield from self._finish_article(fetch)

    def parse_comment_page(self, response: Response, fetch: ThreadFetch) -> Iterator[Any]:
        try:
            extracted = extract_page(response.url, response.body, _headers(response),
                                     profile=self.profile)
        except ExtractError as exc:
            fetch.complete = False
            yield ErrorItem(response.url, "comment_page", str(exc))
            yield from self._next_comment_page(fetch, [])
            return
        comments = extracted["comments"]
        for comment in comments:
            comment.setdefault("source_url", response.url)
        fetch.pages[comment_page_number(response.url)] = comments
        yield from self._next_comment_page(fetch, extracted["next"]["comment_pages"])

    def on_comment_page_error(self, failure: Any) -> Iterator[Any]:
        request = failure.request
        fetch: ThreadFetch = request.cb_kwargs["fetch"]
        fetch.complete = False
        yield ErrorItem(request.url, "comment_page", _describe(failure))
        yield from self._next_comment_page(fetch, [])

    def _finish_article(self, fetch: ThreadFetch) -> Iterator[Any]:
        if self._done():
            return
        item = fetch.item
        # Comment pages in page order: WordPress numbers them oldest first.
        item.comments = [c for number in sorted(fetch.pages) for c in fetch.pages[number]]
        item.thread_complete = fetch.complete
        self.articles_yielded += 1
        yield item
        if self._done():
            self.logger.info("reached --max-articles %d, closing", self.max_articles)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_articles"))

    # --- errors --------------------------------------------------------------------------

    def on_error(self, failure: Any) -> Iterator[Any]:
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            return  # robots.txt said no: a choice, counted in Scrapy's robotstxt/ stats
        message = _describe(failure)
        if failure.request.cb_kwargs.get("listing"):
            self.start_failures.append(f"{failure.request.url}: {message}")
        yield ErrorItem(failure.request.url, "fetch", message)

    def on_optional_error(self, failure: Any) -> Iterator[Any]:
        # robots.txt, /sitemap.xml and feeds are probes: a 404 there is normal, not an error.
        response = getattr(failure.value, "response", None)
        if response is not None and response.status in (404, 410):
            return
        yield ErrorItem(failure.request.url, "fetch", _describe(failure))


def _headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1"): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }


def _describe(failure: Any) -> str:
    response = getattr(failure.value, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"
